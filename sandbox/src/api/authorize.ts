import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxContext } from '../context';
import type { TokenService } from '../auth/TokenService';
import { loadClientMetadata, type ClientMetadata } from '../auth/ClientMetadata';
import { escapeHtml } from '../html/escapeHtml';
import { withQuery } from './report';

type AuthorizeQuery = Record<string, string | undefined>;

const ALLOWED_SCOPES = new Set(['openid', 'profile', 'email', 'read', 'write']);

function errorPage(reply: FastifyReply, message: string): FastifyReply {
  // Never redirect to an unverified redirect_uri (RFC 6749 §4.1.2.1, RFC 9700 §4.11).
  return reply
    .code(400)
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><title>Authorization error</title><h1>Authorization error</h1><p>${escapeHtml(message)}</p>`,
    );
}

/**
 * PROFILE ohif item 4 (KHEOPS today has no /authorize, reference §3.4): authorization code + PKCE S256 for the
 * L4 launch, where login_hint is the single-use launch handle minted by POST /api/report.
 */
export function registerAuthorize(app: FastifyInstance, ctx: SandboxContext, tokens: TokenService): void {
  if (ctx.options.profile !== 'ohif') return;
  const issuer = ctx.urls.api;

  app.get<{ Querystring: AuthorizeQuery }>('/api/authorize', async (req, reply) => {
    const q = req.query;
    const provider = q.client_id ? tokens.providers.get(q.client_id) : undefined;
    if (!provider || !q.client_id) return errorPage(reply, 'Unknown client_id');
    let md: ClientMetadata;
    try {
      md = await loadClientMetadata(provider.url, ctx.options.profile);
    } catch {
      return errorPage(reply, 'The client configuration could not be loaded');
    }
    if (!q.redirect_uri || q.redirect_uri !== md.redirect_uri)
      return errorPage(reply, 'redirect_uri does not exactly match the registered one');
    const redirectUri = q.redirect_uri;

    reply.header('Cache-Control', 'no-store');
    const back = (params: Array<[string, string]>) => {
      // RFC 9207: iss in every authorization response, success or error.
      const all: Array<[string, string]> = [...params];
      if (q.state !== undefined) all.push(['state', q.state]);
      all.push(['iss', issuer]);
      return reply.redirect(withQuery(redirectUri, all), 302);
    };
    const fail = (error: string, description: string) =>
      back([
        ['error', error],
        ['error_description', description],
      ]);

    if (q.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    if (md.response_type !== 'code')
      return fail('unauthorized_client', 'the client is not registered for the code flow');
    if (!q.code_challenge || q.code_challenge_method !== 'S256')
      return fail('invalid_request', 'PKCE with code_challenge_method=S256 is required');
    if (!/^[A-Za-z0-9_-]{43}$/.test(q.code_challenge))
      return fail('invalid_request', 'code_challenge must be a base64url SHA-256');
    const requested = (q.scope ?? 'openid read').split(' ').filter(Boolean);
    if (requested.some((w) => !ALLOWED_SCOPES.has(w)))
      return fail('invalid_scope', `supported scopes: ${[...ALLOWED_SCOPES].join(' ')}`);
    if (!q.login_hint) return fail('access_denied', 'login_hint (the KHEOPS launch handle) is required');

    const redemption = tokens.launches.redeem(q.login_hint, q.client_id);
    if (!redemption.ok) return fail('access_denied', `launch handle ${redemption.reason}`);
    const launch = redemption.launch;

    // read is always granted; write only when asked for and the user has ADD_SERIES on the provider's album.
    const album = ctx.albums.album(launch.albumId);
    const mayWrite = !!album && (ctx.albums.isAdmin(launch.sub, album.id) || album.addSeries);
    const granted = requested.filter((w) => w !== 'read' && w !== 'write');
    granted.push('read');
    if (requested.includes('write') && mayWrite) granted.push('write');

    const code = await tokens.codes.issue({
      sub: launch.sub,
      clientId: q.client_id,
      studyUIDs: launch.studyUIDs,
      seriesUID: launch.seriesUID,
      redirectUri,
      scope: granted.join(' '),
      nonce: q.nonce,
      codeChallenge: q.code_challenge,
    });
    return back([['code', code]]);
  });
}
