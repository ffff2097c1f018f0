import { SessionExpiredError } from '../session/TokenSet';
import { PageItemLocks } from './ItemLocks';
import { MemoryOutbox, type Outbox, type OutboxItem } from './Outbox';
import { SaveQueue, type SaveSession, type StowAnswer } from './SaveQueue';

const STUDY = '1.2.3';
const bytes = () => new Uint8Array([1, 2, 3]).buffer;
const report = (id: string) => ({ id, studyUID: STUDY, seriesUID: `${STUDY}.9`, bytes: bytes() });

class FakeSession implements SaveSession {
  status = 'active';
  expiresAt: number | undefined;
  private listeners = new Set<(s: { status: string }) => void>();
  snapshot() {
    return { status: this.status, expiresAt: this.expiresAt };
  }
  subscribe(l: (s: { status: string }) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  set(status: string) {
    this.status = status;
    this.listeners.forEach((l) => l({ status }));
  }
}

/**
 * A STOW endpoint answering from a script, then 200. With a session, it behaves as Session.request does when no
 * token can be had: nothing is sent, SessionExpiredError.
 */
function scripted(...answers: Array<number | 'network'>) {
  const calls: number[] = [];
  let session: FakeSession | undefined;
  const stow = async (): Promise<StowAnswer> => {
    if (session && session.status !== 'active') throw new SessionExpiredError('expired');
    const next = answers.shift() ?? 200;
    calls.push(typeof next === 'number' ? next : 0);
    if (next === 'network') throw new Error('Failed to fetch');
    const detail = { 409: 'PatientID differs', 202: '1.2.3.99: Referenced SOP Instance not found' }[
      next as number
    ];
    return { status: next as number, detail };
  };
  return { stow, calls, through: (s: FakeSession) => (session = s) };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

async function run<T>(p: Promise<T>, ms = 60_000): Promise<T> {
  await jest.advanceTimersByTimeAsync(ms);
  return p;
}

describe('SaveQueue', () => {
  it('stores on the first try and leaves nothing behind', async () => {
    const outbox = new MemoryOutbox();
    const { stow, calls } = scripted(200);
    const q = new SaveQueue('s', outbox, stow, new FakeSession());
    expect(await run(q.save(report('sr1')))).toEqual({ state: 'stored' });
    expect(calls).toEqual([200]);
    expect(outbox.items.size).toBe(0);
  });

  it('rides out the next 3 STOW failures with 5xx', async () => {
    const { stow, calls } = scripted(503, 502, 500);
    const q = new SaveQueue('s', new MemoryOutbox(), stow, new FakeSession());
    expect(await run(q.save(report('sr1')))).toEqual({ state: 'stored' });
    expect(calls).toEqual([503, 502, 500, 200]);
  });

  it.each([
    [409, /does not match the study.*PatientID differs/],
    [202, /^KHEOPS stored only part of the report — 1\.2\.3\.99: Referenced SOP Instance not found$/],
    [403, /no write permission \(read-only launch\)/],
  ])('keeps a report KHEOPS refuses with %i locally, says why, and never retries it', async (status, why) => {
    const outbox = new MemoryOutbox();
    const { stow, calls } = scripted(status);
    const q = new SaveQueue('s', outbox, stow, new FakeSession());
    const outcome = await run(q.save(report('sr1')));
    expect(outcome).toEqual({ state: 'refused', reason: expect.stringMatching(why) });
    expect(outbox.items.get('sr1')).toMatchObject({ refused: true });
    await run(q.flush(), 120_000);
    expect(calls).toEqual([status]);
  });

  it('keeps the SR locally when the session has expired, and uploads it once the session is back', async () => {
    const session = new FakeSession();
    session.status = 'expired';
    const outbox = new MemoryOutbox();
    const { stow, calls, through } = scripted();
    through(session);
    const q = new SaveQueue('s', outbox, stow, session);
    const outcome = await run(q.save(report('sr1')));
    expect(outcome).toEqual({ state: 'kept-locally', reason: expect.stringMatching(/session has expired/) });
    expect(calls).toEqual([]);
    expect(outbox.items.has('sr1')).toBe(true);
    session.set('active'); // refresh succeeded, popup re-authentication, or a relaunch
    await jest.advanceTimersByTimeAsync(10);
    expect(calls).toEqual([200]);
    expect(outbox.items.size).toBe(0);
  });

  it('keeps trying in the background while KHEOPS is down, then uploads', async () => {
    const outbox = new MemoryOutbox();
    const { stow, calls } = scripted('network', 'network', 'network', 'network', 503, 503);
    const q = new SaveQueue('s', outbox, stow, new FakeSession(), { backgroundRetryMs: 15_000 });
    const seen: number[] = [];
    q.onPendingChange((p) => seen.push(p.length));
    expect((await run(q.save(report('sr1')), 8_000)).state).toBe('kept-locally');
    await jest.advanceTimersByTimeAsync(45_000);
    expect(calls).toEqual([0, 0, 0, 0, 503, 503, 200]);
    expect(outbox.items.size).toBe(0);
    expect(seen[0]).toBe(1);
    expect(seen[seen.length - 1]).toBe(0);
  });

  it('keeps the SR after a 401 the session could not cure, until re-authentication', async () => {
    const session = new FakeSession();
    const outbox = new MemoryOutbox();
    const { stow: scriptedStow, calls, through } = scripted(401);
    through(session);
    // Session.request tried to renew after the 401 and KHEOPS said invalid_grant: the session is in error.
    const stow = async () => {
      const answer = await scriptedStow();
      if (answer.status === 401) session.set('error');
      return answer;
    };
    const q = new SaveQueue('s', outbox, stow, session);
    expect((await run(q.save(report('sr1')))).state).toBe('kept-locally');
    expect(calls).toEqual([401]); // no hammering while nobody can get a token
    expect(outbox.items.has('sr1')).toBe(true);
    session.set('active'); // re-authenticated (popup) or relaunched
    await jest.advanceTimersByTimeAsync(10);
    expect(calls).toEqual([401, 200]);
    expect(outbox.items.size).toBe(0);
  });

  it('tells a 401 before expiry apart from an expired session, and uploads by itself once KHEOPS accepts it', async () => {
    const session = new FakeSession();
    // L2: no refresh token, so Session.request hands the 401 back as it came
    session.expiresAt = Date.now() + 3_600_000;
    const outbox = new MemoryOutbox();
    const { stow, calls } = scripted(401, 401);
    const q = new SaveQueue('s', outbox, stow, session, { backgroundRetryMs: 15_000 });
    const outcome = await run(q.save(report('sr1')), 10);
    expect(outcome).toEqual({
      state: 'kept-locally',
      reason: expect.stringMatching(/has not expired.*registration/),
    });
    await jest.advanceTimersByTimeAsync(15_000);
    expect(calls).toEqual([401, 401]);
    await jest.advanceTimersByTimeAsync(15_000);
    expect(calls).toEqual([401, 401, 200]);
    expect(outbox.items.size).toBe(0);
  });

  it('tells who listens about each report KHEOPS stored, by a save or by a flush, and only those', async () => {
    const session = new FakeSession();
    const { stow, through } = scripted(200);
    through(session);
    const q = new SaveQueue('s', new MemoryOutbox(), stow, session);
    const stored: string[] = [];
    q.onStored((item) => stored.push(`${item.id} in ${item.seriesUID}`));
    await run(q.save(report('sr1')));
    session.set('expired');
    await run(q.save(report('sr2')));
    expect(stored).toEqual([`sr1 in ${STUDY}.9`]);
    session.set('active');
    await jest.advanceTimersByTimeAsync(10);
    expect(stored).toEqual([`sr1 in ${STUDY}.9`, `sr2 in ${STUDY}.9`]);
  });

  it('only flushes its own scope (another user or study never picks an SR up)', async () => {
    const outbox = new MemoryOutbox();
    await outbox.put({ id: 'other', scope: 'someone-else', studyUID: STUDY, bytes: bytes(), createdAt: 0 });
    const { stow, calls } = scripted();
    const q = new SaveQueue('mine', outbox, stow, new FakeSession());
    await run(q.flush());
    expect(calls).toEqual([]);
    expect(outbox.items.has('other')).toBe(true);
  });

  it('a flush when the outbox cannot be read resolves (nothing to upload), so a refresh never raises an error', async () => {
    const unreadable: Outbox = {
      put: async () => undefined,
      list: async () => {
        throw new DOMException('denied', 'SecurityError');
      },
      remove: async () => undefined,
    };
    const session = new FakeSession();
    const { stow, calls } = scripted();
    const q = new SaveQueue('s', unreadable, stow, session);
    await expect(run(q.flush())).resolves.toBeUndefined();
    expect(calls).toEqual([]);
  });

  it.each([
    ['QuotaExceededError', /storage of this browser is full/],
    ['InvalidStateError', /private window/],
  ])('says so when the outbox cannot keep a report (%s) and KHEOPS does not take it', async (name, why) => {
    const { stow } = scripted(503, 503, 503, 503);
    const q = new SaveQueue('s', new FailingOutbox(name), stow, new FakeSession());
    const outcome = await run(q.save(report('sr1')));
    expect(outcome).toEqual({ state: 'not-kept', reason: expect.stringMatching(why) });
    expect(outcome.state === 'not-kept' && outcome.reason).toMatch(/not available \(HTTP 503\)/);
  });

  it('a refused report that the outbox cannot keep is not kept either', async () => {
    const { stow } = scripted(409);
    const q = new SaveQueue('s', new FailingOutbox('QuotaExceededError'), stow, new FakeSession());
    expect((await run(q.save(report('sr1')))).state).toBe('not-kept');
  });

  it('a full outbox does not stop a report KHEOPS takes at once', async () => {
    const { stow } = scripted(200);
    const q = new SaveQueue('s', new FailingOutbox('QuotaExceededError'), stow, new FakeSession());
    expect(await run(q.save(report('sr1')))).toEqual({ state: 'stored' });
  });
});

describe('SaveQueue in two windows of the same study (one outbox, locks shared across windows)', () => {
  /** A STOW that takes a second, as over a slow network: long enough for the other window to act meanwhile. */
  function slowStow() {
    const sent: string[] = [];
    const stow = async (item: OutboxItem): Promise<StowAnswer> => {
      sent.push(item.id);
      await new Promise((r) => setTimeout(r, 1_000));
      return { status: 200 };
    };
    return { stow, sent };
  }
  const waiting = (id: string): OutboxItem => ({
    id,
    scope: 's',
    studyUID: STUDY,
    bytes: bytes(),
    createdAt: 0,
  });

  it('uploads a waiting report once when both windows flush at the same time', async () => {
    const outbox = new MemoryOutbox();
    await outbox.put(waiting('sr1'));
    const { stow, sent } = slowStow();
    const locks = new PageItemLocks();
    const a = new SaveQueue('s', outbox, stow, new FakeSession(), undefined, undefined, locks);
    const b = new SaveQueue('s', outbox, stow, new FakeSession(), undefined, undefined, locks);
    await run(Promise.all([a.flush(), b.flush()]));
    expect(sent).toEqual(['sr1']);
    expect(outbox.items.size).toBe(0);
  });

  it('without a shared lock the same report would be uploaded twice (why the lock is there)', async () => {
    const outbox = new MemoryOutbox();
    await outbox.put(waiting('sr1'));
    const { stow, sent } = slowStow();
    const a = new SaveQueue('s', outbox, stow, new FakeSession(), undefined, undefined, new PageItemLocks());
    const b = new SaveQueue('s', outbox, stow, new FakeSession(), undefined, undefined, new PageItemLocks());
    await run(Promise.all([a.flush(), b.flush()]));
    expect(sent).toEqual(['sr1', 'sr1']);
  });

  it("does not send a report that the other window's save is uploading right now", async () => {
    const outbox = new MemoryOutbox();
    const { stow, sent } = slowStow();
    const locks = new PageItemLocks();
    const a = new SaveQueue('s', outbox, stow, new FakeSession(), undefined, undefined, locks);
    const b = new SaveQueue('s', outbox, stow, new FakeSession(), undefined, undefined, locks);
    const saving = a.save(report('sr1'));
    await jest.advanceTimersByTimeAsync(10); // in the outbox, its STOW under way
    expect(outbox.items.has('sr1')).toBe(true);
    await run(b.flush(), 10);
    expect(await run(saving)).toEqual({ state: 'stored' });
    expect(sent).toEqual(['sr1']);
  });

  it('the window that finds a report still waiting after the other gave up uploads it', async () => {
    const outbox = new MemoryOutbox();
    await outbox.put(waiting('sr1'));
    const locks = new PageItemLocks();
    const down = scripted('network');
    const up = scripted(200);
    const a = new SaveQueue('s', outbox, down.stow, new FakeSession(), undefined, undefined, locks);
    const b = new SaveQueue('s', outbox, up.stow, new FakeSession(), undefined, undefined, locks);
    await run(a.flush(), 10);
    expect(outbox.items.get('sr1')).toMatchObject({ reason: expect.stringMatching(/could not be reached/) });
    await run(b.flush(), 10);
    expect(up.calls).toEqual([200]);
    expect(outbox.items.size).toBe(0);
    a.dispose();
  });
});

class FailingOutbox implements Outbox {
  constructor(private readonly name: string) {}
  async put(_item: OutboxItem): Promise<void> {
    throw new DOMException('no room', this.name);
  }
  async list(): Promise<OutboxItem[]> {
    return [];
  }
  async remove(): Promise<void> {}
}
