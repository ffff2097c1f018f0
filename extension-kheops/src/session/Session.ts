import { SessionSettingsStore, type SessionSettings } from './SessionSettings';
import { PermanentRefreshError, SessionExpiredError, type TokenRefresher, type TokenSet } from './TokenSet';

export type SessionStatus = 'active' | 'refreshing' | 'expired' | 'error' | 'ended';

/** What the mode and UI may observe. Never contains a token. */
export interface SessionSnapshot {
  status: SessionStatus;
  /** Expiry of the current access token, epoch ms. */
  expiresAt: number;
  /** Whether the session can renew itself silently. */
  refreshable: boolean;
  refreshCount: number;
  /** Consecutive failed refresh attempts. */
  failures: number;
  /** Next retry after a failure, epoch ms. */
  retryAt?: number;
  lastError?: string;
}

type Listener = (s: SessionSnapshot) => void;

/** Sends one request as given (the window's fetch, or a fake in tests). */
export type Transport = (url: string, init: RequestInit) => Promise<Response>;

/** The one authorized request every token-bearing call goes through (see Session.request). */
export type AuthorizedRequest = (url: string, init?: RequestInit) => Promise<Response>;

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Token lifecycle for one launch: proactive refresh well before expiry, one refresh at a time that every
 * caller awaits, backoff on failure while the current token lasts, and never an expired token handed out.
 */
export class Session {
  private token: TokenSet;
  private readonly settings: SessionSettingsStore;
  private inflight: Promise<TokenSet> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<Listener>();
  private state: SessionSnapshot;
  /** Every access token this session held, so guards can recognise (and keep home) even retired ones. */
  private readonly held = new Set<string>();

  constructor(
    initial: TokenSet,
    private readonly refresher: TokenRefresher | null,
    settings?: SessionSettings,
    private readonly transport: Transport = (url, init) => globalThis.fetch(url, init),
  ) {
    this.token = initial;
    this.held.add(initial.accessToken);
    this.settings = new SessionSettingsStore(settings);
    this.state = {
      status: 'active',
      expiresAt: initial.expiresAt,
      refreshable: !!refresher,
      refreshCount: 0,
      failures: 0,
    };
    this.recheck();
  }

  snapshot(): SessionSnapshot {
    return { ...this.state };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The current token if it is not about to expire; undefined otherwise. Synchronous, for OHIF's header hooks. */
  currentToken(): string | undefined {
    if (this.state.status === 'ended') return undefined;
    return this.isUsable(this.token) ? this.token.accessToken : undefined;
  }

  /** The scope KHEOPS granted the current token, when it said. */
  scope(): string | undefined {
    return this.token.scope;
  }

  /** True when `value` is (or carries, as "Bearer …") a token this session held. */
  isOwnToken(value: string): boolean {
    return this.held.has(value.replace(/^Bearer\s+/i, ''));
  }

  /** A usable token, refreshing first when needed. Rejects with SessionExpiredError when none can be had. */
  async freshToken(): Promise<string> {
    const now = this.currentToken();
    if (now) return now;
    if (!this.refresher || this.state.status === 'error' || this.state.status === 'ended') {
      throw new SessionExpiredError(this.state.lastError ?? 'The KHEOPS session has expired.');
    }
    try {
      const t = await this.refresh();
      return t.accessToken;
    } catch (err) {
      throw new SessionExpiredError(err instanceof Error ? err.message : String(err));
    }
  }

  /**
   * The one way a token leaves this session: a usable token (refreshing first if needed) as the bearer, sent
   * without cookies, Referer or redirects (a redirect would take the URL, with its study UIDs, elsewhere); on a
   * 401, one refresh shared with every other caller and one replay. Resolves to KHEOPS's answer whatever its
   * status; rejects on a network failure, a redirect, or when no token can be had. A body that cannot be sent
   * twice (a stream) is not replayed: the 401 comes back to the caller.
   */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const send = (token: string) => {
      const headers = new Headers(init.headers);
      headers.set('Authorization', `Bearer ${token}`);
      return this.transport(url, {
        ...init,
        headers,
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        redirect: 'error',
      });
    };
    const sentWith = await this.freshToken();
    const first = await send(sentWith);
    if (first.status !== 401 || !this.refresher || !isReplayable(init.body)) return first;
    // Another caller may have renewed already: replay with that token rather than renewing twice.
    const current = this.currentToken();
    const renewed =
      current && current !== sentWith
        ? current
        : await this.refresh().then(
            (t) => t.accessToken,
            () => undefined,
          );
    return renewed ? send(renewed) : first;
  }

  /** Refresh now. Concurrent callers share one request. */
  refresh(): Promise<TokenSet> {
    if (!this.refresher)
      return Promise.reject(new SessionExpiredError('This launch cannot renew its token.'));
    if (this.state.status === 'ended')
      return Promise.reject(new SessionExpiredError('The session has ended.'));
    // After invalid_grant (a revoked or reused refresh token) asking again cannot help: never ask again.
    if (this.state.status === 'error')
      return Promise.reject(
        new SessionExpiredError(this.state.lastError ?? 'The session cannot be renewed.'),
      );
    if (!this.inflight) {
      this.clearTimer();
      this.update({ status: 'refreshing' });
      this.inflight = this.refresher
        .refresh()
        .then((t) => {
          // A renewal that is already within the expiry skew would be renewed at once, forever: a failed attempt.
          if (!this.isUsable(t))
            throw new Error('KHEOPS renewed the session with a token that is about to expire.');
          this.replaceToken(t);
          this.update({
            refreshCount: this.state.refreshCount + 1,
            failures: 0,
            retryAt: undefined,
            lastError: undefined,
          });
          return t;
        })
        .catch((err: unknown) => {
          this.onRefreshFailed(err);
          throw err;
        })
        .finally(() => {
          this.inflight = null;
        });
    }
    return this.inflight;
  }

  /** Accept a token obtained another way (popup re-authentication, relaunch of the same study). */
  replaceToken(t: TokenSet): void {
    this.token = t;
    this.held.add(t.accessToken);
    this.update({
      status: 'active',
      expiresAt: t.expiresAt,
      failures: 0,
      retryAt: undefined,
      lastError: undefined,
    });
    this.schedule();
  }

  /** Re-evaluate after the clock may have jumped (tab hidden, machine asleep, back online). */
  recheck(): void {
    if (this.state.status === 'ended' || this.inflight) return;
    if (!this.isUsable(this.token) && this.state.status === 'active') this.update({ status: 'expired' });
    this.schedule();
  }

  async end(): Promise<void> {
    this.clearTimer();
    this.update({ status: 'ended' });
    await this.refresher?.revoke?.().catch(() => undefined);
  }

  private isUsable(t: TokenSet): boolean {
    return t.expiresAt - Date.now() > this.settings.expirySkewMs;
  }

  private schedule(): void {
    this.clearTimer();
    if (!this.refresher || this.state.status === 'error' || this.state.status === 'ended') return;
    const now = Date.now();
    let at: number;
    if (this.state.retryAt) {
      at = this.state.retryAt;
    } else {
      const lifetime = Math.max(0, this.token.expiresAt - now);
      const lead = Math.min(this.settings.maxRefreshLeadMs, lifetime * this.settings.refreshLeadFraction);
      at = this.token.expiresAt - Math.max(lead, this.settings.expirySkewMs);
    }
    // Browsers fire a timeout over 2^31-1 ms (about 24.8 days) at once: wait in steps; NaN waits for nothing.
    const wait = at - now > 0 ? at - now : 0;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        if (wait > MAX_TIMEOUT_MS) this.schedule();
        else this.refresh().catch(() => undefined);
      },
      Math.min(wait, MAX_TIMEOUT_MS),
    );
  }

  private onRefreshFailed(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof PermanentRefreshError) {
      this.update({
        status: 'error',
        lastError: message,
        failures: this.state.failures + 1,
        retryAt: undefined,
      });
      return;
    }
    const failures = this.state.failures + 1;
    const delay = Math.min(this.settings.maxBackoffMs, this.settings.backoffMs * 2 ** (failures - 1));
    const status: SessionStatus = this.isUsable(this.token) ? 'active' : 'expired';
    this.update({ status, failures, lastError: message, retryAt: Date.now() + delay });
    this.schedule();
  }

  private update(patch: Partial<SessionSnapshot>): void {
    this.state = { ...this.state, ...patch };
    const snap = this.snapshot();
    this.listeners.forEach((l) => l(snap));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function isReplayable(body: RequestInit['body']): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    (typeof Blob !== 'undefined' && body instanceof Blob) ||
    (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams)
  );
}
