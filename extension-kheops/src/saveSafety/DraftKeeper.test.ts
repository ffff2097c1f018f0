import { DraftKeeper, type Draft, type DraftAnnotation, type DraftHost } from './DraftKeeper';
import { MemoryDraftStore } from './DraftStore';

const STUDY = '1.2.3';
const OTHER = '1.2.9';
const scopeFor = (s: string) => `https://kheops.test/api|${s}|user-1`;

function annotation(uid: string, series = '1.2.3.1', study = STUDY, x = 1): DraftAnnotation {
  return {
    annotationUID: uid,
    toolName: 'Length',
    studyUID: study,
    seriesUID: series,
    metadata: { referencedImageId: `wadors:https://kheops.test/api/studies/${study}/series/${series}/1` },
    data: { handles: { points: [[x, 2, 3]] }, cachedStats: { length: x } },
  };
}

class FakeViewer implements DraftHost {
  shown: DraftAnnotation[] = [];
  loadedSeries = new Set<string>(['1.2.3.1']);
  messages: string[] = [];
  private change = new Set<() => void>();
  private series = new Set<() => void>();

  annotations = () => this.shown.map((a) => structuredClone(a));
  onChange(l: () => void) {
    this.change.add(l);
    return () => this.change.delete(l);
  }
  canRestore = (s: string) => this.loadedSeries.has(s);
  onSeriesAdded(l: () => void) {
    this.series.add(l);
    return () => this.series.delete(l);
  }
  restore(a: DraftAnnotation) {
    this.draw(a);
    return true;
  }
  notify = (m: string) => void this.messages.push(m);
  warnings: string[] = [];
  warn = (m: string) => void this.warnings.push(m);

  draw(a: DraftAnnotation) {
    this.shown = [...this.shown.filter((s) => s.annotationUID !== a.annotationUID), a];
    this.change.forEach((l) => l());
  }
  erase(uid: string) {
    this.shown = this.shown.filter((s) => s.annotationUID !== uid);
    this.change.forEach((l) => l());
  }
  loadSeries(s: string) {
    this.loadedSeries.add(s);
    this.series.forEach((l) => l());
  }
}

async function keeper(store: MemoryDraftStore, viewer: FakeViewer, studies = [STUDY]) {
  const k = new DraftKeeper(store, scopeFor, studies, viewer, { debounceMs: 0 });
  await k.start();
  return k;
}
const stored = (store: MemoryDraftStore, study = STUDY) =>
  (store.drafts.get(scopeFor(study)) as Draft | undefined)?.annotations.map((a) => a.annotationUID) ?? [];

describe('DraftKeeper', () => {
  it('keeps what is drawn and gives it back to the next window on the same study', async () => {
    const store = new MemoryDraftStore();
    const first = new FakeViewer();
    const k1 = await keeper(store, first);
    first.draw(annotation('a'));
    first.draw(annotation('b'));
    await k1.flush();
    expect(stored(store)).toEqual(['a', 'b']);

    const second = new FakeViewer();
    await keeper(store, second);
    expect(second.shown.map((a) => a.annotationUID)).toEqual(['a', 'b']);
    expect(second.shown[0]).toEqual(annotation('a'));
    expect(second.messages).toEqual([
      '2 measurements not yet saved to KHEOPS were restored from this computer.',
    ]);
  });

  it('keeps the latest edit and forgets an erased annotation', async () => {
    const store = new MemoryDraftStore();
    const v = new FakeViewer();
    const k = await keeper(store, v);
    v.draw(annotation('a', undefined, undefined, 1));
    v.draw(annotation('a', undefined, undefined, 7));
    v.draw(annotation('b'));
    v.erase('b');
    await k.flush();
    const draft = store.drafts.get(scopeFor(STUDY)) as Draft;
    expect(draft.annotations).toEqual([annotation('a', undefined, undefined, 7)]);
    v.erase('a');
    await k.flush();
    expect(store.drafts.has(scopeFor(STUDY))).toBe(false);
  });

  it('waits for a series to load before giving its annotations back, and keeps them meanwhile', async () => {
    const store = new MemoryDraftStore();
    const v1 = new FakeViewer();
    const k1 = await keeper(store, v1);
    v1.loadSeries('1.2.3.2');
    v1.draw(annotation('late', '1.2.3.2'));
    await k1.flush();

    const v2 = new FakeViewer();
    const k2 = await keeper(store, v2);
    expect(v2.shown).toEqual([]);
    v2.draw(annotation('new'));
    await k2.flush();
    expect(stored(store).sort()).toEqual(['late', 'new']); // nothing dropped while its series loads
    v2.loadSeries('1.2.3.2');
    expect(v2.shown.map((a) => a.annotationUID).sort()).toEqual(['late', 'new']);
  });

  it('drops a study draft once its annotations went to the save queue, until they change again', async () => {
    const store = new MemoryDraftStore();
    const v = new FakeViewer();
    const k = await keeper(store, v);
    v.draw(annotation('a'));
    await k.flush();
    expect(k.unsavedStudy()).toBe(STUDY);
    const handedOver = k.beginSave(STUDY);
    v.draw(annotation('during')); // drawn while the upload is still retrying: not in that SR
    await handedOver();
    expect(stored(store)).toEqual(['during']);
    v.erase('during');
    await k.flush();
    expect(store.drafts.has(scopeFor(STUDY))).toBe(false);
    expect(k.unsavedStudy()).toBeUndefined();
    v.draw(annotation('b'));
    await k.flush();
    expect(stored(store)).toEqual(['b']);
    v.draw(annotation('a', undefined, undefined, 5)); // edited after saving: unsaved again
    await k.flush();
    expect(stored(store).sort()).toEqual(['a', 'b']);
  });

  it('does not count statistics recomputed by another viewport as an edit', async () => {
    const store = new MemoryDraftStore();
    const v = new FakeViewer();
    const k = await keeper(store, v);
    v.draw(annotation('a'));
    await k.beginSave(STUDY)();
    v.draw({ ...annotation('a'), data: { ...annotation('a').data, cachedStats: { length: 1, volume: 9 } } });
    await k.flush();
    expect(k.unsavedStudy()).toBeUndefined();
    expect(store.drafts.has(scopeFor(STUDY))).toBe(false);
  });

  it('keeps studies apart: a draft goes back only to its own study', async () => {
    const store = new MemoryDraftStore();
    const v = new FakeViewer();
    v.loadedSeries.add('1.2.9.1');
    const k = await keeper(store, v, [STUDY, OTHER]);
    v.draw(annotation('a'));
    v.draw(annotation('x', '1.2.9.1', OTHER));
    await k.flush();
    expect(stored(store)).toEqual(['a']);
    expect(stored(store, OTHER)).toEqual(['x']);

    const onlyOther = new FakeViewer();
    onlyOther.loadedSeries.add('1.2.9.1');
    await keeper(store, onlyOther, [OTHER]);
    expect(onlyOther.shown.map((a) => a.annotationUID)).toEqual(['x']);
  });

  it('does not give back an annotation twice, nor one the viewer refuses, and keeps the refused one', async () => {
    const store = new MemoryDraftStore();
    await store.save(scopeFor(STUDY), {
      version: 1,
      savedAt: 1,
      annotations: [annotation('a'), annotation('bad')],
    } satisfies Draft);
    const v = new FakeViewer();
    v.restore = (a) => {
      if (a.annotationUID === 'bad') return false;
      v.draw(a);
      return true;
    };
    const k = await keeper(store, v);
    v.loadSeries('1.2.3.1');
    expect(v.shown.map((a) => a.annotationUID)).toEqual(['a']);
    await k.flush();
    expect(stored(store).sort()).toEqual(['a', 'bad']);
  });

  it('survives a store that cannot be read', async () => {
    const store = new MemoryDraftStore();
    store.load = () => Promise.reject(new Error('IndexedDB blocked'));
    const v = new FakeViewer();
    const k = await keeper(store, v);
    v.draw(annotation('a'));
    await k.flush();
    expect(stored(store)).toEqual(['a']);
  });

  it.each([
    ['QuotaExceededError', 'the storage of this browser is full'],
    ['InvalidStateError', 'this browser does not allow it here (private window?)'],
  ])(
    'says once that measurements cannot be kept on this computer when a draft write fails (%s)',
    async (name, why) => {
      const store = new MemoryDraftStore();
      store.save = async () => {
        throw new DOMException('no', name);
      };
      const v = new FakeViewer();
      const k = await keeper(store, v);
      v.draw(annotation('a'));
      await k.flush();
      v.draw(annotation('b'));
      await k.flush();
      expect(v.warnings).toEqual([
        `Measurements cannot be kept on this computer: ${why}. Save them to KHEOPS before closing this window.`,
      ]);
    },
  );

  it('says so when IndexedDB is not there at all (the drafts cannot even be read)', async () => {
    const store = new MemoryDraftStore();
    store.load = async () => {
      throw new ReferenceError('indexedDB is not defined');
    };
    const v = new FakeViewer();
    await keeper(store, v);
    expect(v.warnings).toEqual([
      'Measurements cannot be kept on this computer: this browser offers no local storage (IndexedDB). Save them to KHEOPS before closing this window.',
    ]);
  });
});
