// The smoke on every supported prebuilt OHIF other than the default one (the full suite runs on that one):
// L3 launch from a thumbnail click, the clicked series rendered, every DICOMweb request authenticated and
// answered below 400, OHIF's first requests answered from the launch prefetch, and one SR with two measurements
// saved to KHEOPS and decoded from Orthanc.
// OHIF_SMOKE_VERSIONS=3.11.1,3.12.0 runs it on those versions instead (the default one included, for comparison).
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_OHIF_VERSION, PREBUILT_OHIF_VERSIONS, ohifDistDir } from '../../sandbox/src/ohifVersions';
import { useBrowserSuite } from '../lib/browserSuite';
import { launchStudy } from '../lib/launchStudy';
import { displayedSeriesUIDs } from '../lib/ohifPage';
import { clearSandboxRequests } from '../lib/sandboxRequests';
import {
  expectAuthenticatedDicomweb,
  expectFirstRequestsFromLaunchPrefetch,
  expectSrRoundTrip,
} from '../lib/smoke';

const only = process.env.OHIF_SMOKE_VERSIONS?.split(',').map((v) => v.trim());
if (only) for (const v of only) if (!PREBUILT_OHIF_VERSIONS.includes(v)) throw new Error(`unknown OHIF ${v}`);
const versions = only ?? PREBUILT_OHIF_VERSIONS.filter((v) => v !== DEFAULT_OHIF_VERSION);

for (const version of versions) {
  describe(`OHIF ${version} prebuilt (runtime modules), profile ohif`, () => {
    const suite = useBrowserSuite(['--profile', 'ohif', '--ohif-version', version]);
    const ohif = suite.ohif;
    const chest = () => suite.sandbox.studies.find((s) => s.series.length >= 3)!;

    suite.test(`${version}: the viewer origin serves OHIF ${version}`, async () => {
      console.warn(`OHIF ${version}: sandbox ready in ${suite.sandboxStartMs} ms`);
      const served = await (await fetch(`${suite.sandbox.viewer}/index.html`)).text();
      expect(served).toBe(fs.readFileSync(path.join(ohifDistDir(version), 'index.html'), 'utf8'));
      const appBundle = /src="\/(app\.bundle\.[\w.]+\.js)"/.exec(served)?.[1];
      expect(appBundle).toBeDefined();
      // Each version's app bundle has its own content hash: the page is no other version's (setup fetched them all).
      const others = PREBUILT_OHIF_VERSIONS.filter((v) => v !== version);
      expect(
        others.filter((v) =>
          fs.readFileSync(path.join(ohifDistDir(v), 'index.html'), 'utf8').includes(appBundle!),
        ),
      ).toEqual([]);
    });

    suite.test(
      `${version} L3: a thumbnail click opens the study on the clicked series; every DICOMweb request authenticated, below 400`,
      async () => {
        const study = chest();
        const clicked = study.series[2]!; // not the first series: the click must decide what is shown
        await clearSandboxRequests(suite.sandbox.root);
        const { popup, clickedAt } = await launchStudy(suite, {
          style: 'L3',
          study,
          series: clicked.seriesInstanceUID,
        });
        console.warn(`OHIF ${version} L3: click to first image ${Date.now() - clickedAt} ms`);
        expect(await displayedSeriesUIDs(popup)).toContain(clicked.seriesInstanceUID);

        const shown = new URL(popup.url());
        expect(shown.pathname).toBe('/kheops');
        expect(shown.searchParams.get('StudyInstanceUIDs')).toBe(study.studyInstanceUID);
        expect(shown.searchParams.has('code')).toBe(false);

        await expectAuthenticatedDicomweb(suite);
        expectFirstRequestsFromLaunchPrefetch(suite, study, clicked.seriesInstanceUID);
      },
    );

    suite.test(
      `${version} L3: a length and an ellipse saved as SR come back from Orthanc with their values`,
      () => expectSrRoundTrip(suite, ohif, `e2e OHIF ${version}`),
    );
  });
}
