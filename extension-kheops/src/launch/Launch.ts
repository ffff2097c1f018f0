/** What the launch URL asked for, validated. Secrets stay in these objects and never go back to the URL. */
export interface StudyContext {
  /** Studies to open, the clicked one first. */
  studyUIDs: string[];
  /** The clicked series, when the launch came from a series thumbnail. */
  seriesUID?: string;
}

/** No launch parameters: a plain visit or a reload of an already cleaned URL. */
export interface NoLaunch extends StudyContext {
  style: 'none';
}

/** L1 — KHEOPS today: viewer token inside a link URL (`{api}/link/{token}/ohifservermetadata`). */
export interface LegacyLinkLaunch extends StudyContext {
  style: 'L1';
  /** `{root}/api`, the DICOMweb endpoint the link URL stands for. */
  dicomwebEndpoint: string;
  accessToken: string;
}

/** L2 — report provider, implicit: the token arrives in the fragment. */
export interface ImplicitLaunch extends StudyContext {
  style: 'L2';
  accessToken: string;
  expiresIn?: number;
  scope?: string;
  clientId: string;
  confUri: string;
  returnUri?: string;
}

/** L3 — report provider, code: KHEOPS sends an authorization code the viewer did not ask for. */
export interface CodeLaunch extends StudyContext {
  style: 'L3';
  code: string;
  clientId: string;
  confUri: string;
  returnUri?: string;
}

/** L4 — OIDC Third Party Initiated Login: the viewer starts the code flow with PKCE at `iss`. */
export interface ThirdPartyLaunch extends StudyContext {
  style: 'L4';
  issuer: string;
  loginHint: string;
  /** The validated same-origin target; its query is kept. */
  targetLinkUri: string;
}

/** The authorization server's answer to an L4 authorization request. */
export interface AuthorizationCallback {
  style: 'callback';
  state: string;
  code?: string;
  error?: string;
  errorDescription?: string;
  /** RFC 9207 issuer identification, checked against the pending request by the session. */
  iss?: string;
}

export type Launch =
  NoLaunch | LegacyLinkLaunch | ImplicitLaunch | CodeLaunch | ThirdPartyLaunch | AuthorizationCallback;
