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
  /** ReportProviders.getClientMetadata: 5 s connect and 5 s read timeouts. */
  timeoutMs: number;
}

const DEFAULT_FETCH: MetadataFetchSettings = { timeoutMs: 5000 };

/** GET a JSON document server-to-server, as KHEOPS's Jersey client does for configuration and JWKS URLs. */
export async function fetchJson(
  url: string,
  settings: MetadataFetchSettings = DEFAULT_FETCH,
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      signal: AbortSignal.timeout(settings.timeoutMs),
      redirect: 'error',
      headers: { accept: 'application/json' },
    });
  } catch {
    // ReportProviders.getClientMetadata: ProcessingException -> "error during request"
    throw new MetadataError('error during request');
  }
  if (!res.ok) throw new MetadataError('error during request');
  try {
    return await res.json();
  } catch {
    throw new MetadataError('error during request');
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

/** ReportProviders.getClientMetadata / callConfigURL: fetch live (no cache) and validate. */
export async function loadClientMetadata(
  configUri: string,
  profile: Profile,
  settings?: MetadataFetchSettings,
): Promise<ClientMetadata> {
  if (!parseUri(configUri)) throw new MetadataError('syntax not valid');
  const body = await fetchJson(configUri, settings);
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new MetadataError('error during request');
  const md = body as ClientMetadata;
  const problem = validateForConfigUri(configUri, md, profile);
  if (problem) throw new MetadataError(problem);
  return md;
}

/** PROFILE ohif: a code-flow provider that authenticates with nothing (browser app). */
export function isPublicClient(md: ClientMetadata, profile: Profile): boolean {
  return profile === 'ohif' && md.response_type === 'code' && md.token_endpoint_auth_method === 'none';
}
