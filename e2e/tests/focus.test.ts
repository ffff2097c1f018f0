import type { SeededStudy } from '../../sandbox/src/testing/startSandbox';
import { useBrowserSuite } from '../lib/browserSuite';
import { firstFrame, seriesIndex, thumbnailStates } from '../lib/focus';
import { findSeriesTile, launchStudy } from '../lib/launchStudy';
import { displayedSeriesUIDs, loadedSeriesUIDs } from '../lib/ohifPage';
import { clearSandboxRequests, sandboxRequests } from '../lib/sandboxRequests';
import { expectFirstRequestsFromLaunchPrefetch } from '../lib/smoke';
import { waitUntil } from '../lib/waitUntil';

describe('the clicked series is in the viewport from the first frame (10-series study, profile ohif)', () => {
  const suite = useBrowserSuite(['--profile', 'ohif']);
  const bigStudy = (): SeededStudy => suite.sandbox.studies.find((s) => s.series.length >= 10)!;

  const cases: Array<[string, 'L3' | 'L4', (n: number) => number]> = [
    ['first', 'L4', () => 0],
    ['middle', 'L3', (n) => Math.floor(n / 2)],
    ['last', 'L4', (n) => n - 1],
  ];

  suite.test(
    "L3: OHIF's first requests are answered from what the launch asked for while OHIF booted",
    async () => {
      const study = bigStudy();
      const clicked = study.series[1]!;
      const { popup } = await launchStudy(suite, { style: 'L3', study, series: clicked.seriesInstanceUID });
      await firstFrame(popup);
      expectFirstRequestsFromLaunchPrefetch(suite, study, clicked.seriesInstanceUID);
    },
  );

  for (const [which, style, pick] of cases) {
    suite.test(
      `${style}, ${which} series: shown alone at the first image, thumbnail active, others after`,
      async () => {
        const study = bigStudy();
        const clicked = study.series[pick(study.series.length)]!;
        await clearSandboxRequests(suite.sandbox.root);
        const { popup, clickedAt } = await launchStudy(suite, {
          style,
          study,
          series: clicked.seriesInstanceUID,
          until: 'popup', // firstFrame reads OHIF's state at the very first image
        });
        const first = await firstFrame(popup);
        console.warn(
          `${style} ${which} (#${seriesIndex(study, clicked.seriesInstanceUID)}): click to first image ${Date.now() - clickedAt} ms; ` +
            `${first.loaded.length}/${study.series.length} series loaded at that moment`,
        );

        // What the radiologist sees first is the clicked series, and only it.
        expect(first.shown).toEqual([clicked.seriesInstanceUID]);

        // Its metadata was asked for before any other series of the study, and its frames before any other's
        // (browser issue order: the sandbox logs requests as they complete).
        const apiRequests = () =>
          suite.session.recorder.requests.filter((r) => r.url.startsWith(`${suite.sandbox.api}/`));
        const isMetadata = (r: { url: string }) => /\/series\/[^/]+\/metadata$/.test(new URL(r.url).pathname);
        const isOthersMetadata = (r: { url: string }) =>
          isMetadata(r) && !r.url.includes(`/series/${clicked.seriesInstanceUID}/`);
        const issued = apiRequests();
        const metadata = issued.filter(isMetadata);
        expect(metadata[0]?.url).toContain(`/series/${clicked.seriesInstanceUID}/metadata`);
        const frames = issued.filter((r) => /\/frames\//.test(r.url));
        expect(frames[0]?.url).toContain(`/series/${clicked.seriesInstanceUID}/`);
        // The other series are not even asked for before the clicked series' first frame.
        const firstFrameAt = issued.indexOf(frames[0]!);
        expect(
          issued
            .slice(0, firstFrameAt)
            .filter(isOthersMetadata)
            .map((r) => r.url),
        ).toEqual([]);

        // The other series still arrive, after it; the URL keeps OHIF's parameter.
        await waitUntil(
          async () => (await loadedSeriesUIDs(popup)).length === study.series.length,
          30_000,
          'all series to load',
        );
        // ...asked for after that first frame, each of them.
        const later = apiRequests();
        const othersAt = later.findIndex(isOthersMetadata);
        expect(othersAt).toBeGreaterThan(firstFrameAt);
        expect(new Set(later.filter(isOthersMetadata).map((r) => new URL(r.url).pathname)).size).toBe(
          study.series.length - 1,
        );
        expect(new URL(popup.url()).searchParams.get('initialSeriesInstanceUID')).toBe(
          clicked.seriesInstanceUID,
        );
        expect(await displayedSeriesUIDs(popup)).toEqual([clicked.seriesInstanceUID]);

        // OHIF's study browser marks exactly the clicked series' thumbnail active, and it is in view.
        let thumbs = await thumbnailStates(popup);
        await waitUntil(
          async () => {
            thumbs = await thumbnailStates(popup);
            return thumbs.length === study.series.length && thumbs.some((t) => t.active && t.visible);
          },
          10_000,
          'the active thumbnail in view',
        );
        expect(thumbs.filter((t) => t.active).map((t) => t.seriesInstanceUID)).toEqual([
          clicked.seriesInstanceUID,
        ]);
        expect(await (await findSeriesTile(popup, clicked.seriesInstanceUID)).isVisible()).toBe(true);
        expect(await (await findSeriesTile(popup, { description: clicked.description })).count()).toBe(1);

        const log = (await sandboxRequests(suite.sandbox.root)).filter(
          (e) => e.origin === suite.sandbox.viewer && /^\/api\/(studies|wado)/.test(e.path),
        );
        expect(log.length).toBeGreaterThan(study.series.length);
        const bad = log.filter(
          (e) => !e.tokenPresent || !e.tokenValid || !e.tokenUnexpired || e.status >= 400,
        );
        expect(bad).toEqual([]);
        suite.session.recorder.assertAllLoopback();
      },
    );
  }
});
