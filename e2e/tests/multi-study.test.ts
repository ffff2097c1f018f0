import { useBrowserSuite } from '../lib/browserSuite';
import { openAlbum, type LaunchStyle } from '../lib/launchFromAlbum';
import { displayedSeriesUIDs } from '../lib/ohifPage';
import { waitForRenderedViewport } from '../lib/waitForRenderedViewport';
import { waitUntil } from '../lib/waitUntil';

describe('a launch that covers several studies opens them all, the first chosen one in view', () => {
  const suite = useBrowserSuite(['--profile', 'ohif']);

  for (const style of ['L2', 'L3', 'L4'] as LaunchStyle[]) {
    suite.test(`${style}: both studies are loaded, the first one is displayed`, async () => {
      const [second, first] = [suite.sandbox.studies[0]!, suite.sandbox.studies[1]!];
      const album = await openAlbum(suite, style);
      await album
        .locator(`.study[data-study-instance-uid="${first.studyInstanceUID}"] .select-study`)
        .check();
      await album
        .locator(`.study[data-study-instance-uid="${second.studyInstanceUID}"] .select-study`)
        .check();
      const [popup] = await Promise.all([
        suite.session.context.waitForEvent('page'),
        album.locator('#open-selected').click(),
      ]);
      await waitForRenderedViewport(popup, { timeout: 60_000 });

      const studiesLoaded = () =>
        popup.evaluate(() => {
          const services = (window as unknown as { services: any }).services;
          return [
            ...new Set(services.displaySetService.getActiveDisplaySets().map((d: any) => d.StudyInstanceUID)),
          ];
        });
      await waitUntil(
        async () => (await studiesLoaded()).length === 2,
        30_000,
        'display sets of both studies',
      );
      expect(new Set(await studiesLoaded())).toEqual(
        new Set([first.studyInstanceUID, second.studyInstanceUID]),
      );
      const shown = await displayedSeriesUIDs(popup);
      const firstSeries = new Set(first.series.map((s) => s.seriesInstanceUID));
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.every((uid) => firstSeries.has(uid))).toBe(true);
      expect(new URL(popup.url()).searchParams.get('StudyInstanceUIDs')).toBe(
        `${first.studyInstanceUID},${second.studyInstanceUID}`,
      );
    });
  }
});
