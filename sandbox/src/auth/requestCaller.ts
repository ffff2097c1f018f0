import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { TokenCheck, Principal } from '../types';
import '../contextPlugin';
import { readAuthorization, type AuthorizationHeader, type TokenVia } from './authorizationHeader';

/** Who is calling: the request's Authorization (or link token) read once and its token verified once. */
export interface Caller {
  header: AuthorizationHeader;
  via: TokenVia;
  token: string | null;
  /** null when there is no readable token, or on routes whose Authorization authenticates a client. */
  check: TokenCheck | null;
  principal: Principal | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the caller hook (requestCaller.ts) on /api routes; read it with callerOf(req). */
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    /**
     * The route's Authorization header authenticates an OAuth client (TokenSecurityFilter: /api/token,
     * /api/token/introspect, /api/token/revoke), it is no caller token: never verified as one.
     */
    clientAuthentication?: boolean;
  }
}

function linkTokenOf(req: FastifyRequest): string | undefined {
  return (req.params as { linkToken?: string } | undefined)?.linkToken;
}

function unverified(req: FastifyRequest): Caller {
  const header = readAuthorization(req.headers.authorization, linkTokenOf(req));
  return { header, via: header.via, token: header.ok ? header.token : null, check: null, principal: null };
}

/** The caller of this request (never verifies again: the hook did, once). */
export function callerOf(req: FastifyRequest): Caller {
  return req.caller ?? unverified(req);
}

/**
 * The one per-request authentication: a preHandler on every /api route reads the header (readAuthorization) and
 * verifies its token once; routes, the request log and STOW's introspection read `callerOf(req)`.
 */
const callerPlugin: FastifyPluginAsync = async (app) => {
  const ctx = app.sandbox;
  app.decorateRequest('caller', null);
  app.addHook('preHandler', async (req) => {
    if (!req.url.startsWith('/api') || req.method === 'OPTIONS') return;
    const caller = unverified(req);
    if (caller.token !== null && !req.routeOptions.config.clientAuthentication) {
      try {
        caller.check = await ctx.tokens.verifyAccessToken(caller.token);
      } catch {
        caller.check = { ok: false, reason: 'invalid' };
      }
      caller.principal = caller.check.ok ? caller.check.principal : null;
    }
    req.caller = caller;
  });
};

export default fp(callerPlugin, { name: 'kheops-caller', fastify: '5.x', dependencies: ['kheops-context'] });
