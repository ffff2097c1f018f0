import { objectStore, OUTBOX_STORE, request, write } from './idb';
import type { Outbox, OutboxItem } from './Outbox';

/** The browser outbox, indexed by scope. */
export class IndexedDbOutbox implements Outbox {
  // Read at construction, not import: a browser without IndexedDB fails each call (said to the user), not the load.
  constructor(private readonly idb: IDBFactory | undefined = globalThis.indexedDB) {}

  async put(item: OutboxItem): Promise<void> {
    await write(this.idb, OUTBOX_STORE, (store) => store.put(item));
  }

  async list(scope: string): Promise<OutboxItem[]> {
    const store = await objectStore(this.idb, OUTBOX_STORE, 'readonly');
    const items = (await request(store.index('scope').getAll(scope))) as OutboxItem[];
    return items.sort((a, b) => a.createdAt - b.createdAt);
  }

  async remove(id: string): Promise<void> {
    await write(this.idb, OUTBOX_STORE, (store) => store.delete(id));
  }
}
