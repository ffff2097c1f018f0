import type { Profile } from '../types';

/** The report provider's configuration document (AS/report_provider/ReportProviderClientMetadata.java). */
export interface ClientMetadata {
  redirect_uri?: string;
  response_type?: string;
  token_endpoint_auth_method?: string;
  token_endpoint_auth_signing_alg?: string;
  jwks_uri?: string;
  client_name?: string;
  supported_modalities?: string[];
  /** PROFILE ohif: OIDC Third Party Initiated Login entry point of the provider (L4). */
  initiate_login_uri?: string;
  [other: string]: unknown;
}

export class MetadataError extends Error {}

export interface MetadataFetchSettings {
  /** Bound on the whole request (connect, redirects, body). */
  timeoutMs: number;
  /**
   * Configuration documents are read by Jersey's client with MOXy, the only JSON provider of the Authorization
   * server (Authorization/build.gradle: jersey-media-moxy): MOXyJsonProvider.supportsMediaType reads only
   * `x/json` and `x/y+json` (subtype compared case-sensitively). A response without Content-Type is read as
   * application/octet-stream (Jersey InboundMessageContext.readEntity). Any other type has no reader: a
   * ProcessingException, which ReportProviders turns into settings.fetchFailure.
   */
  jsonContentTypeOnly: boolean;
  /** The Accept header the Java client sends. */
  accept: string;
  /**
   * The ErrorResponse detail when the fetch itself fails (ProcessingException / WebApplicationException):
   * getClientMetadata says "error during request", callConfigURL "report provider uri not valid".
   */
  fetchFailure: string;
}

/** HttpURLConnection's own Accept header: Jersey's `request()` without media types adds none. */
const JDK_DEFAULT_ACCEPT = 'text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2';

/**
 * ReportProviders.getClientMetadata (registration, PATCH url, /reportproviders/metadata, private_key_jwt client
 * authentication): ClientProperties.CONNECT_TIMEOUT and READ_TIMEOUT 5000 ms.
 */
export const CLIENT_METADATA_FETCH: MetadataFetchSettings = {
  timeoutMs: 5000,
  jsonContentTypeOnly: true,
  accept: JDK_DEFAULT_ACCEPT,
  fetchFailure: 'error during request',
};

/**
 * ReportProviders.callConfigURL (via getRedirectUri / getResponseType: POST /api/report, the authorization_code
 * grant in TokenGrantType, TokenResource.introspect): `ClientBuilder.newClient()` with no timeout at all, i.e.
 * the JDK's (no read timeout; connect bounded only by the OS, about two minutes on Linux). The sandbox bounds
 * it at 120 s so that nothing hangs for ever.
 */
export const CONFIG_URL_FETCH: MetadataFetchSettings = {
  ...CLIENT_METADATA_FETCH,
  timeoutMs: 120_000,
  fetchFailure: 'report provider uri not valid',
};

/**
 * The provider's jwks_uri, read by auth0's UrlJwkProvider (AS/token/PrivateKeyJWTAuthenticator.java): it sends
 * Accept: application/json and parses the body whatever its Content-Type. (Its timeouts are the JDK's; the
 * sandbox keeps 5 s.)
 */
export const JWKS_FETCH: MetadataFetchSettings = {
  timeoutMs: 5000,
  jsonContentTypeOnly: false,
  accept: 'application/json',
  fetchFailure: 'error during request',
};

/**
 * Redirects as Jersey's default connector follows them (ClientProperties.FOLLOW_REDIRECTS true →
 * HttpURLConnection.setInstanceFollowRedirects): 300–303 and 307 with a Location, to the same protocol only
 * (http→https or https→http is not followed and the 3xx is the answer), at most 20 (http.maxRedirects). 308 is
 * not one HttpURLConnection follows (inferred from the JDK; stricter either way).
 */
const FOLLOWED_REDIRECTS = new Set([300, 301, 302, 303, 307]);
const MAX_REDIRECTS = 20;

/** MOXyJsonProvider.supportsMediaType on the parsed Content-Type; null (absent) is octet-stream for Jersey. */
export function isMoxyJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const m = /^\s*([^\s/;]+)\/([^\s/;]+)\s*(;.*)?$/.exec(contentType);
  if (!m) return false; // Jersey cannot parse it: ProcessingException
  const subtype = m[2]!;
  return subtype === 'json' || subtype.endsWith('+json');
}

async function getFollowingRedirects(url: string, settings: MetadataFetchSettings): Promise<Response> {
  const signal = AbortSignal.timeout(settings.timeoutMs);
  let current = new URL(url);
  for (let redirects = 0; ; redirects++) {
    const res = await fetch(current, { signal, redirect: 'manual', headers: { accept: settings.accept } });
    const location = res.headers.get('location');
    if (!FOLLOWED_REDIRECTS.has(res.status) || location === null) return res;
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return res;
    }
    if (next.protocol !== current.protocol) return res;
    await res.body?.cancel();
    if (redirects + 1 >= MAX_REDIRECTS) throw new Error('too many redirects');
    current = next;
  }
}

/** GET a JSON document server-to-server, as KHEOPS's Java clients do for configuration and JWKS URLs. */
export async function fetchJson(url: string, settings: MetadataFetchSettings = JWKS_FETCH): Promise<unknown> {
  let res: Response;
  try {
    res = await getFollowingRedirects(url, settings);
  } catch {
    // ReportProviders getClientMetadata / callConfigURL: ProcessingException -> settings.fetchFailure
    throw new MetadataError(settings.fetchFailure);
  }
  // Jersey's get(Class): a non-2xx answer (a 3xx not followed included) is a WebApplicationException.
  if (!res.ok) throw new MetadataError(settings.fetchFailure);
  if (settings.jsonContentTypeOnly && !isMoxyJsonContentType(res.headers.get('content-type'))) {
    await res.body?.cancel();
    throw new MetadataError(settings.fetchFailure);
  }
  try {
    return await res.json();
  } catch {
    throw new MetadataError(settings.fetchFailure);
  }
}

function parseUri(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function sameRoot(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.host === b.host;
}

/**
 * ReportProviderClientMetadata.validateForConfigUri, same order and same messages (including the two
 * messages KHEOPS swapped between BAD_REDIRECT_URI_ROOT and BAD_JWKS_URI_ROOT).
 * Returns null when valid, else the ValidationResult description.
 */
export function validateForConfigUri(configUri: string, md: ClientMetadata, profile: Profile): string | null {
  const config = parseUri(configUri);
  if (!config) return 'config_uri syntax not valid';
  if (typeof md.redirect_uri !== 'string') return 'redirect_uri is null';
  const redirect = parseUri(md.redirect_uri);
  if (!redirect) return 'redirect_uri syntax not valid';
  if (!sameRoot(config, redirect)) return 'jwks_uri root does not match the config uri';
  if (typeof md.response_type !== 'string') return 'missing response_type';
  if (md.response_type === 'code') {
    if (typeof md.token_endpoint_auth_method !== 'string') return 'missing token_endpoint_auth_method';
    if (md.token_endpoint_auth_method === 'none' && profile === 'ohif') {
      // PROFILE ohif item 1: a public client, no JWKS and no signing algorithm.
    } else if (md.token_endpoint_auth_method === 'private_key_jwt') {
      if (typeof md.jwks_uri !== 'string') return 'jwks_uri is null';
      const jwks = parseUri(md.jwks_uri);
      if (!jwks) return 'jwks_uri syntax not valid';
      if (!sameRoot(config, jwks)) return 'redirect_uri root does not match the config uri';
      if (typeof md.token_endpoint_auth_signing_alg !== 'string')
        return 'missing token_endpoint_auth_signing_alg';
      if (md.token_endpoint_auth_signing_alg !== 'RS256') return 'unknown token_endpoint_auth_signing_alg';
    } else {
      return 'unknown token_endpoint_auth_method';
    }
  } else if (md.response_type !== 'token') {
    return 'unknown response_type';
  }
  if (profile === 'ohif' && md.initiate_login_uri !== undefined) {
    // PROFILE ohif item 1: the L4 entry point must be on the provider's own origin too.
    const initiate = typeof md.initiate_login_uri === 'string' ? parseUri(md.initiate_login_uri) : null;
    if (!initiate) return 'initiate_login_uri syntax not valid';
    if (!sameRoot(config, initiate)) return 'initiate_login_uri root does not match the config uri';
    if (md.response_type !== 'code') return 'initiate_login_uri needs response_type code';
  }
  return null;
}

/**
 * ReportProviders.getClientMetadata (default settings) / callConfigURL (pass CONFIG_URL_FETCH): fetch live (no
 * cache) and validate.
 */
export async function loadClientMetadata(
  configUri: string,
  profile: Profile,
  settings: MetadataFetchSettings = CLIENT_METADATA_FETCH,
): Promise<ClientMetadata> {
  if (!parseUri(configUri)) throw new MetadataError('syntax not valid');
  const body = await fetchJson(configUri, settings);
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new MetadataError(settings.fetchFailure);
  const md = body as ClientMetadata;
  const problem = validateForConfigUri(configUri, md, profile);
  if (problem) throw new MetadataError(problem);
  return md;
}

/** PROFILE ohif: a code-flow provider that authenticates with nothing (browser app). */
export function isPublicClient(md: ClientMetadata, profile: Profile): boolean {
  return profile === 'ohif' && md.response_type === 'code' && md.token_endpoint_auth_method === 'none';
}
