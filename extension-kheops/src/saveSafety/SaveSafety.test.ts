import { KheopsSettingsStore } from '../KheopsSettings';
import { MemoryLogger } from '../testing/MemoryLogger';
import type { Notice } from '../ui/Notice';
import type { DraftAnnotation, DraftHost } from './DraftKeeper';
import { MemoryDraftStore } from './DraftStore';
import { MemoryOutbox, type Outbox, type OutboxItem } from './Outbox';
import { NotInKheopsError, SaveSafety } from './SaveSafety';
import type { ReadBack } from './readBack';
import type { StowAnswer } from './SaveQueue';

const STUDY = '1.2.3';
const ENDPOINT = 'https://kheops.example/api';

class FakeSession {
  status = 'active';
  expiresAt = Date.now() + 3_600_000;
  snapshot = () => ({ status: this.status, expiresAt: this.expiresAt });
  subscribe = () => () => undefined;
}

function annotation(uid: string): DraftAnnotation {
  return {
    annotationUID: uid,
    toolName: 'Length',
    studyUID: STUDY,
    seriesUID: '1.2.3.1',
    metadata: {},
    data: { x: 1 },
  };
}

function setup(
  statuses: number[],
  outbox: Outbox = new MemoryOutbox(),
  readBack?: ReadBack,
  style: 'L1' | 'L3' = 'L3',
) {
  const shown: Notice[] = [];
  const sent: OutboxItem[] = [];
  const stow = async (item: OutboxItem): Promise<StowAnswer> => {
    sent.push(item);
    return { status: statuses.shift() ?? 200 };
  };
  const drafts = new MemoryDraftStore();
  const settings = new KheopsSettingsStore({
    trustedOrigins: ['https://kheops.example'],
    save: { retryDelaysMs: [], backgroundRetryMs: 60_000 },
    drafts: { debounceMs: 0 },
  });
  const launch = {
    style,
    endpoint: ENDPOINT,
    user: 'u1',
    context: { studyUIDs: [STUDY] },
    session: new FakeSession() as never,
  };
  const safety = new SaveSafety(
    launch,
    settings,
    { stow, readBack },
    { show: (n) => void shown.push(n) },
    new MemoryLogger(),
    { outbox, drafts },
  );
  const viewer: DraftHost & { shown: DraftAnnotation[] } = {
    shown: [annotation('a')],
    annotations() {
      return this.shown;
    },
    onChange: () => () => undefined,
    canRestore: () => true,
    onSeriesAdded: () => () => undefined,
    restore: () => true,
    notify: () => undefined,
    warn: () => undefined,
  };
  safety.keepDrafts(viewer);
  const forgotten: string[] = [];
  const report = (sop = 'sr-1') => ({
    studyUID: STUDY,
    sopInstanceUID: sop,
    payload: async () => ({ contentType: 'multipart/related', body: new Uint8Array([1]).buffer }),
    forget: (s: string) => void forgotten.push(s),
  });
  return { safety, shown, sent, drafts, report, forgotten, outbox };
}

describe('SaveSafety (what was installSafeStore)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('a report KHEOPS stores: nothing thrown, nothing forgotten, the measurements leave the unsaved set', async () => {
    const { safety, sent, forgotten, report } = setup([200]);
    expect(safety.unsavedStudy()).toBe(STUDY);
    await safety.save(report());
    expect(sent.map((i) => i.id)).toEqual(['sr-1']);
    expect(forgotten).toEqual([]);
    expect(safety.unsavedStudy()).toBeUndefined();
  });

  test('a report kept on this computer: OHIF is told it failed, the SR is taken out of the viewer, the user warned', async () => {
    const { safety, shown, report, forgotten, outbox } = setup([503]);
    await expect(safety.save(report())).rejects.toBeInstanceOf(NotInKheopsError);
    expect(forgotten).toEqual(['sr-1']);
    expect(shown).toEqual([
      expect.objectContaining({
        type: 'warning',
        message: expect.stringMatching(/^Saved on this computer — not yet in KHEOPS/),
      }),
    ]);
    expect((await outbox.list(`${ENDPOINT}|${STUDY}|u1`)).map((i) => i.id)).toEqual(['sr-1']);
    expect(safety.unsavedStudy()).toBeUndefined(); // safe in the outbox: handed over
  });

  test('an L1 viewer link KHEOPS refuses before its assumed expiry (KHEOPS restarted): kept, and the user is told to open the study again', async () => {
    const { safety, shown, report, outbox } = setup([401], new MemoryOutbox(), undefined, 'L1');
    await expect(safety.save(report())).rejects.toBeInstanceOf(NotInKheopsError);
    expect(shown).toEqual([
      expect.objectContaining({
        type: 'warning',
        message: expect.stringMatching(
          /^Saved on this computer — not yet in KHEOPS \(KHEOPS no longer accepts this viewer's link — KHEOPS may have restarted.*open the study again from KHEOPS/,
        ),
      }),
    ]);
    expect(shown[0]!.message).not.toMatch(/registration/);
    expect((await outbox.list(`${ENDPOINT}|${STUDY}|u1`)).map((i) => i.id)).toEqual(['sr-1']);
  });

  test('a report KHEOPS refuses: an error notice, and the measurements stay unsaved', async () => {
    const { safety, shown, report } = setup([409]);
    await expect(safety.save(report())).rejects.toThrow(/does not match the study/);
    expect(shown[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/still open/) });
    expect(safety.unsavedStudy()).toBe(STUDY);
  });

  test('a report neither KHEOPS nor this computer can keep: says so, and the measurements stay open', async () => {
    const full: Outbox = {
      put: async () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      list: async () => [],
      remove: async () => undefined,
    };
    const { safety, shown, report } = setup([503], full);
    await expect(safety.save(report())).rejects.toBeInstanceOf(NotInKheopsError);
    expect(shown[0]).toMatchObject({
      type: 'error',
      message: expect.stringMatching(
        /not in KHEOPS.*storage of this browser is full.*measurements are still open/,
      ),
    });
    expect(safety.unsavedStudy()).toBe(STUDY);
  });

  test('uploads what a previous window left, and says when it is in KHEOPS', async () => {
    const outbox = new MemoryOutbox();
    await outbox.put({
      id: 'old',
      scope: `${ENDPOINT}|${STUDY}|u1`,
      studyUID: STUDY,
      bytes: new Uint8Array([1]).buffer,
      createdAt: 0,
    });
    const { safety, shown, sent } = setup([200], outbox);
    safety.uploadLeftovers();
    await jest.advanceTimersByTimeAsync(10);
    expect(sent.map((i) => i.id)).toEqual(['old']);
    expect(shown.map((n) => n.message)).toEqual([
      '1 report(s) saved on this computer earlier are being uploaded to KHEOPS.',
      'Your report is now saved in KHEOPS.',
    ]);
  });
});

describe('SaveSafety: the state behind the save indicator', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const found: ReadBack = async () => ({ found: true });

  test('unsaved measurements, then saving, then confirmed once KHEOPS lists the report', async () => {
    const looked: string[] = [];
    const { safety, report } = setup([200], undefined, async (r) => (looked.push(r.id), { found: true }));
    expect(safety.state.snapshot()).toMatchObject({ unsaved: true, saving: 0, confirmed: 0 });
    const seen: number[] = [];
    safety.state.subscribe((s) => seen.push(s.saving));
    await safety.save(report());
    await jest.advanceTimersByTimeAsync(10);
    expect(seen).toContain(1);
    expect(looked).toEqual(['sr-1']);
    expect(safety.state.snapshot()).toMatchObject({
      unsaved: false,
      saving: 0,
      confirmed: 1,
      unconfirmed: 0,
    });
  });

  test('a report kept on this computer shows as waiting, then confirmed once the outbox uploaded it', async () => {
    const { safety, report } = setup([503, 200], undefined, found);
    await expect(safety.save(report())).rejects.toBeInstanceOf(NotInKheopsError);
    await jest.advanceTimersByTimeAsync(10);
    expect(safety.state.snapshot()).toMatchObject({ unsaved: false, waiting: 1, confirmed: 0 });
    safety.uploadLeftovers(); // as a relaunch does
    await jest.advanceTimersByTimeAsync(10);
    expect(safety.state.snapshot()).toMatchObject({ waiting: 0, confirmed: 1 });
  });

  test('a stored report the look-up does not find is not called confirmed, and says why', async () => {
    const { safety, report } = setup([200], undefined, async () => ({ found: false, reason: 'not listed' }));
    await safety.save(report());
    await jest.advanceTimersByTimeAsync(10);
    expect(safety.state.snapshot()).toMatchObject({
      confirmed: 0,
      unconfirmed: 1,
      unconfirmedReason: 'not listed',
    });
  });

  test('a refused report counts as refused, and its measurements as unsaved', async () => {
    const { safety, report } = setup([409], undefined, found);
    await expect(safety.save(report())).rejects.toThrow();
    await jest.advanceTimersByTimeAsync(10);
    expect(safety.state.snapshot()).toMatchObject({ unsaved: true, refused: 1, waiting: 0, confirmed: 0 });
  });
});
