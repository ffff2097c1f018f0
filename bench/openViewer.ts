import type { BrowserContext, Page } from 'playwright-core';
import type { RunningSandbox, SeededStudy } from '../sandbox/src/testing/startSandbox';

/**
 * From the album page: opens the viewer on a series, by a thumbnail click (KHEOPS launch) or, for the baseline,
 * window.open of plain OHIF's URL at the same moment. Resolves with the viewer window and the start time.
 */
export async function openViewer(
  context: BrowserContext,
  album: Page,
  sb: RunningSandbox,
  origin: 'kheops' | 'baseline',
  study: SeededStudy,
  series: string,
): Promise<{ popup: Page; t0: number }> {
  const popupEvent = context.waitForEvent('page', { timeout: 30_000 });
  const t0 = Date.now();
  if (origin === 'baseline') {
    const url = `${sb.baseline}/viewer?StudyInstanceUIDs=${study.studyInstanceUID}&initialSeriesInstanceUID=${series}`;
    await album.evaluate((u) => window.open(u, 'OHIF-baseline'), url);
  } else {
    await album
      .locator(
        `.series[data-study-instance-uid="${study.studyInstanceUID}"][data-series-instance-uid="${series}"]`,
      )
      .click();
  }
  return { popup: await popupEvent, t0 };
}
