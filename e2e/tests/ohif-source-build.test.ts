// The smoke on an OHIF built from source with the OHIF CLI (scripts/verify-ohif-source-build.sh builds it and
// runs this file): the packages are bundled into OHIF, app-config.js lists no runtime modules and ends with the
// documented early-launch hook, which imports the runtime module the CLI build copied into its own dist.
// L3 launch from a thumbnail click, the clicked series rendered, every DICOMweb request authenticated, one SR
// saved and decoded from Orthanc.
// Needs OHIF_DIST (the build's dist folder), KHEOPS_CLI_BUILD=1 and OHIF_SOURCE_VERSION (e.g. 3.12.5, for the
// markup): CI has no OHIF source, so without them every test here shows as skipped.
import fs from 'node:fs';
import path from 'node:path';
import { useBrowserSuite } from '../lib/browserSuite';
import { launchStudy } from '../lib/launchStudy';
import { displayedSeriesUIDs } from '../lib/ohifPage';
import { ohifSelectors } from '../lib/ohifSelectors';
import { clearSandboxRequests } from '../lib/sandboxRequests';
import { expectAuthenticatedDicomweb, expectSrRoundTrip } from '../lib/smoke';

const dist = process.env.OHIF_DIST;
const version = process.env.OHIF_SOURCE_VERSION;
const enabled = Boolean(dist && version && process.env.KHEOPS_CLI_BUILD === '1');
const describeIfBuilt = enabled ? describe : describe.skip;

describeIfBuilt(`OHIF ${version ?? '(no OHIF_DIST)'} source build (OHIF CLI), early-launch hook on`, () => {
  const suite = useBrowserSuite(['--profile', 'ohif', '--ohif-dist', dist ?? '', '--cli-build']);
  const ohif = ohifSelectors(version ?? '3.13.0');
  const chest = () => suite.sandbox.studies.find((s) => s.series.length >= 3)!;

  suite.test(
    'the viewer origin serves the CLI build, whose dist carries the runtime module and no package leftovers',
    async () => {
      const served = await (await fetch(`${suite.sandbox.viewer}/index.html`)).text();
      expect(served).toBe(fs.readFileSync(path.join(dist!, 'index.html'), 'utf8'));
      // OHIF's writePluginImportsFile copied the packages' dist/: the hook's URL is the build's own file.
      const runtime = await fetch(`${suite.sandbox.viewer}/kheops-plugins/extension-kheops.mjs`);
      expect(runtime.status).toBe(200);
      expect(await runtime.text()).toBe(
        fs.readFileSync(path.join(dist!, 'kheops-plugins', 'extension-kheops.mjs'), 'utf8'),
      );
      for (const leftover of ['esm', 'types', 'runtime', 'lib'])
        expect({ leftover, exists: fs.existsSync(path.join(dist!, leftover)) }).toEqual({
          leftover,
          exists: false,
        });
      const appConfig = await (await fetch(`${suite.sandbox.viewer}/app-config.js`)).text();
      expect(appConfig).toMatch(/"extensions": \[\]/);
      expect(appConfig).toMatch(/"modes": \[\]/);
      expect(appConfig).toContain('import("/kheops-plugins/extension-kheops.mjs")');
    },
  );

  suite.test(
    'L3: a thumbnail click opens the study on the clicked series; the early hook took the launch; every DICOMweb request authenticated',
    async () => {
      const study = chest();
      const clicked = study.series[2]!; // not the first series: the click must decide what is shown
      await clearSandboxRequests(suite.sandbox.root);
      const { popup, clickedAt } = await launchStudy(suite, {
        style: 'L3',
        study,
        series: clicked.seriesInstanceUID,
      });
      console.warn(`OHIF ${version} source build L3: click to first image ${Date.now() - clickedAt} ms`);
      expect(await displayedSeriesUIDs(popup)).toContain(clicked.seriesInstanceUID);

      // The hook ran (it imported the runtime copy) and the bundled copy joined its launch instead of failing.
      expect(
        suite.session.recorder.matching(/\/kheops-plugins\/extension-kheops\.mjs$/).length,
      ).toBeGreaterThan(0);
      expect(
        await popup.evaluate(() => typeof (window as { kheopsEarlyLaunch?: unknown }).kheopsEarlyLaunch),
      ).toBe('object');
      expect(await popup.locator('text=/no_session/').count()).toBe(0);

      const shown = new URL(popup.url());
      expect(shown.pathname).toBe('/kheops');
      expect(shown.searchParams.get('StudyInstanceUIDs')).toBe(study.studyInstanceUID);
      expect(shown.searchParams.has('code')).toBe(false);

      await expectAuthenticatedDicomweb(suite);
    },
  );

  suite.test('L3: a length and an ellipse saved as SR come back from Orthanc with their values', () =>
    expectSrRoundTrip(suite, ohif, `e2e OHIF ${version} source build`),
  );
});

if (!enabled)
  test.skip('OHIF source build smoke: set OHIF_DIST, OHIF_SOURCE_VERSION and KHEOPS_CLI_BUILD=1 (scripts/verify-ohif-source-build.sh)', () => {});
