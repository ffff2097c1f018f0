import { DefaultSessionTiming, type SessionTiming } from '../KheopsSettings';

/** When the session renews its token (KheopsSettingsStore.session); every value defaults to DefaultSessionTiming. */
export type SessionSettings = SessionTiming;

export class SessionSettingsStore {
  readonly maxRefreshLeadMs: number;
  readonly refreshLeadFraction: number;
  readonly expirySkewMs: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;

  constructor(s: SessionSettings = {}) {
    const d = DefaultSessionTiming;
    this.maxRefreshLeadMs = s.maxRefreshLeadMs ?? d.maxRefreshLeadMs;
    this.refreshLeadFraction = s.refreshLeadFraction ?? d.refreshLeadFraction;
    this.expirySkewMs = s.expirySkewMs ?? d.expirySkewMs;
    this.backoffMs = s.backoffMs ?? d.backoffMs;
    this.maxBackoffMs = s.maxBackoffMs ?? d.maxBackoffMs;
  }
}
