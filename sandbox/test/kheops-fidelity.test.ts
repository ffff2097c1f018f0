import http from 'node:http';
import { bearer, first, storeStudyOutsideAlbums, userToken, type DicomJson } from './helpers/dicomweb';
import { FakeReportProvider } from './helpers/fakeReportProvider';
import { launch, registerProvider } from './helpers/kheops';
import { startSandbox, type RunningSandbox } from '../src/testing/startSandbox';

// The answers of the KHEOPS source for the audit's "(c) Cosmetic" items (kheops-fidelity-audit.md): each case
// names the Java file it reproduces.
let sb: RunningSandbox;
let rp: FakeReportProvider;
let token: string;
let chest: RunningSandbox['studies'][number];
let axialUID: string;
const ALBUM = 'demoAlbum0000000000001';

interface Raw {
  status: number;
  /** every WWW-Authenticate header, one entry per header line */
  challenges: string[];
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A GET with node:http, so that separate WWW-Authenticate headers stay separate (fetch joins them). */
function raw(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(url.startsWith('http') ? url : `${sb.api}${url}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const challenges: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2)
            if (res.rawHeaders[i]!.toLowerCase() === 'www-authenticate')
              challenges.push(res.rawHeaders[i + 1]!);
          resolve({
            status: res.statusCode ?? 0,
            challenges,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      })
      .on('error', reject);
  });
}

const basicRaw = (decoded: string) => ({ Authorization: `Basic ${Buffer.from(decoded).toString('base64')}` });
const forged = () => `${token.slice(0, -4)}AAAA`;

beforeAll(async () => {
  sb = await startSandbox();
  rp = await new FakeReportProvider().start();
  token = await userToken(sb);
  chest = sb.studies.find((s) => s.patientName === 'Synthetic^Patient')!;
  axialUID = chest.series.find((s) => s.numInstances === 20)!.seriesInstanceUID;
}, 90_000);
afterAll(async () => {
  await rp?.stop();
  await sb?.stop();
});

describe('ohifservermetadata (PX/ohif/OHIFMetadataResource.java + PX/tokens/AuthorizationToken.java)', () => {
  it('needs an Authorization header it can read: none, another scheme or a Basic without two parts -> bare 401', async () => {
    for (const headers of [
      {},
      { Authorization: 'Token abc' },
      basicRaw('no-colon'),
      { Authorization: 'Bearer ' },
    ]) {
      const res = await raw('/ohifservermetadata', headers);
      expect(res.status).toBe(401);
      expect(res.challenges).toEqual([]);
      expect(res.body).toBe('');
    }
  });

  it('does not check the token itself, and the link form always has a header', async () => {
    expect((await raw('/ohifservermetadata', bearer('anything'))).status).toBe(200);
    expect((await raw('/ohifservermetadata', basicRaw('u:anything'))).status).toBe(200);
    expect((await raw(`${sb.api}/link/anything/ohifservermetadata`)).status).toBe(200);
  });

  it('answers 500 to a Basic header that is not base64 (java.util.Base64 throws, nothing maps it)', async () => {
    expect((await raw('/ohifservermetadata', { Authorization: 'Basic %%%' })).status).toBe(500);
  });
});

describe('Authorization-server paths (AS/filter/SecuredFilter.java)', () => {
  const paths = () => [
    '/studies',
    `/studies/${chest.studyInstanceUID}/series`,
    `/studies/${chest.studyInstanceUID}/metadata`,
  ];

  it('a missing or unreadable header: 401 with two challenges, Basic then Bearer, and no body', async () => {
    for (const path of paths())
      for (const headers of [
        {},
        { Authorization: 'Token x' },
        basicRaw('a:b:c'),
        { Authorization: 'Basic !' },
      ]) {
        const res = await raw(path, headers);
        expect([path, res.status, res.challenges, res.body]).toEqual([path, 401, ['Basic', 'Bearer'], '']);
      }
  });

  it('a bad token: 401 with no challenge and no body', async () => {
    for (const path of paths())
      for (const headers of [bearer(forged()), basicRaw(`u:${forged()}`), bearer(` ${token}`)]) {
        const res = await raw(path, headers);
        expect([path, res.status, res.challenges, res.body]).toEqual([path, 401, [], '']);
      }
    const link = await raw(`${sb.api}/link/${forged()}/studies`);
    expect([link.status, link.challenges]).toEqual([401, []]);
  });

  it('Basic takes the second of exactly two colon-separated parts, an empty first one included', async () => {
    expect((await raw('/studies', basicRaw(`:${token}`))).status).toBe(200);
  });
});

describe('DICOMweb-proxy paths (PX/wadors/*, PX/tokens/AuthorizationToken.java)', () => {
  const paths = () => [
    `/studies/${chest.studyInstanceUID}/series/${axialUID}/metadata`,
    `/studies/${chest.studyInstanceUID}/series/${axialUID}/instances`,
    `/studies/${chest.studyInstanceUID}/series/${axialUID}/thumbnail`,
  ];

  it('a bad token: NotAuthorizedException("Bearer", "Basic") -> two WWW-Authenticate headers', async () => {
    for (const path of paths()) {
      const res = await raw(path, bearer(forged()));
      expect([path, res.status, res.challenges]).toEqual([path, 401, ['Bearer', 'Basic']]);
    }
  });

  it('no usable header: fromAuthorizationHeader -> 401 without a challenge', async () => {
    for (const path of paths())
      for (const headers of [{}, { Authorization: 'Token x' }] as Array<Record<string, string>>) {
        const res = await raw(path, headers);
        expect([path, res.status, res.challenges]).toEqual([path, 401, []]);
      }
  });
});

describe('userinfo (AS/resource/UserResource.java getOIDCUserInfo)', () => {
  it('no Authorization header: a NullPointerException, 500 with an OtherExceptionMapper ErrorResponse', async () => {
    const res = await raw('/userinfo');
    expect(res.status).toBe(500);
    const body = JSON.parse(res.body) as Record<string, string>;
    expect(body.message).toBe('Internal server error');
    expect(body.detail).toMatch(/^log id : [A-Za-z0-9]{20}$/);
    expect(body.help).toBe('https://github.com/OsiriX-Foundation/kheops/wiki');
  });

  it('not Bearer: 401 "Bearer"; a bad token: 401 with the challenge "Bad AccessToken"; a user token: bare 403', async () => {
    const basic = await raw('/userinfo', basicRaw(`u:${token}`));
    expect([basic.status, basic.challenges]).toEqual([401, ['Bearer']]);
    const bad = await raw('/userinfo', bearer(forged()));
    expect([bad.status, bad.challenges, bad.body]).toEqual([401, ['Bad AccessToken'], '']);
    const user = await raw('/userinfo', bearer(token));
    expect([user.status, user.body]).toEqual([403, '']);
  });
});

describe("a removed report provider's token (AS/principal/ReportProviderPrincipal.java)", () => {
  let providerToken: string;
  beforeAll(async () => {
    const url = rp.serve('/removed', { response_type: 'token', redirect_uri: `${rp.origin}/viewer` });
    const created = (await (await registerProvider(sb, token, url, 'to remove')).json()) as {
      client_id: string;
    };
    const target = await launch(sb, token, created.client_id, [chest.studyInstanceUID]);
    providerToken = new URLSearchParams(target.hash.slice(1)).get('access_token')!;
    expect((await raw('/studies', bearer(providerToken))).status).toBe(200);
    const removed = await fetch(`${sb.api}/albums/${ALBUM}/reportproviders/${created.client_id}`, {
      method: 'DELETE',
      headers: bearer(token),
    });
    expect(removed.status).toBe(204);
  });

  it('is 403 (ForbiddenException "Client id not found", no body) on the Authorization server', async () => {
    for (const path of ['/studies', `/studies/${chest.studyInstanceUID}/series`]) {
      const res = await raw(path, bearer(providerToken));
      expect([path, res.status, res.body]).toEqual([path, 403, '']);
    }
  });

  it('is 401 on the proxy (the pep exchange fails) and 403 on a study retrieve (WadoRSStudy.java)', async () => {
    const md = await raw(
      `/studies/${chest.studyInstanceUID}/series/${axialUID}/metadata`,
      bearer(providerToken),
    );
    expect([md.status, md.challenges]).toEqual([401, ['Bearer', 'Basic']]);
    expect((await raw(`/studies/${chest.studyInstanceUID}`, bearer(providerToken))).status).toBe(403);
    // WadoRSStudyInstance.java maps only 401 and 404 of the series list; the 403 becomes 502.
    expect((await raw(`/studies/${chest.studyInstanceUID}/instances`, bearer(providerToken))).status).toBe(
      502,
    );
  });

  it('still gets its userinfo: userinfo builds no principal, so nothing looks the client up', async () => {
    const res = await raw('/userinfo', bearer(providerToken));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ sub: 'demo-radiologist' });
  });
});

describe('QIDO statuses and headers', () => {
  it('series-level instances (PX/wadors/WadoRSSeriesInstances.java): nothing matching is 200 [] with no-cache', async () => {
    const res = await raw(
      `/studies/${chest.studyInstanceUID}/series/${axialUID}/instances?SOPInstanceUID=1.2.3.4.5`,
      bearer(token),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual([]);
    expect(res.headers['cache-control']).toBe('no-cache, no-transform');
    expect(res.headers['x-total-count']).toBeUndefined();
    const all = await raw(`/studies/${chest.studyInstanceUID}/series/${axialUID}/instances`, bearer(token));
    expect((JSON.parse(all.body) as unknown[]).length).toBe(20);
    expect(all.headers['x-total-count']).toBeUndefined();
  });

  it('studies (getStudies): Cache-Control only on a 200, the literal "Warning: 299 {+service}" value', async () => {
    const page = await raw('/studies?limit=1', bearer(token));
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('private, no-cache, no-transform');
    expect(page.headers.warning).toBe(
      `Warning: 299 {+service}: There are ${sb.studies.length - 1} additional results that can be requested`,
    );
    const none = await raw('/studies?PatientID=NOBODY', bearer(token));
    expect([none.status, none.headers['x-total-count'], none.headers['cache-control']]).toEqual([
      204,
      '0',
      undefined,
    ]);
    const both = await raw(`/studies?album=${ALBUM}&inbox=true`, bearer(token));
    expect(both.status).toBe(400);
    expect(JSON.parse(both.body)).toMatchObject({ message: 'Bad Query Parameter' });
  });

  it('series (getSeries): 200 [] for an empty page or filter while series are in reach, no Cache-Control', async () => {
    const series = `/studies/${chest.studyInstanceUID}/series`;
    const filtered = await raw(`${series}?Modality=XX`, bearer(token));
    expect([filtered.status, filtered.body, filtered.headers['x-total-count']]).toEqual([200, '[]', '0']);
    const beyond = await raw(`${series}?offset=100`, bearer(token));
    expect([beyond.status, beyond.body, beyond.headers['x-total-count']]).toEqual([
      200,
      '[]',
      String(chest.series.length),
    ]);
    expect(beyond.headers['cache-control']).toBeUndefined();
    const one = await raw(`${series}?limit=1`, bearer(token));
    expect((JSON.parse(one.body) as unknown[]).length).toBe(1);
    expect(one.headers.warning).toBe(
      `299 {+service}: There are ${chest.series.length - 1} additional results that can be requested`,
    );
    expect((await raw(`${series}?limit=abc`, bearer(token))).status).toBe(404);
    expect((await raw(`${series}?album=${ALBUM}&inbox=true`, bearer(token))).status).toBe(400);
    expect((await raw(`${series}?favorite=true`, bearer(token))).status).toBe(400);
  });

  it('study-level instances (PX/wadors/WadoRSStudyInstance.java): empty -> 204, "unknown" Warning, no X-Total-Count', async () => {
    const path = `/studies/${chest.studyInstanceUID}/instances`;
    const none = await raw(`${path}?SOPInstanceUID=1.2.3.4.5`, bearer(token));
    expect([none.status, none.headers['cache-control']]).toEqual([204, 'no-cache, no-transform']);
    const one = await raw(`${path}?limit=1`, bearer(token));
    expect(one.status).toBe(200);
    expect((JSON.parse(one.body) as unknown[]).length).toBe(1);
    expect(one.headers.warning).toBe(
      '299 {+service}: There are unknown additional results that can be requested',
    );
    expect(one.headers['x-total-count']).toBeUndefined();
    const noHeader = await raw(path);
    expect([noHeader.status, noHeader.challenges]).toEqual([401, []]);
    const bad = await raw(path, bearer(forged()));
    expect([bad.status, bad.challenges]).toEqual([401, []]);
  });
});

describe('study-level metadata (AS/resource/QIDOResource.java getStudiesMetadata)', () => {
  it("leaves the PACS's BulkDataURIs alone, while series metadata points at the gateway (WadoRsMetadata.java)", async () => {
    const study = await raw(`/studies/${chest.studyInstanceUID}/metadata`, bearer(token));
    expect(study.status).toBe(200);
    const datasets = JSON.parse(study.body) as DicomJson[];
    const uris = datasets.map((d) => d['7FE00010']?.BulkDataURI).filter(Boolean) as string[];
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris)
      expect(uri.startsWith(`${sb.orthanc}/dicom-web/studies/${chest.studyInstanceUID}/`)).toBe(true);
    expect(study.body).not.toContain(`${sb.api}/studies`);
    const series = await raw(`/studies/${chest.studyInstanceUID}/series/${axialUID}/metadata`, bearer(token));
    const seriesUri = (JSON.parse(series.body) as DicomJson[])[0]!['7FE00010']!.BulkDataURI!;
    expect(seriesUri.startsWith(`${sb.api}/studies/${chest.studyInstanceUID}/series/${axialUID}/`)).toBe(
      true,
    );
  });

  it('only holds the series in reach, and answers a study out of reach with an ErrorResponse 404', async () => {
    const study = await raw(`/studies/${chest.studyInstanceUID}/metadata`, bearer(token));
    const seriesUIDs = new Set((JSON.parse(study.body) as DicomJson[]).map((d) => first(d, '0020000E')));
    expect([...seriesUIDs].sort()).toEqual(chest.series.map((s) => s.seriesInstanceUID).sort());
    const outside = await storeStudyOutsideAlbums(sb, 'fidelity');
    const res = await raw(`/studies/${outside}/metadata`, bearer(token));
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({
      message: 'Study Not Found',
      detail: "The study does not exist or you don't have access",
      help: 'https://github.com/OsiriX-Foundation/kheops/wiki',
    });
  });
});

describe('CORS per service (AS/filter/CORSFilter.java, ExposeHeadersFilter.java; PX/filter/CORSFilter.java)', () => {
  const preflight = (path: string, method = 'GET') =>
    fetch(`${sb.api}${path}`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://viewer.example',
        'Access-Control-Request-Method': method,
        'Access-Control-Request-Headers': 'authorization, accept',
      },
    });

  it('answers a frame preflight with the proxy lists (no PATCH, no X-Authorization-Source)', async () => {
    const res = await preflight(
      `/studies/${chest.studyInstanceUID}/series/${axialUID}/instances/1.2/frames/1`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-methods')).not.toMatch(/PATCH/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(res.headers.get('access-control-allow-headers')).not.toMatch(/X-Authorization-Source/i);
    expect(res.headers.get('access-control-max-age')).toBe('86400');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it("answers a STOW preflight to /studies with the Authorization server's lists (nginx sends OPTIONS there)", async () => {
    const res = await preflight('/studies', 'POST');
    expect(res.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/X-Authorization-Source/);
  });

  it('exposes X-Total-Count only on answers that carry it, and nothing else', async () => {
    const studies = await fetch(`${sb.api}/studies`, { headers: bearer(token) });
    expect(studies.headers.get('x-total-count')).not.toBeNull();
    expect(studies.headers.get('access-control-expose-headers')).toBe('X-Total-Count');
    const metadata = await fetch(`${sb.api}/studies/${chest.studyInstanceUID}/series/${axialUID}/metadata`, {
      headers: bearer(token),
    });
    expect(metadata.status).toBe(200);
    expect(metadata.headers.get('access-control-expose-headers')).toBeNull();
  });
});
