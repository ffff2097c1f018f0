import { useBrowserSuite } from '../lib/browserSuite';
import { launchStudy } from '../lib/launchStudy';
import { localStore } from '../lib/localStore';
import { createSr, drawLengthAndEllipse, panelMeasurements } from '../lib/measurements';
import { storedReports } from '../lib/orthancSr';
import { sandboxRequests } from '../lib/sandboxRequests';
import { waitUntil } from '../lib/waitUntil';

// Tokens shorter than the outage: the session must also renew itself after the network comes back.
const TOKEN_TTL_S = 30;
const OFFLINE_S = 60;

describe('the browser goes offline for a minute during a save', () => {
  const suite = useBrowserSuite(['--profile', 'ohif', '--token-ttl', String(TOKEN_TTL_S)]);

  suite.test(
    'L3: the report waits on this computer, the user is told, and it reaches KHEOPS once, by itself, after the network is back',
    async () => {
      const study = suite.sandbox.studies.find((s) => s.series.length >= 3)!;
      const { popup } = await launchStudy(suite, {
        style: 'L3',
        study,
        series: study.series[0]!.seriesInstanceUID,
      });
      await drawLengthAndEllipse(popup);
      const name = `e2e offline ${Date.now()}`;

      await suite.session.context.setOffline(true);
      const offlineAt = Date.now();
      await createSr(popup, name);
      await popup
        .getByText('Saved on this computer — not yet in KHEOPS')
        .first()
        .waitFor({ timeout: 30_000 });
      expect(
        (await localStore(popup)).outbox.filter((i) => i.studyUID === study.studyInstanceUID),
      ).toHaveLength(1);
      expect(await panelMeasurements(popup)).toHaveLength(2); // still open: nothing looks saved
      expect(await storedReports(suite.sandbox.orthanc, study.studyInstanceUID, name)).toHaveLength(0);
      await popup.waitForTimeout(Math.max(0, OFFLINE_S * 1000 - (Date.now() - offlineAt)));
      await suite.session.context.setOffline(false);
      const onlineAt = Date.now();

      await popup.getByText('Your report is now saved in KHEOPS.').first().waitFor({ timeout: 60_000 });
      await waitUntil(
        async () => (await storedReports(suite.sandbox.orthanc, study.studyInstanceUID, name)).length === 1,
        30_000,
        'the SR in Orthanc',
      );
      console.warn(
        `offline ${OFFLINE_S} s during a save: in KHEOPS ${Date.now() - onlineAt} ms after the network came back`,
      );
      const [sr] = await storedReports(suite.sandbox.orthanc, study.studyInstanceUID, name);
      expect(sr!.measurements.filter((m) => /length|area/i.test(m.name))).toHaveLength(2);
      expect(
        (await localStore(popup)).outbox.filter((i) => i.studyUID === study.studyInstanceUID),
      ).toHaveLength(0);
      const stows = (await sandboxRequests(suite.sandbox.root)).filter(
        (e) => e.method === 'POST' && e.path === '/api/studies',
      );
      expect(stows.map((e) => [e.status, e.tokenUnexpired])).toEqual([[200, true]]); // once, with a valid token
    },
    240_000,
  );
});
