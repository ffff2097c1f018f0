import { DRAFT_STORE, objectStore, request, write } from './idb';

/** Measurements not yet saved, kept as they change, per scope (issuer + user + study). */
export interface DraftStore {
  save(scope: string, draft: unknown): Promise<void>;
  load(scope: string): Promise<unknown | undefined>;
  clear(scope: string): Promise<void>;
}

export class MemoryDraftStore implements DraftStore {
  readonly drafts = new Map<string, unknown>();

  async save(scope: string, draft: unknown): Promise<void> {
    this.drafts.set(scope, structuredClone(draft));
  }

  async load(scope: string): Promise<unknown | undefined> {
    return this.drafts.get(scope);
  }

  async clear(scope: string): Promise<void> {
    this.drafts.delete(scope);
  }
}

export class IndexedDbDraftStore implements DraftStore {
  // Read at construction, not import: a browser without IndexedDB fails each call (said to the user), not the load.
  constructor(private readonly idb: IDBFactory | undefined = globalThis.indexedDB) {}

  async save(scope: string, draft: unknown): Promise<void> {
    await write(this.idb, DRAFT_STORE, (store) => store.put({ savedAt: Date.now(), draft }, scope));
  }

  async load(scope: string): Promise<unknown | undefined> {
    const row = (await request((await objectStore(this.idb, DRAFT_STORE, 'readonly')).get(scope))) as
      { draft: unknown } | undefined;
    return row?.draft;
  }

  async clear(scope: string): Promise<void> {
    await write(this.idb, DRAFT_STORE, (store) => store.delete(scope));
  }
}
