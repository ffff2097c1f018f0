export interface SessionSettings {
  /** Refresh this long before expiry at most. Default 60 s. */
  maxRefreshLeadMs?: number;
  /** ...and at least a third of the token lifetime before expiry (short tokens). */
  refreshLeadFraction?: number;
  /** A token with less than this left is treated as expired, so a request never leaves with one. Default 5 s. */
  expirySkewMs?: number;
  /** First retry delay after a failed refresh; doubles up to maxBackoffMs. Default 1 s. */
  backoffMs?: number;
  /** Default 30 s. */
  maxBackoffMs?: number;
}

export class SessionSettingsStore {
  readonly maxRefreshLeadMs: number;
  readonly refreshLeadFraction: number;
  readonly expirySkewMs: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;

  constructor(s: SessionSettings = {}) {
    this.maxRefreshLeadMs = s.maxRefreshLeadMs ?? 60_000;
    this.refreshLeadFraction = s.refreshLeadFraction ?? 1 / 3;
    this.expirySkewMs = s.expirySkewMs ?? 5_000;
    this.backoffMs = s.backoffMs ?? 1_000;
    this.maxBackoffMs = s.maxBackoffMs ?? 30_000;
  }
}
