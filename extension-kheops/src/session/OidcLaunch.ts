import {
  ErrorResponse,
  OidcClient,
  SigninState,
  WebStorageStateStore,
  type OidcClientSettings,
  type SigninResponse,
  type UseRefreshTokenArgs,
} from 'oidc-client-ts';
import type { AuthorizationCallback } from '../launch/Launch';
import { LaunchError } from '../launch/LaunchError';
import { requireUids } from '../launch/uids';
import { checkIdToken } from './checkIdToken';
import type { ServerConfig } from './ServerConfig';
import { PermanentRefreshError, type TokenRefresher, type TokenSet } from './TokenSet';

export interface OidcLaunchSettings {
  clientId: string;
  redirectUri: string;
  scope: string;
  config: ServerConfig;
  /** Holds the short-lived authorization request state across the L4 redirect (sessionStorage in a browser). */
  stateStorage: Storage;
}

/** What a completed code exchange grants: the token and the study context from the token response. */
export interface Grant {
  token: TokenSet;
  refresher: TokenRefresher | null;
  studyUIDs?: string[];
  seriesUID?: string;
  /** For L4: the validated target the authorization request carried in its state. */
  target?: string;
  /** The user, from the validated ID token (L4 with openid). */
  user?: string;
}

const STATE_PREFIX = 'kheops.oidc.';

/**
 * Removes every pending sign-in request of ours (oidc-client-ts's SigninState: state, PKCE code verifier, nonce,
 * target) from the state storage. Called on every callback outcome: a forged or failed callback must not leave a
 * verifier waiting in sessionStorage until it goes stale.
 */
export function clearPendingSignins(storage: Storage): void {
  const ours: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(STATE_PREFIX)) ours.push(key);
  }
  for (const key of ours) storage.removeItem(key);
}

function randomToken(bytes = 32): string {
  const a = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...a))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function tokenError(err: unknown): LaunchError {
  if (err instanceof LaunchError) return err;
  if (err instanceof ErrorResponse) {
    return new LaunchError(
      'authorization_denied',
      `KHEOPS refused the sign-in (${err.error ?? 'error'}${err.error_description ? `: ${err.error_description}` : ''}).`,
    );
  }
  return new LaunchError(
    'bad_token_response',
    `The sign-in with KHEOPS failed (${err instanceof Error ? err.message : String(err)}).`,
  );
}

/**
 * The OIDC side of a launch, done by oidc-client-ts: the L4 authorization request (PKCE S256, state, nonce,
 * login_hint), its callback, the L3 code KHEOPS sends unsolicited, refresh and revocation.
 * Added here because the library lacks them: RFC 9207 iss check, ID-token iss/aud/exp checks.
 */
export class OidcLaunch {
  private readonly client: OidcClient;

  constructor(private readonly s: OidcLaunchSettings) {
    const { config } = s;
    const settings: OidcClientSettings = {
      authority: config.issuer,
      client_id: s.clientId,
      redirect_uri: s.redirectUri,
      scope: s.scope,
      response_type: 'code',
      response_mode: 'query',
      metadata: {
        issuer: config.issuer,
        authorization_endpoint: config.authorizationEndpoint,
        token_endpoint: config.tokenEndpoint,
        revocation_endpoint: config.revocationEndpoint,
      },
      // Tokens stay in memory (the refresher's closure); only the request state crosses the redirect, and it
      // is removed on the callback. OidcClient, not UserManager: no iframe, popup or session monitor to ship.
      stateStore: new WebStorageStateStore({ store: s.stateStorage, prefix: STATE_PREFIX }),
      staleStateAgeInSeconds: 600,
      loadUserInfo: false,
      filterProtocolClaims: true,
      fetchRequestCredentials: 'omit',
    };
    this.client = new OidcClient(settings);
  }

  /** L4: the authorization URL to navigate to. */
  async authorizationUrl(loginHint: string, target: string): Promise<string> {
    const request = await this.client.createSigninRequest({
      login_hint: loginHint,
      nonce: this.s.scope.split(' ').includes('openid') ? randomToken() : undefined,
      state: { target },
      request_type: 'si:r',
    });
    return request.url;
  }

  /**
   * L4 callback: RFC 9207 iss check first, then the library's state/PKCE/nonce-checked code exchange. Whatever the
   * outcome, no pending sign-in of ours is left in the state storage.
   */
  async completeAuthorization(url: string, cb: AuthorizationCallback): Promise<Grant> {
    try {
      return await this.completeAuthorizationOnce(url, cb);
    } finally {
      clearPendingSignins(this.s.stateStorage);
    }
  }

  private async completeAuthorizationOnce(url: string, cb: AuthorizationCallback): Promise<Grant> {
    try {
      await this.client.readSigninResponseState(url, false); // a sign-in this tab started, or nothing happens
    } catch {
      throw new LaunchError(
        'state_mismatch',
        'This sign-in response does not match a sign-in this viewer started (it may have been used already). Open the study again from KHEOPS.',
      );
    }
    const issOk =
      cb.iss === undefined ? !this.s.config.issParameterSupported : cb.iss === this.s.config.issuer;
    if (!issOk || cb.error) {
      if (!issOk)
        throw new LaunchError(
          'issuer_mismatch',
          'The sign-in response came from another server than the one the viewer asked (RFC 9207 iss).',
        );
      throw new LaunchError(
        'authorization_denied',
        `KHEOPS refused the sign-in (${cb.error}${cb.errorDescription ? `: ${cb.errorDescription}` : ''}).`,
      );
    }
    try {
      const response = await this.client.processSigninResponse(url);
      return await this.grant(response);
    } catch (err) {
      throw tokenError(err);
    }
  }

  /** L3: run KHEOPS's unsolicited code through the library's pipeline by giving it a matching request state. */
  async exchangeUnsolicitedCode(code: string): Promise<Grant> {
    const state = await SigninState.create({
      authority: this.s.config.issuer,
      client_id: this.s.clientId,
      redirect_uri: this.s.redirectUri,
      scope: this.s.scope,
      request_type: 'si:r',
      response_mode: 'query',
    });
    await this.s.stateStorage.setItem(STATE_PREFIX + state.id, state.toStorageString());
    const callback = new URL(this.s.redirectUri);
    callback.search = new URLSearchParams({ code, state: state.id }).toString();
    try {
      return await this.grant(await this.client.processSigninResponse(callback.href));
    } catch (err) {
      throw tokenError(err);
    } finally {
      clearPendingSignins(this.s.stateStorage);
    }
  }

  private async grant(response: SigninResponse): Promise<Grant> {
    if (!hasLifetime(response)) {
      throw new LaunchError('bad_token_response', 'KHEOPS answered without an access token or its lifetime.');
    }
    if (response.id_token)
      checkIdToken(response.id_token, { issuer: this.s.config.issuer, clientId: this.s.clientId });
    const extra = response as unknown as { study_uids?: unknown; series_uid?: unknown };
    const studyUIDs = Array.isArray(extra.study_uids)
      ? requireUids(extra.study_uids.map(String), 'study_uids')
      : undefined;
    const seriesUID =
      typeof extra.series_uid === 'string' ? requireUids([extra.series_uid], 'series_uid')[0] : undefined;
    const target = (response.userState as { target?: string } | undefined)?.target;
    return {
      token: toTokenSet(response),
      refresher: response.refresh_token ? this.refresher(response) : null,
      studyUIDs,
      seriesUID,
      target,
      user: response.id_token && typeof response.profile?.sub === 'string' ? response.profile.sub : undefined,
    };
  }

  /** Renewal with the refresh token, held only here; a rotated one replaces it, an absent one keeps it. */
  private refresher(first: SigninResponse): TokenRefresher {
    let held: RefreshState | undefined = {
      refresh_token: first.refresh_token!,
      id_token: first.id_token,
      session_state: first.session_state,
      scope: first.scope,
      profile: first.profile,
    };
    return {
      refresh: async () => {
        if (!held) throw new PermanentRefreshError('The session has ended.');
        try {
          const response = await this.client.useRefreshToken({
            state: held,
            timeoutInSeconds: REFRESH_TIMEOUT_S,
          });
          // A renewal without a string token or a lifetime ahead is a failed attempt (retried with backoff).
          if (!hasLifetime(response))
            throw new Error('KHEOPS renewed the session without an access token or its lifetime.');
          held = {
            ...held,
            refresh_token: response.refresh_token ?? held.refresh_token,
            id_token: response.id_token ?? held.id_token,
            session_state: response.session_state ?? held.session_state,
            scope: response.scope ?? held.scope,
            profile: response.profile ?? held.profile,
          };
          return toTokenSet(response);
        } catch (err) {
          if (
            err instanceof ErrorResponse &&
            (err.error === 'invalid_grant' ||
              err.error === 'invalid_client' ||
              err.error === 'unauthorized_client')
          ) {
            throw new PermanentRefreshError(`KHEOPS refused to renew the session (${err.error}).`);
          }
          throw err;
        }
      },
      revoke: async () => {
        const token = held?.refresh_token;
        held = undefined;
        if (token) await this.client.revokeToken(token, 'refresh_token');
      },
    };
  }
}

/** A string access token whose lifetime is ahead and finite in ms (not `1e308` s, not a number for a token). */
function hasLifetime(r: { access_token?: unknown; expires_at?: number }): boolean {
  const now = Date.now() / 1000;
  return (
    typeof r.access_token === 'string' &&
    r.access_token.length > 0 &&
    typeof r.expires_at === 'number' &&
    r.expires_at > now &&
    Number.isFinite(r.expires_at * 1000)
  );
}

function toTokenSet(r: SigninResponse): TokenSet {
  return { accessToken: r.access_token, expiresAt: (r.expires_at ?? 0) * 1000, scope: r.scope };
}

/** What oidc-client-ts's useRefreshToken reads of the grant being renewed (its RefreshState, not exported). */
type RefreshState = UseRefreshTokenArgs['state'];

/** As UserManager's silentRequestTimeoutInSeconds default. */
const REFRESH_TIMEOUT_S = 10;
