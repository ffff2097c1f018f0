// Shared contracts between the sandbox rooms (auth, gateway, api, ui, viewer, testing).

export type Profile = 'today' | 'ohif';

export interface SandboxOptions {
  /** KHEOPS origin port (UI + /api). */
  port: number;
  /** Viewer origin port: the genuine OHIF dist with the KHEOPS extension and mode. */
  viewerPort: number;
  /** Baseline viewer origin port: plain OHIF on an unauthenticated pass-through to the same Orthanc. */
  baselinePort: number;
  orthancPort: number;
  profile: Profile;
  /** Access-token lifetime in seconds for report-provider / OIDC-profile tokens. */
  tokenTtl: number;
  /** Refresh-token idle lifetime in seconds (OHIF profile). */
  refreshTtl: number;
  /** Refresh-token absolute lifetime in seconds (OHIF profile). */
  refreshAbsoluteTtl: number;
  /** Extra DICOM files to load on start. */
  dicomDir?: string;
  /** Orthanc storage and sandbox state; wiped when `fresh`. */
  dataDir: string;
  fresh: boolean;
  /** Enables /sandbox/* fault injection and request-log routes. */
  testRoutes: boolean;
  /** Folder holding OHIF's prebuilt dist (index.html, app.bundle...). */
  ohifDist: string;
  /** The prebuilt OHIF version ohifDist holds (ohif-versions.json); undefined when --ohif-dist chose the folder. */
  ohifVersion?: string;
  /** Folder holding extension-kheops/ and mode-kheops/ whose dist/kheops-plugins/*.mjs the viewer serves. */
  pluginDir: string;
  /** --cli-build: ohifDist is an OHIF CLI build with the packages bundled (no runtime extensions/modes). */
  cliBuild?: boolean;
  /** Real KHEOPS allows an authorization code to be exchanged again until it expires. */
  reusableCodes: boolean;
  /** Real KHEOPS never checks a viewer token's exp; tests may want it honoured. */
  honourViewerExp: boolean;
  /** Viewer-token lifetime in seconds (KHEOPS: 18000). */
  viewerTokenTtl: number;
  /** Also run panva's oidc-provider as an L4 issuer other than KHEOPS (sandbox/src/externalOp). */
  externalOp: boolean;
  /** --rtt: ms every KHEOPS-origin and baseline pass-through response is held (sandbox/src/network/shape.ts). */
  rttMs?: number;
  /** --bandwidth: kbit/s those response bodies are paced at (0 = unlimited). */
  bandwidthKbps?: number;
  /** --viewer-rtt: ms every static viewer file (viewer origin, baseline's OHIF files) is held. */
  viewerRttMs?: number;
  quiet: boolean;
}

export interface SandboxUrls {
  /** KHEOPS root, e.g. http://127.0.0.1:8080 (no /api). */
  root: string;
  /** `${root}/api`: API and DICOMweb root. */
  api: string;
  /** Viewer origin, e.g. http://127.0.0.1:3000 */
  viewer: string;
  baseline: string;
  orthanc: string;
  /** With --external-op: the external OpenID provider's issuer, e.g. http://127.0.0.1:41234 */
  externalIssuer?: string;
}

/** Who a token speaks for and what it may reach. */
export interface Principal {
  kind: 'user' | 'viewer' | 'report_provider' | 'album_capability' | 'oidc_profile' | 'external';
  sub: string;
  /** Scope words: read, write, ... */
  scopes: string[];
  /** Studies the token is restricted to; null when the token is not study-scoped (a user token). */
  studyUIDs: string[] | null;
  /** Album the token is confined to (report providers, album capability tokens, viewer tokens with album source). */
  albumId?: string;
  /** Viewer tokens: the principal of the token inside (AS/principal/ViewerPrincipal.java checks both). */
  subject?: Principal;
  /** Viewer tokens with source_type inbox. */
  inbox?: boolean;
  clientId?: string;
  /** Expiry, epoch seconds. */
  exp?: number;
  /** Token id, for revocation. */
  jti?: string;
}

export type TokenCheck =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'invalid' | 'expired' | 'revoked' }
  /** A good report-provider token whose provider was removed (AS/principal/ReportProviderPrincipal.java). */
  | { ok: false; reason: 'removed_client'; sub: string };

export interface AccessTokenVerifier {
  verifyAccessToken(token: string): Promise<TokenCheck>;
}

/** One line of GET /sandbox/requests. */
export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  status: number;
  /** How the token came: bearer header, basic header, /api/link/{token}/ path, or none. */
  tokenVia: 'bearer' | 'basic' | 'link' | 'none';
  tokenPresent: boolean;
  /** Signature/format valid and not revoked (expiry aside). */
  tokenValid: boolean;
  /** Valid and not expired at the time of the request. */
  tokenUnexpired: boolean;
  origin: string | null;
  /** The principal kind, when the token verified. */
  tokenKind?: Principal['kind'];
}
