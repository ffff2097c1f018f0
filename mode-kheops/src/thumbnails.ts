import { onDisplaySetsChanged, scrollActiveThumbnailIntoView, type CommandsManager } from './ohif/thumbnails';
import type { ServicesManager } from './ohif/types';

export interface ModeEnterArgs {
  servicesManager: ServicesManager;
  commandsManager: CommandsManager;
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
  let timer: number | undefined;
  let done = false;
  const scroll = () => {
    timer = undefined;
    scrollActiveThumbnailIntoView(args.commandsManager);
  };
  const unsubscribe = onDisplaySetsChanged(args.servicesManager.services, () => {
    if (done) return;
    if (timer !== undefined) win.clearTimeout(timer);
    timer = win.setTimeout(scroll, SETTLE_MS);
  });
  if (!unsubscribe) return () => undefined;
  const stop = () => {
    if (done) return;
    done = true;
    if (timer !== undefined) win.clearTimeout(timer);
    unsubscribe();
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
