import type { ServicesManager } from './ohif';

export interface ModeEnterArgs {
  servicesManager: ServicesManager;
  commandsManager: { runCommand(name: string, options?: Record<string, unknown>): unknown };
  [key: string]: unknown;
}

interface ThumbnailWindow {
  document: Pick<Document, 'addEventListener' | 'removeEventListener'>;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

const SETTLE_MS = 150;
const FOLLOW_MS = 20_000;

/**
 * While the study's series arrive (the clicked one first, the others after it), keeps the highlighted
 * thumbnail of the active viewport scrolled into view with OHIF's own scrollActiveThumbnailIntoView, so the
 * clicked series of a long study is visibly the highlighted one. Stops once the user touches the page or after
 * FOLLOW_MS. Returns the unsubscribe function.
 */
export function keepActiveThumbnailInView(args: ModeEnterArgs, win: ThumbnailWindow): () => void {
  const { displaySetService } = args.servicesManager.services as {
    displaySetService?: {
      EVENTS: Record<string, string>;
      subscribe(event: string, cb: () => void): { unsubscribe(): void };
    };
  };
  if (!displaySetService) return () => undefined;
  let timer: number | undefined;
  let done = false;
  const scroll = () => {
    timer = undefined;
    try {
      args.commandsManager.runCommand('scrollActiveThumbnailIntoView');
    } catch {
      /* an OHIF without the command: nothing to follow */
    }
  };
  const events = ['DISPLAY_SETS_ADDED', 'DISPLAY_SETS_CHANGED']
    .map((e) => displaySetService.EVENTS[e])
    .filter((e): e is string => !!e);
  const subscriptions = events.map((e) =>
    displaySetService.subscribe(e, () => {
      if (done) return;
      if (timer !== undefined) win.clearTimeout(timer);
      timer = win.setTimeout(scroll, SETTLE_MS);
    }),
  );
  const stop = () => {
    if (done) return;
    done = true;
    if (timer !== undefined) win.clearTimeout(timer);
    subscriptions.forEach((s) => s.unsubscribe());
    win.document.removeEventListener('pointerdown', stop, true);
    win.document.removeEventListener('wheel', stop, true);
    win.document.removeEventListener('keydown', stop, true);
  };
  win.document.addEventListener('pointerdown', stop, true);
  win.document.addEventListener('wheel', stop, true);
  win.document.addEventListener('keydown', stop, true);
  win.setTimeout(stop, FOLLOW_MS);
  return stop;
}
