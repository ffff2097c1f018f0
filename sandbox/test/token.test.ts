import { injectSandbox, type InjectedSandbox } from '../src/testing/injectSandbox';
import { FakeReportProvider } from './helpers/fakeReportProvider';
import { launch, postForm, registerProvider, userToken } from './helpers/kheops';

// AS/resource/TokenResource.java, AS/token/TokenGrantType.java, AS/filter/TokenSecurityFilter.java,
// AS/token/PrivateKeyJWTAuthenticator.java — under the OHIF profile (single-use codes, refresh, revocation).
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
let sb: InjectedSandbox;
// Through app.inject(): no Orthanc, no ports for the KHEOPS origin (testing/injectSandbox.ts).
const fetch: typeof globalThis.fetch = (input, init) => sb.fetch(input, init);
let rp: FakeReportProvider;
let user: string;
let clientId: string;
let study: string;
let tokenUrl: string;

beforeAll(async () => {
  sb = await injectSandbox(['--profile', 'ohif', '--refresh-ttl', '3']);
  rp = await new FakeReportProvider().start();
  user = await userToken(sb);
  clientId = (await (await registerProvider(sb, user, rp.serve('/conf', rp.codeConfig()))).json()).client_id;
  study = sb.studies[0]!.studyInstanceUID;
  tokenUrl = `${sb.api}/token`;
}, 90_000);
afterAll(async () => {
  await rp?.stop();
  await sb?.stop();
});

async function newCode(id = clientId): Promise<string> {
  return (await launch(sb, user, id, [study])).searchParams.get('code')!;
}

function exchange(
  code: string,
  assertion = rp.assertion(clientId, tokenUrl),
  extra: Record<string, string> = {},
) {
  return postForm(tokenUrl, {
    grant_type: 'authorization_code',
    code,
    client_id: clientId,
    redirect_uri: `${rp.origin}/report.html`,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: assertion,
    ...extra,
  });
}

async function introspect(token: string): Promise<any> {
  return (await postForm(`${sb.api}/token/introspect`, { token })).json();
}

test('authorization_code with a valid private_key_jwt assertion gives the profile token response', async () => {
  const res = await exchange(await newCode());
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = await res.json();
  expect(body).toMatchObject({
    token_type: 'Bearer',
    expires_in: 300,
    scope: 'read write',
    study_uids: [study],
  });
  expect(typeof body.access_token).toBe('string');
  expect(typeof body.refresh_token).toBe('string');
  expect(body.id_token).toBeUndefined(); // L3: no openid scope
  expect(await introspect(body.access_token)).toMatchObject({
    active: true,
    client_id: clientId,
    studyUID: study,
    scope: 'read write',
    album_id: 'demoAlbum0000000000001',
    redirect_uri: `${rp.origin}/report.html`,
  });
});

const now = () => Math.floor(Date.now() / 1000);
test.each([
  ['wrong aud', () => rp.assertion(clientId, `${sb.root}/token`)],
  ['wrong iss', () => rp.assertion(clientId, tokenUrl, { claims: { iss: 'someone-else' } })],
  ['wrong sub', () => rp.assertion(clientId, tokenUrl, { claims: { sub: 'someone-else' } })],
  ['alg RS512', () => rp.assertion(clientId, tokenUrl, { header: { alg: 'RS512' } })],
  ['unknown kid', () => rp.assertion(clientId, tokenUrl, { header: { kid: 'nope' } })],
  ['no kid', () => rp.assertion(clientId, tokenUrl, { header: { kid: undefined } })],
  ['expired', () => rp.assertion(clientId, tokenUrl, { claims: { iat: now() - 600, exp: now() - 120 } })],
  ['exp more than 10 min ahead', () => rp.assertion(clientId, tokenUrl, { claims: { exp: now() + 3600 } })],
  ['no jti', () => rp.assertion(clientId, tokenUrl, { claims: { jti: undefined } })],
  ['signed by another key', () => rp.assertion(clientId, tokenUrl, { key: rp.otherKeys.privateKey })],
])('a client assertion with %s is refused: 400 invalid_client', async (_name, make) => {
  const res = await exchange(await newCode(), make());
  expect(res.status).toBe(400);
  expect((await res.json()).error).toBe('invalid_client');
});

test('client authentication rules of TokenSecurityFilter: both header and assertion, wrong assertion type, bad Basic', async () => {
  const code = await newCode();
  const both = await postForm(
    tokenUrl,
    {
      grant_type: 'authorization_code',
      code,
      client_id: clientId,
      redirect_uri: `${rp.origin}/report.html`,
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: rp.assertion(clientId, tokenUrl),
    },
    { authorization: `Bearer ${user}` },
  );
  expect((await both.json()).error).toBe('invalid_request');
  const wrongType = await exchange(code, rp.assertion(clientId, tokenUrl), {
    client_assertion_type: 'urn:other',
  });
  expect((await wrongType.json()).error).toBe('invalid_request');
  const basic = await postForm(
    tokenUrl,
    { grant_type: 'authorization_code' },
    { authorization: `Basic ${Buffer.from('dicomwebproxy:wrong').toString('base64')}` },
  );
  expect(basic.status).toBe(400);
  expect((await basic.json()).error).toBe('invalid_client');
  // No authentication at all: a confidential client's code needs its assertion.
  const none = await postForm(tokenUrl, {
    grant_type: 'authorization_code',
    code,
    client_id: clientId,
    redirect_uri: `${rp.origin}/report.html`,
  });
  expect((await none.json()).error).toBe('unauthorized_client');
});

test('a redirect_uri that differs from the registered one: invalid_grant', async () => {
  const res = await exchange(await newCode(), undefined, { redirect_uri: `${rp.origin}/other.html` });
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({
    error: 'invalid_grant',
    error_description: 'redirect_uri does not match',
  });
});

test('a garbage code, or a code of another client: invalid_grant under the profile', async () => {
  expect((await (await exchange('eyJnot.a.code')).json()).error).toBe('invalid_grant');
  const otherUrl = rp.serve('/conf2', rp.codeConfig());
  const other = (await (await registerProvider(sb, user, otherUrl)).json()).client_id;
  expect((await (await exchange(await newCode(other))).json()).error).toBe('invalid_grant');
});

test('PROFILE: a replayed code fails with invalid_grant and revokes the tokens issued from it', async () => {
  const code = await newCode();
  const first = await (await exchange(code)).json();
  expect((await introspect(first.access_token)).active).toBe(true);
  const second = await exchange(code);
  expect(second.status).toBe(400);
  expect((await second.json()).error).toBe('invalid_grant');
  expect(await introspect(first.access_token)).toEqual({ active: false });
  const refresh = await postForm(tokenUrl, {
    grant_type: 'refresh_token',
    refresh_token: first.refresh_token,
    client_id: clientId,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: rp.assertion(clientId, tokenUrl),
  });
  expect((await refresh.json()).error).toBe('invalid_grant');
});

test.each([
  'password',
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'urn:ietf:params:oauth:grant-type:saml2-bearer',
  'made_up',
])('grant_type %s: 400 unsupported_grant_type', async (grant) => {
  const res = await postForm(tokenUrl, { grant_type: grant });
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({ error: 'unsupported_grant_type' });
});

test('grant_type missing or repeated: invalid_request', async () => {
  expect((await (await postForm(tokenUrl, {})).json()).error).toBe('invalid_request');
  expect(
    (
      await (
        await postForm(tokenUrl, [
          ['grant_type', 'refresh_token'],
          ['grant_type', 'refresh_token'],
        ])
      ).json()
    ).error,
  ).toBe('invalid_request');
});

describe('public client (PROFILE ohif item 1) and refresh rotation (item 6)', () => {
  const viewerRedirect = () => `${sb.viewer}/kheops`;
  async function publicTokens(): Promise<any> {
    const code = (
      await launch(
        sb,
        user,
        sb.clients.code!,
        [study],
        [['seriesUID', sb.studies[0]!.series[0]!.seriesInstanceUID]],
      )
    ).searchParams.get('code')!;
    const res = await postForm(tokenUrl, {
      grant_type: 'authorization_code',
      code,
      client_id: sb.clients.code!,
      redirect_uri: viewerRedirect(),
    });
    expect(res.status).toBe(200);
    return res.json();
  }
  const refresh = (rt: string, client = sb.clients.code!) =>
    postForm(tokenUrl, { grant_type: 'refresh_token', refresh_token: rt, client_id: client });

  test('a public client exchanges an L3 code without assertion and gets study/series context', async () => {
    const body = await publicTokens();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      study_uids: [study],
      series_uid: sb.studies[0]!.series[0]!.seriesInstanceUID,
    });
    expect(body.refresh_token).toBeTruthy();
  });

  test('refresh rotates; re-using a rotated token revokes the whole family', async () => {
    const first = await publicTokens();
    const r1 = await (await refresh(first.refresh_token)).json();
    expect(r1.refresh_token).toBeTruthy();
    expect(r1.refresh_token).not.toBe(first.refresh_token);
    expect(r1.access_token).not.toBe(first.access_token);
    expect(r1.study_uids).toEqual([study]);
    const r2 = await (await refresh(r1.refresh_token)).json();
    expect((await introspect(r2.access_token)).active).toBe(true);

    const replay = await refresh(first.refresh_token);
    expect(replay.status).toBe(400);
    expect((await replay.json()).error).toBe('invalid_grant');
    expect((await introspect(r2.access_token)).active).toBe(false);
    expect((await introspect(first.access_token)).active).toBe(false);
    expect((await (await refresh(r2.refresh_token)).json()).error).toBe('invalid_grant');
  });

  test('refresh by another client, or with a wider scope, is refused', async () => {
    const t = await publicTokens();
    expect((await (await refresh(t.refresh_token, sb.clients.thirdParty!)).json()).error).toBe(
      'invalid_grant',
    );
    const wider = await postForm(tokenUrl, {
      grant_type: 'refresh_token',
      refresh_token: t.refresh_token,
      client_id: sb.clients.code!,
      scope: 'read write admin',
    });
    expect((await wider.json()).error).toBe('invalid_scope');
  });

  test('the refresh idle cap (--refresh-ttl 3) kills an unused refresh token', async () => {
    const t = await publicTokens();
    const fresh = await publicTokens();
    sb.ctx.clock.advance(2_000);
    // Still inside the idle cap: this one rotates (and its successor's idle time starts now).
    expect((await refresh(fresh.refresh_token)).status).toBe(200);
    sb.ctx.clock.advance(1_500); // 3.5 s since t's refresh token was issued
    const res = await refresh(t.refresh_token);
    expect(await res.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the refresh_token expired',
    });
  });

  test('RFC 7009 revocation: a refresh token takes its family; an access token only itself; other clients are refused', async () => {
    const t = await publicTokens();
    const revokeUrl = `${sb.api}/token/revoke`;
    expect(
      (await postForm(revokeUrl, { token: t.refresh_token, client_id: sb.clients.thirdParty! })).status,
    ).toBe(400);
    expect((await introspect(t.access_token)).active).toBe(true);
    const ok = await postForm(revokeUrl, { token: t.refresh_token, client_id: sb.clients.code! });
    expect(ok.status).toBe(200);
    expect((await introspect(t.access_token)).active).toBe(false);
    expect((await (await refresh(t.refresh_token)).json()).error).toBe('invalid_grant');

    const u = await publicTokens();
    expect((await postForm(revokeUrl, { token: u.access_token, client_id: sb.clients.code! })).status).toBe(
      200,
    );
    expect((await introspect(u.access_token)).active).toBe(false);
    expect((await refresh(u.refresh_token)).status).toBe(200);
    expect((await postForm(revokeUrl, { token: 'unknown', client_id: sb.clients.code! })).status).toBe(200);
  });
});

describe('token exchange: viewer tokens (reference §2.2)', () => {
  const ex = (fields: Record<string, string>) =>
    postForm(tokenUrl, {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: user,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      scope: 'viewer read',
      studyUID: study,
      ...fields,
    });

  test('a user token becomes a JWE viewer token for one study', async () => {
    const res = await ex({ source_type: 'album', source_id: 'demoAlbum0000000000001' });
    const body = await res.json();
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 18000 });
    expect(body.access_token.split('.')).toHaveLength(5);
    const header = JSON.parse(Buffer.from(body.access_token.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'A128KW', enc: 'A128CBC-HS256' });
    // Viewer tokens are introspectable by internal clients only.
    expect((await postForm(`${sb.api}/token/introspect`, { token: body.access_token })).status).toBe(401);
    // A viewer token cannot mint another viewer token.
    expect(await (await ex({ subject_token: body.access_token })).json()).toMatchObject({
      error: 'invalid_grant',
    });
  });

  test.each([
    [{ studyUID: 'not-a-uid' }, 'invalid_request'],
    [{ subject_token_type: 'urn:ietf:params:oauth:token-type:id_token' }, 'invalid_request'],
    [{ subject_token: 'garbage' }, 'invalid_request'],
    [{ scope: 'read' }, 'invalid_scope'],
    [{ scope: 'viewer "read"' }, 'invalid_scope'],
    [{ source_type: 'album' }, 'invalid_request'],
    [{ source_type: 'inbox', source_id: 'x' }, 'invalid_request'],
    [{ scope: 'pep', seriesUID: '1.2.3' }, 'unauthorized_client'],
  ])('%j -> %s', async (fields, error) => {
    const res = await ex(fields as Record<string, string>);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe(error);
  });
});

test('userinfo: report-provider tokens only', async () => {
  const t = await (await exchange(await newCode())).json();
  const info = await fetch(`${sb.api}/userinfo`, { headers: { authorization: `Bearer ${t.access_token}` } });
  expect(await info.json()).toEqual({
    sub: 'demo-radiologist',
    name: 'Demo Radiologist',
    email: 'demo@kheops.test',
  });
  expect((await fetch(`${sb.api}/userinfo`, { headers: { authorization: `Bearer ${user}` } })).status).toBe(
    403,
  );
  // UserResource.java reads the header without a null check: no header is a 500 (OtherExceptionMapper).
  expect((await fetch(`${sb.api}/userinfo`)).status).toBe(500);
  expect((await fetch(`${sb.api}/userinfo`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
});

test('introspection: bad tokens are inactive; user tokens need an internal client', async () => {
  expect(await introspect('garbage')).toEqual({ active: false });
  expect(await (await postForm(`${sb.api}/token/introspect`, {})).json()).toEqual({ active: false });
  const res = await postForm(`${sb.api}/token/introspect`, { token: user });
  expect(res.status).toBe(401);
  expect(await res.text()).toBe('');
});

test('fault injection: the token endpoint answers 503 while down, and is delayed while slow', async () => {
  await fetch(`${sb.root}/sandbox/token-endpoint/down`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seconds: 2 }),
  });
  expect((await postForm(tokenUrl, { grant_type: 'password' })).status).toBe(503);
  await fetch(`${sb.root}/sandbox/reset`, { method: 'POST' });
  expect((await postForm(tokenUrl, { grant_type: 'password' })).status).toBe(400);
  await fetch(`${sb.root}/sandbox/token-endpoint/slow`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seconds: 5, delayMs: 700 }),
  });
  const t0 = Date.now();
  await postForm(tokenUrl, { grant_type: 'password' });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(650);
  await fetch(`${sb.root}/sandbox/reset`, { method: 'POST' });
});

test('revoke-all revokes provider access tokens and refresh tokens', async () => {
  const t = await (await exchange(await newCode())).json();
  await fetch(`${sb.root}/sandbox/revoke-all`, { method: 'POST' });
  expect((await introspect(t.access_token)).active).toBe(false);
  const r = await postForm(tokenUrl, {
    grant_type: 'refresh_token',
    refresh_token: t.refresh_token,
    client_id: clientId,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: rp.assertion(clientId, tokenUrl),
  });
  expect((await r.json()).error).toBe('invalid_grant');
});
