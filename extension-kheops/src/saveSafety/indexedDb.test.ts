import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { IndexedDbDraftStore } from './DraftStore';
import { IndexedDbOutbox } from './IndexedDbOutbox';

const bytes = new Uint8Array([0x44, 0x49, 0x43, 0x4d]).buffer;

describe('IndexedDB persistence (what survives a reload)', () => {
  it('outbox: items per scope, oldest first, removed once uploaded', async () => {
    const idb = new IDBFactory();
    const box = new IndexedDbOutbox(idb);
    await box.put({ id: 'b', scope: 'me', studyUID: '1.2', bytes, createdAt: 2 });
    await box.put({ id: 'a', scope: 'me', studyUID: '1.2', bytes, createdAt: 1 });
    await box.put({ id: 'c', scope: 'other', studyUID: '1.2', bytes, createdAt: 0 });
    const again = new IndexedDbOutbox(idb); // a reload: a new object on the same database
    expect((await again.list('me')).map((i) => i.id)).toEqual(['a', 'b']);
    expect(new Uint8Array((await again.list('me'))[0]!.bytes)).toEqual(new Uint8Array(bytes));
    await again.remove('a');
    expect((await again.list('me')).map((i) => i.id)).toEqual(['b']);
    expect((await again.list('other')).map((i) => i.id)).toEqual(['c']);
  });

  it('drafts: saved, restored after a reload, cleared after saving', async () => {
    const idb = new IDBFactory();
    await new IndexedDbDraftStore(idb).save('me|1.2', { measurements: [{ type: 'Length', value: 12.5 }] });
    const after = new IndexedDbDraftStore(idb);
    expect(await after.load('me|1.2')).toEqual({ measurements: [{ type: 'Length', value: 12.5 }] });
    expect(await after.load('me|9.9')).toBeUndefined();
    await after.clear('me|1.2');
    expect(await after.load('me|1.2')).toBeUndefined();
  });

  describe('a full disk, as Chromium reports it: the put succeeds, then its transaction aborts at commit', () => {
    beforeEach(() => {
      const put = IDBObjectStore.prototype.put;
      jest.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
        this: IDBObjectStore,
        ...args
      ) {
        const r = put.apply(this, args);
        const tx = this.transaction;
        r.addEventListener('success', () => {
          Object.defineProperty(tx, 'error', { value: new DOMException('', 'QuotaExceededError') });
          tx.abort();
        });
        return r;
      });
    });
    afterEach(() => jest.restoreAllMocks());

    it('outbox: the put fails with QuotaExceededError and nothing is kept', async () => {
      const box = new IndexedDbOutbox(new IDBFactory());
      await expect(
        box.put({ id: 'a', scope: 'me', studyUID: '1.2', bytes, createdAt: 1 }),
      ).rejects.toMatchObject({
        name: 'QuotaExceededError',
      });
      expect(await box.list('me')).toEqual([]);
    });

    it('drafts: the save fails with QuotaExceededError and nothing is kept', async () => {
      const store = new IndexedDbDraftStore(new IDBFactory());
      await expect(store.save('me|1.2', { measurements: [] })).rejects.toMatchObject({
        name: 'QuotaExceededError',
      });
      expect(await store.load('me|1.2')).toBeUndefined();
    });
  });
});
