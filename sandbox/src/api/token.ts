import type { FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import type { SandboxContext } from '../context';
import type { TokenService } from '../auth/TokenService';
import { authenticateClient } from './clientAuthentication';
import { authorizationCodeGrant, refreshTokenGrant, TOKEN_EXCHANGE, tokenExchangeGrant } from './grants';
import { OAuthError, sendOAuthError, single, sleep, values } from './http';

/** AS/resource/TokenResource.java: POST /api/token. */
export function registerTokenEndpoint(app: FastifyInstance, ctx: SandboxContext, tokens: TokenService): void {
  app.post('/api/token', { config: { clientAuthentication: true } }, async (req, reply) => {
    // Fault injection (test routes): the token endpoint down or slow.
    const now = Date.now();
    if (now < ctx.state.tokenEndpointDownUntil)
      return sendOAuthError(
        reply,
        new OAuthError(
          'temporarily_unavailable',
          'The token endpoint is down (sandbox fault injection)',
          503,
        ),
      );
    if (now < ctx.state.tokenEndpointSlowUntil && ctx.state.tokenEndpointSlowMs > 0)
      await sleep(ctx.state.tokenEndpointSlowMs);

    reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    const hostile = ctx.state.takeHostileTokenResponse();
    if (hostile === 'html-500')
      return reply
        .code(500)
        .type('text/html')
        .send('<html><body><h1>HTTP Status 500 – Internal Server Error</h1></body></html>');
    if (hostile === 'not-json') return reply.code(200).type('text/plain').send('OK');
    if (hostile === 'garbage')
      return reply.code(200).send({ access_token: 12345, token_type: 'bearer', expires_in: 'soon' });
    try {
      const client = await authenticateClient(req, ctx, tokens);
      if (values(req.body, 'grant_type').length !== 1)
        throw new OAuthError('invalid_request', 'Must have a single grant_type');
      const grantType = single(req.body, 'grant_type');
      switch (grantType) {
        case 'authorization_code': {
          const body = await authorizationCodeGrant(req, ctx, tokens, client);
          // An ID token minted for another client (a token for another audience).
          if (hostile === 'wrong-aud' && typeof body?.id_token === 'string') {
            const claims = decodeJwt(body.id_token);
            body.id_token = await tokens.issueIdToken(
              String(claims.sub),
              'another-client',
              claims.nonce as string,
            );
          }
          return body;
        }
        case TOKEN_EXCHANGE:
          return await tokenExchangeGrant(req, ctx, tokens, client);
        case 'refresh_token':
          if (ctx.options.profile === 'ohif') return await refreshTokenGrant(req, ctx, tokens, client);
          // AS/token/TokenGrantType.java: refresh_token -> unsupported_grant_type
          throw new OAuthError('unsupported_grant_type');
        default:
          // AS/token/TokenGrantType.java: password, client_credentials, jwt-bearer, saml2-bearer and unknown values.
          throw new OAuthError('unsupported_grant_type');
      }
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(reply, err);
      throw err;
    }
  });
}
