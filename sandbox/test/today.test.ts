import { injectSandbox, type InjectedSandbox } from '../src/testing/injectSandbox';
import { FakeReportProvider } from './helpers/fakeReportProvider';
import { launch, postForm, registerProvider, userToken } from './helpers/kheops';

// "KHEOPS today" (--profile today): faithful behaviour, no profile additions.
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
let sb: InjectedSandbox;
// Through app.inject(): no Orthanc, no ports for the KHEOPS origin (testing/injectSandbox.ts).
const fetch: typeof globalThis.fetch = (input, init) => sb.fetch(input, init);
let rp: FakeReportProvider;
let user: string;
let study: string;

beforeAll(async () => {
  sb = await injectSandbox(['--profile', 'today']);
  rp = await new FakeReportProvider().start();
  user = await userToken(sb);
  study = sb.studies[0]!.studyInstanceUID;
}, 90_000);
afterAll(async () => {
  await rp?.stop();
  await sb?.stop();
});

test('AS/report_provider/ConfigurationResponse.java: the exact discovery document', async () => {
  const doc = await (await fetch(`${sb.api}/.well-known/report-provider-configuration`)).json();
  expect(doc).toEqual({
    issuer: sb.root,
    dicomweb_endpoint: sb.api,
    dicomweb_uri_endpoint: `${sb.api}/wado`,
    token_endpoint: `${sb.api}/token`,
    introspection_endpoint: `${sb.api}/token/introspect`,
    userinfo_endpoint: `${sb.api}/userinfo`,
    grant_types_supported: ['authorization_code', 'implicit'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    introspection_endpoint_auth_methods_supported: ['private_key_jwt', 'none'],
    introspection_endpoint_auth_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'token'],
    response_modes_supported: ['query', 'fragment'],
  });
});

test('no OIDC discovery, /authorize, /jwks or revocation today (reference §3.4)', async () => {
  for (const path of ['/.well-known/openid-configuration', '/authorize', '/jwks'])
    expect((await fetch(`${sb.api}${path}`)).status).toBe(404);
  expect((await postForm(`${sb.api}/token/revoke`, { token: 'x' })).status).toBe(404);
});

test('only the implicit demo provider is registered, and a public-client configuration is refused', async () => {
  expect(sb.clients.implicit).toMatch(/^[A-Za-z0-9]{22}$/);
  expect(sb.clients.code).toBeUndefined();
  const res = await registerProvider(
    sb,
    user,
    rp.serve('/public', {
      response_type: 'code',
      token_endpoint_auth_method: 'none',
      redirect_uri: `${rp.origin}/app`,
    }),
  );
  expect(res.status).toBe(400);
  expect((await res.json()).error).toBe('unknown token_endpoint_auth_method');
});

test('AS/token/TokenGrantType.java: refresh_token -> unsupported_grant_type', async () => {
  const res = await postForm(`${sb.api}/token`, {
    grant_type: 'refresh_token',
    refresh_token: 'x',
    client_id: 'y',
  });
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({ error: 'unsupported_grant_type' });
});

test('code flow: 600 s code, re-usable until expiry, response {access_token, token_type:"bearer", expires_in} only; seriesUID ignored', async () => {
  const clientId = (await (await registerProvider(sb, user, rp.serve('/conf', rp.codeConfig()))).json())
    .client_id;
  const target = await launch(
    sb,
    user,
    clientId,
    [study],
    [['seriesUID', sb.studies[0]!.series[0]!.seriesInstanceUID]],
  );
  expect(target.searchParams.get('seriesUID')).toBeNull();
  const code = target.searchParams.get('code')!;
  const claims = JSON.parse(Buffer.from(code.split('.')[1]!, 'base64url').toString());
  expect(claims.exp - claims.nbf).toBe(600);
  const tokenUrl = `${sb.api}/token`;
  const exchange = () =>
    postForm(tokenUrl, {
      grant_type: 'authorization_code',
      code,
      client_id: clientId,
      redirect_uri: `${rp.origin}/report.html`,
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: rp.assertion(clientId, tokenUrl),
    });
  const first = await exchange();
  expect(first.status).toBe(200);
  const body = await first.json();
  expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
  expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
  const again = await exchange(); // AuthorizationCodeValidator: stateless, not single-use
  expect(again.status).toBe(200);
  expect(
    (await postForm(`${sb.api}/token/introspect`, { token: body.access_token }).then((r) => r.json())).active,
  ).toBe(true);
  // a bad code is invalid_request today (not invalid_grant)
  const bad = await postForm(tokenUrl, {
    grant_type: 'authorization_code',
    code: 'eyJx.y.z',
    client_id: clientId,
    redirect_uri: `${rp.origin}/report.html`,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: rp.assertion(clientId, tokenUrl),
  });
  expect(await bad.json()).toMatchObject({
    error: 'invalid_request',
    error_description: 'Unable to validate the authorization code',
  });
});

test('implicit launch: expires_in=3600', async () => {
  const target = await launch(sb, user, sb.clients.implicit!, [study]);
  expect(new URLSearchParams(target.hash.slice(1)).get('expires_in')).toBe('3600');
});
