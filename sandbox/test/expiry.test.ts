import { injectSandbox, type InjectedSandbox } from '../src/testing/injectSandbox';
import { FakeReportProvider } from './helpers/fakeReportProvider';
import { launch, postForm, registerProvider, userToken } from './helpers/kheops';

// Every lifetime the sandbox enforces, run out by moving its clock (Clock.ts) instead of waiting: codes, access,
// refresh, viewer and user tokens, client assertions. Each test gets a sandbox of its own (inject(), no Orthanc),
// since a clock only moves forward.
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
let sb: InjectedSandbox;
let rp: FakeReportProvider;
let user: string;
let study: string;

beforeAll(async () => {
  rp = await new FakeReportProvider().start();
});
afterAll(async () => rp?.stop());
afterEach(async () => sb?.stop());

async function start(args: string[] = ['--profile', 'ohif']): Promise<void> {
  sb = await injectSandbox(args);
  user = await userToken(sb);
  study = sb.studies[0]!.studyInstanceUID;
}

const seconds = (s: number) => sb.ctx.clock.advance(s * 1000);
const tokenUrl = () => `${sb.api}/token`;

/** A private_key_jwt assertion dated by the sandbox clock (the provider and KHEOPS agree on the time). */
function assertion(clientId: string): string {
  const now = sb.ctx.clock.nowSeconds();
  return rp.assertion(clientId, tokenUrl(), { claims: { iat: now, exp: now + 120 } });
}

async function confidentialClient(): Promise<string> {
  return (
    await (await registerProvider(sb, user, rp.serve(`/conf-${Math.random()}`, rp.codeConfig()))).json()
  ).client_id;
}

function exchange(clientId: string, code: string, clientAssertion = assertion(clientId)) {
  return postForm(tokenUrl(), {
    grant_type: 'authorization_code',
    code,
    client_id: clientId,
    redirect_uri: `${rp.origin}/report.html`,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: clientAssertion,
  });
}

const newCode = async (clientId: string) =>
  (await launch(sb, user, clientId, [study])).searchParams.get('code')!;

async function introspect(token: string, internal = false): Promise<Record<string, unknown>> {
  const { id, secret } = sb.tokens.internalClient;
  const headers: Record<string, string> = internal
    ? { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` }
    : {};
  return (await postForm(`${sb.api}/token/introspect`, { token }, headers)).json();
}

test('PROFILE ohif: an authorization code lives 60 s, with no leeway', async () => {
  await start();
  const clientId = await confidentialClient();
  const inTime = await newCode(clientId);
  const late = await newCode(clientId);
  seconds(59);
  expect((await exchange(clientId, inTime)).status).toBe(200);
  seconds(2);
  const res = await exchange(clientId, late);
  expect(res.status).toBe(400);
  expect((await res.json()).error).toBe('invalid_grant');
});

test('KHEOPS today: an authorization code lives 600 s plus 60 s leeway, and is reusable until then', async () => {
  await start(['--profile', 'today']);
  const clientId = await confidentialClient();
  const code = await newCode(clientId);
  seconds(655);
  expect((await exchange(clientId, code)).status).toBe(200);
  expect((await exchange(clientId, code)).status).toBe(200);
  seconds(10);
  // AuthorizationCodeValidator today: an expired code is invalid_request "Unable to validate the authorization code".
  expect(await (await exchange(clientId, code)).json()).toMatchObject({
    error: 'invalid_request',
    error_description: 'Unable to validate the authorization code',
  });
});

test('an access token is active until --token-ttl, then inactive (no leeway under the profile)', async () => {
  await start(['--profile', 'ohif', '--token-ttl', '120']);
  const clientId = await confidentialClient();
  const t = await (await exchange(clientId, await newCode(clientId))).json();
  expect(t.expires_in).toBe(120);
  seconds(119);
  expect(await introspect(t.access_token)).toMatchObject({ active: true });
  seconds(2);
  expect(await introspect(t.access_token)).toEqual({ active: false });
  const info = await sb.fetch(`${sb.api}/userinfo`, {
    headers: { authorization: `Bearer ${t.access_token}` },
  });
  expect(info.status).toBe(401);
});

test('KHEOPS today: a report-provider access token has 60 s of leeway past its hour', async () => {
  await start(['--profile', 'today']);
  const clientId = await confidentialClient();
  const t = await (await exchange(clientId, await newCode(clientId))).json();
  seconds(3600 + 55);
  expect(await introspect(t.access_token)).toMatchObject({ active: true });
  seconds(10);
  expect(await introspect(t.access_token)).toEqual({ active: false });
});

test('the refresh idle cap (default 8 h) and the absolute cap (--refresh-absolute-ttl)', async () => {
  await start(['--profile', 'ohif', '--refresh-absolute-ttl', '36000']);
  const clientId = await confidentialClient();
  const refresh = (rt: string) =>
    postForm(tokenUrl(), {
      grant_type: 'refresh_token',
      refresh_token: rt,
      client_id: clientId,
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: assertion(clientId),
    });
  const idle = await (await exchange(clientId, await newCode(clientId))).json();
  const kept = await (await exchange(clientId, await newCode(clientId))).json();
  seconds(28_000);
  const rotated = await (await refresh(kept.refresh_token)).json();
  expect(rotated.refresh_token).toEqual(expect.any(String));
  seconds(801); // idle: 28 801 s unused
  expect(await (await refresh(idle.refresh_token)).json()).toMatchObject({
    error: 'invalid_grant',
    error_description: 'the refresh_token expired',
  });
  const again = await (await refresh(rotated.refresh_token)).json();
  expect(again.refresh_token).toEqual(expect.any(String));
  seconds(36_000 - 28_801 + 1); // the family is older than its absolute cap, however recently used
  expect((await (await refresh(again.refresh_token)).json()).error).toBe('invalid_grant');
});

test('a client assertion past its exp (plus the 60 s leeway) is invalid_client', async () => {
  await start();
  const clientId = await confidentialClient();
  const code = await newCode(clientId);
  const stale = assertion(clientId); // exp in 120 s
  seconds(185);
  const res = await exchange(clientId, code, stale);
  expect(res.status).toBe(400);
  expect((await res.json()).error).toBe('invalid_client');
});

test('the stand-in Keycloak user token lives an hour (60 s leeway)', async () => {
  await start();
  const list = () =>
    sb.fetch(`${sb.api}/albums/demoAlbum0000000000001/reportproviders`, {
      headers: { authorization: `Bearer ${user}` },
    });
  seconds(3600 + 55);
  expect((await list()).status).toBe(200);
  seconds(10);
  expect((await list()).status).toBe(401);
});

describe('viewer tokens (18000 s): KHEOPS never checks their exp; --honour-viewer-exp does', () => {
  async function viewerToken(): Promise<string> {
    const res = await postForm(tokenUrl(), {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: user,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      scope: 'viewer read',
      studyUID: study,
      source_type: 'album',
      source_id: 'demoAlbum0000000000001',
    });
    expect(res.status).toBe(200);
    return (await res.json()).access_token;
  }

  test('as KHEOPS: still active long after', async () => {
    await start();
    const token = await viewerToken();
    seconds(18_000 + 3600);
    expect(await introspect(token, true)).toMatchObject({ active: true });
  });

  test('a KHEOPS restart (POST /sandbox/restart-kheops): every viewer token issued before is inactive; user tokens survive', async () => {
    await start();
    const before = await viewerToken();
    expect(await introspect(before, true)).toMatchObject({ active: true });
    const res = await sb.fetch(`${sb.root}/sandbox/restart-kheops`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await introspect(before, true)).toEqual({ active: false });
    expect(await introspect(await viewerToken(), true)).toMatchObject({ active: true });
  });

  test('honoured: active until 18000 s, then inactive', async () => {
    await start(['--profile', 'ohif', '--honour-viewer-exp']);
    const token = await viewerToken();
    seconds(17_990);
    expect(await introspect(token, true)).toMatchObject({ active: true });
    seconds(20);
    expect(await introspect(token, true)).toEqual({ active: false });
  });
});

test('POST /sandbox/clock moves the clock forward and refuses to move it back', async () => {
  await start();
  const post = (body: unknown) =>
    sb.fetch(`${sb.root}/sandbox/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const moved = await post({ advanceMs: 90_000 });
  expect(moved.status).toBe(200);
  expect(await moved.json()).toMatchObject({ aheadMs: 90_000 });
  expect((await post({ advanceMs: -1 })).status).toBe(400);
  expect((await post({})).status).toBe(400);
  expect(await (await sb.fetch(`${sb.root}/sandbox/clock`)).json()).toMatchObject({ aheadMs: 90_000 });
});
