import { useBrowserSuite } from '../lib/browserSuite';
import { launchStudies, type LaunchStyleId } from '../lib/launchStudy';
import { displayedSeriesUIDs, loadedStudyUIDs } from '../lib/ohifPage';
import { waitUntil } from '../lib/waitUntil';

describe('a launch that covers several studies opens them all, the first chosen one in view', () => {
  const suite = useBrowserSuite(['--profile', 'ohif']);

  for (const style of ['L2', 'L3', 'L4'] as LaunchStyleId[]) {
    suite.test(`${style}: both studies are loaded, the first one is displayed`, async () => {
      const [second, first] = [suite.sandbox.studies[0]!, suite.sandbox.studies[1]!];
      const { popup } = await launchStudies(suite, { style, studies: [first, second] });
      const studiesLoaded = () => loadedStudyUIDs(popup);
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
