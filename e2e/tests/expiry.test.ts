import { useBrowserSuite } from '../lib/browserSuite';
import { launchStudy } from '../lib/launchStudy';
import { drawEllipse, drawLength, nameReport, panelMeasurements } from '../lib/measurements';
import { storedReports } from '../lib/orthancSr';
import { waitUntil } from '../lib/waitUntil';

describe('a session that cannot renew itself warns before it ends', () => {
  // L2 tokens live 200 s here: inside the 10-minute window from the start, so the first warning comes at once and
  // the 2-minute one about 80 s after the launch.
  const suite = useBrowserSuite(['--profile', 'ohif', '--token-ttl', '200']);

  suite.test(
    'L2: "Renew session" opens KHEOPS beside the viewer; "Save now" stores the measurements before the end',
    async () => {
      const study = suite.sandbox.studies.find((s) => s.series.length >= 3)!;
      const { popup: viewer } = await launchStudy(suite, {
        style: 'L2',
        study,
        series: study.series[0]!.seriesInstanceUID,
      });

      await viewer
        .getByText(/Your KHEOPS session ends in [23] minutes\. Save your measurements/)
        .first()
        .waitFor({ timeout: 30_000 });
      // Nothing drawn yet: the notice's one button renews.
      expect(await viewer.getByRole('button', { name: 'Save now' }).count()).toBe(0);
      const [kheops] = await Promise.all([
        suite.session.context.waitForEvent('page', { timeout: 10_000 }),
        viewer.getByRole('button', { name: 'Renew session' }).first().click(),
      ]);
      await kheops.waitForLoadState('domcontentloaded');
      expect(new URL(kheops.url()).origin).toBe(new URL(suite.sandbox.root).origin);
      expect(viewer.isClosed()).toBe(false); // the viewer and its unsaved work stay where they are
      await kheops.close();

      await drawLength(viewer, [0.35, 0.4], [0.65, 0.55]);
      await drawEllipse(viewer, [0.45, 0.6], [0.6, 0.75]);
      await waitUntil(async () => (await panelMeasurements(viewer)).length === 2, 10_000, 'two measurements');
      const saveNow = viewer.getByRole('button', { name: 'Save now' });
      await saveNow.first().waitFor({ timeout: 120_000 });
      expect(await viewer.getByText(/Your KHEOPS session ends in 2 minutes/).count()).toBeGreaterThan(0);
      expect(await viewer.getByRole('button', { name: 'Renew session' }).count()).toBeGreaterThan(0);
      await saveNow.first().click();
      await nameReport(viewer, 'e2e save now');
      await waitUntil(
        async () =>
          (await storedReports(suite.sandbox.orthanc, study.studyInstanceUID, 'e2e save now')).length === 1,
        30_000,
        'the SR in Orthanc',
      );
      const [sr] = await storedReports(suite.sandbox.orthanc, study.studyInstanceUID, 'e2e save now');
      const values = sr!.measurements.filter((m) => /length|area/i.test(m.name));
      console.warn(`save now before expiry: drawn 2, stored ${values.length} measurement values`);
      expect(values).toHaveLength(2);
    },
    240_000, // the 2-minute warning comes about 80 s after the launch
  );
});
