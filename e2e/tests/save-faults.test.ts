import type { Page } from 'playwright-core';
import { breakStorage, storageWorks, type StorageFault } from '../lib/brokenStorage';
import { useBrowserSuite } from '../lib/browserSuite';
import type { SeededStudy } from '../../sandbox/src/testing/startSandbox';
import { launchStudy, type LaunchStyleId } from '../lib/launchStudy';
import { createSr, drawLengthAndEllipse, panelMeasurements } from '../lib/measurements';
import { localStore } from '../lib/localStore';
import { storedReports as storedSr } from '../lib/orthancSr';
import { sandboxPost, sandboxRequests } from '../lib/sandboxRequests';
import { waitForRenderedViewport } from '../lib/waitForRenderedViewport';
import { waitUntil } from '../lib/waitUntil';

// Access tokens of L3 launches (report provider, code + refresh token) live 20 s.
const TOKEN_TTL_S = 20;
// L1 viewer tokens live 45 s and the sandbox honours their exp (real KHEOPS would only lose them on a restart;
// the L1 session cannot renew either way).
const VIEWER_TOKEN_TTL_S = 45;
const OUTAGE_S = 60;
const KEPT_LOCALLY = 'Saved on this computer — not yet in KHEOPS';
const NOW_IN_KHEOPS = 'Your report is now saved in KHEOPS.';
const DRAWN = 2;
const NOT_KEPT =
  /The report is not in KHEOPS: KHEOPS is not available \(HTTP 503\); it cannot be kept on this computer either/;
const STORAGE_FAULTS: Array<[StorageFault, string, RegExp]> = [
  ['denied', 'unavailable (site data blocked)', /this browser does not allow it here/],
  ['full', 'full (quota used up)', /the storage of this browser is full/],
];

describe('fault matrix: annotations reach KHEOPS as DICOM SR when the token expires or cannot be renewed', () => {
  const suite = useBrowserSuite([
    '--profile',
    'ohif',
    '--token-ttl',
    String(TOKEN_TTL_S),
    '--honour-viewer-exp',
    '--viewer-token-ttl',
    String(VIEWER_TOKEN_TTL_S),
  ]);
  const chest = () => suite.sandbox.studies.find((s) => s.series.length >= 3)!;
  // The L1 scenario has a study of its own, so that nothing another scenario left on this computer mixes in.
  const head = () => suite.sandbox.studies.find((s) => s.series.length === 1)!;

  /** Launches a study from the album on its first series; resolves once an image is on screen. */
  async function launch(
    style: LaunchStyleId,
    study: SeededStudy,
    album?: Page,
  ): Promise<{ popup: Page; album: Page }> {
    return launchStudy(suite, { style, study, album });
  }

  /**
   * The radiologist closes the viewer and opens the study again from the album: the report kept on this computer
   * is uploaded by itself and the viewer says so. Resolves with the new viewer once the SR is in Orthanc.
   */
  async function relaunchUploads(
    popup: Page,
    album: Page,
    study: SeededStudy,
    name: string,
    scenario: string,
  ): Promise<Page> {
    await popup.close();
    const { popup: again } = await launchStudy(suite, { study, album, until: 'popup' });
    const saved = again.getByText(NOW_IN_KHEOPS).first().waitFor({ timeout: 60_000 });
    saved.catch(() => undefined); // awaited below; not unhandled if the test fails before that
    await waitForRenderedViewport(again, { timeout: 60_000 });
    await Promise.all([saved, expectStored(scenario, study, name, 60_000)]);
    return again;
  }

  const storedReports = (study: SeededStudy, name: string) =>
    storedSr(suite.sandbox.orthanc, study.studyInstanceUID, name);

  /** STOW requests that reached the KHEOPS gateway, from its request log. */
  async function stows() {
    return (await sandboxRequests(suite.sandbox.root)).filter(
      (e) => e.method === 'POST' && e.path === '/api/studies',
    );
  }

  /** Token-endpoint calls of the given grant the browser made, with their HTTP status. */
  function tokenCalls(grant: 'refresh_token' | 'token-exchange') {
    return suite.session.recorder
      .matching(`${suite.sandbox.api}/token`, 'POST')
      .filter((r) => (new URLSearchParams(r.postData ?? '').get('grant_type') ?? '').endsWith(grant));
  }

  /** SRs of a study kept on this computer (the viewer origin's IndexedDB outbox). */
  const outboxCount = async (page: Page, study: SeededStudy) =>
    (await localStore(page)).outbox.filter((i) => i.studyUID === study.studyInstanceUID).length;

  /** Waits for the one SR saved under `name`, checks that both measurements are in it, and prints the tally. */
  async function expectStored(
    scenario: string,
    study: SeededStudy,
    name: string,
    timeoutMs: number,
  ): Promise<void> {
    await waitUntil(
      async () => (await storedReports(study, name)).length >= 1,
      timeoutMs,
      `"${name}" in Orthanc`,
    );
    const reports = await storedReports(study, name);
    const stored = reports.flatMap((r) => r.measurements).filter((m) => /length|area/i.test(m.name)).length;
    console.warn(`fault matrix | ${scenario} | drawn ${DRAWN} | stored ${stored} | lost ${DRAWN - stored}`);
    expect(reports).toHaveLength(1);
    const [sr] = reports;
    expect(sr!.measurements.some((m) => /length/i.test(m.name) && m.unit === 'mm' && m.value > 0)).toBe(true);
    expect(sr!.measurements.some((m) => /area/i.test(m.name) && m.value > 0)).toBe(true);
    expect(stored).toBe(DRAWN);
  }

  /** The viewer told the user the report is only on this computer; KHEOPS has nothing, the outbox has it. */
  async function expectKeptLocally(popup: Page, study: SeededStudy, name: string): Promise<void> {
    await popup.getByText(KEPT_LOCALLY).first().waitFor({ timeout: 30_000 });
    expect(await storedReports(study, name)).toHaveLength(0);
    expect(await outboxCount(popup, study)).toBe(1);
    expect(await panelMeasurements(popup)).toHaveLength(DRAWN);
    expect(await popup.getByText(/Something went wrong/).count()).toBe(0); // OHIF's error screen
  }

  suite.test(
    'L3, the token expires mid-edit: the report is stored with a refreshed, unexpired token',
    async () => {
      await sandboxPost(suite.sandbox.root, '/sandbox/reset');
      const name = 'e2e token expired mid-edit';
      const study = chest();
      const { popup } = await launch('L3', study);
      const launchedAt = Date.now();
      // One measurement, then the radiologist looks at the images for longer than a token lives, then another.
      await drawLengthAndEllipse(popup, (TOKEN_TTL_S + 5) * 1000);
      expect(Date.now() - launchedAt).toBeGreaterThan(TOKEN_TTL_S * 1000);
      await createSr(popup, name);
      await expectStored('L3 token expires mid-edit (refresh)', study, name, 30_000);

      const refreshes = tokenCalls('refresh_token');
      expect(refreshes.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
      const log = await stows();
      expect(log.length).toBeGreaterThanOrEqual(1);
      expect(log.at(-1)).toMatchObject({
        status: 200,
        tokenVia: 'bearer',
        tokenValid: true,
        tokenUnexpired: true,
      });
      // Nothing was refused or retried: the token on every STOW was fresh.
      expect(log.every((e) => e.status === 200 && e.tokenUnexpired)).toBe(true);
      expect(await outboxCount(popup, study)).toBe(0);
    },
  );

  suite.test(
    `L3, the token endpoint is down for ${OUTAGE_S} s and the token expires meanwhile: kept on this computer, uploaded by itself once KHEOPS is back`,
    async () => {
      await sandboxPost(suite.sandbox.root, '/sandbox/reset');
      const name = 'e2e token endpoint down';
      const study = chest();
      const { popup } = await launch('L3', study);
      await drawLengthAndEllipse(popup);

      // Right after a silent refresh the token in hand has a full lifetime left; it runs out during the outage.
      const okBefore = tokenCalls('refresh_token').filter((r) => r.status === 200).length;
      await waitUntil(
        () => tokenCalls('refresh_token').filter((r) => r.status === 200).length > okBefore,
        (TOKEN_TTL_S + 10) * 1000,
        'a silent refresh',
      );
      const refreshedAt = Date.now();
      await sandboxPost(suite.sandbox.root, '/sandbox/token-endpoint/down', { seconds: OUTAGE_S });
      const backAt = Date.now() + OUTAGE_S * 1000;
      await popup.waitForTimeout(Math.max(0, refreshedAt + (TOKEN_TTL_S + 2) * 1000 - Date.now()));

      const saved = popup
        .getByText(NOW_IN_KHEOPS)
        .first()
        .waitFor({ timeout: (OUTAGE_S + 60) * 1000 });
      saved.catch(() => undefined); // awaited below; not unhandled if the test fails before that
      await createSr(popup, name);
      await expectKeptLocally(popup, study, name);
      // Renewal keeps failing: a quiet warning says so, with the time left.
      await popup
        .getByText(/KHEOPS could not renew the session .* it keeps trying/)
        .first()
        .waitFor({ timeout: 10_000 });
      expect(Date.now()).toBeLessThan(backAt); // the checks above ran during the outage
      expect((await stows()).filter((e) => e.status === 200)).toHaveLength(0);
      const failedRefreshes = tokenCalls('refresh_token').filter((r) => r.status === 503);
      expect(failedRefreshes.length).toBeGreaterThanOrEqual(1);

      // No click: the session renews itself once the endpoint answers again, and the outbox follows.
      await Promise.all([
        saved,
        expectStored(`L3 token endpoint down ${OUTAGE_S} s during save`, study, name, (OUTAGE_S + 60) * 1000),
      ]);
      const okStows = (await stows()).filter((e) => e.status === 200);
      expect(okStows).toHaveLength(1);
      expect(okStows[0]).toMatchObject({ tokenValid: true, tokenUnexpired: true });
      const calls = tokenCalls('refresh_token').map((r) => r.status);
      expect(calls.slice(calls.lastIndexOf(503) + 1)).toContain(200); // the session renewed itself after the outage
      expect(await outboxCount(popup, study)).toBe(0);
    },
    (OUTAGE_S + 150) * 1000,
  );

  suite.test(
    'L1, the viewer token expires before saving: kept on this computer, uploaded when the study is launched again',
    async () => {
      await sandboxPost(suite.sandbox.root, '/sandbox/reset');
      const name = 'e2e L1 expired';
      const study = head();
      const { popup, album } = await launch('L1', study);
      await waitUntil(
        () => tokenCalls('token-exchange').some((r) => r.status === 200),
        10_000,
        'the viewer token',
      );
      const issuedBy = Date.now();
      await drawLengthAndEllipse(popup);
      await popup.waitForTimeout(Math.max(0, issuedBy + (VIEWER_TOKEN_TTL_S + 2) * 1000 - Date.now()));

      await createSr(popup, name);
      await expectKeptLocally(popup, study, name);
      // KHEOPS saw the STOW and refused it for the expired token (and nothing else).
      const refused = await stows();
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(refused.every((e) => e.status === 401 && e.tokenValid && !e.tokenUnexpired)).toBe(true);

      // The radiologist closes the viewer and opens the same study again from the album: a new L1 launch.
      const exchanges = tokenCalls('token-exchange').length;
      const again = await relaunchUploads(popup, album, study, name, 'L1 expires before saving, relaunch');
      expect(tokenCalls('token-exchange').length).toBeGreaterThan(exchanges);
      const okStows = (await stows()).filter((e) => e.status === 200);
      expect(okStows).toHaveLength(1);
      expect(okStows[0]).toMatchObject({ tokenVia: 'bearer', tokenValid: true, tokenUnexpired: true });
      expect(await outboxCount(again, study)).toBe(0);
    },
  );

  suite.test(
    'L1, KHEOPS restarts (a new viewer-token key): kept on this computer, the user is told to open the study again, a relaunch uploads it',
    async () => {
      await sandboxPost(suite.sandbox.root, '/sandbox/reset');
      const name = 'e2e L1 KHEOPS restarted';
      const study = head();
      const { popup, album } = await launch('L1', study);
      await drawLengthAndEllipse(popup);

      await sandboxPost(suite.sandbox.root, '/sandbox/restart-kheops');
      await createSr(popup, name);
      await expectKeptLocally(popup, study, name);
      await popup
        .getByText(/KHEOPS no longer accepts this viewer's link/)
        .first()
        .waitFor({ timeout: 5_000 });
      // The images stay on screen: the viewer is not blanked by the refused session.
      await waitForRenderedViewport(popup, { timeout: 5_000 });
      // KHEOPS refused the STOW for a token signed with the key it had before the restart.
      const refused = await stows();
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(refused.every((e) => e.status === 401 && !e.tokenValid)).toBe(true);

      const again = await relaunchUploads(popup, album, study, name, 'L1 KHEOPS restarted, relaunch');
      const okStows = (await stows()).filter((e) => e.status === 200);
      expect(okStows).toHaveLength(1);
      expect(okStows[0]).toMatchObject({ tokenVia: 'bearer', tokenValid: true });
      expect(await outboxCount(again, study)).toBe(0);
    },
  );

  suite.test(
    'L3, KHEOPS revokes the refresh token: the user is told, the report waits on this computer, a relaunch uploads it',
    async () => {
      await sandboxPost(suite.sandbox.root, '/sandbox/reset');
      const name = 'e2e refresh revoked';
      const study = chest();
      const { popup, album } = await launch('L3', study);
      await drawLengthAndEllipse(popup);

      await sandboxPost(suite.sandbox.root, '/sandbox/revoke-all');
      await popup
        .getByText(/KHEOPS will not renew this session/)
        .first()
        .waitFor({ timeout: (TOKEN_TTL_S + 10) * 1000 });
      expect(tokenCalls('refresh_token').some((r) => r.status === 400)).toBe(true);

      await createSr(popup, name);
      await expectKeptLocally(popup, study, name);

      // Re-authentication in KHEOPS's terms: the study is opened again from the album.
      const again = await relaunchUploads(popup, album, study, name, 'L3 refresh token revoked, relaunch');
      expect(await outboxCount(again, study)).toBe(0);
    },
  );

  for (const [fault, what, because] of STORAGE_FAULTS)
    suite.test(
      `L3, IndexedDB ${what}: the viewer works and warns, a save KHEOPS fails keeps the measurements open, the next save stores it once`,
      async () => {
        await sandboxPost(suite.sandbox.root, '/sandbox/reset');
        const name = `e2e storage ${fault}`;
        const study = chest();
        const { context } = suite.session;
        const restore = await breakStorage(context, suite.sandbox.viewer, fault);
        try {
          const { popup } = await launch('L3', study); // the images are on screen
          await drawLengthAndEllipse(popup);
          const cannotKeep = new RegExp(`Measurements cannot be kept on this computer: ${because.source}`);
          await popup.getByText(cannotKeep).first().waitFor({ timeout: 10_000 });

          await sandboxPost(suite.sandbox.root, '/sandbox/stow/fail-next', { count: 100, status: 503 });
          await createSr(popup, name);
          const notKept = popup.getByText(NOT_KEPT).first();
          await notKept.waitFor({ timeout: 30_000 });
          expect(await notKept.textContent()).toMatch(because);
          expect(await popup.getByText(KEPT_LOCALLY).count()).toBe(0); // never the promise it cannot keep
          expect(await storedReports(study, name)).toHaveLength(0);
          expect(await panelMeasurements(popup)).toHaveLength(DRAWN);

          await sandboxPost(suite.sandbox.root, '/sandbox/stow/fail-next', { count: 0 });
          await createSr(popup, name);
          await expectStored(`L3 IndexedDB ${fault}, KHEOPS failing then back`, study, name, 30_000);
          expect((await stows()).filter((e) => e.status === 200)).toHaveLength(1);
          // A silent refresh flushes the outbox, which cannot be read: nothing may surface as OHIF's error screen.
          await waitUntil(
            () => tokenCalls('refresh_token').some((r) => r.status === 200),
            (TOKEN_TTL_S + 10) * 1000,
            'a silent refresh',
          );
          await popup.waitForTimeout(500);
          expect(await popup.getByText(/Something went wrong/).count()).toBe(0);
          // Only the viewer origin lost its storage: the KHEOPS origin keeps its own.
          expect(await storageWorks(context, suite.sandbox.root, '/sandbox/faults')).toBe(true);
        } finally {
          await restore();
        }
        expect(await storageWorks(context, suite.sandbox.viewer, '/app-config.js')).toBe(true);
      },
    );
});
