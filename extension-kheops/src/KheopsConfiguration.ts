/** The data-source `configuration` a deployer writes in app-config.js (plus OHIF's DICOMweb knobs). */
export interface KheopsConfiguration {
  /** KHEOPS origins trusted for launches, endpoints and return URIs. Required. */
  trustedOrigins: string[];
  /** Client ids KHEOPS issued when the viewer was registered as a report provider (by launch style). */
  clientIds?: { implicit?: string; code?: string; thirdParty?: string } | string[];
  /** The redirect_uri registered with KHEOPS. Default: `${origin}${route}`. */
  redirectUri?: string;
  /** The viewer route launches land on. Default `/kheops`. */
  route?: string;
  /** Scope asked for in L4. Default `openid read write`. */
  scope?: string;
  /**
   * OpenID providers other than KHEOPS itself that may initiate an L4 login (each issuer's origin must also be
   * in trustedOrigins). Their discovery documents carry no dicomweb_endpoint, so it is configured here.
   */
  openIdProviders?: OpenIdProviderConfig[];
  /** Lifetime assumed for L1 viewer tokens, whose expiry KHEOPS does not tell. Default 18000 s. */
  legacyTokenLifetimeSeconds?: number;
  [dicomwebKnob: string]: unknown;
}

export const OWN_KEYS = [
  'trustedOrigins',
  'clientIds',
  'redirectUri',
  'route',
  'scope',
  'legacyTokenLifetimeSeconds',
  'openIdProviders',
] as const;

export interface OpenIdProviderConfig {
  issuer: string;
  clientId: string;
  /** The KHEOPS DICOMweb endpoint that accepts this provider's access tokens. */
  dicomwebEndpoint: string;
  /** Default: the configuration's scope. */
  scope?: string;
}

export function clientIdList(c: KheopsConfiguration['clientIds']): string[] {
  if (!c) return [];
  return (Array.isArray(c) ? c : Object.values(c)).filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
}
