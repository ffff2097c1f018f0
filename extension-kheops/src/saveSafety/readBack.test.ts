import { qidoReadBack } from './readBack';

const ENDPOINT = 'https://kheops.example/api';
const REPORT = { studyUID: '1.2.3', seriesUID: '1.2.3.9', id: '1.2.3.9.1' };
const listing = (...sops: string[]) =>
  new Response(JSON.stringify(sops.map((s) => ({ '00080018': { vr: 'UI', Value: [s] } }))), {
    status: 200,
    headers: { 'Content-Type': 'application/dicom+json' },
  });

function server(...answers: Array<() => Response>) {
  const asked: Array<{ url: string; accept?: string }> = [];
  const request = async (url: string, init?: RequestInit) => {
    asked.push({ url, accept: (init?.headers as Record<string, string>).Accept });
    const next = answers.shift();
    if (!next) throw new TypeError('Failed to fetch');
    return next();
  };
  return { request, asked };
}

describe('qidoReadBack', () => {
  it('finds the report by a series-level QIDO on its SOP Instance UID, as KHEOPS forwards it', async () => {
    const { request, asked } = server(() => listing(REPORT.id));
    expect(await qidoReadBack(ENDPOINT, request, [])(REPORT)).toEqual({ found: true });
    expect(asked).toEqual([
      {
        url: `${ENDPOINT}/studies/1.2.3/series/1.2.3.9/instances?SOPInstanceUID=1.2.3.9.1`,
        accept: 'application/dicom+json',
      },
    ]);
  });

  it('asks again when the PACS has not indexed it yet, and finds it then', async () => {
    const { request, asked } = server(
      () => listing(),
      () => new Response(null, { status: 204 }),
      () => listing(REPORT.id),
    );
    expect(await qidoReadBack(ENDPOINT, request, [1, 1])(REPORT)).toEqual({ found: true });
    expect(asked).toHaveLength(3);
  });

  it('does not count another instance of the series as the report', async () => {
    const { request } = server(() => listing('1.2.3.9.2'));
    expect(await qidoReadBack(ENDPOINT, request, [])(REPORT)).toEqual({
      found: false,
      reason: 'KHEOPS does not list it yet',
    });
  });

  it('says why when KHEOPS refuses the look-up, without asking again', async () => {
    const { request, asked } = server(() => new Response(null, { status: 401 }));
    expect(await qidoReadBack(ENDPOINT, request, [1, 1])(REPORT)).toEqual({
      found: false,
      reason: 'KHEOPS answered the look-up with HTTP 401',
    });
    expect(asked).toHaveLength(1);
  });

  it('says why when KHEOPS cannot be reached', async () => {
    const { request } = server();
    expect(await qidoReadBack(ENDPOINT, request, [1])(REPORT)).toEqual({
      found: false,
      reason: 'KHEOPS could not be asked (Failed to fetch)',
    });
  });

  it('does not guess a series for a report that names none, and puts no raw UID text in the path', async () => {
    const { request, asked } = server(() => listing(REPORT.id));
    expect((await qidoReadBack(ENDPOINT, request, [])({ studyUID: '1.2', id: '1.2.3' })).found).toBe(false);
    expect(asked).toHaveLength(0);
    await qidoReadBack(ENDPOINT, request, [])({ studyUID: '1.2/../x', seriesUID: '1?a=b', id: '1&c' });
    expect(asked[0]!.url).toBe(
      `${ENDPOINT}/studies/1.2%2F..%2Fx/series/1%3Fa%3Db/instances?SOPInstanceUID=1%26c`,
    );
  });
});
