import type { Page } from 'playwright-core';
import { useBrowserSuite } from '../lib/browserSuite';
import type { SeededStudy } from '../../sandbox/src/testing/startSandbox';
import { albumTile, launchStudy, openAlbum, type LaunchStyleId } from '../lib/launchStudy';
import { createSr, drawLengthAndEllipse, panelMeasurements } from '../lib/measurements';
import { localStore } from '../lib/localStore';
import { loadedSeriesUIDs } from '../lib/ohifPage';
import { storedReports } from '../lib/orthancSr';
import { clearSandboxRequests, sandboxPost, sandboxRequests } from '../lib/sandboxRequests';
import { waitUntil } from '../lib/waitUntil';

// What a radiologist meets on KHEOPS as it is today (no OHIF-profile changes): sharing links that cannot save,
// and report-provider saves that KHEOPS authorizes by re-reading the viewer's configuration every time.
const OUTAGE_S = 30;
const NOW_IN_KHEOPS = 'Your report is now saved in KHEOPS.';

describe('KHEOPS today: read-only sharing links and report-provider saves', () => {
  const suite = useBrowserSuite(['--profile', 'today']);
  const chest = () => suite.sandbox.studies.find((s) => s.series.length >= 3)!;
  // Each scenario has a study of its own, so that nothing one left on this computer mixes into the other.
  const head = () => suite.sandbox.studies.find((s) => s.series.length === 1)!;

  const stows = async () =>
    (await sandboxRequests(suite.sandbox.root)).filter(
      (e) => e.method === 'POST' && e.path.startsWith('/api/studies'),
    );
  const outbox = async (page: Page, study: SeededStudy) =>
    (await localStore(page)).outbox.filter((i) => i.studyUID === study.studyInstanceUID);

  for (const style of ['L1', 'L2'] as LaunchStyleId[]) {
    suite.test(
      `${style}: a study only partly in the album opens with the album's series alone; the others are never asked for`,
      async () => {
        const neck = suite.sandbox.studies.find((s) => s.patientId === 'SYN0004')!;
        const inAlbum = neck.series.map((s) => s.seriesInstanceUID);
        const inPacs = (await (
          await fetch(`${suite.sandbox.orthanc}/dicom-web/studies/${neck.studyInstanceUID}/series`)
        ).json()) as Array<Record<string, { Value?: string[] }>>;
        const outside = inPacs.map((s) => s['0020000E']!.Value![0]!).filter((uid) => !inAlbum.includes(uid));
        expect(inAlbum).toHaveLength(1);
        expect(outside.length).toBeGreaterThanOrEqual(1);

        await clearSandboxRequests(suite.sandbox.root);
        const album = await openAlbum(suite, { style });
        expect(await albumTile(album, neck).count()).toBe(1);
        const { popup } = await launchStudy(suite, { album, study: neck, series: inAlbum[0]! });
        await popup.waitForTimeout(2000); // let OHIF finish asking for the study's other series, if it would
        expect(await loadedSeriesUIDs(popup)).toEqual(inAlbum);
        const fromViewer = suite.session.recorder
          .matching(/\/api\//)
          .filter((r) => r.url.includes('/studies/'));
        for (const uid of outside) expect(fromViewer.filter((r) => r.url.includes(uid))).toEqual([]);
        const refused = (await sandboxRequests(suite.sandbox.root)).filter(
          (e) =>
            e.origin === suite.sandbox.viewer &&
            e.status >= 400 &&
            !e.path.endsWith(`/studies/${neck.studyInstanceUID}`),
        );
        expect(refused).toEqual([]);
      },
    );
  }

  suite.test(
    'a sharing link (/view/, viewer read) says it is read-only as the viewer opens; a report drawn anyway stays on this computer with that reason',
    async () => {
      await sandboxPost(suite.sandbox.root, '/sandbox/reset');
      const { url } = (await (await fetch(`${suite.sandbox.root}/sandbox/album-link`)).json()) as {
        url: string;
      };
      const study = head();
      const { popup } = await launchStudy(suite, { url, study });

      // Before any work: the viewer says the launch cannot save to KHEOPS.
      await popup
        .getByText(/This launch is read-only/)
        .first()
        .waitFor({ timeout: 15_000 });
      const probes = await stows();
      expect(probes.map((e) => e.status)).toEqual([403]); // the one write check, refused before any body is read

      await drawLengthAndEllipse(popup);
      const name = 'e2e sharing link';
      await createSr(popup, name);
      await popup
        .getByText(/no write permission \(read-only launch\)/)
        .first()
        .waitFor({ timeout: 30_000 });
      expect(await storedReports(suite.sandbox.orthanc, study.studyInstanceUID, name)).toHaveLength(0);
      expect(await outbox(popup, study)).toEqual([{ studyUID: study.studyInstanceUID, refused: true }]);
      expect(await panelMeasurements(popup)).toHaveLength(2);
      const after = await stows();
      expect(after.length).toBeGreaterThanOrEqual(1);
      expect(after.filter((e) => e.status !== 403)).toEqual([]);
    },
  );

  suite.test(
    `L2: while KHEOPS cannot reach the viewer's configuration (${OUTAGE_S} s) a save is kept on this computer with the reason, and uploads by itself after`,
    async () => {
      await sandboxPost(suite.sandbox.root, '/sandbox/reset');
      const study = chest();
      const { popup } = await launchStudy(suite, {
        style: 'L2',
        study,
        series: study.series[0]!.seriesInstanceUID,
      });
      expect(await popup.getByText(/This launch is read-only/).count()).toBe(0);
      await drawLengthAndEllipse(popup);

      await sandboxPost(suite.sandbox.root, '/sandbox/viewer-config/down', { seconds: OUTAGE_S });
      const backAt = Date.now() + OUTAGE_S * 1000;
      const saved = popup
        .getByText(NOW_IN_KHEOPS)
        .first()
        .waitFor({ timeout: (OUTAGE_S + 60) * 1000 });
      saved.catch(() => undefined); // awaited below; not unhandled if the test fails before that
      const name = 'e2e viewer configuration unreachable';
      await createSr(popup, name);
      await popup
        .getByText(/not yet in KHEOPS \(KHEOPS did not accept the session although it has not expired/)
        .first()
        .waitFor({ timeout: 30_000 });
      expect(Date.now()).toBeLessThan(backAt);
      expect(await storedReports(suite.sandbox.orthanc, study.studyInstanceUID, name)).toHaveLength(0);
      expect(await outbox(popup, study)).toEqual([{ studyUID: study.studyInstanceUID, refused: false }]);
      const refused = await stows();
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(
        refused.every((e) => e.status === 401 && e.tokenKind === 'report_provider' && e.tokenUnexpired),
      ).toBe(true);

      await saved;
      await waitUntil(
        async () => (await storedReports(suite.sandbox.orthanc, study.studyInstanceUID, name)).length === 1,
        30_000,
        `"${name}" in Orthanc`,
      );
      const [sr] = await storedReports(suite.sandbox.orthanc, study.studyInstanceUID, name);
      expect(sr!.measurements.filter((m) => /length|area/i.test(m.name))).toHaveLength(2);
      expect(Date.now()).toBeGreaterThanOrEqual(backAt);
      expect(await outbox(popup, study)).toEqual([]);
    },
    (OUTAGE_S + 150) * 1000,
  );
});
