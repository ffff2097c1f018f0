import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import type { TokenService } from '../auth/TokenService';
import { introspect } from '../auth/introspect';
import { authenticateClient, type Client } from './clientAuthentication';
import { OAuthError, sendOAuthError, single, tokenFromAuthorization } from './http';

/** RFC 7009 §2.1: only the client a token was issued to may revoke it. */
function mayActFor(client: Client, form: unknown, clientId: string): boolean {
  if (client.kind === 'report_provider_client') return client.clientId === clientId;
  if (client.kind === 'public_client') return single(form, 'client_id') === clientId;
  return false;
}

export function registerIntrospection(app: FastifyInstance, ctx: SandboxContext, tokens: TokenService): void {
  // AS/resource/TokenResource.java introspect.
  app.post('/api/token/introspect', async (req, reply) => {
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

  // AS/resource/UserResource.java userinfo: report-provider Bearer tokens only.
  app.get('/api/userinfo', async (req, reply) => {
    const header = req.headers.authorization ?? '';
    const token = header.toLowerCase().startsWith('bearer ') ? tokenFromAuthorization(req) : undefined;
    const check = token ? await tokens.verifyAccessToken(token) : null;
    if (!check?.ok)
      return reply
        .code(401)
        .header('WWW-Authenticate', 'Bearer')
        .send({ message: 'Authorization error', detail: 'a report provider Bearer token is required' });
    if (check.principal.kind !== 'report_provider')
      return reply
        .code(403)
        .send({ message: 'Forbidden', detail: 'only report provider tokens may call userinfo' });
    const user = ctx.albums.users.get(check.principal.sub);
    return { sub: check.principal.sub, name: user?.name ?? null, email: user?.email ?? null };
  });

  if (ctx.options.profile !== 'ohif') return;

  // PROFILE ohif item 7: RFC 7009 revocation; a refresh token takes its whole family with it.
  app.post('/api/token/revoke', async (req, reply) => {
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
