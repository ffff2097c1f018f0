import type { Page } from 'playwright-core';
import { useBrowserSuite } from '../lib/browserSuite';
import { keepWorking } from '../lib/keepWorking';
import { launchStudy, openAnotherAlbum } from '../lib/launchStudy';
import { createSr, drawLengthAndEllipse } from '../lib/measurements';
import { localStore } from '../lib/localStore';
import { storedReports } from '../lib/orthancSr';
import type { RecordedRequest } from '../lib/RequestRecorder';
import { clearSandboxRequests, sandboxPost, sandboxRequests } from '../lib/sandboxRequests';
import { waitForRenderedViewport } from '../lib/waitForRenderedViewport';
import { waitUntil } from '../lib/waitUntil';

const WORK_MS = 42_000; // 6 refresh periods: at least 5 refreshes
// 12 s tokens are renewed 5 s before they end (DefaultSessionTiming): a refresh, and so a flush, every 7 s.
const REFRESH_EVERY_MS = 7_000;
const KEPT_LOCALLY = 'Saved on this computer — not yet in KHEOPS';
// The save's attempt and its three quick retries (DefaultSaveRetries).
const SAVE_ATTEMPTS = 4;
// Longer than a refresh period: the other window flushes while the upload is under way.
const SLOW_STOW_MS = 10_000;

describe('silent refresh with 12-second tokens: a minute of work, and two viewer windows at once', () => {
  const suite = useBrowserSuite(['--profile', 'ohif', '--token-ttl', '12']);
  const chest = () => suite.sandbox.studies.find((s) => s.series.length >= 3)!;
  const head = () => suite.sandbox.studies.find((s) => s.series.length === 1)!;

  /** Refresh-token calls to KHEOPS's token endpoint, all windows' or one window's. */
  const refreshes = (page?: Page): RecordedRequest[] =>
    suite.session.recorder
      .matching(`${suite.sandbox.api}/token`, 'POST')
      .filter((r) => new URLSearchParams(r.postData ?? '').get('grant_type') === 'refresh_token')
      .filter((r) => !page || r.page === page);

  /** STOW requests a window sent (from the browser's side: who sent it, when, when it was answered). */
  const stowsFrom = (page?: Page): RecordedRequest[] =>
    suite.session.recorder
      .matching(`${suite.sandbox.api}/studies`, 'POST')
      .filter((r) => !page || r.page === page);

  /** STOW requests that reached the KHEOPS gateway, from its log. */
  const stowsLogged = async () =>
    (await sandboxRequests(suite.sandbox.root)).filter(
      (e) => e.method === 'POST' && e.path === '/api/studies',
    );

  /** Each window renewed its own session at least `n` times, every renewal answered 200. */
  function expectRenewed(windows: Record<string, Page>, n: number): void {
    for (const [name, page] of Object.entries(windows)) {
      const statuses = refreshes(page).map((r) => r.status);
      console.warn(`window ${name}: ${statuses.length} refreshes (${statuses.join(' ')})`);
      expect(statuses.length).toBeGreaterThanOrEqual(n);
      expect(statuses.every((s) => s === 200)).toBe(true);
    }
  }

  for (const style of ['L3', 'L4'] as const) {
    suite.test(
      `${style}: at least 5 refreshes, and no DICOMweb request failed or carried an expired token`,
      async () => {
        const study = chest();
        await clearSandboxRequests(suite.sandbox.root);
        const { popup } = await launchStudy(suite, {
          style,
          study,
          series: study.series[0]!.seriesInstanceUID,
        });

        await keepWorking(popup, study.studyInstanceUID, WORK_MS);
        await waitForRenderedViewport(popup, { timeout: 30_000 });

        const renewals = refreshes();
        console.warn(`${style}: ${renewals.length} refreshes in ${WORK_MS / 1000} s`);
        expect(renewals.length).toBeGreaterThanOrEqual(5);
        expect(renewals.every((r) => r.status === 200)).toBe(true);

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

  suite.test(
    'L3, one study in two windows: each renews its own session; a report left waiting is uploaded once although both windows flush',
    async () => {
      await sandboxPost(suite.sandbox.root, '/sandbox/reset');
      const study = chest();
      const name = 'e2e two windows one study';
      // A second KHEOPS tab: from the first one, the study's viewer window would be reused.
      const { popup: a } = await launchStudy(suite, { style: 'L3', study });
      const other = await openAnotherAlbum(suite, { style: 'L3' });
      const { popup: b } = await launchStudy(suite, { study, album: other });
      expect(b).not.toBe(a);
      expect(a.isClosed()).toBe(false);

      await drawLengthAndEllipse(a);
      await sandboxPost(suite.sandbox.root, '/sandbox/stow/fail-next', { count: SAVE_ATTEMPTS, status: 503 });
      await sandboxPost(suite.sandbox.root, '/sandbox/stow/slow-next', { count: 1, delayMs: SLOW_STOW_MS });
      await createSr(a, name);
      await a.getByText(KEPT_LOCALLY).first().waitFor({ timeout: 30_000 });

      // No click: the next refresh of either window (or A's background retry) flushes the shared outbox.
      const uploaded = () => stowsFrom().filter((r) => r.status === 200);
      await waitUntil(() => uploaded().length > 0, 3 * REFRESH_EVERY_MS + SLOW_STOW_MS, 'the upload');
      const [upload] = uploaded();
      const idle = upload!.page === a ? b : a;
      // The other window renewed its session, and so flushed, while the upload was under way ...
      expect(
        refreshes(idle).some((r) => r.at > upload!.at && r.answeredAt! < upload!.answeredAt! - 1_000),
      ).toBe(true);
      // ... and both flush again afterwards, with nothing left to send.
      await waitUntil(
        () => [a, b].every((w) => refreshes(w).some((r) => r.status && r.at > upload!.answeredAt!)),
        2 * REFRESH_EVERY_MS,
        'a refresh of each window after the upload',
      );

      expect((await stowsLogged()).map((e) => e.status)).toEqual([...Array(SAVE_ATTEMPTS).fill(503), 200]);
      expect(uploaded()).toHaveLength(1);
      expect(stowsFrom(idle).filter((r) => r.status !== 503)).toHaveLength(0);
      expect(await storedReports(suite.sandbox.orthanc, study.studyInstanceUID, name)).toHaveLength(1);
      for (const w of [a, b])
        expect((await localStore(w)).outbox.filter((i) => i.studyUID === study.studyInstanceUID)).toEqual([]);
      expectRenewed({ A: a, B: b }, 3);
      await Promise.all([a, b].map((w) => waitForRenderedViewport(w, { timeout: 10_000 })));
    },
  );

  suite.test(
    'L3, two studies side by side: a report saved in each lands once in its own study, both sessions renew',
    async () => {
      await sandboxPost(suite.sandbox.root, '/sandbox/reset');
      const [x, y] = [chest(), head()];
      // Each from its own KHEOPS tab: two OHIF windows of one tab share a renderer process, where Chromium keeps
      // fewer WebGL contexts active than two OHIF 3.13 windows use, and the first window's viewport goes black.
      const { popup: a } = await launchStudy(suite, { style: 'L3', study: x });
      const { popup: b } = await launchStudy(suite, {
        study: y,
        album: await openAnotherAlbum(suite, { style: 'L3' }),
      });
      const names = { x: 'e2e side by side chest', y: 'e2e side by side head' };
      const reports = (study: typeof x, name: string) =>
        storedReports(suite.sandbox.orthanc, study.studyInstanceUID, name);

      await drawLengthAndEllipse(a);
      await createSr(a, names.x);
      await drawLengthAndEllipse(b);
      await createSr(b, names.y);
      await waitUntil(
        async () => (await reports(x, names.x)).length > 0 && (await reports(y, names.y)).length > 0,
        30_000,
        'both reports in Orthanc',
      );
      await waitUntil(
        () => [a, b].every((w) => refreshes(w).filter((r) => r.status).length >= 3),
        3 * REFRESH_EVERY_MS,
        'three refreshes of each window',
      );

      expect(await reports(x, names.x)).toHaveLength(1);
      expect(await reports(y, names.y)).toHaveLength(1);
      expect(await reports(x, names.y)).toHaveLength(0);
      expect(await reports(y, names.x)).toHaveLength(0);
      expect((await stowsLogged()).map((e) => e.status)).toEqual([200, 200]);
      expect(stowsFrom(a).map((r) => r.status)).toEqual([200]);
      expect(stowsFrom(b).map((r) => r.status)).toEqual([200]);
      expect((await localStore(a)).outbox).toEqual([]);
      expectRenewed({ chest: a, head: b }, 3);
      await Promise.all([a, b].map((w) => waitForRenderedViewport(w, { timeout: 10_000 })));
    },
  );
});
