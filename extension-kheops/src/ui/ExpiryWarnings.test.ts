import type { SessionSnapshot } from '../session/Session';
import { ExpiryWarnings, type ExpiryNotice } from './ExpiryWarnings';

const MIN = 60_000;

class FakeSession {
  state: SessionSnapshot;
  private listeners = new Set<(s: SessionSnapshot) => void>();
  constructor(patch: Partial<SessionSnapshot>) {
    this.state = {
      status: 'active',
      expiresAt: 0,
      refreshable: false,
      refreshCount: 0,
      failures: 0,
      ...patch,
    };
  }
  snapshot = () => ({ ...this.state });
  subscribe(l: (s: SessionSnapshot) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  set(patch: Partial<SessionSnapshot>) {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((l) => l(this.snapshot()));
  }
}

describe('ExpiryWarnings', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  const watch = (session: FakeSession) => {
    const shown: ExpiryNotice[] = [];
    const w = new ExpiryWarnings(session, (n) => shown.push(n));
    return { shown, w };
  };

  it('warns 10 and 2 minutes before a session that cannot renew itself ends, and not before', () => {
    const { shown } = watch(new FakeSession({ expiresAt: Date.now() + 60 * MIN }));
    jest.advanceTimersByTime(49 * MIN);
    expect(shown).toHaveLength(0);
    jest.advanceTimersByTime(1 * MIN);
    expect(shown.map((n) => n.message)).toEqual([expect.stringMatching(/ends in 10 minutes/)]);
    jest.advanceTimersByTime(8 * MIN);
    expect(shown).toHaveLength(2);
    expect(shown[1]!.message).toMatch(/ends in 2 minutes.*Save your measurements.*stay on this computer/);
    jest.advanceTimersByTime(10 * MIN);
    expect(shown).toHaveLength(2);
  });

  it('warns at once when launched with less than 10 minutes left', () => {
    const { shown } = watch(new FakeSession({ expiresAt: Date.now() + 5 * MIN }));
    expect(shown.map((n) => n.message)).toEqual([expect.stringMatching(/ends in 5 minutes/)]);
    jest.advanceTimersByTime(3 * MIN);
    expect(shown).toHaveLength(2);
  });

  it('stays silent while silent renewal works, and speaks once when it keeps failing', () => {
    const s = new FakeSession({ refreshable: true, expiresAt: Date.now() + 5 * MIN });
    const { shown } = watch(s);
    jest.advanceTimersByTime(60 * MIN);
    s.set({ failures: 1, lastError: '503' });
    expect(shown).toHaveLength(0);
    s.set({ failures: 2, lastError: '503' });
    s.set({ failures: 3, lastError: '503' });
    expect(shown).toHaveLength(1);
    expect(shown[0]!.type).toBe('warning');
    expect(shown[0]!.message).toMatch(/could not renew the session \(503\); it keeps trying/);
    s.set({ failures: 0 });
    s.set({ failures: 2 });
    expect(shown).toHaveLength(2); // a new episode is worth a new word
  });

  it('says so when KHEOPS refuses to renew', () => {
    const s = new FakeSession({ refreshable: true, expiresAt: Date.now() + 3 * MIN });
    const { shown } = watch(s);
    s.set({ status: 'error', lastError: 'KHEOPS refused to renew the session (invalid_grant).' });
    s.set({ status: 'error' });
    expect(shown).toHaveLength(1);
    expect(shown[0]!.type).toBe('error');
    expect(shown[0]!.message).toMatch(
      /will not renew.*invalid_grant.*Time left on the current token: 3 minutes/,
    );
  });

  it('stops counting down when the session ends or the watch is disposed', () => {
    const s = new FakeSession({ expiresAt: Date.now() + 30 * MIN });
    const { shown, w } = watch(s);
    s.set({ status: 'ended' });
    jest.advanceTimersByTime(30 * MIN);
    expect(shown).toHaveLength(0);
    const again = watch(new FakeSession({ expiresAt: Date.now() + 30 * MIN }));
    again.w.dispose();
    jest.advanceTimersByTime(30 * MIN);
    expect(again.shown).toHaveLength(0);
    w.dispose();
  });
});
