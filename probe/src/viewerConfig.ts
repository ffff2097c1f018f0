// The rules KHEOPS applies to a report provider's configuration document
// (Authorization/.../report_provider/ReportProviderClientMetadata.java validateForConfigUri), and the OHIF profile's
// additions (docs/kheops-ohif-profile.md, item 1).

export type Rules = 'today' | 'profile';

function url(v: unknown): URL | null {
  if (typeof v !== 'string') return null;
  try {
    return new URL(v);
  } catch {
    return null;
  }
}

const sameRoot = (a: URL, b: URL) => a.protocol === b.protocol && a.host === b.host;

/** null when KHEOPS accepts the document under these rules, else why not. */
export function configProblem(configUrl: string, doc: Record<string, unknown>, rules: Rules): string | null {
  const config = url(configUrl);
  if (!config) return 'the configuration URL is not a URL';
  const redirect = url(doc.redirect_uri);
  if (!redirect) return 'redirect_uri is missing or not a URL';
  if (!sameRoot(config, redirect))
    return 'redirect_uri is not on the scheme and authority of the configuration URL';
  if (doc.response_type === 'code') {
    const method = doc.token_endpoint_auth_method;
    if (method === 'none') {
      if (rules === 'today')
        return 'response_type code with token_endpoint_auth_method none (a public client) needs the OHIF profile; KHEOPS today needs private_key_jwt';
    } else if (method === 'private_key_jwt') {
      const jwks = url(doc.jwks_uri);
      if (!jwks) return 'private_key_jwt needs a jwks_uri';
      if (!sameRoot(config, jwks))
        return 'jwks_uri is not on the scheme and authority of the configuration URL';
      if (doc.token_endpoint_auth_signing_alg !== 'RS256')
        return 'private_key_jwt needs token_endpoint_auth_signing_alg RS256';
    } else {
      return `response_type code needs token_endpoint_auth_method private_key_jwt${rules === 'profile' ? ' or none' : ''}`;
    }
  } else if (doc.response_type !== 'token') {
    return 'response_type must be code or token';
  }
  if (doc.initiate_login_uri !== undefined) {
    if (rules === 'today') return null; // KHEOPS today ignores the field
    const initiate = url(doc.initiate_login_uri);
    if (!initiate) return 'initiate_login_uri is not a URL';
    if (!sameRoot(config, initiate))
      return 'initiate_login_uri is not on the scheme and authority of the configuration URL';
    if (doc.response_type !== 'code') return 'initiate_login_uri needs response_type code';
  }
  return null;
}

/**
 * KHEOPS reads configuration documents with Jersey + MOXy, which reads only `x/json` and `x/y+json`
 * (Authorization/build.gradle: jersey-media-moxy); any other content type is "error during request".
 */
export function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  const m = /^\s*([^\s/;]+)\/([^\s/;]+)\s*(;.*)?$/.exec(contentType);
  return !!m && (m[2] === 'json' || m[2]!.endsWith('+json'));
}
