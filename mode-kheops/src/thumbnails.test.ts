import { keepActiveThumbnailInView, type ModeEnterArgs } from './thumbnails';

function rig() {
  let now = 0;
  let nextId = 0;
  const timers: Array<{ at: number; fn: () => void; id: number }> = [];
  const listeners = new Map<string, () => void>();
  const subscribers: Array<() => void> = [];
  let unsubscribed = 0;
  const runCommand = jest.fn();
  const win = {
    document: {
      addEventListener: (type: string, l: () => void) => void listeners.set(type, l),
      removeEventListener: (type: string) => void listeners.delete(type),
    } as unknown as Document,
    setTimeout: (fn: () => void, ms: number) => {
      timers.push({ at: now + ms, fn, id: ++nextId });
      return nextId;
    },
    clearTimeout: (id: number) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const args = {
    servicesManager: {
      services: {
        displaySetService: {
          EVENTS: { DISPLAY_SETS_ADDED: 'added', DISPLAY_SETS_CHANGED: 'changed' },
          subscribe: (_: string, cb: () => void) => {
            subscribers.push(cb);
            return { unsubscribe: () => void unsubscribed++ };
          },
        },
      },
    },
    commandsManager: { runCommand },
  } as unknown as ModeEnterArgs;
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.at <= now)) {
      timers.splice(timers.indexOf(t), 1);
      t.fn();
    }
  };
  return {
    win,
    args,
    runCommand,
    advance,
    fire: () => subscribers.forEach((s) => s()),
    listeners,
    unsubscribed: () => unsubscribed,
  };
}

describe('keepActiveThumbnailInView', () => {
  it('scrolls once the display sets settle, not on every change', () => {
    const r = rig();
    keepActiveThumbnailInView(r.args, r.win);
    r.fire();
    r.advance(100);
    r.fire();
    r.advance(100);
    expect(r.runCommand).not.toHaveBeenCalled();
    r.advance(60);
    expect(r.runCommand).toHaveBeenCalledWith('scrollActiveThumbnailIntoView');
    expect(r.runCommand).toHaveBeenCalledTimes(1);
  });

  it('stops following as soon as the user touches the page, and unsubscribes', () => {
    const r = rig();
    keepActiveThumbnailInView(r.args, r.win);
    r.listeners.get('pointerdown')!();
    r.fire();
    r.advance(1_000);
    expect(r.runCommand).not.toHaveBeenCalled();
    expect(r.unsubscribed()).toBe(2);
    expect(r.listeners.size).toBe(0);
  });

  it('stops by itself after 20 s', () => {
    const r = rig();
    keepActiveThumbnailInView(r.args, r.win);
    r.advance(20_000);
    r.fire();
    r.advance(1_000);
    expect(r.runCommand).not.toHaveBeenCalled();
    expect(r.unsubscribed()).toBe(2);
  });
});
