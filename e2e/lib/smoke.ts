import type { BrowserSuite } from './browserSuite';
import { launchStudy } from './launchStudy';
import { createSr, drawLengthAndEllipse, panelMeasurements } from './measurements';
import type { OhifSelectors } from './ohifSelectors';
import { storedReports } from './orthancSr';
import { clearSandboxRequests, sandboxRequests } from './sandboxRequests';
import { waitUntil } from './waitUntil';

// The smoke every OHIF build gets (prebuilt versions: ohif-versions.test.ts; CLI builds: ohif-source-build.test.ts).
const DICOMWEB = /^\/api\/(studies|wado)/;

/** Every DICOMweb request of an L3 launch carried a valid, unexpired bearer, was answered below 400, posted nothing. */
export async function expectAuthenticatedDicomweb(suite: BrowserSuite): Promise<void> {
  const log = (await sandboxRequests(suite.sandbox.root)).filter(
    (e) => DICOMWEB.test(e.path) && e.origin === suite.sandbox.viewer,
  );
  expect(log.length).toBeGreaterThan(5);
  // Only L1 makes a write check (an empty STOW KHEOPS answers 400); an L3 launch posts nothing.
  expect(log.filter((e) => e.method === 'POST')).toEqual([]);
  for (const e of log)
    expect(e).toMatchObject({ tokenVia: 'bearer', tokenPresent: true, tokenValid: true, tokenUnexpired: true });
  expect(log.filter((e) => e.status >= 400).map((e) => `${e.method} ${e.path} → ${e.status}`)).toEqual([]);
  suite.session.recorder.assertAllLoopback();
}

/** L3 from the album: a length and an ellipse saved as SR, stored with one STOW and decoded from Orthanc. */
export async function expectSrRoundTrip(suite: BrowserSuite, ohif: OhifSelectors, name: string): Promise<void> {
  const study = suite.sandbox.studies.find((s) => s.series.length >= 3)!;
  await clearSandboxRequests(suite.sandbox.root);
  const { popup } = await launchStudy(suite, { style: 'L3', study, series: study.series[0]!.seriesInstanceUID });
  await drawLengthAndEllipse(popup, 0, ohif);
  const shown = await panelMeasurements(popup, ohif);
  expect(shown).toHaveLength(2);
  await createSr(popup, name, ohif);
  await waitUntil(
    async () => (await storedReports(suite.sandbox.orthanc, study.studyInstanceUID, name)).length === 1,
    30_000,
    'the SR in Orthanc',
  );
  const [sr] = await storedReports(suite.sandbox.orthanc, study.studyInstanceUID, name);
  const length = sr!.measurements.find((m) => /length/i.test(m.name));
  expect(length?.unit).toBe('mm');
  expect(length!.value).toBeGreaterThan(0);
  expect(shown.join(' ')).toContain(`${Math.round(length!.value)} mm`); // the panel rounds
  expect(sr!.measurements.some((m) => /area/i.test(m.name) && m.value > 0)).toBe(true);
  expect(sr!.referencedImages.length).toBeGreaterThan(0);
  const stows = (await sandboxRequests(suite.sandbox.root)).filter(
    (e) => e.method === 'POST' && DICOMWEB.test(e.path),
  );
  expect(stows.map((e) => [e.path, e.status, e.tokenVia, e.tokenValid])).toEqual([
    ['/api/studies', 200, 'bearer', true],
  ]);
}
