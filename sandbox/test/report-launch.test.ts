import { injectSandbox, type InjectedSandbox } from '../src/testing/injectSandbox';
import { FakeReportProvider } from './helpers/fakeReportProvider';
import { launch, postForm, registerProvider, userToken } from './helpers/kheops';

// AS/resource/ReportProviderResource.java newReport (POST /api/report) under the OHIF profile.
let sb: InjectedSandbox;
// Through app.inject(): no Orthanc, no ports for the KHEOPS origin (testing/injectSandbox.ts).
const fetch: typeof globalThis.fetch = (input, init) => sb.fetch(input, init);
let rp: FakeReportProvider;
let user: string;
let study: string;
let series: string;

beforeAll(async () => {
  sb = await injectSandbox(['--profile', 'ohif']);
  rp = await new FakeReportProvider().start();
  user = await userToken(sb);
  study = sb.studies[0]!.studyInstanceUID;
  series = sb.studies[0]!.series[0]!.seriesInstanceUID;
}, 90_000);
afterAll(async () => {
  await rp?.stop();
  await sb?.stop();
});

const report = (fields: Array<[string, string]>) => postForm(`${sb.api}/report`, fields);

test('error codes: 400 missing/bad studyUID, 401 bad token, 403 non-user token, 404 unknown client / study, 400 broken config', async () => {
  const c = sb.clients.implicit!;
  expect(
    (
      await report([
        ['access_token', user],
        ['client_id', c],
      ])
    ).status,
  ).toBe(400);
  expect(
    (
      await report([
        ['access_token', user],
        ['client_id', c],
        ['studyUID', 'abc'],
      ])
    ).status,
  ).toBe(400);
  expect(
    (
      await report([
        ['access_token', user],
        ['client_id', c],
        ['studyUID', study],
        ['seriesUID', 'x y'],
      ])
    ).status,
  ).toBe(400);
  expect(
    (
      await report([
        ['access_token', 'garbage'],
        ['client_id', c],
        ['studyUID', study],
      ])
    ).status,
  ).toBe(401);
  const providerToken = (await launch(sb, user, c, [study])).hash;
  const at = new URLSearchParams(providerToken.slice(1)).get('access_token')!;
  const forbidden = await report([
    ['access_token', at],
    ['client_id', c],
    ['studyUID', study],
  ]);
  expect(forbidden.status).toBe(403);
  expect((await forbidden.json()).detail).toBe(
    'The token is not a user capability token or a keycloak token',
  );
  expect(
    (
      await report([
        ['access_token', user],
        ['client_id', 'AAAAAAAAAAAAAAAAAAAAAA'],
        ['studyUID', study],
      ])
    ).status,
  ).toBe(404);
  expect(
    (
      await report([
        ['access_token', user],
        ['client_id', c],
        ['studyUID', '1.2.3.4.5.6.7.8.9'],
      ])
    ).status,
  ).toBe(404);

  const path = '/changing';
  const reg = await (
    await registerProvider(
      sb,
      user,
      rp.serve(path, { response_type: 'token', redirect_uri: `${rp.origin}/v` }),
    )
  ).json();
  rp.serve(path, { response_type: 'token', redirect_uri: 'http://elsewhere.example/v' }); // re-fetched on launch
  const broken = await report([
    ['access_token', user],
    ['client_id', reg.client_id],
    ['studyUID', study],
  ]);
  expect(broken.status).toBe(400);
  expect((await broken.json()).detail).toBe('jwks_uri root does not match the config uri');
});

test('L2 implicit: fragment with access_token, token_type, expires_in, scope, client_id, conf_uri, return_uri, studyUID', async () => {
  const target = await launch(sb, user, sb.clients.implicit!, [study]);
  expect(`${target.origin}${target.pathname}`).toBe(`${sb.viewer}/kheops`);
  expect(target.search).toBe('');
  const f = new URLSearchParams(target.hash.slice(1));
  expect(f.get('token_type')).toBe('bearer');
  expect(f.get('expires_in')).toBe('300');
  expect(f.get('scope')).toBe('read write');
  expect(f.get('client_id')).toBe(sb.clients.implicit);
  expect(f.get('conf_uri')).toBe(`${sb.api}/.well-known/report-provider-configuration`);
  expect(f.get('return_uri')).toBe(`${sb.root}/albums/demoAlbum0000000000001`);
  expect(f.getAll('studyUID')).toEqual([study]);
  expect(target.hash).toContain('scope=read%20write');
  const info = await fetch(`${sb.api}/userinfo`, {
    headers: { authorization: `Bearer ${f.get('access_token')}` },
  });
  expect(info.status).toBe(200);
});

test('L3 code: query with code, conf_uri, client_id, return_uri, studyUID… and PROFILE seriesUID', async () => {
  const studies = sb.studies.slice(0, 2).map((s) => s.studyInstanceUID);
  const target = await launch(sb, user, sb.clients.code!, studies, [['seriesUID', series]]);
  expect(`${target.origin}${target.pathname}`).toBe(`${sb.viewer}/kheops`);
  const q = target.searchParams;
  expect(q.get('code')).toMatch(/^eyJ/);
  expect(q.get('conf_uri')).toBe(`${sb.api}/.well-known/report-provider-configuration`);
  expect(q.get('client_id')).toBe(sb.clients.code);
  expect(q.get('return_uri')).toBe(`${sb.root}/albums/demoAlbum0000000000001`);
  expect(q.getAll('studyUID')).toEqual(studies);
  expect(q.get('seriesUID')).toBe(series);
  const claims = JSON.parse(Buffer.from(q.get('code')!.split('.')[1]!, 'base64url').toString());
  expect(claims).toMatchObject({
    type: 'report_provider_code',
    azp: sb.clients.code,
    iss: sb.root,
    aud: sb.root,
    study_uids: studies,
    sub: 'demo-radiologist',
  });
  expect(claims.exp - claims.nbf).toBe(60);
});

test('L4 third-party login: initiate_login_uri?iss&login_hint&target_link_uri with StudyInstanceUIDs and initialSeriesInstanceUID', async () => {
  const studies = sb.studies.slice(0, 2).map((s) => s.studyInstanceUID);
  const target = await launch(sb, user, sb.clients.thirdParty!, studies, [['seriesUID', series]]);
  expect(`${target.origin}${target.pathname}`).toBe(`${sb.viewer}/kheops`);
  expect([...target.searchParams.keys()]).toEqual(['iss', 'login_hint', 'target_link_uri']);
  expect(target.searchParams.get('iss')).toBe(sb.api);
  expect(target.searchParams.get('login_hint')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  expect(target.searchParams.get('target_link_uri')).toBe(
    `${sb.viewer}/kheops?StudyInstanceUIDs=${studies.join(',')}&initialSeriesInstanceUID=${series}`,
  );
  // nothing secret but the single-use handle: no code, no token
  expect(target.href).not.toMatch(/code=|access_token=/);
});

// AS/report_provider/ReportProviders.java callConfigURL (getResponseType / getRedirectUri, on every launch): the
// same Jersey + MOXy reading as at registration, but a client without timeouts, and a fetch failure reads
// "report provider uri not valid".
test('launch re-fetches the configuration without the 5 s limit of registration, refuses non-JSON content types', async () => {
  const path = '/launch-fetch';
  const doc = { response_type: 'token', redirect_uri: `${rp.origin}/v` };
  const reg = await (await registerProvider(sb, user, rp.serve(path, doc))).json();
  const go = () =>
    report([
      ['access_token', user],
      ['client_id', reg.client_id],
      ['studyUID', study],
    ]);
  rp.serve(path, doc, { delayMs: 6_000 });
  expect((await go()).status).toBe(200);

  rp.serve(path, doc, { contentType: 'application/octet-stream' });
  const octet = await go();
  expect(octet.status).toBe(400);
  expect(await octet.json()).toEqual({ message: 'error', detail: 'report provider uri not valid' });

  rp.serve('/launch-fetch-target', doc);
  rp.redirect(path, '/launch-fetch-target', 302);
  expect((await go()).status).toBe(200);
}, 20_000);
