import { decodeJwt } from 'jose';
import type { SandboxContext } from '../context';
import { CONFIG_URL_FETCH, loadClientMetadata } from './ClientMetadata';
import type { TokenService } from './TokenService';

export type IntrospectingClient = 'internal_client' | 'report_provider_client' | 'public_client';

/** What AS/resource/TokenResource.java `introspect` answers: 200 with a body, or 401 with none. */
export type Introspection = { status: 200; body: Record<string, unknown> } | { status: 401 };

const INACTIVE: Introspection = { status: 200, body: { active: false } };

/** AS/token/IntrospectResponse.java: studyUID and aud are a string when single, an array otherwise. */
function oneOrMany(list: string[]): string | string[] {
  return list.length === 1 ? list[0]! : list;
}

/** JWT claims, or none for tokens that are not JWTs (capability tokens, viewer JWEs). */
function claimsOf(token: string): Record<string, unknown> {
  try {
    return decodeJwt(token);
  } catch {
    return {};
  }
}

/**
 * Token introspection as KHEOPS does it, for the endpoint and for the DICOMweb proxy's STOW
 * (PX/stow/resource/Resource.java introspects every save as the internal client).
 */
export async function introspect(
  ctx: SandboxContext,
  tokens: TokenService,
  token: string | undefined,
  client: IntrospectingClient,
): Promise<Introspection> {
  const check = token ? await tokens.verifyAccessToken(token) : null;
  if (!token || !check?.ok) return INACTIVE;
  const p = check.principal;

  if (p.kind === 'report_provider') {
    // Any client may introspect these. redirect_uri comes from a live re-fetch of the provider's configuration
    // (ReportProviders.getRedirectUri -> callConfigURL); a provider that is gone, or whose configuration cannot
    // be fetched or no longer validates, makes the token inactive (TokenResource.java, the catch blocks).
    const provider = tokens.providers.get(p.clientId!);
    if (!provider) return INACTIVE;
    let redirectUri: string | undefined;
    try {
      redirectUri = (await loadClientMetadata(provider.url, ctx.options.profile, CONFIG_URL_FETCH))
        .redirect_uri;
    } catch {
      return INACTIVE;
    }
    const claims = claimsOf(token);
    return active({
      ...jwtFields(claims, p.sub, p.scopes),
      azp: p.clientId,
      client_id: p.clientId,
      nbf: claims.nbf,
      album_id: p.albumId,
      studyUID: oneOrMany(p.studyUIDs ?? []),
      redirect_uri: redirectUri,
    });
  }
  // Capability tokens: any client. OIDC (user) and viewer tokens: internal clients only, else 401, empty body.
  if (client !== 'internal_client' && p.kind !== 'album_capability') return { status: 401 };
  if (p.kind === 'viewer')
    return active({
      sub: p.sub,
      scope: p.scopes.join(' '),
      studyUID: oneOrMany(p.studyUIDs ?? []),
      ...(p.albumId ? { album_id: p.albumId } : {}),
    });
  return active(jwtFields(claimsOf(token), p.sub, p.scopes));
}

function active(fields: Record<string, unknown>): Introspection {
  return { status: 200, body: { active: true, ...fields } };
}

/** AS/token/IntrospectResponse.from: the fields every JWT-based token shares. */
function jwtFields(claims: Record<string, unknown>, sub: string, scopes: string[]): Record<string, unknown> {
  return {
    iss: claims.iss,
    sub,
    scope: scopes.join(' '),
    exp: claims.exp,
    iat: claims.iat,
    aud: claims.aud,
  };
}

/** True when the proxy's introspection (as the internal client) says the token is active. */
export function introspectionScopes(result: Introspection): string[] | null {
  if (result.status !== 200 || result.body.active !== true) return null;
  return String(result.body.scope ?? '')
    .split(' ')
    .filter(Boolean);
}
