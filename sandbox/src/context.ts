import type { AlbumStore } from './albums';
import type { Clock } from './Clock';
import type { SandboxState } from './state';
import type { AccessTokenVerifier, SandboxOptions, SandboxUrls } from './types';

/** What the token room offers the other rooms. Implemented by auth/TokenService. */
export interface TokenServiceLike extends AccessTokenVerifier {
  /** Stand-in for the user's Keycloak access token that the KHEOPS UI holds. */
  issueUserToken(sub: string): Promise<string>;
  /** Revoke every access and refresh token issued so far (fault injection). */
  revokeAll(): void;
}

/** Client ids KHEOPS generated when the sandbox registered the viewer's report-provider configurations. */
export interface RegisteredClients {
  /** L2: response_type token. */
  implicit?: string;
  /** L3: response_type code (public client under the OHIF profile). */
  code?: string;
  /** L4: code + initiate_login_uri (OHIF profile only). */
  thirdParty?: string;
}

export interface SandboxContext {
  options: SandboxOptions;
  urls: SandboxUrls;
  state: SandboxState;
  albums: AlbumStore;
  tokens: TokenServiceLike;
  clients: RegisteredClients;
  /** The one `now()` of everything that expires (Clock.ts); tests move it forward. */
  clock: Clock;
  log: (msg: string) => void;
}
