import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import type { TokenService } from '../auth/TokenService';

/** AS/report_provider/ConfigurationResponse.java, plus the PROFILE ohif additions. */
export function reportProviderConfiguration(ctx: SandboxContext): Record<string, unknown> {
  const { root, api } = ctx.urls;
  const profile = ctx.options.profile === 'ohif';
  const doc: Record<string, unknown> = {
    issuer: root,
    dicomweb_endpoint: api,
    dicomweb_uri_endpoint: `${api}/wado`,
    token_endpoint: `${api}/token`,
    introspection_endpoint: `${api}/token/introspect`,
    userinfo_endpoint: `${api}/userinfo`,
    grant_types_supported: profile
      ? ['authorization_code', 'implicit', 'refresh_token']
      : ['authorization_code', 'implicit'],
    token_endpoint_auth_methods_supported: profile ? ['private_key_jwt', 'none'] : ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    introspection_endpoint_auth_methods_supported: ['private_key_jwt', 'none'],
    introspection_endpoint_auth_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'token'],
    response_modes_supported: ['query', 'fragment'],
  };
  if (profile) {
    Object.assign(doc, {
      revocation_endpoint: `${api}/token/revoke`,
      revocation_endpoint_auth_methods_supported: ['private_key_jwt', 'none'],
      code_challenge_methods_supported: ['S256'],
      openid_configuration: `${api}/.well-known/openid-configuration`,
    });
  }
  return doc;
}

/** PROFILE ohif item 3: OIDC discovery with issuer = {root}/api. */
export function openidConfiguration(ctx: SandboxContext): Record<string, unknown> {
  const { api } = ctx.urls;
  return {
    issuer: api,
    authorization_endpoint: `${api}/authorize`,
    token_endpoint: `${api}/token`,
    revocation_endpoint: `${api}/token/revoke`,
    introspection_endpoint: `${api}/token/introspect`,
    userinfo_endpoint: `${api}/userinfo`,
    jwks_uri: `${api}/jwks`,
    dicomweb_endpoint: api,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    revocation_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['openid', 'profile', 'email', 'read', 'write'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'name', 'email'],
    authorization_response_iss_parameter_supported: true,
  };
}

export function registerDiscovery(app: FastifyInstance, ctx: SandboxContext, tokens: TokenService): void {
  // ReportProviderResource.configuration(): no authentication.
  app.get('/api/.well-known/report-provider-configuration', async () => reportProviderConfiguration(ctx));
  if (ctx.options.profile !== 'ohif') return; // KHEOPS today serves neither (reference §3.4): 404.
  app.get('/api/.well-known/openid-configuration', async () => openidConfiguration(ctx));
  app.get('/api/jwks', async () => tokens.jwks());
}
