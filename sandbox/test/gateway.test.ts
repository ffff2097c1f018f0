import { multipartRelated } from '../src/data/multipart';
import { startSandbox, type RunningSandbox } from '../src/testing/startSandbox';
import {
  basic,
  bearer,
  first,
  multipartParts,
  srInstance,
  storeStudyOutsideAlbums,
  userToken,
  viewerToken,
  type DicomJson,
} from './helpers/dicomweb';

// Gateway behaviour reproduced from KHEOPS: AS/resource/QIDOResource.java, PX/wadors/WadoRsResource.java,
// PX/wadouri/WadoUriResource.java, PX/ohif/OHIFMetadataResource.java, ReverseProxy/location_link_*.conf.
let sb: RunningSandbox;
let token: string;
let chest: RunningSandbox['studies'][number];
let axialUID: string;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(path.startsWith('http') ? path : `${sb.api}${path}`, { headers });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}
const json = <T = DicomJson[]>(b: Buffer) => JSON.parse(b.toString('utf8')) as T;

async function firstInstance(study: string, series: string): Promise<string> {
  const { body } = await get(`/studies/${study}/series/${series}/instances`, bearer(token));
  return String(first(json(body)[0], '00080018'));
}

beforeAll(async () => {
  sb = await startSandbox();
  token = await userToken(sb);
  chest = sb.studies.find((s) => s.patientName === 'Synthetic^Patient')!;
  axialUID = chest.series.find((s) => s.numInstances === 20)!.seriesInstanceUID;
}, 90_000);
afterAll(() => sb?.stop());

describe('QIDO /studies (AS/resource/QIDOResource.java)', () => {
  it('lists every seeded study to the demo user with X-Total-Count', async () => {
    const { res, body } = await get('/studies', bearer(token));
    expect(res.status).toBe(200);
    const uids = json(body).map((s) => first(s, '0020000D'));
    expect(uids.sort()).toEqual(sb.studies.map((s) => s.studyInstanceUID).sort());
    expect(res.headers.get('x-total-count')).toBe(String(sb.studies.length));
  });

  it('returns StudyDescription when includefield uses %2C (Orthanc quirk fixed in the gateway)', async () => {
    const { body } = await get(
      `/studies?StudyInstanceUID=${chest.studyInstanceUID}&includefield=00081030%2C00080060`,
      bearer(token),
    );
    expect(first(json(body)[0], '00081030')).toBe(chest.description);
  });

  it('answers 204 with X-Total-Count 0 when nothing matches', async () => {
    const { res, body } = await get('/studies?PatientID=NOBODY', bearer(token));
    expect(res.status).toBe(204);
    expect(res.headers.get('x-total-count')).toBe('0');
    expect(body.length).toBe(0);
  });

  it('pages with limit/offset after filtering, keeping the total', async () => {
    const { res, body } = await get('/studies?limit=1&offset=1', bearer(token));
    expect(json(body)).toHaveLength(1);
    expect(res.headers.get('x-total-count')).toBe(String(sb.studies.length));
  });

  it('rejects a missing token with 401 and WWW-Authenticate Basic and Bearer (AS/filter/SecuredFilter.java)', async () => {
    const { res } = await get('/studies');
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/Basic/);
    expect(challenge).toMatch(/Bearer/);
  });

  it('rejects a forged token with 401', async () => {
    expect((await get('/studies', bearer(`${token.slice(0, -4)}AAAA`))).res.status).toBe(401);
  });
});

describe('the three ways to present a token', () => {
  it('accepts Basic base64(anything:token)', async () => {
    expect((await get('/studies', basic(token))).res.status).toBe(200);
  });

  it('accepts /api/link/{token}/ as Bearer and writes link-form URLs back', async () => {
    const { res, body } = await get(`${sb.api}/link/${token}/studies/${chest.studyInstanceUID}/series`);
    expect(res.status).toBe(200);
    expect(String(first(json(body)[0], '00081190'))).toMatch(
      new RegExp(`^${sb.api}/link/${token.replace(/[.]/g, '\\.')}/studies/`),
    );
  });

  it('rejects a bad link token on WADO with 401 and "Bearer, Basic" (PX/wadors/WadoRsResource.java)', async () => {
    const { res } = await get(
      `${sb.api}/link/not.a.token/studies/${chest.studyInstanceUID}/series/${axialUID}/metadata`,
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer, Basic');
  });
});

describe('WADO-RS', () => {
  it('series metadata has BulkDataURIs on the gateway that serve the pixel data', async () => {
    const { res, body } = await get(
      `/studies/${chest.studyInstanceUID}/series/${axialUID}/metadata`,
      bearer(token),
    );
    expect(res.status).toBe(200);
    const md = json(body);
    expect(md).toHaveLength(20);
    const uri = md[0]!['7FE00010']!.BulkDataURI!;
    expect(uri.startsWith(`${sb.api}/studies/${chest.studyInstanceUID}/series/${axialUID}/instances/`)).toBe(
      true,
    );
    expect(uri).toMatch(/\/bulkdata\/[0-9a-f]+$/);
    expect(body.toString()).not.toContain(sb.orthanc);
    const bulk = await get(uri, bearer(token));
    expect(bulk.res.status).toBe(200);
    const [pixels] = multipartParts(bulk.res.headers.get('content-type')!, bulk.body);
    expect(pixels!.length).toBe(256 * 256 * 2);
  });

  it('frames/1 returns the real 16-bit pixels of the slice', async () => {
    const instance = await firstInstance(chest.studyInstanceUID, axialUID);
    const { res, body } = await get(
      `/studies/${chest.studyInstanceUID}/series/${axialUID}/instances/${instance}/frames/1`,
      {
        ...bearer(token),
        Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax="*"',
      },
    );
    expect(res.status).toBe(200);
    const [frame] = multipartParts(res.headers.get('content-type')!, body);
    expect(frame!.length).toBe(256 * 256 * 2);
    const values = new Int16Array(frame!.buffer.slice(frame!.byteOffset, frame!.byteOffset + frame!.length));
    expect(new Set(values).size).toBeGreaterThan(100);
    expect(Math.min(...values)).toBe(24); // air, -1000 HU stored with RescaleIntercept -1024
  });

  it('accepts only a single frame number', async () => {
    const instance = await firstInstance(chest.studyInstanceUID, axialUID);
    const { res } = await get(
      `/studies/${chest.studyInstanceUID}/series/${axialUID}/instances/${instance}/frames/1,2`,
      bearer(token),
    );
    expect(res.status).toBe(404);
  });

  it('serves series, instance and frame thumbnails as JPEG images, and no /rendered', async () => {
    const instance = await firstInstance(chest.studyInstanceUID, axialUID);
    const base = `/studies/${chest.studyInstanceUID}/series/${axialUID}`;
    for (const path of [
      `${base}/thumbnail`,
      `${base}/instances/${instance}/thumbnail`,
      `${base}/instances/${instance}/frames/1/thumbnail`,
    ]) {
      const { res, body } = await get(path, bearer(token));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^image\/jpeg/);
      expect(body.subarray(0, 2).toString('hex')).toBe('ffd8');
    }
    expect((await get(`${base}/instances/${instance}/rendered`, bearer(token))).res.status).toBe(404);
  });

  it('retrieves a whole instance as multipart application/dicom', async () => {
    const instance = await firstInstance(chest.studyInstanceUID, axialUID);
    const { res, body } = await get(
      `/studies/${chest.studyInstanceUID}/series/${axialUID}/instances/${instance}`,
      bearer(token),
    );
    expect(res.status).toBe(200);
    const [part] = multipartParts(res.headers.get('content-type')!, body);
    expect(part!.subarray(128, 132).toString()).toBe('DICM');
  });
});

describe('Accept and Content-Type as Jersey reads them (HttpHeaderReader; PX/filter/FixTypeQuoteFilter.java)', () => {
  const UNQUOTED = 'multipart/related; type=application/octet-stream; transfer-syntax=*';
  const QUOTED = 'multipart/related; type="application/octet-stream"; transfer-syntax="*"';

  it('answers 400 to an unquoted multipart type on frames, bulk data, thumbnails, metadata and QIDO', async () => {
    const instance = await firstInstance(chest.studyInstanceUID, axialUID);
    const series = `/studies/${chest.studyInstanceUID}/series/${axialUID}`;
    for (const path of [
      `${series}/instances/${instance}/frames/1`,
      `${series}/instances/${instance}/thumbnail`,
      `${series}/metadata`,
      `/studies/${chest.studyInstanceUID}/series`,
      `/link/${token}${series}/instances/${instance}/frames/1`,
    ]) {
      const { res } = await get(path, { ...bearer(token), Accept: UNQUOTED });
      expect([path, res.status]).toEqual([path, 400]);
    }
  });

  it('serves frames for the quoted form OHIF sends with omitQuotationForMultipartRequest false', async () => {
    const instance = await firstInstance(chest.studyInstanceUID, axialUID);
    for (const accept of [QUOTED, 'multipart/related; type="application/octet-stream"; transfer-syntax=*']) {
      const { res, body } = await get(
        `/studies/${chest.studyInstanceUID}/series/${axialUID}/instances/${instance}/frames/1`,
        { ...bearer(token), Accept: accept },
      );
      expect(res.status).toBe(200);
      expect(multipartParts(res.headers.get('content-type')!, body)[0]!.length).toBe(256 * 256 * 2);
    }
  });

  it('answers 400 to a malformed Accept anywhere under /api, the token endpoint included', async () => {
    const res = await fetch(`${sb.api}/token`, {
      method: 'POST',
      headers: { Accept: 'application/json; q=5', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it("quotes a STOW Content-Type's type=application/dicom (FixTypeQuoteFilter) and refuses other unquoted types", async () => {
    const post = (contentType: string, body: Buffer) =>
      fetch(`${sb.api}/studies`, {
        method: 'POST',
        headers: { ...bearer(token), 'Content-Type': contentType, Accept: 'application/dicom+json' },
        body: new Uint8Array(body),
      });
    const sr = multipartRelated([srInstance(chest.studyInstanceUID, 'unquoted type')]);
    const unquoted = sr.contentType.replace('type="application/dicom"', 'type=application/dicom');
    expect((await post(unquoted, sr.body)).status).toBe(200);
    const bad = unquoted.replace('type=application/dicom', 'type=application/dicom+xml');
    expect((await post(bad, sr.body)).status).toBe(400);
  });
});

describe('a study outside the token', () => {
  let outside: string;
  beforeAll(async () => {
    outside = await storeStudyOutsideAlbums(sb, 'gateway');
  });

  it('is not listed by QIDO', async () => {
    const { body } = await get('/studies', bearer(token));
    const listed = json(body).map((s) => first(s, '0020000D'));
    expect(listed).toContain(chest.studyInstanceUID); // a real listing, so "not listed" means something
    expect(listed).not.toContain(outside);
    expect((await get(`/studies?StudyInstanceUID=${outside}`, bearer(token))).res.status).toBe(204);
  });

  it('gives 404 on study metadata and series QIDO (Authorization server), 401 on series WADO (DICOMweb proxy)', async () => {
    expect((await get(`/studies/${outside}/metadata`, bearer(token))).res.status).toBe(404);
    expect((await get(`/studies/${outside}/series`, bearer(token))).res.status).toBe(404);
    const wado = await get(`/studies/${outside}/series/1.2.3/metadata`, bearer(token));
    expect(wado.res.status).toBe(401);
    expect(wado.res.headers.get('www-authenticate')).toBe('Bearer, Basic');
  });

  it("passes on the Authorization server's 404 at study level: 502 on retrieve (WadoRSStudy.java), 404 on instances (WadoRSStudyInstance.java)", async () => {
    expect((await get(`/studies/${outside}`, bearer(token))).res.status).toBe(502);
    expect((await get(`/studies/${outside}/instances`, bearer(token))).res.status).toBe(404);
  });
});

describe('a viewer token (token exchange, AS/token/ViewerAccessTokenGenerator.java)', () => {
  it('lists only its study and is refused the others', async () => {
    const viewer = await viewerToken(sb, token, chest.studyInstanceUID);
    const { body } = await get('/studies', bearer(viewer));
    expect(json(body).map((s) => first(s, '0020000D'))).toEqual([chest.studyInstanceUID]);
    const other = sb.studies.find((s) => s.studyInstanceUID !== chest.studyInstanceUID)!;
    expect(
      (
        await get(
          `/studies/${other.studyInstanceUID}/series/${other.series[0]!.seriesInstanceUID}/metadata`,
          bearer(viewer),
        )
      ).res.status,
    ).toBe(401);
    expect((await get(`/studies/${other.studyInstanceUID}/metadata`, bearer(viewer))).res.status).toBe(404);
    expect((await get(`/studies/${chest.studyInstanceUID}/metadata`, bearer(viewer))).res.status).toBe(200);
  });
});

describe('WADO-URI (ReverseProxy/locations.conf, PX/wadouri/WadoUriResource.java)', () => {
  it('needs requestType=WADO and exactly one studyUID and seriesUID', async () => {
    const none = await get(`/wado?studyUID=${chest.studyInstanceUID}`, bearer(token));
    expect(none.res.status).toBe(400);
    expect(none.body.toString()).toBe('requestType must be WADO');
    expect(
      (await get(`/wado?requestType=WADO&studyUID=${chest.studyInstanceUID}`, bearer(token))).res.status,
    ).toBe(400);
  });

  it('returns the DICOM object', async () => {
    const instance = await firstInstance(chest.studyInstanceUID, axialUID);
    const q = `requestType=WADO&studyUID=${chest.studyInstanceUID}&seriesUID=${axialUID}&objectUID=${instance}&contentType=application/dicom`;
    const { res, body } = await get(`/wado?${q}`, bearer(token));
    expect(res.status).toBe(200);
    expect(body.subarray(128, 132).toString()).toBe('DICM');
    expect((await get(`/wado?${q}`)).res.status).toBe(401);
  });
});

describe('ohifservermetadata (PX/ohif/OHIFMetadataResource.java)', () => {
  it('uses {api} roots, or link roots via the link form, without validating the token', async () => {
    type Meta = {
      servers: { dicomWeb: Array<{ qidoRoot: string; wadoRoot: string; bulkDataURI: unknown }> };
    };
    const plain = json<Meta>((await get('/ohifservermetadata', bearer('not-checked'))).body).servers
      .dicomWeb[0]!;
    expect(plain.qidoRoot).toBe(sb.api);
    // AuthorizationToken.fromAuthorizationHeader still needs a header: none -> 401.
    expect((await get('/ohifservermetadata')).res.status).toBe(401);
    const linked = await get(`${sb.api}/link/whatever-token/ohifservermetadata`);
    expect(linked.res.status).toBe(200);
    const server = json<Meta>(linked.body).servers.dicomWeb[0]!;
    expect(server.wadoRoot).toBe(`${sb.api}/link/whatever-token`);
    expect(server.bulkDataURI).toEqual({ enabled: true, relativeResolution: 'studies' });
  });
});

describe('request log (GET /sandbox/requests)', () => {
  it('records each DICOMweb request with token validity, origin and final status', async () => {
    await fetch(`${sb.root}/sandbox/requests`, { method: 'DELETE' });
    await get('/studies', { ...basic(token), Origin: 'http://viewer.test' });
    await get(`/studies/${chest.studyInstanceUID}/metadata`, bearer('garbage'));
    await get(`${sb.api}/link/${token}/studies/${chest.studyInstanceUID}/series`);
    const log = (await (await fetch(`${sb.root}/sandbox/requests`)).json()) as Array<Record<string, unknown>>;
    expect(log).toHaveLength(3);
    expect(log[0]).toMatchObject({
      method: 'GET',
      path: '/api/studies',
      status: 200,
      tokenVia: 'basic',
      tokenValid: true,
      tokenUnexpired: true,
      origin: 'http://viewer.test',
      tokenKind: 'user',
    });
    expect(log[1]).toMatchObject({
      status: 401,
      tokenVia: 'bearer',
      tokenPresent: true,
      tokenValid: false,
      origin: null,
    });
    expect(log[2]).toMatchObject({ status: 200, tokenVia: 'link', tokenValid: true });
    expect(String(log[2]!.path)).not.toContain(token);
  });
});
