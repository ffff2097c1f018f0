import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import type { TokenService } from '../auth/TokenService';
import { introspect } from '../auth/introspect';
import { callerOf } from '../auth/requestCaller';
import { authenticateClient, type Client } from './clientAuthentication';
import { internalServerError } from '../gateway/replies';
import { OAuthError, sendOAuthError, single } from './http';

/** RFC 7009 §2.1: only the client a token was issued to may revoke it. */
function mayActFor(client: Client, form: unknown, clientId: string): boolean {
  if (client.kind === 'report_provider_client') return client.clientId === clientId;
  if (client.kind === 'public_client') return single(form, 'client_id') === clientId;
  return false;
}

export function registerIntrospection(app: FastifyInstance, ctx: SandboxContext, tokens: TokenService): void {
  // AS/resource/TokenResource.java introspect.
  app.post('/api/token/introspect', { config: { clientAuthentication: true } }, async (req, reply) => {
    let client: Client;
    try {
      client = await authenticateClient(req, ctx, tokens);
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(reply, err);
      throw err;
    }
    reply.header('Cache-Control', 'no-store');
    const result = await introspect(ctx, tokens, single(req.body, 'token'), client.kind);
    return result.status === 200 ? result.body : reply.code(401).send();
  });

  // AS/resource/UserResource.java getOIDCUserInfo, case for case:
  // - no Authorization header: authorizationHeader.toUpperCase() throws a NullPointerException, which
  //   AS/mapper/OtherExceptionMapper.java turns into 500 with an ErrorResponse and a log id;
  // - not `BEARER ` (any case): NotAuthorizedException("Bearer") -> 401, `WWW-Authenticate: Bearer`;
  // - a token AccessTokenVerifier refuses: NotAuthorizedException("Bad AccessToken"), whose only argument is
  //   the challenge -> 401, `WWW-Authenticate: Bad AccessToken`;
  // - not a report-provider token: ForbiddenException -> 403, no body;
  // - a removed provider's token: still a good token here (userinfo builds no principal, so
  //   AS/principal/ReportProviderPrincipal.java never looks the client up) -> 200;
  // - an unknown user: ServerErrorException(BAD_GATEWAY) -> 502.
  app.get('/api/userinfo', async (req, reply) => {
    const { header, check } = callerOf(req);
    if (req.headers.authorization === undefined) return internalServerError(reply);
    if (header.via !== 'bearer') return reply.code(401).header('WWW-Authenticate', 'Bearer').send();
    let sub: string;
    if (check?.ok) {
      if (check.principal.kind !== 'report_provider') return reply.code(403).send();
      sub = check.principal.sub;
    } else if (check?.ok === false && check.reason === 'removed_client') sub = check.sub;
    else return reply.code(401).header('WWW-Authenticate', 'Bad AccessToken').send();
    const user = ctx.albums.users.get(sub);
    if (!user) return reply.code(502).send();
    return { sub, name: user.name ?? null, email: user.email ?? null };
  });

  if (ctx.options.profile !== 'ohif') return;

  // PROFILE ohif item 7: RFC 7009 revocation; a refresh token takes its whole family with it.
  app.post('/api/token/revoke', { config: { clientAuthentication: true } }, async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    try {
      const client = await authenticateClient(req, ctx, tokens);
      if (client.kind === 'public_client' && !single(req.body, 'client_id'))
        throw new OAuthError('invalid_request', 'Must have a single client_id');
      const token = single(req.body, 'token');
      if (!token) throw new OAuthError('invalid_request', 'Must have a single token');
      const family = tokens.refresh.familyOf(token);
      if (family) {
        if (!mayActFor(client, req.body, family.clientId))
          throw new OAuthError('unauthorized_client', 'The token was issued to another client');
        tokens.revokeJtis(tokens.refresh.revokeFamily(family.id));
        return reply.code(200).send();
      }
      const check = await tokens.verifyAccessToken(token);
      if (check.ok && check.principal.kind === 'report_provider' && check.principal.jti) {
        if (!mayActFor(client, req.body, check.principal.clientId!))
          throw new OAuthError('unauthorized_client', 'The token was issued to another client');
        tokens.revokeJtis([check.principal.jti]);
      }
      return reply.code(200).send(); // RFC 7009 §2.2: unknown or already invalid tokens are not an error
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(reply, err);
      throw err;
    }
  });
}
