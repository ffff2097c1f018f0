// One IndexedDB database for what must survive a reload or a crash: the SR outbox and measurement drafts.
// Never a token.
const DB = 'kheops-ohif';
export const OUTBOX_STORE = 'sr-outbox';
export const DRAFT_STORE = 'drafts';

export function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

const opened = new WeakMap<IDBFactory, Promise<IDBDatabase>>();

export function openDb(idb: IDBFactory | undefined): Promise<IDBDatabase> {
  if (!idb) return Promise.reject(new ReferenceError('IndexedDB is not available'));
  let db = opened.get(idb);
  if (!db) {
    db = new Promise((resolve, reject) => {
      const r = idb.open(DB, 1);
      r.onupgradeneeded = () => {
        r.result.createObjectStore(OUTBOX_STORE, { keyPath: 'id' }).createIndex('scope', 'scope');
        r.result.createObjectStore(DRAFT_STORE);
      };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    opened.set(idb, db);
  }
  return db;
}

export async function objectStore(
  idb: IDBFactory | undefined,
  name: string,
  mode: IDBTransactionMode,
): Promise<IDBObjectStore> {
  return (await openDb(idb)).transaction(name, mode).objectStore(name);
}

/**
 * One write, settled when its transaction is: Chromium checks the quota when the transaction commits, so a put over
 * the quota succeeds as a request and its transaction then aborts with QuotaExceededError — nothing was written.
 */
export async function write(
  idb: IDBFactory | undefined,
  name: string,
  op: (store: IDBObjectStore) => IDBRequest,
): Promise<void> {
  const store = await objectStore(idb, name, 'readwrite');
  const tx = store.transaction;
  const r = op(store);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () =>
      reject(tx.error ?? r.error ?? new DOMException('The write was aborted.', 'AbortError'));
  });
}
