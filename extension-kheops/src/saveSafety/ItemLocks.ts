/**
 * A lock per outbox item, shared by every window of the viewer's origin: the outbox (IndexedDB) is shared, so
 * two windows of the same study would otherwise both upload a report one of them left waiting.
 */
export interface ItemLocks {
  /** Runs `work` holding the lock of `key`, waiting for it. */
  hold<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Runs `work` holding the lock of `key` if no one holds it now; otherwise resolves `undefined` at once. */
  holdIfFree<T>(key: string, work: () => Promise<T>): Promise<T | undefined>;
}

const PREFIX = 'kheops-ohif-sr:';

/** The part of the Web Locks API (navigator.locks) the outbox uses. */
export interface WebLockManager {
  request<T>(
    name: string,
    options: { ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

/** Locks across windows and tabs of the origin (Web Locks API; released when the holder's window closes). */
export class WebItemLocks implements ItemLocks {
  constructor(private readonly locks: WebLockManager) {}

  hold<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.locks.request(PREFIX + key, {}, () => work());
  }

  holdIfFree<T>(key: string, work: () => Promise<T>): Promise<T | undefined> {
    return this.locks.request(PREFIX + key, { ifAvailable: true }, (lock) =>
      lock ? work() : Promise.resolve(undefined),
    );
  }
}

/** Locks within this page only: for a browser without the Web Locks API (and unit tests of one window). */
export class PageItemLocks implements ItemLocks {
  private readonly held = new Map<string, Promise<unknown>>();

  async hold<T>(key: string, work: () => Promise<T>): Promise<T> {
    while (this.held.has(key)) await this.held.get(key)!.catch(() => undefined);
    return this.run(key, work);
  }

  async holdIfFree<T>(key: string, work: () => Promise<T>): Promise<T | undefined> {
    return this.held.has(key) ? undefined : this.run(key, work);
  }

  private run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = work().finally(() => this.held.delete(key));
    this.held.set(key, running);
    return running;
  }
}

/** Web Locks where the browser has them (every current browser, in a secure context), page locks otherwise. */
export function defaultItemLocks(
  nav: { locks?: WebLockManager } | undefined = globalThis.navigator,
): ItemLocks {
  return nav?.locks ? new WebItemLocks(nav.locks) : new PageItemLocks();
}
