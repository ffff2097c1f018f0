import type { SeededStudy } from '../../sandbox/src/testing/startSandbox';
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

/**
 * OHIF's first requests (study, patient's studies, series list, the clicked series' metadata and first frames)
 * reached KHEOPS once each, as the launch's own: OHIF's identical ones were answered from the launch prefetch.
 */
export function expectFirstRequestsFromLaunchPrefetch(suite: BrowserSuite, study: SeededStudy, clicked: string): void {
  const api = suite.session.recorder.requests.filter((r) => r.url.startsWith(`${suite.sandbox.api}/studies`));
  const sent = (test: (u: URL) => boolean) => api.filter((r) => test(new URL(r.url)));
  const studyQido = sent((u) => u.pathname.endsWith('/studies') && u.searchParams.has('StudyInstanceUID'));
  const patientQido = sent((u) => u.pathname.endsWith('/studies') && u.searchParams.has('00100020'));
  const seriesQido = sent((u) => u.pathname.endsWith(`/studies/${study.studyInstanceUID}/series`));
  const metadata = sent((u) => u.pathname.endsWith(`/series/${clicked}/metadata`));
  const frames = sent((u) => u.pathname.includes(`/series/${clicked}/instances/`));
  expect(studyQido).toHaveLength(1);
  // OHIF's study browser asks for the patient's studies once, over XHR (dicomweb-client); the launch's is a fetch.
  expect(patientQido.map((r) => r.resourceType)).toEqual(['fetch']);
  expect(seriesQido.filter((r) => new URL(r.url).searchParams.has('includefield'))).toHaveLength(1);
  expect(metadata).toHaveLength(1);
  const byUrl = new Map<string, number>();
  frames.forEach((r) => byUrl.set(r.url, (byUrl.get(r.url) ?? 0) + 1));
  expect(frames.length).toBeGreaterThanOrEqual(3);
  expect(Math.max(...byUrl.values())).toBe(1); // the three frames the launch asked for, not asked again
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
