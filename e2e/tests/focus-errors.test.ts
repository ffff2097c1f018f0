import type { Page } from 'playwright-core';
import { useBrowserSuite } from '../lib/browserSuite';
import { launchStudy } from '../lib/launchStudy';
import { displayedSeriesUIDs } from '../lib/ohifPage';
import { clearSandboxRequests, isL1WriteCheck, sandboxRequests } from '../lib/sandboxRequests';
import { waitForRenderedViewport } from '../lib/waitForRenderedViewport';

const BOGUS_SERIES = '1.2.826.0.1.3680043.2.1125.999.1';

describe('a launch naming a series the study does not hold (profile ohif)', () => {
  const suite = useBrowserSuite(['--profile', 'ohif']);

  /**
   * A genuine L1 launch URL (the album exchanges its token for a viewer token and opens
   * {viewer}/kheops?url=…/link/{token}/ohifservermetadata&studyInstanceUIDs=…&seriesInstanceUIDs=…), as KHEOPS
   * built it for the clicked series.
   */
  async function realL1LaunchUrl(): Promise<{ url: URL; studyIndex: number }> {
    const studyIndex = suite.sandbox.studies.findIndex((s) => s.series.length >= 3);
    const study = suite.sandbox.studies[studyIndex]!;
    const { popup } = await launchStudy(suite, {
      style: 'L1',
      study,
      series: study.series[1]!.seriesInstanceUID,
      until: 'viewer',
    });
    const nav = suite.session.recorder.navigations.find((n) => n.url.startsWith(`${suite.sandbox.viewer}/`));
    if (!nav) throw new Error('the popup never reached the viewer');
    await popup.close();
    return { url: new URL(nav.url), studyIndex };
  }

  /** The text of OHIF's toast (uiNotificationService renders sonner toasts) that matches `pattern`. */
  async function notificationText(page: Page, pattern: RegExp): Promise<string> {
    const toast = page.locator('[data-sonner-toast]', { hasText: pattern }).first();
    await toast.waitFor({ timeout: 30_000 });
    return (await toast.innerText()).replace(/\s+/g, ' ');
  }

  suite.test(
    'L1 with a series UID from nowhere: OHIF notification, and the study\u2019s first series renders',
    async () => {
      const { url, studyIndex } = await realL1LaunchUrl();
      const study = suite.sandbox.studies[studyIndex]!;
      url.searchParams.set('seriesInstanceUIDs', BOGUS_SERIES);
      await clearSandboxRequests(suite.sandbox.root);

      const viewer = await suite.session.context.newPage();
      await viewer.goto(url.toString());
      await waitForRenderedViewport(viewer, { timeout: 60_000 });
      const shown = await displayedSeriesUIDs(viewer);
      const text = await notificationText(viewer, /not part of this study/);
      console.warn(`notification: ${text}`);

      expect(text).toMatch(/series asked for is not part of this study/);
      expect(shown).toEqual([study.series[0]!.seriesInstanceUID]);
      // OHIF's own parameter stays as the launch wrote it: plain OHIF semantics (nothing matches, first series).
      expect(new URL(viewer.url()).searchParams.get('initialSeriesInstanceUID')).toBe(BOGUS_SERIES);

      const log = (await sandboxRequests(suite.sandbox.root)).filter(
        (e) => /^\/api\/(studies|wado)/.test(e.path) && e.origin === suite.sandbox.viewer,
      );
      expect(log.length).toBeGreaterThan(5); // the study's metadata and the first series' frames
      expect(log.some((e) => e.path.includes(BOGUS_SERIES))).toBe(false);
      expect(log.filter((e) => isL1WriteCheck(e, study.studyInstanceUID)).map((e) => e.status)).toEqual([
        400,
      ]);
      for (const e of log)
        expect(e).toMatchObject({ tokenPresent: true, tokenValid: true, tokenUnexpired: true });
      const refused = log.filter((e) => !isL1WriteCheck(e, study.studyInstanceUID) && e.status >= 400);
      expect(refused).toEqual([]);
      suite.session.recorder.assertAllLoopback();
    },
  );
});
