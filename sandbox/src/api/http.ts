import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../types';
import type { TokenService } from '../auth/TokenService';

export type Form = Record<string, string | string[] | undefined>;

/** Every value of a form field (formbody turns a repeated field into an array). */
export function values(form: unknown, name: string): string[] {
  const v = (form as Form | undefined)?.[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The value when the field appears exactly once (KHEOPS: "Must have a single X"). */
export function single(form: unknown, name: string): string | undefined {
  const all = values(form, name);
  return all.length === 1 ? all[0] : undefined;
}

/** AS/token/TokenRequestException.java: `400 {error, error_description}`. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description?: string,
    readonly status = 400,
  ) {
    super(description ?? error);
  }
}

export function sendOAuthError(reply: FastifyReply, err: OAuthError): FastifyReply {
  const body: Record<string, string> = { error: err.error };
  if (err.description) body.error_description = err.description;
  return reply.code(err.status).header('Cache-Control', 'no-store').header('Pragma', 'no-cache').send(body);
}

/** AS/util/ErrorResponse.java: `{message, detail}`. */
export function errorResponse(
  reply: FastifyReply,
  status: number,
  message: string,
  detail?: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply.code(status).send({ message, ...(detail ? { detail } : {}), ...extra });
}

/** AS/filter/SecuredFilter.java: `Bearer <token>` or `Basic base64(anything:<token>)`. */
export function tokenFromAuthorization(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [scheme, value] = header.split(' ', 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

/** @Secured: a missing or bad token is 401 with both challenges. Sends the reply and returns null on failure. */
export async function authenticate(
  req: FastifyRequest,
  reply: FastifyReply,
  tokens: TokenService,
): Promise<Principal | null> {
  const token = tokenFromAuthorization(req);
  const check = token ? await tokens.verifyAccessToken(token) : null;
  if (check?.ok) return check.principal;
  reply
    .code(401)
    .header('WWW-Authenticate', ['Bearer', 'Basic'])
    .send({
      message: 'Authorization error',
      detail: token ? `token ${check?.ok === false ? check.reason : 'invalid'}` : 'missing token',
    });
  return null;
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
