/** An access token and what the session needs to know about it. Lives in memory only. */
export interface TokenSet {
  accessToken: string;
  /** Expiry, epoch milliseconds. */
  expiresAt: number;
  scope?: string;
}

/** Gets a new access token without user interaction (refresh-token grant). */
export interface TokenRefresher {
  refresh(): Promise<TokenSet>;
  /** Revoke what can be revoked (refresh token) when the session ends. */
  revoke?(): Promise<void>;
}

/** A refresh failure after which retrying cannot help (e.g. invalid_grant: revoked or reused refresh token). */
export class PermanentRefreshError extends Error {
  override readonly name = 'PermanentRefreshError';
}

/** No valid token can be had without the user: relaunch or re-authenticate. */
export class SessionExpiredError extends Error {
  override readonly name = 'SessionExpiredError';
}
