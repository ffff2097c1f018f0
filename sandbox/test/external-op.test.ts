import crypto from 'node:crypto';
import { EXTERNAL_VIEWER_CLIENT_ID } from '../src/externalOp/clients';
import type { RequestLogEntry } from '../src/types';
import { bearer } from './helpers/dicomweb';
import { pkce, userToken } from './helpers/kheops';
import { startSandbox, type RunningSandbox } from '../src/testing/startSandbox';

// --external-op: panva's oidc-provider as an L4 issuer other than KHEOPS; the gateway introspects its tokens.
// The code flow is driven with fetch only (manual redirects, a cookie jar) through the OP's devInteractions pages.
const TOKEN_TTL_S = 4;
let sb: RunningSandbox;
let issuer: string;
let study: string;

beforeAll(async () => {
  sb = await startSandbox(['--profile', 'ohif', '--external-op', '--token-ttl', String(TOKEN_TTL_S)]);
  issuer = sb.externalIssuer!;
  study = sb.studies[0]!.studyInstanceUID;
}, 90_000);
afterAll(async () => sb?.stop());

interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  scope: string;
}

/** Authorization code + PKCE at the external OP as `login`, through its login and consent pages. */
async function signIn(login: string): Promise<TokenResponse> {
  const jar = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...init, headers: { ...init.headers, cookie }, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const kv = c.split(';')[0]!;
      jar.set(kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1));
    }
    return res;
  };
  const { verifier, challenge } = pkce();
  const redirectUri = `${sb.viewer}/kheops`;
  const q = new URLSearchParams({
    client_id: EXTERNAL_VIEWER_CLIENT_ID,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid read write',
    state: crypto.randomUUID(),
    nonce: crypto.randomUUID(),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    login_hint: login,
  });
  let res = await go(`${issuer}/auth?${q}`);
  let location = res.headers.get('location');
  for (let hops = 0; location && !location.startsWith(redirectUri) && hops < 10; hops++) {
    res = await go(new URL(location, issuer).href);
    if (res.status === 200) {
      const html = await res.text();
      const action = new URL(/action="([^"]+)"/.exec(html)![1]!, issuer).href;
      const body = html.includes('name="login"')
        ? new URLSearchParams({ prompt: 'login', login, password: 'any' })
        : new URLSearchParams({ prompt: 'consent' });
      res = await go(action, { method: 'POST', body });
    }
    location = res.headers.get('location');
  }
  const callback = new URL(location!);
  expect(callback.searchParams.get('iss')).toBe(issuer);
  const token = await fetch(`${issuer}/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: redirectUri,
      client_id: EXTERNAL_VIEWER_CLIENT_ID,
      code_verifier: verifier,
    }),
  });
  expect(token.status).toBe(200);
  return (await token.json()) as TokenResponse;
}

async function lastLogEntry(): Promise<RequestLogEntry> {
  const log = (await (await fetch(`${sb.root}/sandbox/requests`)).json()) as RequestLogEntry[];
  return log.at(-1)!;
}

const series = (token: string) => fetch(`${sb.api}/studies/${study}/series`, { headers: bearer(token) });

test('discovery: a standard OP on loopback, no KHEOPS extension fields', async () => {
  expect(issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const conf = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  expect(conf).toMatchObject({
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    introspection_endpoint: `${issuer}/token/introspection`,
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
  });
  expect(conf.dicomweb_endpoint).toBeUndefined();
});

test('random, forged and foreign bearers stay 401 with --external-op on', async () => {
  const forgedJwt = [
    Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url'),
    Buffer.from(JSON.stringify({ iss: issuer, sub: 'demo-radiologist', scope: 'read write' })).toString(
      'base64url',
    ),
    crypto.randomBytes(256).toString('base64url'),
  ].join('.');
  const none = [
    Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url'),
    Buffer.from(JSON.stringify({ iss: issuer, sub: 'demo-radiologist', scope: 'read write' })).toString(
      'base64url',
    ),
    '',
  ].join('.');
  for (const token of [
    crypto.randomBytes(32).toString('base64url'), // the shape of an oidc-provider opaque token
    crypto.randomBytes(64).toString('hex'),
    forgedJwt,
    none,
    'x',
  ]) {
    const res = await series(token);
    expect(res.status).toBe(401);
    expect(await lastLogEntry()).toMatchObject({ tokenPresent: true, tokenValid: false });
  }
});

test("the OP's access token opens the demo user's studies; its refresh and ID tokens do not", async () => {
  const t = await signIn('demo-radiologist');
  expect(t.scope.split(' ')).toEqual(expect.arrayContaining(['openid', 'read', 'write']));
  expect(t.refresh_token).toBeDefined();
  const ok = await series(t.access_token);
  expect(ok.status).toBe(200);
  expect(await lastLogEntry()).toMatchObject({
    tokenValid: true,
    tokenUnexpired: true,
    tokenKind: 'external',
  });
  // The studies the demo user reaches through the demo album, and nothing else.
  const studies = await (await fetch(`${sb.api}/studies`, { headers: bearer(t.access_token) })).json();
  expect(studies.length).toBe(sb.studies.length);
  // Not a KHEOPS user token: it cannot launch report providers.
  const report = await fetch(`${sb.api}/report`, {
    method: 'POST',
    body: new URLSearchParams({
      access_token: t.access_token,
      client_id: sb.clients.thirdParty!,
      studyUID: study,
    }),
    redirect: 'manual',
  });
  // ReportProviderResource.newReport: not a user (Keycloak) token -> 403, whoever issued it.
  expect(report.status).toBe(403);
  expect((await series(t.refresh_token!)).status).toBe(401);
  expect((await series(t.id_token!)).status).toBe(401);
});

test('an OP user KHEOPS does not know gets 401', async () => {
  const t = await signIn('mallory');
  expect((await series(t.access_token)).status).toBe(401);
});

test('an expired OP access token is 401 (logged valid but expired), the refreshed one works', async () => {
  const t = await signIn('demo-radiologist');
  expect((await series(t.access_token)).status).toBe(200);
  await new Promise((r) => setTimeout(r, (TOKEN_TTL_S + 1) * 1000));
  expect((await series(t.access_token)).status).toBe(401);
  expect(await lastLogEntry()).toMatchObject({ tokenValid: true, tokenUnexpired: false });
  const refreshed = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { Origin: sb.viewer },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: t.refresh_token!,
      client_id: EXTERNAL_VIEWER_CLIENT_ID,
    }),
  });
  expect(refreshed.status).toBe(200);
  expect(refreshed.headers.get('access-control-allow-origin')).toBe(sb.viewer);
  const r = (await refreshed.json()) as TokenResponse;
  expect(r.refresh_token).toBeDefined();
  expect(r.refresh_token).not.toBe(t.refresh_token); // rotated
  expect((await series(r.access_token)).status).toBe(200);
}, 20_000);

test('the KHEOPS user token still works beside the external verifier', async () => {
  expect((await series(await userToken(sb))).status).toBe(200);
});
