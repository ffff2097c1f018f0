import { defaultItemLocks, PageItemLocks, WebItemLocks, type WebLockManager } from './ItemLocks';

/** Web Locks as a browser grants them: exclusive per name, `ifAvailable` answers null when held. */
class FakeLockManager implements WebLockManager {
  readonly names: string[] = [];
  private readonly held = new Map<string, Promise<unknown>>();
  async request<T>(
    name: string,
    o: { ifAvailable?: boolean },
    cb: (lock: unknown) => Promise<T>,
  ): Promise<T> {
    this.names.push(name);
    if (this.held.has(name) && o.ifAvailable) return cb(null);
    while (this.held.has(name)) await this.held.get(name)!.catch(() => undefined);
    const running = cb({ name }).finally(() => this.held.delete(name));
    this.held.set(name, running);
    return running;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe.each([
  ['WebItemLocks', () => new WebItemLocks(new FakeLockManager())],
  ['PageItemLocks', () => new PageItemLocks()],
])('%s', (_name, make) => {
  it('runs one holder of a key at a time, in turn', async () => {
    const locks = make();
    const order: string[] = [];
    const work = (tag: string) => async () => {
      order.push(`${tag} in`);
      await tick();
      order.push(`${tag} out`);
    };
    await Promise.all([locks.hold('sr1', work('a')), locks.hold('sr1', work('b'))]);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out']);
  });

  it('holdIfFree skips a held key and takes a free one', async () => {
    const locks = make();
    let release!: () => void;
    const holding = locks.hold('sr1', () => new Promise<void>((r) => (release = r)));
    await tick();
    expect(await locks.holdIfFree('sr1', async () => 'ran')).toBeUndefined();
    expect(await locks.holdIfFree('sr2', async () => 'ran')).toBe('ran');
    release();
    await holding;
    expect(await locks.holdIfFree('sr1', async () => 'ran')).toBe('ran');
  });

  it('a failing holder releases its lock', async () => {
    const locks = make();
    await expect(locks.hold('sr1', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await locks.holdIfFree('sr1', async () => 'ran')).toBe('ran');
  });
});

it('uses the Web Locks API when the browser has it, under names of its own', async () => {
  const manager = new FakeLockManager();
  const locks = defaultItemLocks({ locks: manager });
  expect(locks).toBeInstanceOf(WebItemLocks);
  await locks.hold('1.2.3', async () => undefined);
  expect(manager.names).toEqual(['kheops-ohif-sr:1.2.3']);
  expect(defaultItemLocks({})).toBeInstanceOf(PageItemLocks);
});
