// Which launch styles (docs/kheops-ohif-profile.md) a KHEOPS server supports, from what the probe saw.

export type StyleName = 'L1' | 'L2' | 'L3' | 'L4';

/** What a --viewer-config document allows, judged by the rules KHEOPS applies at registration. */
export interface ViewerConfigFinding {
  url: string;
  /** Reachable, JSON content type, a JSON object. */
  served: boolean;
  responseType?: string;
  tokenEndpointAuthMethod?: string;
  initiateLoginUri: boolean;
  /** null when KHEOPS today accepts it, else its ValidationResult message. */
  problemToday: string | null;
  /** null when the OHIF profile accepts it. */
  problemProfile: string | null;
}

export interface Findings {
  /** QIDO, series QIDO, series metadata, frame and thumbnail with a viewer token, as the extension sends them. */
  dicomweb: boolean;
  /** Preflight from the viewer origin allows the bearer (and, with --write, a POST). */
  cors: boolean;
  /** Token exchange of the given token for a viewer token (what KHEOPS's UI does for L1). */
  tokenExchange: boolean;
  /** The L1 URL KHEOPS's UI builds ({api}/link/{token}/ohifservermetadata) names roots under the endpoint. */
  linkMetadata: boolean;
  /** /api/.well-known/report-provider-configuration read as the extension reads it (L2, L3). */
  discovery: boolean;
  responseTypes: string[];
  authMethods: string[];
  grantTypes: string[];
  /** /api/.well-known/openid-configuration read as the extension reads it (L4); undefined when absent. */
  openid?: boolean;
  /** /api/authorize answered a bad request correctly (no code, no redirect to an unverified redirect_uri). */
  authorize?: boolean;
  /** The token endpoint's answer to a bogus refresh_token. */
  refreshAnswer?: string;
  viewerConfigs: ViewerConfigFinding[];
  /** With --write: the STOW of the test SR was stored (and found by QIDO). */
  write?: boolean;
}

export interface StyleVerdict {
  style: StyleName;
  supported: boolean;
  why: string;
}

/** The server answers as the OHIF profile (docs/kheops-ohif-profile.md) proposes: public clients with refresh. */
export function isOhifProfile(f: Findings): boolean {
  return (
    f.authMethods.includes('none') &&
    f.grantTypes.includes('refresh_token') &&
    f.refreshAnswer !== undefined &&
    f.refreshAnswer !== 'unsupported_grant_type'
  );
}

function writeNote(f: Findings): string {
  if (f.write === undefined) return 'saves not checked (no --write)';
  return f.write ? 'saves work (STOW checked)' : 'saves FAIL (see the STOW step)';
}

function configsFor(f: Findings, match: (c: ViewerConfigFinding) => boolean, profile: boolean) {
  const candidates = f.viewerConfigs.filter((c) => c.served && match(c));
  const valid = candidates.filter((c) => (profile ? c.problemProfile : c.problemToday) === null);
  return { given: f.viewerConfigs.length > 0, candidates, valid };
}

function viewerConfigClause(
  f: Findings,
  match: (c: ViewerConfigFinding) => boolean,
  profile: boolean,
  what: string,
): { ok: boolean; text: string } {
  const { given, candidates, valid } = configsFor(f, match, profile);
  if (!given)
    return { ok: true, text: `the viewer's ${what} configuration not checked (no --viewer-config)` };
  if (valid.length) return { ok: true, text: `the viewer's ${what} configuration is acceptable` };
  if (candidates.length) {
    const c = candidates[0]!;
    return {
      ok: false,
      text: `KHEOPS refuses the viewer's ${what} configuration: ${profile ? c.problemProfile : c.problemToday}`,
    };
  }
  return { ok: false, text: `none of the --viewer-config documents is the ${what} configuration` };
}

const isImplicit = (c: ViewerConfigFinding) => c.responseType === 'token';
const isPublicCode = (c: ViewerConfigFinding) =>
  c.responseType === 'code' && c.tokenEndpointAuthMethod === 'none';
const isThirdParty = (c: ViewerConfigFinding) => isPublicCode(c) && c.initiateLoginUri;

export function detectStyles(f: Findings): StyleVerdict[] {
  const base = f.dicomweb && f.cors;
  const baseWhy = !f.dicomweb
    ? 'DICOMweb with a bearer token fails'
    : !f.cors
      ? 'the CORS preflight from the viewer origin fails'
      : '';
  const profile = isOhifProfile(f);
  const out: StyleVerdict[] = [];

  if (!base || !f.tokenExchange || !f.linkMetadata) {
    const why =
      baseWhy ||
      (!f.tokenExchange
        ? 'the viewer-token exchange fails'
        : 'the L1 link URL names roots outside the endpoint');
    out.push({ style: 'L1', supported: false, why });
  } else {
    out.push({
      style: 'L1',
      supported: true,
      why: `viewer token by token exchange, bearer on {root}/api; from the viewer button and from sharing links (read-only there); ${writeNote(f)}`,
    });
  }

  const implicit = viewerConfigClause(f, isImplicit, profile, 'implicit (response_type token)');
  if (!base || !f.discovery || !f.responseTypes.includes('token') || !implicit.ok) {
    const why =
      baseWhy ||
      (!f.discovery
        ? 'the report-provider discovery document is unusable'
        : !f.responseTypes.includes('token')
          ? 'the discovery document offers no response_type token'
          : implicit.text);
    out.push({ style: 'L2', supported: false, why });
  } else {
    out.push({
      style: 'L2',
      supported: true,
      why: `implicit report provider, 1 h token, no refresh; ${implicit.text}; the configuration must stay reachable from KHEOPS for saves`,
    });
  }

  const code = viewerConfigClause(f, isPublicCode, true, 'public code (token_endpoint_auth_method none)');
  if (!profile) {
    out.push({
      style: 'L3',
      supported: false,
      why: 'KHEOPS today lets only private_key_jwt clients (jwks_uri, RS256) exchange codes, and refresh_token is unsupported: a browser-only viewer holds no private key — needs the OHIF profile',
    });
  } else if (!base || !f.discovery || !f.responseTypes.includes('code') || !code.ok) {
    const why =
      baseWhy ||
      (!f.discovery
        ? 'the report-provider discovery document is unusable'
        : !code.ok
          ? code.text
          : 'the discovery document offers no response_type code');
    out.push({ style: 'L3', supported: false, why });
  } else {
    out.push({
      style: 'L3',
      supported: true,
      why: `public client code flow with refresh (OHIF profile); ${code.text}`,
    });
  }

  const tpl = viewerConfigClause(f, isThirdParty, true, 'third-party login (initiate_login_uri)');
  if (f.openid === undefined) {
    out.push({
      style: 'L4',
      supported: false,
      why: 'no /api/.well-known/openid-configuration (KHEOPS today): needs the OHIF profile',
    });
  } else if (!f.openid || !f.authorize || !profile || !base || !tpl.ok) {
    const why =
      baseWhy ||
      (!f.openid
        ? 'the OpenID discovery document is unusable'
        : !f.authorize
          ? 'the authorize endpoint answers a bad request wrongly'
          : !profile
            ? 'the token endpoint does not refresh (no public clients)'
            : tpl.text);
    out.push({ style: 'L4', supported: false, why });
  } else {
    out.push({
      style: 'L4',
      supported: true,
      why: `OIDC third-party-initiated login, code + PKCE, refresh; ${tpl.text}`,
    });
  }
  return out;
}
