import { multipartRelated } from '../src/data/multipart';
import { launch } from './helpers/kheops';
import { bearer, srInstance, userToken, viewerToken } from './helpers/dicomweb';
import { startSandbox, type RunningSandbox } from '../src/testing/startSandbox';

// PX/stow/resource/Resource.java store(): every STOW is authorized by introspection (as the internal client)
// before the body is read; AS/resource/TokenResource.java introspect re-fetches a report provider's
// configuration (ReportProviders.getRedirectUri -> callConfigURL) and answers {"active":false} when it fails.
let sb: RunningSandbox;
let user: string;
let chestUID: string;

async function providerToken(): Promise<string> {
  const target = await launch(sb, user, sb.clients.implicit!, [chestUID]);
  return new URLSearchParams(target.hash.slice(1)).get('access_token')!;
}

async function stow(token: string, contentType?: string, body?: Buffer) {
  const sr = multipartRelated([srInstance(chestUID, `introspection ${Date.now()}`)]);
  return fetch(`${sb.api}/studies/${chestUID}`, {
    method: 'POST',
    headers: {
      ...bearer(token),
      'Content-Type': contentType ?? sr.contentType,
      Accept: 'application/dicom+json',
    },
    body: new Uint8Array(body ?? sr.body),
  });
}

const viewerConfigDown = (seconds: number) =>
  fetch(`${sb.root}/sandbox/viewer-config/down`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seconds }),
  });

async function introspect(token: string) {
  const res = await fetch(`${sb.api}/token/introspect`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  return (await res.json()) as { active: boolean; redirect_uri?: string };
}

beforeAll(async () => {
  sb = await startSandbox();
  user = await userToken(sb);
  chestUID = sb.studies.find((s) => s.patientName === 'Synthetic^Patient')!.studyInstanceUID;
}, 90_000);
afterAll(() => sb?.stop());
afterEach(() => viewerConfigDown(0));

describe('STOW with a report-provider token (TokenResource.java introspect, ReportProviders.callConfigURL)', () => {
  it('stores while KHEOPS can fetch the viewer configuration, 401 while it cannot, stores again after', async () => {
    const token = await providerToken();
    expect((await stow(token)).status).toBe(200);

    await viewerConfigDown(60);
    expect(await introspect(token)).toEqual({ active: false });
    const refused = await stow(token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/Bearer/);

    await viewerConfigDown(0);
    expect(await introspect(token)).toMatchObject({ active: true, redirect_uri: `${sb.viewer}/kheops` });
    expect((await stow(token)).status).toBe(200);
  });

  it('does not depend on the viewer configuration for a viewer token (L1)', async () => {
    const token = await viewerToken(sb, user, chestUID, 'viewer read write');
    await viewerConfigDown(60);
    expect((await stow(token)).status).toBe(200);
  });
});

describe('authorization before the body (Resource.java store, then Proxy.java)', () => {
  const NO_BOUNDARY = 'multipart/related; type="application/dicom"';

  it('answers 403 to a read-only token without reading the body, 400 to a writer whose body has no boundary', async () => {
    const readOnly = await viewerToken(sb, user, chestUID, 'viewer read');
    const writer = await viewerToken(sb, user, chestUID, 'viewer read write');
    const readOnlyAnswer = await stow(readOnly, NO_BOUNDARY, Buffer.alloc(0));
    expect(readOnlyAnswer.status).toBe(403);
    expect(await readOnlyAnswer.text()).toMatch(/not valid for posting/);
    expect((await stow(writer, NO_BOUNDARY, Buffer.alloc(0))).status).toBe(400);
    expect((await stow('not-a-token', NO_BOUNDARY, Buffer.alloc(0))).status).toBe(401);
  });
});
