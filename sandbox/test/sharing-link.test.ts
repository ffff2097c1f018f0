import { DEMO_ALBUM_ID } from '../src/albums';
import { partlySharedUids } from '../src/data/seed';
import { multipartRelated } from '../src/data/multipart';
import { startSandbox, type RunningSandbox } from '../src/testing/startSandbox';
import { bearer, first, srInstance, type DicomJson } from './helpers/dicomweb';
import { postForm, userToken } from './helpers/kheops';

// KHEOPS album sharing links: an album capability token (AS/capability/CapabilityToken.java, 22 alphanumerics)
// opens /view/{token} (UI/src/components/withoutlogin/ViewWithoutLogin.vue) without signing in; an L1 launch from
// there exchanges it with no source and scope `viewer read` (UI/src/mixins/tokens.js setScope).
let sb: RunningSandbox;
let link: { url: string; token: string };
let chest: RunningSandbox['studies'][number];
let axial: string;

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';

async function exchange(subject: string, studyUID: string, scope: string): Promise<Response> {
  return postForm(`${sb.api}/token`, {
    grant_type: TOKEN_EXCHANGE,
    subject_token: subject,
    subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    scope,
    studyUID,
  });
}
async function viewerFrom(subject: string, studyUID: string, scope = 'viewer read'): Promise<string> {
  const res = await exchange(subject, studyUID, scope);
  if (!res.ok) throw new Error(`token exchange: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${sb.api}${path}`, { headers });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}
const json = (b: Buffer) => JSON.parse(b.toString('utf8')) as DicomJson[];
async function stowSr(token: string, name: string) {
  const { body, contentType } = multipartRelated([srInstance(chest.studyInstanceUID, name)]);
  return fetch(`${sb.api}/studies`, {
    method: 'POST',
    headers: { ...bearer(token), 'Content-Type': contentType, Accept: 'application/dicom+json' },
    body: new Uint8Array(body),
  });
}

beforeAll(async () => {
  sb = await startSandbox();
  const res = await fetch(`${sb.root}/sandbox/album-link`);
  link = (await res.json()) as { url: string; token: string };
  chest = sb.studies.find((s) => s.patientName === 'Synthetic^Patient')!;
  axial = chest.series.find((s) => s.numInstances === 20)!.seriesInstanceUID;
}, 90_000);
afterAll(() => sb?.stop());

describe('the demo album\u2019s sharing link', () => {
  it('is a capability token at {root}/view/{token}, shown on the album page', async () => {
    expect(link.token).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(link.url).toBe(`${sb.root}/view/${link.token}`);
    const page = await (await fetch(`${sb.root}/albums/${DEMO_ALBUM_ID}`)).text();
    expect(page).toContain(`/view/${link.token}`);
  });

  it('opens the album page without sign-in, launching with `viewer read` and no source', async () => {
    const res = await fetch(link.url);
    expect(res.status).toBe(200);
    const html = await res.text();
    const cfg = JSON.parse(/id="kheops-ui-config">([^<]*)<\/script>/.exec(html)![1]!) as Record<
      string,
      unknown
    >;
    expect(cfg).toMatchObject({
      viewerScope: 'viewer read',
      viewerSource: null,
      userToken: link.token,
      launch: 'L1',
    });
    expect(html).toContain('not signed in');
  });

  it('is refused when unknown: /view/ of another token is 404', async () => {
    expect((await fetch(`${sb.root}/view/${'A'.repeat(22)}`)).status).toBe(404);
  });

  it('speaks for the album on QIDO as a Bearer token (AS/principal/AlbumCapabilityPrincipal.java)', async () => {
    const { res, body } = await get('/studies', bearer(link.token));
    expect(res.status).toBe(200);
    expect(
      json(body)
        .map((s) => first(s, '0020000D'))
        .sort(),
    ).toEqual(sb.studies.map((s) => s.studyInstanceUID).sort());
  });

  it('loads what the /view/ page asks for: album= QIDO and thumbnails with the capability token', async () => {
    const auth = bearer(link.token);
    expect((await get(`/studies?album=${DEMO_ALBUM_ID}`, auth)).res.status).toBe(200);
    const series = await get(`/studies/${chest.studyInstanceUID}/series?album=${DEMO_ALBUM_ID}`, auth);
    expect(json(series.body)).toHaveLength(chest.series.length);
    const thumb = await get(`/studies/${chest.studyInstanceUID}/series/${axial}/thumbnail`, {
      ...auth,
      Accept: 'image/jpeg',
    });
    expect(thumb.res.status).toBe(200);
    expect(thumb.res.headers.get('content-type')).toMatch(/^image\//);
  });

  it('cannot launch a report provider (ReportProviderResource: not a user token -> 403)', async () => {
    const res = await postForm(`${sb.api}/report`, {
      access_token: link.token,
      client_id: sb.clients.implicit!,
      studyUID: chest.studyInstanceUID,
    });
    expect(res.status).toBe(403);
  });
});

describe('token exchange with the sharing link as subject_token (AS/token/TokenGrantType.java TOKEN_EXCHANGE)', () => {
  it('gives a viewer token (JWE, bearer, 18000 s)', async () => {
    const res = await exchange(link.token, chest.studyInstanceUID, 'viewer read');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 18000 });
    expect(String(body.access_token).split('.')).toHaveLength(5);
  });

  it('the viewer token reads the album\u2019s series, by Bearer and by /api/link/{token}/', async () => {
    const viewer = await viewerFrom(link.token, chest.studyInstanceUID);
    for (const [prefix, headers] of [
      ['', bearer(viewer)],
      [`/link/${viewer}`, {}],
    ] as Array<[string, Record<string, string>]>) {
      const series = await get(`${prefix}/studies/${chest.studyInstanceUID}/series`, headers);
      expect(series.res.status).toBe(200);
      expect(json(series.body)).toHaveLength(chest.series.length);
      const meta = await get(`${prefix}/studies/${chest.studyInstanceUID}/series/${axial}/metadata`, headers);
      expect(meta.res.status).toBe(200);
      const sop = String(first(json(meta.body)[0], '00080018'));
      const frame = await get(
        `${prefix}/studies/${chest.studyInstanceUID}/series/${axial}/instances/${sop}/frames/1`,
        headers,
      );
      expect(frame.res.status).toBe(200);
    }
  });

  it('the viewer token is for its study only (ViewerPrincipal.hasStudyViewAccess)', async () => {
    const viewer = await viewerFrom(link.token, chest.studyInstanceUID);
    const other = sb.studies.find((s) => s.studyInstanceUID !== chest.studyInstanceUID)!;
    expect((await get(`/studies/${other.studyInstanceUID}/series`, bearer(viewer))).res.status).toBe(404);
  });

  it('reaches only the album\u2019s series of a partly shared study', async () => {
    const { studyInstanceUID, outsideDemoAlbum } = partlySharedUids();
    const viewer = await viewerFrom(link.token, studyInstanceUID);
    const { body } = await get(`/studies/${studyInstanceUID}/series`, bearer(viewer));
    const listed = json(body).map((s) => String(first(s, '0020000E')));
    expect(listed).toHaveLength(1);
    expect(outsideDemoAlbum.has(listed[0]!)).toBe(false);
    const hidden = [...outsideDemoAlbum][0]!;
    expect(
      (await get(`/studies/${studyInstanceUID}/series/${hidden}/metadata`, bearer(viewer))).res.status,
    ).toBe(401);
  });

  it('STOW with the `viewer read` token is 403 before the body is read (PX/stow/resource/Resource.java)', async () => {
    const viewer = await viewerFrom(link.token, chest.studyInstanceUID);
    const res = await fetch(`${sb.api}/studies`, {
      method: 'POST',
      headers: {
        ...bearer(viewer),
        'Content-Type': 'multipart/related; type="application/dicom"; boundary=x',
      },
      body: 'not a multipart body',
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Authorization is not valid for posting');
  });

  it('asking `viewer read write` with a read-only link still answers a `read write` viewer token, whose STOW fails per instance', async () => {
    // TokenGrantType.java copies read/write from the asked scope; AlbumCapabilityPrincipal.hasSeriesAddAccess
    // (behind ViewerPrincipal.hasSeriesAddAccess) then refuses the series: nothing stored -> 409.
    const res = await exchange(link.token, chest.studyInstanceUID, 'viewer read write');
    expect(res.status).toBe(200);
    const viewer = ((await res.json()) as { access_token: string }).access_token;
    const stow = await stowSr(viewer, 'read-only-link');
    expect(stow.status).toBe(409);
  });

  it('a write capability of the album gives a viewer token that may store a new series', async () => {
    const writeLink = await (
      await fetch(`${sb.root}/sandbox/album-link`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ write: true }),
      })
    ).json();
    const viewer = await viewerFrom(
      (writeLink as { token: string }).token,
      chest.studyInstanceUID,
      'viewer read write',
    );
    expect((await stowSr(viewer, 'write-link')).status).toBe(200);
    const user = await userToken(sb);
    const { body } = await get(
      `/studies/${chest.studyInstanceUID}/series?album=${DEMO_ALBUM_ID}`,
      bearer(user),
    );
    expect(json(body)).toHaveLength(chest.series.length + 1);
  });
});
