import { COLLEAGUE_ALBUM_ID, DEMO_ALBUM_ID } from '../src/albums';
import { partlySharedUids } from '../src/data/seed';
import { STUDY_DEFINITIONS } from '../src/data/studyDefinitions';
import { multipartRelated } from '../src/data/multipart';
import { uidFor } from '../src/data/uid';
import { startSandbox, type RunningSandbox } from '../src/testing/startSandbox';
import {
  bearer,
  first,
  multipartParts,
  srInstance,
  storeStudyOutsideAlbums,
  type DicomJson,
} from './helpers/dicomweb';
import { launch, postForm, userToken } from './helpers/kheops';

// Albums hold series (AS/entity/AlbumSeries.java). The seeded neck study is only partly in the demo album: its
// second series is held by the colleague's album alone. Tokens bound to the demo album must not reach it.
let sb: RunningSandbox;
let user: string;
let study: string;
let shared: string;
let hidden: string;
const tokens: Record<string, string> = {};

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(path.startsWith('http') ? path : `${sb.api}${path}`, { headers });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}
const json = (b: Buffer) => JSON.parse(b.toString('utf8')) as DicomJson[];

/** UI/src/mixins/tokens.js getViewerToken from the album page: source_type album, source_id the album. */
async function albumViewerToken(subject: string, studyUID: string, scope = 'viewer read'): Promise<string> {
  const res = await postForm(
    `${sb.api}/token`,
    {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: subject,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      scope,
      studyUID,
      source_type: 'album',
      source_id: DEMO_ALBUM_ID,
    },
    bearer(subject),
  );
  if (!res.ok) throw new Error(`token exchange: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function firstInstance(series: string): Promise<string> {
  const res = await fetch(`${sb.orthanc}/dicom-web/studies/${study}/series/${series}/instances`, {
    headers: { Accept: 'application/dicom+json' },
  });
  return String(first(((await res.json()) as DicomJson[])[0], '00080018'));
}

beforeAll(async () => {
  sb = await startSandbox();
  user = await userToken(sb);
  const partly = partlySharedUids();
  study = partly.studyInstanceUID;
  hidden = [...partly.outsideDemoAlbum][0]!;
  shared = sb.studies.find((s) => s.studyInstanceUID === study)!.series[0]!.seriesInstanceUID;
  tokens['viewer token (source album)'] = await albumViewerToken(user, study);
  const fragment = new URLSearchParams((await launch(sb, user, sb.clients.implicit!, [study])).hash.slice(1));
  tokens['report-provider token (album_id)'] = fragment.get('access_token')!;
}, 90_000);
afterAll(() => sb?.stop());

describe('a study only partly in the album (AS/entity/AlbumSeries.java)', () => {
  it('is seeded with two series, of which the demo album shows one', async () => {
    const res = await fetch(`${sb.orthanc}/dicom-web/studies/${study}/series`, {
      headers: { Accept: 'application/dicom+json' },
    });
    const all = ((await res.json()) as DicomJson[]).map((s) => String(first(s, '0020000E'))).sort();
    expect(all).toEqual([shared, hidden].sort());
    expect(
      sb.studies.find((s) => s.studyInstanceUID === study)!.series.map((s) => s.seriesInstanceUID),
    ).toEqual([shared]);
  });

  describe.each(['viewer token (source album)', 'report-provider token (album_id)'])('with a %s', (kind) => {
    const auth = () => bearer(tokens[kind]!);

    it('QIDO /studies still lists the study (Study.findByUIDAndUser: one series is enough)', async () => {
      const { res, body } = await get(`/studies?StudyInstanceUID=${study}`, auth());
      expect(res.status).toBe(200);
      expect(json(body).map((s) => first(s, '0020000D'))).toEqual([study]);
    });

    it('series QIDO lists only the album\u2019s series (QIDOResource.getSeries availableSeriesUIDs)', async () => {
      const { res, body } = await get(`/studies/${study}/series`, auth());
      expect(res.status).toBe(200);
      expect(res.headers.get('x-total-count')).toBe('1');
      expect(json(body).map((s) => first(s, '0020000E'))).toEqual([shared]);
    });

    it('study metadata holds only the album\u2019s series\u2019 instances (QIDOResource.getStudiesMetadata)', async () => {
      const { res, body } = await get(`/studies/${study}/metadata`, auth());
      expect(res.status).toBe(200);
      const series = new Set(json(body).map((ds) => first(ds, '0020000E')));
      expect([...series]).toEqual([shared]);
      expect(json(body)).toHaveLength(6);
    });

    it('study-level instances QIDO and retrieve carry only the album\u2019s series (PX WadoRSStudyInstance, WadoRSStudy)', async () => {
      const q = await get(`/studies/${study}/instances?includefield=0020000E`, auth());
      expect(q.res.status).toBe(200);
      expect(new Set(json(q.body).map((ds) => first(ds, '0020000E')))).toEqual(new Set([shared]));
      const r = await get(`/studies/${study}`, {
        ...auth(),
        Accept: 'multipart/related; type="application/dicom"',
      });
      expect(r.res.status).toBe(200);
      expect(multipartParts(r.res.headers.get('content-type')!, r.body)).toHaveLength(6);
    });

    it('the album\u2019s series answers metadata, frames and thumbnail', async () => {
      const instance = await firstInstance(shared);
      const base = `/studies/${study}/series/${shared}`;
      expect((await get(`${base}/metadata`, auth())).res.status).toBe(200);
      expect((await get(`${base}/instances/${instance}/frames/1`, auth())).res.status).toBe(200);
      expect((await get(`${base}/thumbnail`, { ...auth(), Accept: 'image/jpeg' })).res.status).toBe(200);
    });

    it('the other series is refused with 401 on every proxy path (PX/wadors/WadoRsResource.java: pep exchange fails)', async () => {
      const instance = await firstInstance(hidden);
      const base = `/studies/${study}/series/${hidden}`;
      for (const path of [
        `${base}/metadata`,
        `${base}/instances`,
        base,
        `${base}/instances/${instance}`,
        `${base}/instances/${instance}/metadata`,
        `${base}/instances/${instance}/frames/1`,
        `${base}/thumbnail`,
        `${base}/instances/${instance}/thumbnail`,
        `/wado?requestType=WADO&studyUID=${study}&seriesUID=${hidden}&objectUID=${instance}`,
      ]) {
        const { res } = await get(path, auth());
        expect([path, res.status]).toEqual([path, 401]);
      }
    });
  });

  it('the demo user, not in the colleague\u2019s album, does not reach the other series either (UserPrincipal)', async () => {
    const { body } = await get(`/studies/${study}/series`, bearer(user));
    expect(json(body).map((s) => first(s, '0020000E'))).toEqual([shared]);
    expect((await get(`/studies/${study}/series/${hidden}/metadata`, bearer(user))).res.status).toBe(401);
  });

  it('album= naming an album out of reach is 404 (AS/filter/AlbumAccessSecuredFilter.java)', async () => {
    expect((await get(`/studies?album=${COLLEAGUE_ALBUM_ID}`, bearer(user))).res.status).toBe(404);
    expect((await get(`/studies/${study}/series?album=${COLLEAGUE_ALBUM_ID}`, bearer(user))).res.status).toBe(
      404,
    );
    const { res, body } = await get(`/studies/${study}/series?album=${DEMO_ALBUM_ID}`, bearer(user));
    expect(res.status).toBe(200);
    expect(json(body).map((s) => first(s, '0020000E'))).toEqual([shared]);
  });
});

describe('QIDO /studies counts only the series in reach (AS/study/Studies.java findAttributesByUserPK)', () => {
  it('NumberOfStudyRelatedSeries and NumberOfStudyRelatedInstances of the partly shared study', async () => {
    const { body } = await get(
      `/studies?StudyInstanceUID=${study}&includefield=00201206&includefield=00201208&includefield=00080061`,
      bearer(tokens['report-provider token (album_id)']!),
    );
    const ds = json(body)[0];
    expect(first(ds, '00201206')).toBe(1);
    expect(first(ds, '00201208')).toBe(6);
    const asUser = await get(`/studies?StudyInstanceUID=${study}&includefield=00201206`, bearer(user));
    expect(first(json(asUser.body)[0], '00201206')).toBe(1);
  });
});

describe('POST /api/report (AS/resource/ReportProviderResource.java)', () => {
  it('launches on a study the album holds one series of', async () => {
    await expect(launch(sb, user, sb.clients.implicit!, [study])).resolves.toBeInstanceOf(URL);
  });

  it('answers 404 for a study no series of which is in the provider\u2019s album', async () => {
    const outside = await storeStudyOutsideAlbums(sb, 'report-404');
    const res = await postForm(`${sb.api}/report`, {
      access_token: user,
      client_id: sb.clients.implicit!,
      studyUID: outside,
    });
    expect(res.status).toBe(404);
  });
});

describe('STOW into a partly shared study (AS/principal/*Principal.java hasSeriesAddAccess, PX/stow/FetchRequester.java)', () => {
  const neck = STUDY_DEFINITIONS.find((d) => d.key === 'neck')!;
  const instance = (name: string, seriesUID?: string) =>
    srInstance(study, name, {
      PatientName: neck.patient.name,
      PatientID: neck.patient.id,
      PatientBirthDate: neck.patient.birthDate,
      PatientSex: neck.patient.sex,
      StudyDate: neck.study.date,
      StudyTime: neck.study.time,
      AccessionNumber: neck.study.accession,
      ReferringPhysicianName: neck.study.referringPhysician,
      StudyID: neck.study.id,
      StudyDescription: neck.study.description,
      ...(seriesUID ? { SeriesInstanceUID: seriesUID } : {}),
    });
  const stow = async (token: string, part: Buffer) => {
    const { body, contentType } = multipartRelated([part]);
    return fetch(`${sb.api}/studies`, {
      method: 'POST',
      headers: { ...bearer(token), 'Content-Type': contentType, Accept: 'application/dicom+json' },
      body: new Uint8Array(body),
    });
  };

  it('refuses an instance of a series another album holds (series exists, not in reach)', async () => {
    const writer = await albumViewerToken(user, study, 'viewer read write');
    const res = await stow(writer, instance('into-hidden', hidden));
    expect(res.status).toBe(409);
  });

  it('puts a new SR series in the album the token is bound to, where the same token then finds it', async () => {
    const writer = await albumViewerToken(user, study, 'viewer read write');
    const res = await stow(writer, instance('new-sr'));
    expect(res.status).toBe(200);
    const srSeries = uidFor('test-sr/new-sr/series');
    const { body } = await get(`/studies/${study}/series`, bearer(writer));
    expect(
      json(body)
        .map((s) => first(s, '0020000E'))
        .sort(),
    ).toEqual([shared, srSeries].sort());
    expect((await get(`/studies/${study}/series/${srSeries}/metadata`, bearer(writer))).res.status).toBe(200);
  });
});
