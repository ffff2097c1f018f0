import type { SeededStudy } from '../../sandbox/src/testing/startSandbox';
import { useBrowserSuite } from '../lib/browserSuite';
import {
  LAUNCH_STYLES,
  albumTile,
  launchStudies,
  launchStudy,
  openAlbum,
  type LaunchStyleId,
} from '../lib/launchStudy';
import { ohifWindowInfo } from '../lib/ohifPage';
import { waitUntil } from '../lib/waitUntil';
import { clearSandboxRequests, sandboxPost, sandboxRequests } from '../lib/sandboxRequests';

const KHEOPS_NAMESPACE = '@kheops-ohif/extension-kheops.dataSourcesModule.kheops';

describe('KHEOPS UI album page (profile ohif)', () => {
  const suite = useBrowserSuite(['--profile', 'ohif']);

  const chestStudy = (): SeededStudy => {
    const studies = suite.sandbox.studies;
    return studies.find((s) => /CHEST/i.test(s.description)) ?? studies[0]!;
  };

  /** The first URL the popup reached on the viewer origin, fragment included (before any clean-up by OHIF). */
  function firstViewerNavigation(): URL {
    const nav = suite.session.recorder.navigations.find((n) => n.url.startsWith(`${suite.sandbox.viewer}/`));
    if (!nav) throw new Error('the popup never navigated to the viewer origin');
    return new URL(nav.url);
  }

  function reportForm(): URLSearchParams {
    const [post] = suite.session.recorder.matching(`${suite.sandbox.api}/report`, 'POST');
    if (!post) throw new Error('no POST to /api/report');
    expect(post.status).toBe(200);
    return new URLSearchParams(post.postData ?? '');
  }

  suite.test(
    'lists the seeded studies with one working thumbnail per series, fetched with a token',
    async () => {
      await clearSandboxRequests(suite.sandbox.root);
      const t0 = Date.now();
      const page = await openAlbum(suite);
      const loadMs = Date.now() - t0;
      console.warn(
        `sandbox start ${suite.sandboxStartMs} ms (reported ${suite.sandbox.startupMs} ms); album page with thumbnails ${loadMs} ms`,
      );

      const studies = suite.sandbox.studies;
      expect(studies.length).toBeGreaterThan(0);
      expect(await page.locator('.study').count()).toBe(studies.length);
      const seriesCount = studies.reduce((n, s) => n + s.series.length, 0);
      expect(await page.locator('.series').count()).toBe(seriesCount);

      for (const study of studies) {
        for (const series of study.series) {
          const img = albumTile(page, study, series.seriesInstanceUID).locator('img.thumbnail');
          expect(await img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
        }
      }

      const log = await sandboxRequests(suite.sandbox.root);
      for (const study of studies) {
        for (const series of study.series) {
          const path = `/api/studies/${study.studyInstanceUID}/series/${series.seriesInstanceUID}/thumbnail`;
          const hits = log.filter((e) => e.path.split('?')[0] === path);
          expect(hits).toHaveLength(1);
          expect(hits[0]).toMatchObject({
            status: 200,
            tokenVia: 'bearer',
            tokenValid: true,
            tokenKind: 'user',
          });
        }
      }
      const browserThumbs = suite.session.recorder.matching(/\/thumbnail$/);
      expect(browserThumbs).toHaveLength(seriesCount);
      expect(browserThumbs.every((r) => r.hasAuthorization && r.status === 200)).toBe(true);
      suite.session.recorder.assertAllLoopback();
    },
  );

  suite.test('the default launch style is L4, the most secure one the profile allows', async () => {
    const page = await openAlbum(suite);
    expect(await page.locator('input[name="launch"]:checked').getAttribute('value')).toBe('L4');
    expect(await page.locator('input[name="launch"]:disabled').count()).toBe(0);
  });

  for (const style of LAUNCH_STYLES) {
    suite.test(
      `${style}: clicking a thumbnail opens the genuine OHIF in window OHIF-{study} on the viewer origin`,
      async () => {
        const study = chestStudy();
        const series = study.series[0]!;
        const page = await openAlbum(suite, { style });
        expect(await page.locator('input[name="launch"]:checked').getAttribute('value')).toBe(style);

        const { popup } = await launchStudy(suite, {
          album: page,
          study,
          series: series.seriesInstanceUID,
          until: 'viewer',
        });
        const info = await ohifWindowInfo(popup);
        expect(info).toMatchObject({
          origin: suite.sandbox.viewer,
          windowName: `OHIF-${study.studyInstanceUID}`,
          hasRoot: true,
        });
        expect(info.config?.dataSourceNamespaces).toEqual([KHEOPS_NAMESPACE]);
        expect(info.config?.extensions).toEqual(['/kheops-plugins/extension-kheops.mjs']);

        expectLaunchWire(style, study.studyInstanceUID, series.seriesInstanceUID);
        expect(await page.locator('#launch-error').isHidden()).toBe(true);
        suite.session.recorder.assertAllLoopback();
      },
    );
  }

  function expectLaunchWire(style: LaunchStyleId, studyUID: string, seriesUID: string): void {
    const { api, root, viewer, clients } = suite.sandbox;
    const landed = firstViewerNavigation();
    expect(landed.pathname).toBe('/kheops');
    if (style === 'L1') {
      const [exchange] = suite.session.recorder.matching(`${api}/token`, 'POST');
      expect(exchange?.status).toBe(200);
      const form = new URLSearchParams(exchange?.postData ?? '');
      expect(Object.fromEntries([...form].filter(([k]) => k !== 'subject_token'))).toEqual({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        scope: 'viewer read write',
        studyUID,
        source_type: 'album',
        source_id: expect.any(String),
      });
      expect(landed.searchParams.get('url')).toMatch(
        new RegExp(`^${escapeRegExp(api)}/link/[^/]+/ohifservermetadata$`),
      );
      expect(landed.searchParams.get('studyInstanceUIDs')).toBe(studyUID);
      expect(landed.searchParams.get('seriesInstanceUIDs')).toBe(seriesUID);
      return;
    }
    const expectedClient = { L2: clients.implicit, L3: clients.code, L4: clients.thirdParty }[style];
    expect(expectedClient).toBeTruthy();
    const form = reportForm();
    expect(form.get('client_id')).toBe(expectedClient);
    expect(form.getAll('studyUID')).toEqual([studyUID]);
    expect(form.get('seriesUID')).toBe(seriesUID);
    expect(form.get('return_uri')).toMatch(new RegExp(`^${escapeRegExp(root)}/albums/`));
    expect(form.get('access_token')).toBeTruthy();
    if (style === 'L2') {
      const fragment = new URLSearchParams(landed.hash.slice(1));
      expect(fragment.get('access_token')).toBeTruthy();
      expect(fragment.get('client_id')).toBe(expectedClient);
      expect(fragment.getAll('studyUID')).toEqual([studyUID]);
    } else if (style === 'L3') {
      expect(landed.searchParams.get('code')).toBeTruthy();
      expect(landed.searchParams.get('client_id')).toBe(expectedClient);
      expect(landed.searchParams.getAll('studyUID')).toEqual([studyUID]);
      expect(landed.searchParams.get('seriesUID')).toBe(seriesUID);
    } else {
      expect(landed.searchParams.get('iss')).toBe(api);
      expect(landed.searchParams.get('login_hint')).toBeTruthy();
      const target = new URL(landed.searchParams.get('target_link_uri') ?? '');
      expect(target.origin).toBe(viewer);
      expect(target.searchParams.get('StudyInstanceUIDs')).toBe(studyUID);
      expect(target.searchParams.get('initialSeriesInstanceUID')).toBe(seriesUID);
    }
  }

  suite.test('"open selected studies" posts studyUID once per study, the first ticked first', async () => {
    const studies = suite.sandbox.studies;
    expect(studies.length).toBeGreaterThanOrEqual(2);
    const [first, second] = [studies[1]!, studies[0]!];
    const { popup } = await launchStudies(suite, { style: 'L2', studies: [first, second], until: 'viewer' });
    expect(await popup.evaluate(() => window.name)).toBe(`OHIF-${first.studyInstanceUID}`);
    const form = reportForm();
    expect(form.getAll('studyUID')).toEqual([first.studyInstanceUID, second.studyInstanceUID]);
    expect(form.has('seriesUID')).toBe(false);
    expect(new URLSearchParams(firstViewerNavigation().hash.slice(1)).getAll('studyUID')).toEqual([
      first.studyInstanceUID,
      second.studyInstanceUID,
    ]);
  });

  suite.test(
    'L1: a token-endpoint failure shows KHEOPS\u2019s error in the page and leaves no viewer window',
    async () => {
      const study = chestStudy();
      const page = await openAlbum(suite, { style: 'L1' });
      await sandboxPost(suite.sandbox.root, '/sandbox/token-endpoint/down', { seconds: 30 });
      try {
        await albumTile(page, study).first().click();
        await page.waitForSelector('#launch-error:not([hidden])', { timeout: 15_000 });
        expect(await page.locator('#launch-error').textContent()).toMatch(
          /Sorry, an error occurred.*HTTP 5\d\d/,
        );
        await waitUntil(() => suite.session.pages().length === 1, 5_000);
        expect(suite.session.recorder.navigations.some((n) => n.url.startsWith(suite.sandbox.viewer))).toBe(
          false,
        );
      } finally {
        await sandboxPost(suite.sandbox.root, '/sandbox/reset');
      }
    },
  );
  // Rendering, token hygiene and the request log for each launch style: e2e/tests/launch.test.ts.
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
