import { KheopsSettingsStore } from '../KheopsSettings';
import { MemoryLogger } from '../testing/MemoryLogger';
import type { Notice } from '../ui/Notice';
import type { DraftAnnotation, DraftHost } from './DraftKeeper';
import { MemoryDraftStore } from './DraftStore';
import { MemoryOutbox, type Outbox, type OutboxItem } from './Outbox';
import { NotInKheopsError, SaveSafety } from './SaveSafety';
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

function setup(statuses: number[], outbox: Outbox = new MemoryOutbox(), style: 'L1' | 'L3' = 'L3') {
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
    stow,
    { show: (n) => void shown.push(n) },
    new MemoryLogger(),
    outbox,
    drafts,
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
    const { safety, shown, report, outbox } = setup([401], new MemoryOutbox(), 'L1');
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
