import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import type { TokenService } from '../auth/TokenService';
import { readAuthorization } from '../auth/authorizationHeader';
import { ClientAssertionError, JWT_BEARER_ASSERTION_TYPE } from '../auth/ClientAssertionVerifier';
import { loadClientMetadata, MetadataError, type ClientMetadata } from '../auth/ClientMetadata';
import { OAuthError, single, values } from './http';

/** AS/token/TokenClientAuthenticationType.java: the three client kinds. */
export type Client =
  | { kind: 'internal_client' }
  | { kind: 'public_client' }
  | { kind: 'report_provider_client'; clientId: string; metadata: ClientMetadata };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The provider behind a client_id and its live configuration; unknown or broken → invalid_client. */
export async function providerClient(
  ctx: SandboxContext,
  tokens: TokenService,
  clientId: string | undefined,
): Promise<{ clientId: string; albumId: string; metadata: ClientMetadata }> {
  const provider = clientId ? tokens.providers.get(clientId) : undefined;
  if (!provider || !clientId) throw new OAuthError('invalid_client', 'Unknown client_id');
  try {
    return {
      clientId,
      albumId: provider.albumId,
      metadata: await loadClientMetadata(provider.url, ctx.options.profile),
    };
  } catch (err) {
    throw new OAuthError(
      'invalid_client',
      `Unable to get the report provider configuration: ${err instanceof MetadataError ? err.message : 'error'}`,
    );
  }
}

/**
 * AS/filter/TokenSecurityFilter.java: Basic = internal client (or invalid_client), Bearer or nothing = public client,
 * client_assertion = report provider (AS/token/PrivateKeyJWTAuthenticator.java). Errors are 400, never 401.
 */
export async function authenticateClient(
  req: FastifyRequest,
  ctx: SandboxContext,
  tokens: TokenService,
): Promise<Client> {
  const form = req.body;
  const header = req.headers.authorization;
  const hasAssertion =
    values(form, 'client_assertion').length > 0 || values(form, 'client_assertion_type').length > 0;
  if (header && hasAssertion)
    throw new OAuthError('invalid_request', 'Only one client authentication method may be used');

  if (header) {
    const read = readAuthorization(header);
    if (read.via === 'basic') {
      if (
        read.ok &&
        read.user === tokens.internalClient.id &&
        sameSecret(read.token, tokens.internalClient.secret)
      )
        return { kind: 'internal_client' };
      throw new OAuthError('invalid_client', 'Bad client credentials');
    }
    return { kind: 'public_client' }; // the KHEOPS UI always sends its Bearer token (UI/src/router/http.js)
  }
  if (!hasAssertion) return { kind: 'public_client' };

  const assertion = single(form, 'client_assertion');
  if (single(form, 'client_assertion_type') !== JWT_BEARER_ASSERTION_TYPE)
    throw new OAuthError('invalid_request', 'Must have a single client_assertion_type of jwt-bearer');
  if (!assertion || !assertion.startsWith('eyJ'))
    throw new OAuthError('invalid_request', 'Must have a single client_assertion that is a JWT');
  const clientId = single(form, 'client_id');
  if (!clientId) throw new OAuthError('invalid_request', 'Must have a single client_id');
  const { metadata } = await providerClient(ctx, tokens, clientId);
  if (metadata.token_endpoint_auth_method !== 'private_key_jwt' || !metadata.jwks_uri)
    throw new OAuthError('invalid_client', 'The client is not registered for private_key_jwt');
  try {
    // PrivateKeyJWTAuthenticator: aud is the request URL rebuilt as {root}/api/{path}, i.e. the token endpoint.
    await tokens.assertions.verify(
      assertion,
      clientId,
      metadata.jwks_uri,
      `${ctx.urls.root}${req.url.split('?')[0]}`,
    );
  } catch (err) {
    throw new OAuthError(
      'invalid_client',
      err instanceof ClientAssertionError ? err.message : 'Bad client_assertion',
    );
  }
  return { kind: 'report_provider_client', clientId, metadata };
}
