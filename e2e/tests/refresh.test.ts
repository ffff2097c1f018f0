import { useBrowserSuite } from '../lib/browserSuite';
import { keepWorking } from '../lib/keepWorking';
import { launchStudy } from '../lib/launchStudy';
import { clearSandboxRequests, sandboxRequests } from '../lib/sandboxRequests';
import { waitForRenderedViewport } from '../lib/waitForRenderedViewport';

const WORK_MS = 60_000;

describe('silent refresh during a minute of work with 12-second tokens', () => {
  const suite = useBrowserSuite(['--profile', 'ohif', '--token-ttl', '12']);

  for (const style of ['L3', 'L4'] as const) {
    suite.test(
      `${style}: at least 5 refreshes, and no DICOMweb request failed or carried an expired token`,
      async () => {
        const study = suite.sandbox.studies.find((s) => s.series.length >= 3)!;
        await clearSandboxRequests(suite.sandbox.root);
        const { popup } = await launchStudy(suite, {
          style,
          study,
          series: study.series[0]!.seriesInstanceUID,
        });

        await keepWorking(popup, study.studyInstanceUID, WORK_MS);
        await waitForRenderedViewport(popup, { timeout: 30_000 });

        const refreshes = suite.session.recorder
          .matching(`${suite.sandbox.api}/token`, 'POST')
          .filter((r) => new URLSearchParams(r.postData ?? '').get('grant_type') === 'refresh_token');
        console.warn(`${style}: ${refreshes.length} refreshes in ${WORK_MS / 1000} s`);
        expect(refreshes.length).toBeGreaterThanOrEqual(5);
        expect(refreshes.every((r) => r.status === 200)).toBe(true);

        const log = (await sandboxRequests(suite.sandbox.root)).filter(
          (e) => /^\/api\/(studies|wado)/.test(e.path) && e.origin === suite.sandbox.viewer,
        );
        const frames = log.filter((e) => /\/frames\//.test(e.path));
        console.warn(`${style}: ${log.length} DICOMweb requests, ${frames.length} frame requests`);
        expect(frames.length).toBeGreaterThan(40);
        const bad = log.filter(
          (e) => !e.tokenPresent || !e.tokenValid || !e.tokenUnexpired || e.status >= 400,
        );
        expect(bad).toEqual([]);
        suite.session.recorder.assertAllLoopback();
      },
      WORK_MS + 90_000,
    );
  }
});
