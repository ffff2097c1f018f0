import { LaunchError } from '../launch/LaunchError';
import { requireTrustedUrl } from '../launch/origins';

/** The endpoints a launch needs, every one of them on a trusted KHEOPS origin. */
export interface ServerConfig {
  issuer: string;
  dicomwebEndpoint: string;
  tokenEndpoint?: string;
  authorizationEndpoint?: string;
  revocationEndpoint?: string;
  userinfoEndpoint?: string;
  /** RFC 9207: the server promises `iss` on every authorization response. */
  issParameterSupported: boolean;
}

type FetchJson = (url: string) => Promise<unknown>;

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/**
 * GET a JSON document without cookies, without following redirects and without a Referer. A network failure or a
 * refused redirect is `kheops_unreachable`; an answer that is not a JSON document served as JSON throws.
 */
export const fetchJson: FetchJson = async (url) => {
  let res: Response;
  try {
    res = await fetch(url, {
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
      headers: { Accept: 'application/json' },
    });
  } catch {
    throw new LaunchError(
      'kheops_unreachable',
      'KHEOPS could not be reached to read its configuration. Check the connection and open the study again from KHEOPS.',
    );
  }
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  const type = res.headers.get('Content-Type') ?? '';
  if (!JSON_TYPE.test(type)) throw new Error(`${url} is not served as JSON (${type || 'no Content-Type'})`);
  return res.json();
};

function field(
  doc: Record<string, unknown>,
  name: string,
  trusted: readonly string[],
  required: boolean,
): string | undefined {
  const v = doc[name];
  if (v === undefined || v === null) {
    if (required) throw new LaunchError('bad_server_config', `The KHEOPS configuration has no "${name}".`);
    return undefined;
  }
  if (typeof v !== 'string')
    throw new LaunchError('bad_server_config', `The KHEOPS configuration field "${name}" is not a URL.`);
  return requireTrustedUrl(v, trusted, name).href.replace(/\/$/, '');
}

async function load(url: string, get: FetchJson): Promise<Record<string, unknown>> {
  let doc: unknown;
  try {
    doc = await get(url);
  } catch (err) {
    if (err instanceof LaunchError) throw err;
    throw new LaunchError(
      'bad_server_config',
      `The KHEOPS configuration could not be read (${(err as Error).message}).`,
    );
  }
  if (!doc || typeof doc !== 'object')
    throw new LaunchError('bad_server_config', 'The KHEOPS configuration is not a JSON object.');
  return doc as Record<string, unknown>;
}

/** Report-provider launches (L2, L3): KHEOPS's `conf_uri` (/.well-known/report-provider-configuration). */
export async function loadReportProviderConfig(
  confUri: string,
  trusted: readonly string[],
  get: FetchJson = fetchJson,
): Promise<ServerConfig> {
  const doc = await load(confUri, get);
  return {
    issuer: field(doc, 'issuer', trusted, true)!,
    dicomwebEndpoint: field(doc, 'dicomweb_endpoint', trusted, true)!,
    tokenEndpoint: field(doc, 'token_endpoint', trusted, false),
    revocationEndpoint: field(doc, 'revocation_endpoint', trusted, false),
    userinfoEndpoint: field(doc, 'userinfo_endpoint', trusted, false),
    issParameterSupported: doc.authorization_response_iss_parameter_supported === true,
  };
}

/**
 * L4: OpenID discovery at the launch's `iss`; the document's issuer must be exactly that `iss`.
 * `dicomwebEndpoint` (from a configured openIdProviders entry) stands in for the `dicomweb_endpoint` field that only
 * KHEOPS's own discovery document has; it must be trusted too.
 */
export async function loadOpenIdConfig(
  issuer: string,
  trusted: readonly string[],
  get: FetchJson = fetchJson,
  dicomwebEndpoint?: string,
): Promise<ServerConfig> {
  const doc = await load(`${issuer}/.well-known/openid-configuration`, get);
  if (doc.issuer !== issuer) {
    throw new LaunchError(
      'issuer_mismatch',
      'The KHEOPS discovery document names another issuer than the launch.',
    );
  }
  return {
    issuer,
    dicomwebEndpoint:
      dicomwebEndpoint !== undefined
        ? field({ dicomweb_endpoint: dicomwebEndpoint }, 'dicomweb_endpoint', trusted, true)!
        : field(doc, 'dicomweb_endpoint', trusted, true)!,
    tokenEndpoint: field(doc, 'token_endpoint', trusted, true),
    authorizationEndpoint: field(doc, 'authorization_endpoint', trusted, true),
    revocationEndpoint: field(doc, 'revocation_endpoint', trusted, false),
    issParameterSupported: doc.authorization_response_iss_parameter_supported === true,
  };
}
