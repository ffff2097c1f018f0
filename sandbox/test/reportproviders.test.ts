import { injectSandbox, type InjectedSandbox } from '../src/testing/injectSandbox';
import { FakeReportProvider } from './helpers/fakeReportProvider';
import { postForm, registerProvider, userToken } from './helpers/kheops';

// AS/resource/ReportProviderResource.java + AS/report_provider/ReportProviderClientMetadata.java (validateForConfigUri).
let sb: InjectedSandbox;
// Through app.inject(): no Orthanc, no ports for the KHEOPS origin (testing/injectSandbox.ts).
const fetch: typeof globalThis.fetch = (input, init) => sb.fetch(input, init);
let rp: FakeReportProvider;
let token: string;
const ALBUM = 'demoAlbum0000000000001';

beforeAll(async () => {
  sb = await injectSandbox(['--profile', 'ohif']);
  rp = await new FakeReportProvider().start();
  token = await userToken(sb);
}, 90_000);
afterAll(async () => {
  await rp?.stop();
  await sb?.stop();
});

test('a valid private_key_jwt configuration registers: 201 {name,url,client_id,created_time}, 22-char client id', async () => {
  const url = rp.serve('/ok', rp.codeConfig());
  const res = await registerProvider(sb, token, url, 'My RP');
  expect(res.status).toBe(201);
  const body = await res.json();
  expect(body).toMatchObject({ name: 'My RP', url });
  expect(body.client_id).toMatch(/^[A-Za-z0-9]{22}$/);
  expect(typeof body.created_time).toBe('string');
});

test.each([
  [
    'redirect_uri on another origin',
    { redirect_uri: 'http://127.0.0.1:1/report.html' },
    'jwks_uri root does not match the config uri',
  ],
  ['no redirect_uri', { redirect_uri: undefined }, 'redirect_uri is null'],
  ['no response_type', { response_type: undefined }, 'missing response_type'],
  ['response_type id_token', { response_type: 'id_token' }, 'unknown response_type'],
  [
    'code without token_endpoint_auth_method',
    { token_endpoint_auth_method: undefined },
    'missing token_endpoint_auth_method',
  ],
  [
    'code with client_secret_basic',
    { token_endpoint_auth_method: 'client_secret_basic' },
    'unknown token_endpoint_auth_method',
  ],
  ['code without jwks_uri', { jwks_uri: undefined }, 'jwks_uri is null'],
  [
    'jwks_uri on another origin',
    { jwks_uri: 'http://127.0.0.1:1/certs' },
    'redirect_uri root does not match the config uri',
  ],
  [
    'signing alg ES256',
    { token_endpoint_auth_signing_alg: 'ES256' },
    'unknown token_endpoint_auth_signing_alg',
  ],
  [
    'PROFILE: initiate_login_uri on another origin',
    { token_endpoint_auth_method: 'none', initiate_login_uri: 'http://127.0.0.1:1/login' },
    'initiate_login_uri root does not match the config uri',
  ],
])('registration refuses %s with 400', async (_name, overrides, reason) => {
  const url = rp.serve(`/bad-${Math.random()}`, JSON.parse(JSON.stringify(rp.codeConfig(overrides))));
  const res = await registerProvider(sb, token, url);
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({ detail: "'url' formparam is not valid", error: reason });
});

test('registration refuses an unreachable configuration URL', async () => {
  const res = await registerProvider(sb, token, `${rp.origin}/missing`);
  expect(res.status).toBe(400);
  expect((await res.json()).error).toBe('error during request');
});

test('PROFILE ohif: a public client (token_endpoint_auth_method none) with same-origin initiate_login_uri registers', async () => {
  const url = rp.serve('/public', {
    response_type: 'code',
    token_endpoint_auth_method: 'none',
    redirect_uri: `${rp.origin}/app`,
    initiate_login_uri: `${rp.origin}/login`,
  });
  expect((await registerProvider(sb, token, url)).status).toBe(201);
});

test('registration needs a user token (401 without, 403 with a report-provider token)', async () => {
  const url = rp.serve('/implicit', { response_type: 'token', redirect_uri: `${rp.origin}/viewer` });
  expect((await postForm(`${sb.api}/albums/${ALBUM}/reportproviders`, { url, name: 'x' })).status).toBe(401);
  expect((await registerProvider(sb, 'not-a-token', url)).status).toBe(401);
  const reg = await (await registerProvider(sb, token, url)).json();
  const launch = await postForm(`${sb.api}/report`, {
    access_token: token,
    client_id: reg.client_id,
    studyUID: sb.studies[0]!.studyInstanceUID,
  });
  const fragment = new URLSearchParams(
    /URL='[^#]*#([^']*)'/.exec(await launch.text())![1]!.replace(/&amp;/g, '&'),
  );
  expect((await registerProvider(sb, fragment.get('access_token')!, url)).status).toBe(403);
  expect((await registerProvider(sb, token, url, 'x', 'noSuchAlbum0000000000x')).status).toBe(404);
});

test('list (X-Total-Count, limit/offset), get, patch, delete', async () => {
  const url = rp.serve('/crud', { response_type: 'token', redirect_uri: `${rp.origin}/viewer` });
  const created = await (await registerProvider(sb, token, url, 'crud')).json();
  const auth = { authorization: `Bearer ${token}` };
  const list = await fetch(`${sb.api}/albums/${ALBUM}/reportproviders`, { headers: auth });
  const all = await list.json();
  expect(Number(list.headers.get('x-total-count'))).toBe(all.length);
  expect(all.map((p: any) => p.client_id)).toContain(created.client_id);
  const page = await (
    await fetch(`${sb.api}/albums/${ALBUM}/reportproviders?limit=1&offset=1`, { headers: auth })
  ).json();
  expect(page).toEqual([all[1]]);

  const one = `${sb.api}/albums/${ALBUM}/reportproviders/${created.client_id}`;
  expect(await (await fetch(one, { headers: auth })).json()).toMatchObject({
    client_id: created.client_id,
    name: 'crud',
  });
  const patched = await fetch(one, {
    method: 'PATCH',
    headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'name=renamed',
  });
  expect(patched.status).toBe(200);
  expect((await patched.json()).name).toBe('renamed');
  const badPatch = await fetch(one, {
    method: 'PATCH',
    headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: `url=${encodeURIComponent(rp.origin + '/missing')}`,
  });
  expect(badPatch.status).toBe(400);
  expect((await fetch(one, { method: 'DELETE', headers: auth })).status).toBe(204);
  expect((await fetch(one, { headers: auth })).status).toBe(404);
  // A removed provider can no longer be launched.
  const res = await postForm(`${sb.api}/report`, {
    access_token: token,
    client_id: created.client_id,
    studyUID: sb.studies[0]!.studyInstanceUID,
  });
  expect(res.status).toBe(404);
});

test('POST /api/reportproviders/metadata answers {valid, ...} for good and bad URLs', async () => {
  const good = rp.serve('/meta', {
    response_type: 'token',
    redirect_uri: `${rp.origin}/v`,
    supported_modalities: ['CT'],
  });
  const auth = { authorization: `Bearer ${token}` };
  const ok = await (await postForm(`${sb.api}/reportproviders/metadata`, { url: good }, auth)).json();
  expect(ok).toMatchObject({ valid: true, supported_modalities: ['CT'] });
  const bad = await (
    await postForm(`${sb.api}/reportproviders/metadata`, { url: `${rp.origin}/missing` }, auth)
  ).json();
  expect(bad).toEqual({ valid: false, error_description: 'error during request' });
  expect((await postForm(`${sb.api}/reportproviders/metadata`, { url: good })).status).toBe(401);
});

// AS/report_provider/ReportProviders.java getClientMetadata: a Jersey client (HttpUrlConnector) reading the
// document into ReportProviderClientMetadata with MOXy, 5 s connect / read timeouts. Any failure is
// "error during request".
describe('fetching the configuration document as KHEOPS does', () => {
  const implicit = (origin = rp.origin) => ({ response_type: 'token', redirect_uri: `${origin}/viewer` });
  const refusedAsFetchError = async (url: string) => {
    const res = await registerProvider(sb, token, url);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      detail: "'url' formparam is not valid",
      error: 'error during request',
    });
  };

  test.each([['application/octet-stream'], ['text/plain'], ['text/html'], [null]])(
    'refuses a document served as %s (MOXy reads only */json and */*+json; none is octet-stream)',
    async (contentType) => {
      await refusedAsFetchError(rp.serve(`/ct-${Math.random()}`, implicit(), { contentType }));
    },
  );

  test.each([['application/json; charset=utf-8'], ['text/json'], ['application/vnd.test+json']])(
    'registers a document served as %s',
    async (contentType) => {
      const url = rp.serve(`/ct-${Math.random()}`, implicit(), { contentType });
      expect((await registerProvider(sb, token, url)).status).toBe(201);
    },
  );

  test('POST /api/reportproviders/metadata refuses an application/octet-stream document too', async () => {
    const url = rp.serve('/meta-octet', implicit(), { contentType: 'application/octet-stream' });
    const res = await postForm(
      `${sb.api}/reportproviders/metadata`,
      { url },
      { authorization: `Bearer ${token}` },
    );
    expect(await res.json()).toEqual({ valid: false, error_description: 'error during request' });
  });

  test.each([301, 302, 303, 307])('follows a same-origin %i redirect (HttpURLConnection)', async (status) => {
    const target = rp.serve(`/moved-to-${status}`, implicit());
    const url = rp.redirect(`/moved-${status}`, target, status);
    expect((await registerProvider(sb, token, url)).status).toBe(201);
  });

  test('follows a relative Location and a chain of redirects', async () => {
    rp.serve('/chain-end', implicit());
    rp.redirect('/chain-2', '/chain-end');
    expect((await registerProvider(sb, token, rp.redirect('/chain-1', 'chain-2', 301))).status).toBe(201);
  });

  test('does not follow a 308 (not a redirect HttpURLConnection follows): the 3xx is an error', async () => {
    const target = rp.serve('/moved-to-308', implicit());
    await refusedAsFetchError(rp.redirect('/moved-308', target, 308));
  });

  // The http -> https redirect case needs a sandbox process that trusts a test CA: reportproviders-tls.test.ts.

  test('gives up after 5 s at registration', async () => {
    await refusedAsFetchError(rp.serve('/slow', implicit(), { delayMs: 5_500 }));
  }, 15_000);
});
