import type { RouteWindow } from './routeInit';

/** Cornerstone's Enums.Events.IMAGE_RENDERED, dispatched on the viewport element (seen here in capture). */
const IMAGE_RENDERED = 'CORNERSTONE_IMAGE_RENDERED';

/**
 * Resolves at the first image a viewport renders (cornerstone's renders of a viewport that has no image yet carry
 * viewportStatus 'preRender' and do not count, as in OHIF's own initViewTiming), or after `maxMs`.
 */
export function firstImageRendered(
  win: Pick<RouteWindow, 'document' | 'setTimeout'>,
  maxMs: number,
): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      win.document?.removeEventListener(IMAGE_RENDERED, onRendered, true);
      resolve();
    };
    const onRendered = (evt: Event) => {
      if ((evt as CustomEvent<{ viewportStatus?: string }>).detail?.viewportStatus !== 'preRender') done();
    };
    win.document?.addEventListener(IMAGE_RENDERED, onRendered, true);
    win.setTimeout(done, maxMs);
  });
}
