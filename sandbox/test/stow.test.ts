import { multipartRelated } from '../src/data/multipart';
import { startSandbox, type RunningSandbox } from './helpers/startSandbox';
import {
  bearer,
  first,
  srInstance,
  storeStudyOutsideAlbums,
  userToken,
  viewerToken,
  type DicomJson,
} from './helpers/dicomweb';

// STOW as KHEOPS does it: PX/stow/resource/Resource.java, PX/stow/authorization/AuthorizationManager.java,
// AS/resource/VerifyInstanceResource.java.
let sb: RunningSandbox;
let token: string;
let chestUID: string;

async function stow(parts: Buffer[], headers: Record<string, string>, url = `${sb.api}/studies`) {
  const { body, contentType } = multipartRelated(parts);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': contentType, Accept: 'application/dicom+json', ...headers },
    body: new Uint8Array(body),
  });
  const text = await res.text();
  return { res, json: (text ? JSON.parse(text) : {}) as DicomJson };
}
const items = (json: DicomJson, tag: string) => (json[tag]?.Value ?? []) as DicomJson[];

async function seriesOf(study: string, t = token): Promise<string[]> {
  const res = await fetch(`${sb.api}/studies/${study}/series`, { headers: bearer(t) });
  return ((await res.json()) as DicomJson[]).map((s) => String(first(s, '0020000E')));
}

beforeAll(async () => {
  sb = await startSandbox();
  token = await userToken(sb);
  chestUID = sb.studies.find((s) => s.patientName === 'Synthetic^Patient')!.studyInstanceUID;
}, 90_000);
afterAll(() => sb?.stop());

describe('STOW-RS', () => {
  it('stores an SR whose Patient/Study tags match: 200, RetrieveURL on the gateway, visible via QIDO', async () => {
    const { res, json } = await stow([srInstance(chestUID, 'match')], bearer(token));
    expect(res.status).toBe(200);
    const [ref] = items(json, '00081199');
    expect(String(first(ref, '00081190'))).toMatch(new RegExp(`^${sb.api}/studies/${chestUID}/series/`));
    expect(JSON.stringify(json)).not.toContain(sb.orthanc);
    expect(json['00081198']).toBeUndefined();
    const series = String(first(ref, '00081190')).split('/series/')[1]!.split('/')[0]!;
    expect(await seriesOf(chestUID)).toContain(series);
  });

  it('accepts a single application/dicom body on POST /studies/{S}', async () => {
    const res = await fetch(`${sb.api}/studies/${chestUID}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/dicom', ...bearer(token) },
      body: new Uint8Array(srInstance(chestUID, 'single')),
    });
    expect(res.status).toBe(200);
  });

  it('refuses mismatching patient tags: 409 with FailedSOPSequence, reason and attribute list', async () => {
    const { res, json } = await stow(
      [srInstance(chestUID, 'wrong-patient', { PatientID: 'OTHER1', PatientName: 'Other^Person' })],
      bearer(token),
    );
    expect(res.status).toBe(409);
    const [failed] = items(json, '00081198');
    expect(first(failed, '00081197')).toBe(0x0106);
    expect(failed!['00001005']!.Value).toEqual(expect.arrayContaining(['00100020', '00100010']));
    expect(json['00081199']).toBeUndefined();
  });

  it('answers 202 when only some instances are stored', async () => {
    const good = srInstance(chestUID, 'partial-good');
    const bad = srInstance(chestUID, 'partial-bad', { StudyDate: '19990101' });
    const { res, json } = await stow([good, bad], bearer(token));
    expect(res.status).toBe(202);
    expect(items(json, '00081199')).toHaveLength(1);
    expect(items(json, '00081198')).toHaveLength(1);
    expect(failedTags(json)).toEqual(['00080020']);
  });

  it('refuses an instance of another study on POST /studies/{S}', async () => {
    const other = sb.studies.find((s) => s.studyInstanceUID !== chestUID)!.studyInstanceUID;
    const { res } = await stow(
      [srInstance(chestUID, 'elsewhere')],
      bearer(token),
      `${sb.api}/studies/${other}`,
    );
    expect(res.status).toBe(409);
  });

  it("refuses a study out of the token's reach with NotAuthorized", async () => {
    const outside = await storeStudyOutsideAlbums(sb, 'stow');
    const { res, json } = await stow(
      [srInstance(outside, 'outside', { PatientID: 'SYN0002' })],
      bearer(token),
    );
    expect(res.status).toBe(409);
    expect(first(items(json, '00081198')[0], '00081197')).toBe(0x0124);
  });

  it('answers 401 without a valid token and 403 to a read-only viewer token', async () => {
    expect((await stow([srInstance(chestUID, 'anon')], {})).res.status).toBe(401);
    const readOnly = await viewerToken(sb, token, chestUID, 'viewer read');
    const denied = await fetch(`${sb.api}/studies`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/dicom', ...bearer(readOnly) },
      body: new Uint8Array(srInstance(chestUID, 'ro')),
    });
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('Authorization is not valid for posting');
  });

  it('lets a "viewer read write" token store into its study only, with link-form RetrieveURLs', async () => {
    const writer = await viewerToken(sb, token, chestUID, 'viewer read write');
    const { res, json } = await stow(
      [srInstance(chestUID, 'viewer-write')],
      {},
      `${sb.api}/link/${writer}/studies`,
    );
    expect(res.status).toBe(200);
    expect(
      String(first(items(json, '00081199')[0], '00081190')).startsWith(`${sb.api}/link/${writer}/studies/`),
    ).toBe(true);
    const other = sb.studies.find((s) => s.studyInstanceUID !== chestUID)!;
    const refused = await stow(
      [srInstance(other.studyInstanceUID, 'viewer-other', { PatientID: other.patientId })],
      bearer(writer),
    );
    expect(refused.res.status).toBe(409);
  });

  it('fails the next STOWs as injected (POST /sandbox/stow/fail-next), then recovers', async () => {
    const inject = await fetch(`${sb.root}/sandbox/stow/fail-next`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ count: 2, status: 401 }),
    });
    expect(inject.ok).toBe(true);
    for (let i = 0; i < 2; i++) {
      const { res } = await stow([srInstance(chestUID, 'injected')], bearer(token));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer, Basic');
    }
    expect((await stow([srInstance(chestUID, 'injected')], bearer(token))).res.status).toBe(200);
  });

  it('rejects a body that is not DICOM with 409 and CannotUnderstand', async () => {
    const { res, json } = await stow([Buffer.from('not dicom at all')], bearer(token));
    expect(res.status).toBe(409);
    expect(first(items(json, '00081198')[0], '00081197')).toBe(0xc000);
  });
});

function failedTags(json: DicomJson): unknown[] {
  return items(json, '00081198')[0]?.['00001005']?.Value ?? [];
}
