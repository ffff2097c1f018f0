import type { Request } from 'playwright-core';
import { useBrowserSuite } from '../lib/browserSuite';
import { launchSecrets, webStorageDump } from '../lib/launchSecrets';
import { LAUNCH_STYLES, launchStudy } from '../lib/launchStudy';
import { displayedSeriesUIDs } from '../lib/ohifPage';
import { clearSandboxRequests, isL1WriteCheck, sandboxRequests } from '../lib/sandboxRequests';

const SECRET_PARAMS = [
  'code',
  'access_token',
  'state',
  'login_hint',
  'iss',
  'url',
  'conf_uri',
  'client_id',
  'token',
];
const DICOMWEB = /^\/api\/(studies|wado)/;

describe('secure launch from the KHEOPS album into the genuine OHIF (profile ohif)', () => {
  const suite = useBrowserSuite(['--profile', 'ohif']);

  for (const style of LAUNCH_STYLES) {
    suite.test(
      `${style}: the clicked series renders; no secret in the address bar, storage or any URL; every DICOMweb request carried a valid token`,
      async () => {
        const study = suite.sandbox.studies.find((s) => s.series.length >= 3)!;
        const clicked = study.series[2]!; // not the first series: the click must decide what is shown
        await clearSandboxRequests(suite.sandbox.root);
        const { popup, clickedAt } = await launchStudy(suite, {
          style,
          study,
          series: clicked.seriesInstanceUID,
        });
        console.warn(`${style}: click to first image ${Date.now() - clickedAt} ms`);

        expect(await displayedSeriesUIDs(popup)).toContain(clicked.seriesInstanceUID);

        const shown = new URL(popup.url());
        expect(shown.pathname).toBe('/kheops');
        expect(shown.hash).toBe('');
        expect(shown.searchParams.get('StudyInstanceUIDs')).toBe(study.studyInstanceUID);
        expect(shown.searchParams.get('initialSeriesInstanceUID')).toBe(clicked.seriesInstanceUID);
        for (const p of SECRET_PARAMS) expect(shown.searchParams.has(p)).toBe(false);

        const secrets = launchSecrets(suite.session.recorder.navigations.map((n) => n.url));
        expect(secrets.length).toBeGreaterThan(0);
        const storage = await webStorageDump(popup);
        for (const secret of secrets) expect(storage.join('\n')).not.toContain(secret);
        expect(storage.join('\n')).not.toMatch(/eyJ[\w-]+\.[\w-]+/); // no JWT of any kind
        // Apart from the launch navigations themselves (KHEOPS → viewer, viewer → KHEOPS authorize → viewer), no request
        // carries a secret in its URL or in any header (Referer included).
        const launchNav = suite.session.recorder.navigations.map((n) => n.url);
        const isLaunchMessage = (r: { resourceType: string; url: string }) =>
          r.resourceType === 'document' &&
          (launchNav.includes(r.url) || r.url.startsWith(`${suite.sandbox.api}/authorize?`));
        const later = suite.session.recorder.matching(/./).filter((r) => !isLaunchMessage(r));
        expect(later.length).toBeGreaterThan(20); // the viewer's own files, metadata, frames
        for (const r of later) {
          const wire = `${r.url}\n${Object.values(r.headers).join('\n')}`;
          for (const secret of secrets) expect(wire).not.toContain(secret);
        }

        const log = (await sandboxRequests(suite.sandbox.root)).filter(
          (e) => DICOMWEB.test(e.path) && e.origin === suite.sandbox.viewer,
        );
        expect(log.length).toBeGreaterThan(5);
        // L1 asks once whether its viewer token may write; nothing else is a POST.
        const posts = log.filter((e) => e.method === 'POST');
        expect(posts.map((e) => isL1WriteCheck(e, study.studyInstanceUID) && e.status)).toEqual(
          style === 'L1' ? [400] : [],
        );
        for (const e of log) {
          expect(e).toMatchObject({
            tokenVia: 'bearer',
            tokenPresent: true,
            tokenValid: true,
            tokenUnexpired: true,
          });
        }
        // Every read was answered (the L1 write check above is the one refusal, on purpose).
        expect(log.filter((e) => e.method !== 'POST' && e.status >= 400)).toEqual([]);
        suite.session.recorder.assertAllLoopback();
      },
    );
  }
  suite.test(
    "L4: OHIF's bundle, prefetched by the stopped sign-in page, is not downloaded again by the viewer page",
    async () => {
      const study = suite.sandbox.studies.find((s) => s.series.length >= 3)!;
      // In the order the popup asked: the bundle's loads and the authorization request between them.
      const asked: Request[] = [];
      const onRequest = (r: Request) => {
        const { pathname } = new URL(r.url());
        if (
          /\/app\.bundle\.[^/]*\.js$/.test(pathname) ||
          r.url().startsWith(`${suite.sandbox.api}/authorize?`)
        )
          asked.push(r);
      };
      suite.session.context.on('request', onRequest);
      try {
        await launchStudy(suite, { style: 'L4', study });
      } finally {
        suite.session.context.off('request', onRequest);
      }
      const authorize = asked.findIndex((r) => r.url().startsWith(`${suite.sandbox.api}/authorize?`));
      expect(authorize).toBeGreaterThan(0);
      const prefetch = asked.slice(0, authorize).filter((r) => r.resourceType() === 'other');
      expect(prefetch).toHaveLength(1); // the sign-in page's link prefetch, before it left
      expect((await prefetch[0]!.response())?.status()).toBe(200);
      // The viewer page the authorization server sends back loads the same bundle, from the browser's cache.
      const viewerLoads = asked.slice(authorize + 1);
      expect(viewerLoads.map((r) => r.resourceType())).toEqual(['script']);
      expect((await viewerLoads[0]!.response())?.status()).toBe(200);
      expect((await viewerLoads[0]!.sizes()).responseBodySize).toBe(0);
    },
  );
});
