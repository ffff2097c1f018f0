import type { Page } from 'playwright-core';
import { useBrowserSuite } from '../lib/browserSuite';
import { launchStudy } from '../lib/launchStudy';
import { createSr, drawEllipse, drawLength, panelMeasurements } from '../lib/measurements';
import { localStore } from '../lib/localStore';
import { storedReports as storedSr } from '../lib/orthancSr';
import { clearSandboxRequests, sandboxPost, sandboxRequests } from '../lib/sandboxRequests';
import { waitUntil } from '../lib/waitUntil';

describe('annotations saved to KHEOPS as DICOM SR, whatever the network and the token do', () => {
  const suite = useBrowserSuite(['--profile', 'ohif']);
  const chest = () => suite.sandbox.studies.find((s) => s.series.length >= 3)!;

  async function launchAndAnnotate(study = chest()): Promise<Page> {
    const { popup } = await launchStudy(suite, {
      style: 'L3',
      study,
      series: study.series[0]!.seriesInstanceUID,
    });
    await drawLength(popup, [0.35, 0.4], [0.65, 0.55]);
    await drawEllipse(popup, [0.45, 0.6], [0.6, 0.75]);
    await waitUntil(
      async () => (await panelMeasurements(popup)).length === 2,
      10_000,
      'two measurements in the panel',
    );
    return popup;
  }

  const storedReports = (name: string, study = chest()) =>
    storedSr(suite.sandbox.orthanc, study.studyInstanceUID, name);

  /** The persistent save indicator (extension-kheops/src/ui/SaveStateIndicator.ts). */
  const indicator = (popup: Page) => popup.locator('#kheops-save-state');
  async function indicatorSays(popup: Page, text: string | RegExp, timeout = 30_000): Promise<void> {
    await indicator(popup).filter({ hasText: text }).waitFor({ timeout });
  }

  async function clickedSeriesInstances(): Promise<Set<string>> {
    const study = chest();
    const res = await fetch(
      `${suite.sandbox.orthanc}/dicom-web/studies/${study.studyInstanceUID}/series/${study.series[0]!.seriesInstanceUID}/instances`,
    );
    const rows = (await res.json()) as Array<Record<string, { Value?: string[] }>>;
    return new Set(rows.map((r) => r['00080018']!.Value![0]!));
  }

  suite.test(
    'a length and an ellipse come back from KHEOPS with their values and referenced images',
    async () => {
      const popup = await launchAndAnnotate();
      const shown = await panelMeasurements(popup);
      await indicatorSays(popup, 'Unsaved measurements');
      await clearSandboxRequests(suite.sandbox.root);
      await createSr(popup, 'e2e plain save');
      await waitUntil(
        async () => (await storedReports('e2e plain save')).length === 1,
        30_000,
        'the SR in Orthanc',
      );
      // "Confirmed" only after the viewer found the report in KHEOPS, by QIDO with its token, after the STOW.
      await indicatorSays(popup, /^1 report confirmed in KHEOPS$/);
      const log = await sandboxRequests(suite.sandbox.root);
      const stowAt = log.findIndex(
        (e) => e.method === 'POST' && e.path === '/api/studies' && e.status === 200,
      );
      expect(stowAt).toBeGreaterThanOrEqual(0);
      const lookUp = log
        .slice(stowAt + 1)
        .find((e) => e.method === 'GET' && /^\/api\/studies\/[\d.]+\/series\/[\d.]+\/instances/.test(e.path));
      expect(lookUp).toMatchObject({ status: 200, tokenVia: 'bearer', tokenUnexpired: true });
      const [sr] = await storedReports('e2e plain save');
      const length = sr!.measurements.find((m) => /length/i.test(m.name));
      expect(length?.unit).toBe('mm');
      expect(shown.join(' ')).toContain(`${Math.round(length!.value)} mm`); // the panel rounds
      expect(sr!.measurements.some((m) => /area/i.test(m.name) && m.value > 0)).toBe(true);
      const instances = await clickedSeriesInstances();
      expect(sr!.referencedImages.length).toBeGreaterThan(0);
      expect(sr!.referencedImages.every((uid) => instances.has(uid))).toBe(true);
      console.warn(
        `plain save: drawn 2, stored ${sr!.measurements.filter((m) => /length|area/i.test(m.name)).length} measurement values`,
      );
    },
  );

  suite.test(
    'the next 3 STOW requests fail with 503: the report is stored anyway, nothing lost',
    async () => {
      const popup = await launchAndAnnotate();
      await clearSandboxRequests(suite.sandbox.root);
      await sandboxPost(suite.sandbox.root, '/sandbox/stow/fail-next', { count: 3, status: 503 });
      await createSr(popup, 'e2e after 503');
      await waitUntil(
        async () => (await storedReports('e2e after 503')).length === 1,
        60_000,
        'the SR in Orthanc',
      );
      const stows = (await sandboxRequests(suite.sandbox.root)).filter(
        (e) => e.method === 'POST' && /\/api\/studies/.test(e.path),
      );
      expect(stows.map((e) => e.status)).toEqual([503, 503, 503, 200]);
      const [sr] = await storedReports('e2e after 503');
      expect(sr!.measurements.filter((m) => /length|area/i.test(m.name))).toHaveLength(2);
    },
  );

  suite.test(
    'KHEOPS says stored but the PACS lost the report: the indicator never says confirmed, and says so',
    async () => {
      const popup = await launchAndAnnotate();
      await sandboxPost(suite.sandbox.root, '/sandbox/stow/lose-next', { count: 1 });
      await createSr(popup, 'e2e lost by the PACS');
      await indicatorSays(popup, /1 report sent, not found in KHEOPS/);
      expect(await indicator(popup).getAttribute('data-tone')).toBe('error');
      expect(await indicator(popup).textContent()).not.toMatch(/confirmed/);
      expect(await storedReports('e2e lost by the PACS')).toHaveLength(0);
    },
  );

  suite.test('STOW answers 401 once: the session refreshes and the report is stored', async () => {
    const popup = await launchAndAnnotate();
    await clearSandboxRequests(suite.sandbox.root);
    await sandboxPost(suite.sandbox.root, '/sandbox/stow/fail-next', { count: 1, status: 401 });
    await createSr(popup, 'e2e after 401');
    await waitUntil(
      async () => (await storedReports('e2e after 401')).length === 1,
      60_000,
      'the SR in Orthanc',
    );
    const refreshes = suite.session.recorder
      .matching(`${suite.sandbox.api}/token`, 'POST')
      .filter((r) => new URLSearchParams(r.postData ?? '').get('grant_type') === 'refresh_token');
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
  });

  suite.test(
    'KHEOPS refuses the report (409): the reason is shown, nothing looks saved, the annotations stay',
    async () => {
      const popup = await launchAndAnnotate();
      await sandboxPost(suite.sandbox.root, '/sandbox/stow/fail-next', { count: 1, status: 409 });
      await createSr(popup, 'e2e refused');
      await popup
        .getByText(/KHEOPS refused the report/)
        .first()
        .waitFor({ timeout: 30_000 });
      expect(await storedReports('e2e refused')).toHaveLength(0);
      expect(await panelMeasurements(popup)).toHaveLength(2);
      await indicatorSays(popup, '1 report refused by KHEOPS · Unsaved measurements');
      const { outbox } = await localStore(popup);
      expect(outbox).toEqual([{ studyUID: chest().studyInstanceUID, refused: true }]);
    },
  );

  suite.test(
    'KHEOPS answers 403 (a read-only launch): the user is told, nothing looks saved, the annotations stay',
    async () => {
      // Another study than the 409 case, whose annotations stay on this computer as a draft.
      const head = suite.sandbox.studies.find((s) => s.series.length === 1)!;
      const popup = await launchAndAnnotate(head);
      await sandboxPost(suite.sandbox.root, '/sandbox/stow/fail-next', { count: 1, status: 403 });
      await createSr(popup, 'e2e read-only');
      await popup
        .getByText(/this launch has no write permission \(read-only launch\)/)
        .first()
        .waitFor({ timeout: 30_000 });
      expect(await storedReports('e2e read-only', head)).toHaveLength(0);
      expect(await panelMeasurements(popup)).toHaveLength(2);
    },
  );
});
