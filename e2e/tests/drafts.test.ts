import type { Page } from 'playwright-core';
import { useBrowserSuite } from '../lib/browserSuite';
import { albumTile, launchStudy, openAlbum } from '../lib/launchStudy';
import {
  createSr,
  drawEllipse,
  drawFreehand,
  drawLength,
  panelCount,
  panelMeasurements,
} from '../lib/measurements';
import { localStore } from '../lib/localStore';
import { storedReports } from '../lib/orthancSr';
import { waitForRenderedViewport } from '../lib/waitForRenderedViewport';
import { waitUntil } from '../lib/waitUntil';

const draftCounts = async (page: Page) => (await localStore(page)).drafts;

describe('measurements not yet saved survive a reload', () => {
  const suite = useBrowserSuite(['--profile', 'ohif']);
  const chest = () => suite.sandbox.studies.find((s) => s.series.length >= 3)!;

  async function launch(seriesIndex: number): Promise<Page> {
    const study = chest();
    const { popup } = await launchStudy(suite, {
      style: 'L3',
      study,
      series: study.series[seriesIndex]!.seriesInstanceUID,
    });
    return popup;
  }

  suite.test(
    'reloaded before saving: the relaunched study gets all three measurements back, and saving stores them',
    async () => {
      const viewer = await launch(0);
      await drawLength(viewer, [0.35, 0.4], [0.65, 0.55]);
      await drawEllipse(viewer, [0.45, 0.6], [0.6, 0.75]);
      await drawFreehand(viewer, [0.3, 0.65], 0.06);
      await waitUntil(async () => (await panelCount(viewer)) === 3, 10_000, 'three measurements');
      const drawn = await panelMeasurements(viewer);
      await waitUntil(async () => (await draftCounts(viewer)).join() === '3', 10_000, 'a draft of 3');

      // A reload ends the in-memory session by design; the screen says how to go on.
      await viewer.reload();
      const notice = viewer.locator('#kheops-launch-error');
      await notice.waitFor({ timeout: 30_000 });
      expect(await notice.getAttribute('data-code')).toBe('no_session');
      expect(await notice.textContent()).toMatch(/not yet saved .* restored/i);

      // KHEOPS opens a study in the window named after it: the relaunch lands in this same tab.
      const study = chest();
      const album = await openAlbum(suite, { style: 'L3' });
      await Promise.all([
        notice.waitFor({ state: 'detached', timeout: 30_000 }),
        albumTile(album, study, study.series[0]!.seriesInstanceUID).click(),
      ]);
      const again = viewer;
      await waitForRenderedViewport(again, { timeout: 60_000 });
      await again
        .getByText(/3 measurements not yet saved to KHEOPS were restored/)
        .first()
        .waitFor({
          timeout: 30_000,
        });
      // OHIF asks whether to track them, as it does for anything drawn on an untracked series.
      await again.locator('[data-cy="prompt-begin-tracking-yes-btn"]').click({ timeout: 30_000 });
      await waitUntil(
        async () => (await panelCount(again)) === 3,
        20_000,
        'three restored measurements in the panel',
      );
      // OHIF's panel lists a freehand contour's values only once they are recomputed, as they are on restore.
      expect(await panelMeasurements(again)).toEqual(expect.arrayContaining(drawn));

      await createSr(again, 'e2e restored draft');
      const reports = () =>
        storedReports(suite.sandbox.orthanc, study.studyInstanceUID, 'e2e restored draft');
      await waitUntil(async () => (await reports()).length === 1, 30_000, 'the SR in Orthanc');
      const [sr] = await reports();
      const stored = sr!.measurements.filter((m) => /length|area/i.test(m.name)).length;
      expect(stored).toBe(3);
      await waitUntil(async () => (await draftCounts(again)).length === 0, 10_000, 'the draft cleared');
      console.warn(
        `fault matrix | page reloaded before saving | drawn 3 | stored ${stored} | lost ${3 - stored}`,
      );
    },
  );
});
