import type { NaturalDataset } from '../src/data/dcmjs';
import { multipartRelated } from '../src/data/multipart';
import { uidFor } from '../src/data/uid';
import { startSandbox, type RunningSandbox } from '../src/testing/startSandbox';
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
    // AttributeIdentifierList as AuthorizationManager.java writes it: VR LO, the tags as decimal numbers.
    expect(failed!['00001005']!.vr).toBe('LO');
    expect(failed!['00001005']!.Value).toEqual(
      expect.arrayContaining([String(0x00100020), String(0x00100010)]),
    );
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

  it('plays a PACS that answers stored and loses the instance (POST /sandbox/stow/lose-next): QIDO finds nothing', async () => {
    const listed = async (name: string) => {
      const sop = uidFor(`test-sr/${name}/sop`);
      const series = uidFor(`test-sr/${name}/series`);
      const res = await fetch(
        `${sb.api}/studies/${chestUID}/series/${series}/instances?SOPInstanceUID=${sop}`,
        {
          headers: { ...bearer(token), Accept: 'application/dicom+json' },
        },
      );
      expect(res.status).toBe(200);
      return ((await res.json()) as DicomJson[]).map((i) => String(first(i, '00080018')));
    };
    const armed = await fetch(`${sb.root}/sandbox/stow/lose-next`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ count: 1 }),
    });
    expect(await armed.json()).toMatchObject({ stowLossesLeft: 1 });
    expect((await stow([srInstance(chestUID, 'lost')], bearer(token))).res.status).toBe(200);
    expect(await listed('lost')).toEqual([]);
    expect((await stow([srInstance(chestUID, 'kept')], bearer(token))).res.status).toBe(200);
    expect(await listed('kept')).toEqual([uidFor('test-sr/kept/sop')]);
  });

  it('holds the next STOW not failed on purpose (POST /sandbox/stow/slow-next), then answers at once again', async () => {
    const arm = (route: string, body: unknown) =>
      fetch(`${sb.root}${route}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await arm('/sandbox/stow/slow-next', { count: 1, delayMs: 5_000_000 })).status).toBe(400);
    expect((await arm('/sandbox/stow/fail-next', { count: 1, status: 503 })).ok).toBe(true);
    expect((await arm('/sandbox/stow/slow-next', { count: 1, delayMs: 1_500 })).ok).toBe(true);
    const timed = async () => {
      const t0 = Date.now();
      const { res } = await stow([srInstance(chestUID, 'slow')], bearer(token));
      return { status: res.status, ms: Date.now() - t0 };
    };
    const failed = await timed();
    const slowed = await timed();
    const after = await timed();
    expect([failed.status, slowed.status, after.status]).toEqual([503, 200, 200]);
    expect(failed.ms).toBeLessThan(1_500);
    expect(slowed.ms).toBeGreaterThanOrEqual(1_500);
    expect(after.ms).toBeLessThan(1_500);
  });

  // PX/stow/Proxy.java processPart: an unreadable part is a ProcessingFailure, which AuthorizationManager.java
  // getResponse writes to OtherFailuresSequence (0008,119A) with FailureReason 0x0110 and no SOP UIDs.
  it('rejects a body that is not DICOM with 409 and a ProcessingFailure in OtherFailuresSequence', async () => {
    const { res, json } = await stow([Buffer.from('not dicom at all')], bearer(token));
    expect(res.status).toBe(409);
    expect(json['00081198']).toBeUndefined();
    const [other] = items(json, '0008119A');
    expect(other).toEqual({ '00081197': { vr: 'US', Value: [0x0110] } });
  });

  it('answers 202 when a stored instance comes with an unreadable part', async () => {
    const { res, json } = await stow(
      [srInstance(chestUID, 'with-garbage'), Buffer.from('not dicom')],
      bearer(token),
    );
    expect(res.status).toBe(202);
    expect(items(json, '00081199')).toHaveLength(1);
    expect(items(json, '0008119A')).toHaveLength(1);
  });
});

/** The AttributeIdentifierList (VR LO, decimal tag numbers in KHEOPS) as 8-digit hex tags. */
function failedTags(json: DicomJson): unknown[] {
  const list = items(json, '00081198')[0]?.['00001005'];
  // A refusal without the list must fail the test, not compare as "no tags".
  expect(list).toBeDefined();
  expect(list!.vr).toBe('LO');
  return (list!.Value ?? []).map((v) => {
    expect(String(v)).toMatch(/^[0-9]+$/);
    return Number(v).toString(16).toUpperCase().padStart(8, '0');
  });
}

// AS/resource/VerifyInstanceResource.java isSameStudy / isSamePN / isSameSeries, called per series by
// PX/stow/authorization/AuthorizationManager.java: a mismatch is a FailedSOP with InvalidAttributeValue and
// the tags that differ.
describe('STOW verification (VerifyInstanceResource)', () => {
  const without = (ds: NaturalDataset, ...keys: string[]): NaturalDataset => {
    const out = { ...ds };
    for (const k of keys) out[k] = undefined;
    return out;
  };
  const sr = (name: string, override: NaturalDataset = {}, series = `verify/${name}`) =>
    srInstance(chestUID, name, {
      SOPInstanceUID: uidFor(`test-sr/${name}/sop`),
      SeriesInstanceUID: uidFor(`test-sr/${series}/series`),
      SeriesDescription: `Test SR ${series}`,
      ...override,
    });
  async function expectRefused(parts: Buffer[], tags: string[]) {
    const { res, json } = await stow(parts, bearer(token));
    expect(res.status).toBe(409);
    expect(first(items(json, '00081198')[0], '00081197')).toBe(0x0106);
    expect(failedTags(json)).toEqual(tags);
    expect(json['00081199']).toBeUndefined();
  }

  it('passes an instance without StudyDescription (absent incoming values pass)', async () => {
    const { res } = await stow(
      [srInstance(chestUID, 'no-desc', without({}, 'StudyDescription'))],
      bearer(token),
    );
    expect(res.status).toBe(200);
  });

  it('refuses a different StudyDescription', async () => {
    await expectRefused([sr('other-desc', { StudyDescription: 'CT CHEST OTHER' })], ['00081030']);
  });

  it('refuses a TimezoneOffsetFromUTC the stored study does not have', async () => {
    await expectRefused([sr('tz-added', { TimezoneOffsetFromUTC: '+0100' })], ['00080201']);
  });

  it('refuses a different TimezoneOffsetFromUTC of a study that has one, passes an absent one', async () => {
    const study = uidFor('test-sr/tz-study');
    const inTz = (name: string, override: NaturalDataset) =>
      srInstance(study, name, { PatientID: 'TZ0001', PatientName: 'Zone^Time', ...override });
    expect(
      (await stow([inTz('tz-first', { TimezoneOffsetFromUTC: '+0100' })], bearer(token))).res.status,
    ).toBe(200);
    const { res, json } = await stow([inTz('tz-other', { TimezoneOffsetFromUTC: '+0200' })], bearer(token));
    expect(res.status).toBe(409);
    expect(failedTags(json)).toEqual(['00080201']);
    expect(
      (await stow([inTz('tz-absent', without({}, 'TimezoneOffsetFromUTC'))], bearer(token))).res.status,
    ).toBe(200);
  });

  it('refuses an absent StudyID when the study has one (the one attribute without that exemption)', async () => {
    await expectRefused([sr('no-study-id', without({}, 'StudyID'))], ['00200010']);
  });

  it('compares person names with ^ and = removed, and nothing else', async () => {
    for (const [name, value] of [
      ['pn-no-caret', 'SyntheticPatient'],
      ['pn-carets', 'Synthetic^^Patient^^'],
      ['pn-equals', 'Synthetic^Patient='],
    ] as const)
      expect((await stow([sr(name, { PatientName: value })], bearer(token))).res.status).toBe(200);
    expect(
      (await stow([sr('pn-empty-ref', { ReferringPhysicianName: '^^^^' })], bearer(token))).res.status,
    ).toBe(200);
    await expectRefused([sr('pn-case', { PatientName: 'SYNTHETIC^PATIENT' })], ['00100010']);
    await expectRefused([sr('pn-space', { PatientName: 'Synthetic Patient' })], ['00100010']);
    await expectRefused([sr('pn-ref', { ReferringPhysicianName: 'Wilson^James' })], ['00080090']);
  });

  describe('into an existing SR series', () => {
    const series = 'existing-sr';
    beforeAll(async () => {
      const { res } = await stow([sr('series-1', {}, series)], bearer(token));
      expect(res.status).toBe(200);
    });

    it('stores an instance with the same series attributes', async () => {
      const { res, json } = await stow([sr('series-2', {}, series)], bearer(token));
      expect(res.status).toBe(200);
      expect(items(json, '00081199')).toHaveLength(1);
    });

    it('refuses a different SeriesDescription, SeriesNumber or Modality with the tag', async () => {
      await expectRefused([sr('series-desc', { SeriesDescription: 'Renamed' }, series)], ['0008103E']);
      await expectRefused([sr('series-number', { SeriesNumber: 901 }, series)], ['00200011']);
      await expectRefused([sr('series-modality', { Modality: 'OT' }, series)], ['00080060']);
    });

    it('refuses an absent SeriesDescription or a BodyPartExamined the series does not have', async () => {
      await expectRefused([sr('series-nodesc', without({}, 'SeriesDescription'), series)], ['0008103E']);
      await expectRefused([sr('series-body', { BodyPartExamined: 'CHEST' }, series)], ['00180015']);
    });

    it('checks the study before the series: only the study tags are reported', async () => {
      await expectRefused(
        [sr('series-both', { StudyDate: '19990101', SeriesDescription: 'Renamed' }, series)],
        ['00080020'],
      );
    });
  });

  it('compares the later instances of a new series with its first one, in the same request: 202', async () => {
    const parts = [
      sr('same-request-1', {}, 'same-request'),
      sr('same-request-2', { SeriesDescription: 'Other' }, 'same-request'),
    ];
    const { res, json } = await stow(parts, bearer(token));
    expect(res.status).toBe(202);
    expect(items(json, '00081199')).toHaveLength(1);
    expect(failedTags(json)).toEqual(['0008103E']);
  });

  it('compares the later instances of a new study with its first one, in the same request: 202', async () => {
    const study = uidFor('test-sr/new-study-same-request');
    const inNew = (name: string, patientID: string) =>
      srInstance(study, name, { PatientID: patientID, PatientName: 'New^Study' });
    const { res, json } = await stow([inNew('new-1', 'NEW0001'), inNew('new-2', 'NEW0002')], bearer(token));
    expect(res.status).toBe(202);
    expect(failedTags(json)).toEqual(['00100020']);
  });
});
