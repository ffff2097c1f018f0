import { onDisplaySetsChanged, scrollActiveThumbnailIntoView } from './thumbnails';
import type { Services } from './types';

function displaySetService(events: Record<string, string>) {
  const subscribed: string[] = [];
  const unsubscribed: string[] = [];
  const listeners = new Map<string, () => void>();
  return {
    subscribed,
    unsubscribed,
    fire: (e: string) => listeners.get(e)?.(),
    service: {
      EVENTS: events,
      subscribe(event: string, cb: () => void) {
        subscribed.push(event);
        listeners.set(event, cb);
        return { unsubscribe: () => unsubscribed.push(event) };
      },
    },
  };
}

describe('onDisplaySetsChanged', () => {
  it("listens to OHIF's added and changed events, and the returned function unsubscribes both", () => {
    const d = displaySetService({ DISPLAY_SETS_ADDED: 'added', DISPLAY_SETS_CHANGED: 'changed', OTHER: 'o' });
    const listener = jest.fn();
    const stop = onDisplaySetsChanged({ displaySetService: d.service } as unknown as Services, listener)!;
    expect(d.subscribed).toEqual(['added', 'changed']);
    d.fire('added');
    d.fire('changed');
    expect(listener).toHaveBeenCalledTimes(2);
    stop();
    expect(d.unsubscribed).toEqual(['added', 'changed']);
  });

  it('skips an event this OHIF does not have, and returns undefined without the service', () => {
    const d = displaySetService({ DISPLAY_SETS_ADDED: 'added' });
    onDisplaySetsChanged({ displaySetService: d.service } as unknown as Services, () => undefined);
    expect(d.subscribed).toEqual(['added']);
    expect(onDisplaySetsChanged({} as Services, () => undefined)).toBeUndefined();
  });
});

describe('scrollActiveThumbnailIntoView', () => {
  it("runs OHIF's command by name, and an OHIF without it does not throw", () => {
    const runCommand = jest.fn();
    scrollActiveThumbnailIntoView({ runCommand });
    expect(runCommand).toHaveBeenCalledWith('scrollActiveThumbnailIntoView');
    const missing = () => {
      throw new Error('Command "scrollActiveThumbnailIntoView" not found');
    };
    expect(() => scrollActiveThumbnailIntoView({ runCommand: missing })).not.toThrow();
  });
});
