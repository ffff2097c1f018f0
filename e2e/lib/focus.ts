import type { Page } from 'playwright-core';
import type { SeededStudy } from '../../sandbox/src/testing/startSandbox';
import { displayedSeriesUIDs, loadedSeriesUIDs } from './ohifPage';
import { waitForRenderedViewport } from './waitForRenderedViewport';

/** What the viewer showed at the moment its first image rendered. */
export interface FirstFrame {
  /** Milliseconds from the call to the first rendered image. */
  ms: number;
  /** SeriesInstanceUIDs in OHIF's viewports at that moment. */
  shown: string[];
  /** SeriesInstanceUIDs whose display sets existed at that moment (loaded so far). */
  loaded: string[];
}

/**
 * Waits for the first rendered image and, in the same breath, reads what OHIF's services say is displayed and
 * which series have display sets yet.
 */
export async function firstFrame(page: Page, timeout = 60_000): Promise<FirstFrame> {
  const ms = await waitForRenderedViewport(page, { timeout });
  const [shown, loaded] = await Promise.all([displayedSeriesUIDs(page), loadedSeriesUIDs(page)]);
  return { ms, shown, loaded };
}

export interface ThumbnailState {
  seriesInstanceUID: string;
  /** OHIF's Thumbnail marks the display sets of the active viewport with bg-popover / bg-highlight. */
  active: boolean;
  /** Fully inside the visible part of the thumbnail list. */
  visible: boolean;
}

/** Every study-browser thumbnail, with the series it stands for and whether OHIF shows it as active. */
export async function thumbnailStates(page: Page): Promise<ThumbnailState[]> {
  return page.evaluate(() => {
    const services = (window as unknown as { services?: Record<string, any> }).services;
    const list = document.querySelector('#ohif-thumbnail-list');
    const box = list?.getBoundingClientRect();
    return Array.from(document.querySelectorAll<HTMLElement>('[data-cy="study-browser-thumbnail"]')).map(
      (el) => {
        const uid = el.id.replace(/^thumbnail-/, '');
        const ds = services?.displaySetService?.getDisplaySetByUID(uid) as
          { SeriesInstanceUID?: string } | undefined;
        const r = el.getBoundingClientRect();
        return {
          seriesInstanceUID: ds?.SeriesInstanceUID ?? '',
          active: !!el.querySelector('.bg-popover') && !!el.querySelector('.bg-highlight'),
          visible: !!box && r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && r.height > 0,
        };
      },
    );
  });
}

/** Index of a series UID in the seeded study (for readable failure messages). */
export function seriesIndex(study: SeededStudy, uid: string): number {
  return study.series.findIndex((s) => s.seriesInstanceUID === uid);
}
