import type { FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import type { Principal, RequestLogEntry, TokenCheck } from '../types';

export interface RequestAuth {
  via: RequestLogEntry['tokenVia'];
  token: string | null;
  check: TokenCheck | null;
}

// What authenticate() found, kept per request for the request log.
const seen = new WeakMap<FastifyRequest['raw'], RequestAuth>();

/**
 * AS/filter/SecuredFilter.java, PX/tokens/AuthorizationToken.java: `Bearer <token>` or
 * `Basic base64(<anything>:<token>)`; ReverseProxy/location_link_*.conf turns /api/link/{token}/ into Bearer.
 */
export function tokenOf(req: FastifyRequest): Pick<RequestAuth, 'via' | 'token'> {
  const link = (req.params as { linkToken?: string } | undefined)?.linkToken;
  if (link) return { via: 'link', token: link };
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return { via: 'bearer', token: bearer[1]! };
  const basic = /^Basic\s+(\S+)\s*$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0 && colon < decoded.length - 1) return { via: 'basic', token: decoded.slice(colon + 1) };
    return { via: 'basic', token: null };
  }
  return { via: 'none', token: null };
}

/** Verifies the request's token once; null principal when missing or not valid. */
export async function authenticate(ctx: SandboxContext, req: FastifyRequest): Promise<Principal | null> {
  const cached = seen.get(req.raw);
  if (cached) return cached.check?.ok ? cached.check.principal : null;
  const { via, token } = tokenOf(req);
  let check: TokenCheck | null = null;
  if (token) {
    try {
      check = await ctx.tokens.verifyAccessToken(token);
    } catch {
      check = { ok: false, reason: 'invalid' };
    }
  }
  seen.set(req.raw, { via, token, check });
  return check?.ok ? check.principal : null;
}

export function authOf(req: FastifyRequest): RequestAuth {
  return seen.get(req.raw) ?? { ...tokenOf(req), check: null };
}
