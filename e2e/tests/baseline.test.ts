import type { SeededStudy } from '../../sandbox/src/testing/startSandbox';
import { useBrowserSuite } from '../lib/browserSuite';
import { displayedSeriesUIDs, ohifWindowInfo } from '../lib/ohifPage';
import { viewportPixels, waitForRenderedViewport } from '../lib/waitForRenderedViewport';
import { waitUntil } from '../lib/waitUntil';

describe('baseline viewer (plain OHIF on the unauthenticated pass-through)', () => {
  const suite = useBrowserSuite();

  const ctStudy = (): SeededStudy => {
    const studies = suite.sandbox.studies;
    return (
      studies.find((s) => /CHEST/i.test(s.description)) ??
      studies.find((s) => s.series.some((se) => se.modality === 'CT'))!
    );
  };

  suite.test(
    'renders real pixels of the CT study and shows one of its series; nothing leaves loopback',
    async () => {
      const study = ctStudy();
      const page = await suite.session.mainPage();
      const t0 = Date.now();
      await page.goto(`${suite.sandbox.baseline}/viewer?StudyInstanceUIDs=${study.studyInstanceUID}`, {
        waitUntil: 'commit',
      });
      await waitForRenderedViewport(page, { timeout: 60_000 });
      console.warn(
        `baseline first image, cold cache, ${Date.now() - t0} ms after navigation; canvases`,
        JSON.stringify(await viewportPixels(page)),
      );

      const info = await ohifWindowInfo(page);
      expect(info.config?.dataSourceNamespaces).toEqual([
        '@ohif/extension-default.dataSourcesModule.dicomweb',
      ]);
      await waitUntil(async () => (await displayedSeriesUIDs(page)).length > 0, 10_000, 'a displayed series');
      const shown = await displayedSeriesUIDs(page);
      expect(study.series.map((s) => s.seriesInstanceUID)).toEqual(expect.arrayContaining(shown));

      const dicomweb = suite.session.recorder.matching(`${suite.sandbox.baseline}/dicom-web/`);
      expect(dicomweb.length).toBeGreaterThan(0);
      expect(dicomweb.filter((r) => r.status >= 400)).toEqual([]);
      expect(dicomweb.some((r) => r.hasAuthorization)).toBe(false);
      suite.session.recorder.assertAllLoopback();
    },
  );

  suite.test('initialSeriesInstanceUID (the clicked series) is the one shown', async () => {
    const study = ctStudy();
    const clicked = study.series.at(-1)!;
    const page = await suite.session.mainPage();
    const t0 = Date.now();
    await page.goto(
      `${suite.sandbox.baseline}/viewer?StudyInstanceUIDs=${study.studyInstanceUID}&initialSeriesInstanceUID=${clicked.seriesInstanceUID}`,
      { waitUntil: 'commit' },
    );
    await waitForRenderedViewport(page, { timeout: 60_000 });
    console.warn(`baseline first image with a warm HTTP cache (304s) ${Date.now() - t0} ms after navigation`);
    await waitUntil(async () => (await displayedSeriesUIDs(page)).length > 0, 10_000, 'a displayed series');
    expect(await displayedSeriesUIDs(page)).toEqual([clicked.seriesInstanceUID]);
    suite.session.recorder.assertAllLoopback();
  });
});
