import { Session } from './Session';
import { PermanentRefreshError, SessionExpiredError, type TokenRefresher, type TokenSet } from './TokenSet';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

function tokenFor(seconds: number, name = 't'): TokenSet {
  return { accessToken: `${name}-${Date.now()}`, expiresAt: Date.now() + seconds * 1000 };
}

class FakeRefresher implements TokenRefresher {
  calls = 0;
  failWith: Error | null = null;
  constructor(
    private readonly ttl: number,
    private readonly latencyMs = 100,
  ) {}
  async refresh(): Promise<TokenSet> {
    this.calls += 1;
    await new Promise((r) => setTimeout(r, this.latencyMs));
    if (this.failWith) throw this.failWith;
    return tokenFor(this.ttl, `r${this.calls}`);
  }
}

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('Session', () => {
  it('refreshes a 300 s token 60 s before it expires, and again for the next one', async () => {
    const refresher = new FakeRefresher(300);
    const s = new Session(tokenFor(300), refresher);
    await jest.advanceTimersByTimeAsync(239_000);
    expect(refresher.calls).toBe(0);
    await jest.advanceTimersByTimeAsync(1_100);
    expect(refresher.calls).toBe(1);
    expect(s.snapshot()).toMatchObject({ status: 'active', refreshCount: 1 });
    await jest.advanceTimersByTimeAsync(240_000);
    expect(refresher.calls).toBe(2);
  });

  it('refreshes a 20 s token a third of its life before expiry, so at least 5 refreshes happen in 2 minutes', async () => {
    const refresher = new FakeRefresher(20);
    const s = new Session(tokenFor(20), refresher);
    await jest.advanceTimersByTimeAsync(120_000);
    expect(refresher.calls).toBeGreaterThanOrEqual(8);
    expect(s.currentToken()).toMatch(/^r\d+-/);
  });

  it('single-flight: concurrent callers share one refresh request', async () => {
    const refresher = new FakeRefresher(300, 500);
    const s = new Session(tokenFor(2), refresher);
    const tokens = Promise.all([s.freshToken(), s.freshToken(), s.refresh().then((t) => t.accessToken)]);
    await jest.advanceTimersByTimeAsync(600);
    const [a, b, c] = await tokens;
    expect(refresher.calls).toBe(1);
    expect(new Set([a, b, c]).size).toBe(1);
  });

  it('never hands out a token within the expiry skew', async () => {
    const s = new Session(tokenFor(10), null);
    expect(s.currentToken()).toBeDefined();
    await jest.advanceTimersByTimeAsync(5_500);
    expect(s.currentToken()).toBeUndefined();
    await expect(s.freshToken()).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it('backs off on transient failures while the token is valid, then recovers', async () => {
    const refresher = new FakeRefresher(300, 10);
    refresher.failWith = new Error('token endpoint down');
    const s = new Session(tokenFor(300), refresher);
    await jest.advanceTimersByTimeAsync(240_020);
    expect(s.snapshot()).toMatchObject({ status: 'active', failures: 1 });
    await jest.advanceTimersByTimeAsync(1_020);
    expect(s.snapshot().failures).toBe(2);
    await jest.advanceTimersByTimeAsync(2_020);
    expect(s.snapshot().failures).toBe(3);
    await jest.advanceTimersByTimeAsync(4_020);
    expect(refresher.calls).toBe(4);
    refresher.failWith = null;
    await jest.advanceTimersByTimeAsync(8_020);
    expect(s.snapshot()).toMatchObject({ status: 'active', failures: 0, refreshCount: 1 });
  });

  it('keeps retrying after expiry and reports "expired" meanwhile', async () => {
    const refresher = new FakeRefresher(300, 10);
    refresher.failWith = new Error('down');
    const s = new Session(tokenFor(30), refresher);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(s.snapshot().status).toBe('expired');
    expect(s.currentToken()).toBeUndefined();
    refresher.failWith = null;
    await jest.advanceTimersByTimeAsync(31_000);
    expect(s.snapshot().status).toBe('active');
    expect(s.currentToken()).toBeDefined();
  });

  it('stops on a permanent failure (revoked refresh token) and says so', async () => {
    const refresher = new FakeRefresher(300, 10);
    refresher.failWith = new PermanentRefreshError('invalid_grant');
    const s = new Session(tokenFor(30), refresher);
    const seen: string[] = [];
    s.subscribe((snap) => seen.push(snap.status));
    await jest.advanceTimersByTimeAsync(120_000);
    expect(refresher.calls).toBe(1);
    expect(s.snapshot()).toMatchObject({ status: 'error', lastError: 'invalid_grant' });
    expect(seen).toEqual(['refreshing', 'error']);
    await expect(s.freshToken()).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it('accepts a token obtained by re-authentication after an error', async () => {
    const refresher = new FakeRefresher(300, 10);
    refresher.failWith = new PermanentRefreshError('invalid_grant');
    const s = new Session(tokenFor(1), refresher);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(s.snapshot().status).toBe('error');
    s.replaceToken(tokenFor(300, 'popup'));
    expect(s.currentToken()).toMatch(/^popup-/);
    expect(s.snapshot().status).toBe('active');
  });

  it('without refresh: exposes the expiry and never schedules a request', async () => {
    const s = new Session(tokenFor(3600), null);
    expect(s.snapshot()).toMatchObject({ refreshable: false, expiresAt: T0 + 3_600_000 });
    await jest.advanceTimersByTimeAsync(3_600_000);
    expect(s.currentToken()).toBeUndefined();
  });

  it('end() revokes and stops handing out tokens', async () => {
    const refresher = new FakeRefresher(300);
    const revoke = jest.fn(async () => undefined);
    const s = new Session(tokenFor(300), Object.assign(refresher, { revoke }));
    await s.end();
    expect(revoke).toHaveBeenCalledTimes(1);
    expect(s.currentToken()).toBeUndefined();
    await jest.advanceTimersByTimeAsync(600_000);
    expect(refresher.calls).toBe(0);
  });
});

describe('Session: hostile lifetimes (found by the fuzzer)', () => {
  it('a lifetime over 2^31-1 ms (30 days) waits in steps instead of refreshing at once', async () => {
    const timeout = jest.spyOn(globalThis, 'setTimeout');
    const refresher = new FakeRefresher(300);
    new Session(tokenFor(30 * 86_400), refresher);
    for (const [, delay] of timeout.mock.calls) expect(delay).toBeLessThanOrEqual(2 ** 31 - 1);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(refresher.calls).toBe(0);
  });

  it('a renewal that is already about to expire is a failed attempt (backoff), not a refresh storm', async () => {
    const refresher = new FakeRefresher(3, 0);
    const s = new Session(tokenFor(30), refresher);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(refresher.calls).toBeLessThan(20);
    expect(s.snapshot().failures).toBeGreaterThan(0);
  });
});
