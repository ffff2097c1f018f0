import path from 'node:path';
import { useBrowserSuite } from '../lib/browserSuite';
import { ARTIFACTS_DIR } from '../lib/failureArtifacts';
import { launchStudy } from '../lib/launchStudy';
import { clearSandboxRequests, sandboxRequests } from '../lib/sandboxRequests';
import { viewportRenders, type ViewportRender } from '../lib/viewportGrid';
import { waitUntil } from '../lib/waitUntil';

// A reformatted plane of a 20-slice phantom is a band across the viewport: less of it is lit than of an axial
// image, but a blank or single-colour canvas has no grey levels at all.
const rendered = (v: ViewportRender) => v.nonBlackFraction > 0.01 && v.distinctGreys > 10;

describe('MPR from the toolbar under the KHEOPS session (profile ohif)', () => {
  const suite = useBrowserSuite(['--profile', 'ohif']);

  suite.test(
    'L4: Layout → MPR shows three rendered volume viewports; every request carried a valid token',
    async () => {
      const study = suite.sandbox.studies.find((s) => s.series.length >= 3)!;
      const axial = study.series.reduce((a, b) => (b.numInstances > a.numInstances ? b : a));
      await clearSandboxRequests(suite.sandbox.root);
      const { popup } = await launchStudy(suite, { style: 'L4', study, series: axial.seriesInstanceUID });

      // The layout selector of the longitudinal toolbar, with OHIF's advanced presets.
      await popup.locator('#Layout').click();
      for (const preset of ['MPR', '3D four up', '3D main', '3D only'])
        await popup.locator(`[data-cy="${preset}"]`).waitFor({ timeout: 10_000 });
      await popup.locator('[data-cy="MPR"]').click();

      let views: ViewportRender[] = [];
      await waitUntil(
        async () => {
          views = await viewportRenders(popup);
          return views.length === 3 && views.every((v) => v.viewportType === 'orthographic' && rendered(v));
        },
        60_000,
        'three rendered MPR viewports',
      ).catch((err: Error) => {
        err.message += `\n${JSON.stringify(views, null, 1)}`;
        throw err;
      });
      const screenshot = path.join(ARTIFACTS_DIR, 'mpr-three-viewports.png');
      await popup.screenshot({ path: screenshot });
      console.warn(
        `MPR: ${views.map((v) => `${v.orientation ?? v.viewportId} ${(v.nonBlackFraction * 100).toFixed(1)}% lit, ${v.distinctGreys} greys`).join('; ')}; ` +
          `crossOriginIsolated=${await popup.evaluate(() => window.crossOriginIsolated)}; ${screenshot}`,
      );
      expect(views.map((v) => v.seriesInstanceUIDs)).toEqual([
        [axial.seriesInstanceUID],
        [axial.seriesInstanceUID],
        [axial.seriesInstanceUID],
      ]);
      expect(new Set(views.map((v) => v.orientation))).toEqual(new Set(['axial', 'sagittal', 'coronal']));

      // The volume was built from frames fetched with the bearer, like everything else.
      const log = (await sandboxRequests(suite.sandbox.root)).filter(
        (e) => /^\/api\/(studies|wado)/.test(e.path) && e.origin === suite.sandbox.viewer,
      );
      const frames = log.filter(
        (e) => e.path.includes(`/series/${axial.seriesInstanceUID}/`) && /\/frames\//.test(e.path),
      );
      expect(frames.length).toBeGreaterThanOrEqual(axial.numInstances);
      const bad = log.filter(
        (e) =>
          e.tokenVia !== 'bearer' || !e.tokenPresent || !e.tokenValid || !e.tokenUnexpired || e.status >= 400,
      );
      expect(bad).toEqual([]);
      suite.session.recorder.assertAllLoopback();
    },
  );
});
