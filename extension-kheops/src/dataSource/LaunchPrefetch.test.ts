import { EndpointPolicy } from './EndpointPolicy';
import { LaunchPrefetch } from './LaunchPrefetch';
import { installRequestGuard, type TokenProvider } from './RequestGuard';

const API = 'https://kheops.example/api';
const S = '1.2.3';
const SE = '1.2.3.4';
const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax="*"';
// OHIF's image loader default, as the guard quotes it for Jersey: the same media type.
const LOADER_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
// What OHIF 3.13 sends (the e2e request log).
const OHIF_STUDY = `${API}/studies?limit=101&offset=0&fuzzymatching=false&includefield=00081030%2C00080060%2C00080090%2C00100030&StudyInstanceUID=${S}`;
const OHIF_SERIES = `${API}/studies/${S}/series?includefield=00080021%2C00080031%2C0008103E%2C00200011`;
const PREFETCH_STUDY = `${API}/studies?includefield=00081030%2C00080060%2C00080090%2C00100030&StudyInstanceUID=${S}`;
const PATIENT = 'PAT 7&StudyInstanceUID=9.9';
// The patient search as OHIF 3.13 sends it (the e2e request log), the PatientID encoded: one parameter.
const PATIENT_SEARCH = `${API}/studies?00100020=PAT%207%26StudyInstanceUID%3D9.9&limit=101&offset=0&fuzzymatching=false&includefield=00081030%2C00080060%2C00080090%2C00100030`;
const METADATA = `${API}/studies/${S}/series/${SE}/metadata`;
const frame = (sop: string) => `${API}/studies/${S}/series/${SE}/instances/${sop}/frames/1`;

/** Instances 1.2.3.4.{n} with InstanceNumber n, listed out of order. */
const metadata = (...numbers: number[]) =>
  JSON.stringify(
    numbers.map((n) => ({
      '00080018': { vr: 'UI', Value: [`${SE}.${n}`] },
      '00200013': { vr: 'IS', Value: [n] },
    })),
  );

const SERIES_LIST = JSON.stringify([
  { '0020000E': { vr: 'UI', Value: [`${S}.9`] } },
  { '0020000E': { vr: 'UI', Value: [SE] } },
]);

const STUDY_ROW = JSON.stringify([
  { '0020000D': { vr: 'UI', Value: [S] }, '00100020': { vr: 'LO', Value: [PATIENT] } },
]);

/** KHEOPS as the prefetch sees it: answers by URL, records what was asked and with which Accept. */
function kheops(answers: Record<string, () => Response> = {}) {
  const asked: Array<{ url: string; accept: string | null }> = [];
  const send = async (url: string, init: RequestInit) => {
    asked.push({ url, accept: new Headers(init.headers).get('Accept') });
    const answer = answers[url];
    if (answer) return answer();
    if (url === METADATA) return new Response(metadata(3, 1, 5, 2, 4), { status: 200 });
    if (url === OHIF_SERIES) return new Response(SERIES_LIST, { status: 200 });
    if (url === PREFETCH_STUDY) return new Response(STUDY_ROW, { status: 200 });
    return new Response(`answer for ${url}`, {
      status: 200,
      headers: { 'Content-Type': 'application/dicom+json' },
    });
  };
  return { send, asked };
}

const text = async (p: ReturnType<LaunchPrefetch['take']>) => {
  const a = await p;
  return a && new TextDecoder().decode(a.body);
};

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('LaunchPrefetch', () => {
  it("asks for the study, its series, the patient's studies, the clicked series' metadata, then its first, middle and last frames", async () => {
    const { send, asked } = kheops();
    new LaunchPrefetch(API, send).start({ studyUIDs: [S], seriesUID: SE });
    await jest.advanceTimersByTimeAsync(10);
    expect(asked).toEqual([
      { url: PREFETCH_STUDY, accept: 'application/dicom+json' },
      { url: OHIF_SERIES, accept: 'application/dicom+json' },
      { url: PATIENT_SEARCH, accept: 'application/dicom+json' },
      { url: METADATA, accept: 'application/dicom+json' },
      { url: frame(`${SE}.1`), accept: FRAME_ACCEPT },
      { url: frame(`${SE}.3`), accept: FRAME_ACCEPT },
      { url: frame(`${SE}.5`), accept: FRAME_ACCEPT },
    ]);
  });

  it("answers OHIF's own requests for exactly these: the QIDOs as often as asked, metadata and frames once", async () => {
    const { send } = kheops();
    const p = new LaunchPrefetch(API, send).start({ studyUIDs: [S], seriesUID: SE });
    await jest.advanceTimersByTimeAsync(10);
    expect(await text(p.take(OHIF_STUDY, 'application/dicom+json'))).toBe(STUDY_ROW);
    expect(await text(p.take(OHIF_STUDY, 'application/dicom+json'))).toBe(STUDY_ROW); // OHIF asks twice
    expect(await text(p.take(OHIF_SERIES, 'application/dicom+json'))).toBe(SERIES_LIST);
    expect(await text(p.take(PATIENT_SEARCH, 'application/dicom+json'))).toBe(`answer for ${PATIENT_SEARCH}`);
    const reordered = `${API}/studies?includefield=00081030&offset=0&00100020=PAT+7%26StudyInstanceUID%3D9.9&limit=101`;
    expect(await text(p.take(reordered, null))).toBe(`answer for ${PATIENT_SEARCH}`);
    expect(await text(p.take(METADATA, null))).toBe(metadata(3, 1, 5, 2, 4));
    expect(p.take(METADATA, null)).toBeUndefined();
    expect(await text(p.take(frame(`${SE}.5`), FRAME_ACCEPT))).toBe(`answer for ${frame(`${SE}.5`)}`);
    expect(p.take(frame(`${SE}.5`), FRAME_ACCEPT)).toBeUndefined();
    expect(await text(p.take(frame(`${SE}.1`), LOADER_ACCEPT))).toBe(`answer for ${frame(`${SE}.1`)}`);
  });

  it.each([
    ['another study', `${API}/studies?StudyInstanceUID=9.9`, 'application/dicom+json'],
    ['a field it did not ask for', `${OHIF_STUDY}&includefield=00100010`, 'application/dicom+json'],
    ['another page of results', OHIF_STUDY.replace('offset=0', 'offset=100'), 'application/dicom+json'],
    ['another search', `${OHIF_STUDY}&PatientID=X`, 'application/dicom+json'],
    ['another patient', PATIENT_SEARCH.replace('PAT%207', 'PAT%208'), 'application/dicom+json'],
    ['a patient search for more', PATIENT_SEARCH.replace('limit=101', 'limit=500'), 'application/dicom+json'],
    [
      'a fuzzy patient search',
      PATIENT_SEARCH.replace('fuzzymatching=false', 'fuzzymatching=true'),
      'application/dicom+json',
    ],
    ['a patient search with a name', `${PATIENT_SEARCH}&00100010=DOE`, 'application/dicom+json'],
    [
      'the patient search split in two',
      `${API}/studies?00100020=PAT%207&StudyInstanceUID=9.9&limit=101`,
      'application/dicom+json',
    ],
    ['another series', `${API}/studies/${S}/series/9.9/metadata`, 'application/dicom+json'],
    ['a frame it did not ask for', frame(`${SE}.2`), FRAME_ACCEPT],
    ['a frame in another transfer syntax', frame(`${SE}.1`), 'multipart/related; type="image/jls"'],
    ['metadata as XML', METADATA, 'multipart/related; type="application/dicom+xml"'],
    ['another origin', METADATA.replace('kheops.example', 'evil.example'), 'application/dicom+json'],
  ])('does not answer %s', async (_what, url, accept) => {
    const p = new LaunchPrefetch(API, kheops().send).start({ studyUIDs: [S], seriesUID: SE });
    await jest.advanceTimersByTimeAsync(10);
    expect(p.take(url, accept)).toBeUndefined();
  });

  it('leaves what KHEOPS refused or could not send to OHIF itself', async () => {
    const { send } = kheops({
      [METADATA]: () => new Response('', { status: 401 }),
      [OHIF_SERIES]: () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const p = new LaunchPrefetch(API, send).start({ studyUIDs: [S], seriesUID: SE });
    await jest.advanceTimersByTimeAsync(10);
    expect(await p.take(METADATA, null)).toBeUndefined();
    expect(await p.take(OHIF_SERIES, null)).toBeUndefined();
  });

  it('holds no more than maxBytes, nothing with maxBytes 0, and nothing after keepMs', async () => {
    const small = kheops();
    const p = new LaunchPrefetch(API, small.send, { frames: 3, maxBytes: 200, keepMs: 60_000 }).start({
      studyUIDs: [S],
      seriesUID: SE,
    });
    await jest.advanceTimersByTimeAsync(10);
    expect(await p.take(METADATA, null)).toBeUndefined(); // the metadata alone is larger
    const off = kheops();
    new LaunchPrefetch(API, off.send, { frames: 3, maxBytes: 0, keepMs: 60_000 }).start({ studyUIDs: [S] });
    expect(off.asked).toEqual([]);
    const late = new LaunchPrefetch(API, kheops().send).start({ studyUIDs: [S], seriesUID: SE });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(late.take(OHIF_SERIES, null)).toBeUndefined();
  });

  it('asks nothing about a clicked series that KHEOPS does not list in the study', async () => {
    const { send, asked } = kheops();
    new LaunchPrefetch(API, send).start({ studyUIDs: [S], seriesUID: '9.8.7' });
    await jest.advanceTimersByTimeAsync(10);
    expect(asked.map((a) => a.url).filter((u) => u.includes('9.8.7'))).toEqual([]);
    expect(asked).toHaveLength(3); // the study, its series list, the patient's studies
  });

  it('asks for no patient search when the study answer names no patient', async () => {
    const noPatient = JSON.stringify([{ '0020000D': { vr: 'UI', Value: [S] } }]);
    const { send, asked } = kheops({ [PREFETCH_STUDY]: () => new Response(noPatient, { status: 200 }) });
    new LaunchPrefetch(API, send).start({ studyUIDs: [S] });
    await jest.advanceTimersByTimeAsync(10);
    expect(asked.map((a) => a.url)).toEqual([PREFETCH_STUDY, OHIF_SERIES]);
  });

  it('asks nothing for a study or series that is not a UID', async () => {
    const { send, asked } = kheops();
    new LaunchPrefetch(API, send).start({ studyUIDs: ['1.2/../../x'] });
    new LaunchPrefetch(API, send).start({ studyUIDs: [S], seriesUID: '1?x=y' });
    await jest.advanceTimersByTimeAsync(10);
    expect(asked.map((a) => a.url)).toEqual([PREFETCH_STUDY, OHIF_SERIES, PATIENT_SEARCH]);
  });
});

/** An XMLHttpRequest as dicomweb-client drives it: responseType json, readyState 4 handler, headers read. */
class FakeXhr extends EventTarget {
  static sent: string[] = [];
  url = '';
  responseType: XMLHttpRequestResponseType = '';
  onreadystatechange: (() => void) | null = null;
  constructor() {
    super();
    this.addEventListener('readystatechange', () => this.onreadystatechange?.());
  }
  open(_m: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  send() {
    FakeXhr.sent.push(this.url);
  }
  abort() {}
}

describe('RequestGuard with a prefetch', () => {
  const tokens: TokenProvider = {
    currentToken: () => 'current',
    freshToken: async () => 'current',
    isOurs: () => false,
    request: (url, init, via) => via(url, init),
  };

  function setup() {
    FakeXhr.sent = [];
    const fetched: string[] = [];
    const win = {
      XMLHttpRequest: FakeXhr as unknown as typeof XMLHttpRequest,
      location: { href: 'https://viewer.example/kheops' },
      fetch: (async (input: RequestInfo | URL) => {
        fetched.push(String(input));
        return new Response('from the network', { status: 200 });
      }) as typeof fetch,
    };
    const prefetch = new LaunchPrefetch(API, kheops().send).start({ studyUIDs: [S], seriesUID: SE });
    const uninstall = installRequestGuard(win, new EndpointPolicy(API), tokens, undefined, prefetch);
    return { win, fetched, uninstall };
  }

  it('answers an XMLHttpRequest from memory as the network would, without sending it', async () => {
    const { win, uninstall } = setup();
    await jest.advanceTimersByTimeAsync(10);
    const x = new win.XMLHttpRequest();
    x.open('GET', METADATA);
    x.setRequestHeader('Accept', 'application/dicom+json');
    x.responseType = 'json';
    const done = new Promise<unknown>((resolve) => {
      x.onreadystatechange = () => {
        if (x.readyState === 4 && x.status === 200)
          resolve([x.response, x.getResponseHeader('content-type')]);
      };
    });
    x.send();
    await jest.advanceTimersByTimeAsync(10);
    expect(await done).toEqual([JSON.parse(metadata(3, 1, 5, 2, 4)), 'text/plain;charset=UTF-8']);
    expect(FakeXhr.sent).toEqual([]);
    // Asked again: the network, with the token.
    const again = new win.XMLHttpRequest();
    again.open('GET', METADATA);
    again.send();
    expect(FakeXhr.sent).toEqual([METADATA]);
    uninstall();
  });

  it('answers a fetch of a held frame from memory, and sends any other', async () => {
    const { win, fetched, uninstall } = setup();
    await jest.advanceTimersByTimeAsync(10);
    const accept = 'multipart/related; type=application/octet-stream; transfer-syntax=*'; // quoted by the guard
    const held = await win.fetch(frame(`${SE}.1`), { headers: { Accept: accept } });
    expect(await held.text()).toBe(`answer for ${frame(`${SE}.1`)}`);
    const other = await win.fetch(frame(`${SE}.2`), { headers: { Accept: accept } });
    expect(await other.text()).toBe('from the network');
    expect(fetched).toEqual([frame(`${SE}.2`)]);
    uninstall();
  });
});
