import crypto from 'node:crypto';
import { injectSandbox, type InjectedSandbox } from '../src/testing/injectSandbox';
import { decodeJwtPayload } from './helpers/fakeReportProvider';
import { launch, pkce, postForm, userToken } from './helpers/kheops';

// PROFILE ohif items 3-5: OIDC discovery, /api/authorize with PKCE and the launch handle, ID token, RFC 9207 iss.
let sb: InjectedSandbox;
// Through app.inject(): no Orthanc, no ports for the KHEOPS origin (testing/injectSandbox.ts).
const fetch: typeof globalThis.fetch = (input, init) => sb.fetch(input, init);
let user: string;
let study: string;
let series: string;
const redirect = () => `${sb.viewer}/kheops`;

beforeAll(async () => {
  sb = await injectSandbox(['--profile', 'ohif']);
  user = await userToken(sb);
  study = sb.studies[0]!.studyInstanceUID;
  series = sb.studies[0]!.series[0]!.seriesInstanceUID;
}, 90_000);
afterAll(async () => sb?.stop());

async function handle(clientId = sb.clients.thirdParty!): Promise<string> {
  return (await launch(sb, user, clientId, [study], [['seriesUID', series]])).searchParams.get('login_hint')!;
}

function authorize(params: Record<string, string | undefined>): Promise<Response> {
  const q = new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== undefined) as Array<[string, string]>,
  );
  return fetch(`${sb.api}/authorize?${q}`, { redirect: 'manual' });
}

async function baseParams(challenge: string): Promise<Record<string, string>> {
  return {
    response_type: 'code',
    client_id: sb.clients.thirdParty!,
    redirect_uri: redirect(),
    scope: 'openid read write',
    state: 'st4te',
    nonce: 'n0nce',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    login_hint: await handle(),
  };
}

test('discovery: openid-configuration and jwks', async () => {
  const conf = await (await fetch(`${sb.api}/.well-known/openid-configuration`)).json();
  expect(conf).toMatchObject({
    issuer: sb.api,
    authorization_endpoint: `${sb.api}/authorize`,
    token_endpoint: `${sb.api}/token`,
    revocation_endpoint: `${sb.api}/token/revoke`,
    jwks_uri: `${sb.api}/jwks`,
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
    dicomweb_endpoint: sb.api,
  });
  const jwks = await (await fetch(conf.jwks_uri)).json();
  expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
  expect(jwks.keys[0].d).toBeUndefined();
  const rp = await (await fetch(`${sb.api}/.well-known/report-provider-configuration`)).json();
  expect(rp.grant_types_supported).toContain('refresh_token');
  expect(rp.token_endpoint_auth_methods_supported).toContain('none');
});

test('L4 happy path: authorize -> 302 code&state&iss, exchange with PKCE -> tokens with context and a valid ID token', async () => {
  const { verifier, challenge } = pkce();
  const res = await authorize(await baseParams(challenge));
  expect(res.status).toBe(302);
  const loc = new URL(res.headers.get('location')!);
  expect(`${loc.origin}${loc.pathname}`).toBe(redirect());
  expect(loc.searchParams.get('state')).toBe('st4te');
  expect(loc.searchParams.get('iss')).toBe(sb.api);
  const tok = await postForm(`${sb.api}/token`, {
    grant_type: 'authorization_code',
    code: loc.searchParams.get('code')!,
    client_id: sb.clients.thirdParty!,
    redirect_uri: redirect(),
    code_verifier: verifier,
  });
  expect(tok.status).toBe(200);
  const body = await tok.json();
  expect(body).toMatchObject({
    token_type: 'Bearer',
    expires_in: 300,
    scope: 'openid read write',
    study_uids: [study],
    series_uid: series,
  });
  expect(body.refresh_token).toBeTruthy();

  const [h, p, s] = body.id_token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const jwks = await (await fetch(`${sb.api}/jwks`)).json();
  const jwk = jwks.keys.find((k: any) => k.kid === header.kid);
  expect(header.alg).toBe('RS256');
  const valid = crypto.verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    crypto.createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(s, 'base64url'),
  );
  expect(valid).toBe(true);
  const claims = decodeJwtPayload(body.id_token);
  expect(claims).toMatchObject({
    iss: sb.api,
    aud: sb.clients.thirdParty,
    sub: 'demo-radiologist',
    nonce: 'n0nce',
  });
  expect(claims.exp).toBeGreaterThan(claims.iat);
});

async function codeFor(challenge: string): Promise<string> {
  const loc = new URL((await authorize(await baseParams(challenge))).headers.get('location')!);
  return loc.searchParams.get('code')!;
}
const exchange = (code: string, extra: Record<string, string>) =>
  postForm(`${sb.api}/token`, {
    grant_type: 'authorization_code',
    code,
    client_id: sb.clients.thirdParty!,
    redirect_uri: redirect(),
    ...extra,
  });

test('PKCE at the token endpoint: missing or wrong verifier -> invalid_grant; L3 code + verifier (downgrade) -> invalid_grant', async () => {
  const { challenge } = pkce();
  expect((await (await exchange(await codeFor(challenge), {})).json()).error).toBe('invalid_grant');
  expect(
    (await (await exchange(await codeFor(challenge), { code_verifier: pkce().verifier })).json()).error,
  ).toBe('invalid_grant');
  const l3 = (await launch(sb, user, sb.clients.code!, [study])).searchParams.get('code')!;
  const res = await postForm(`${sb.api}/token`, {
    grant_type: 'authorization_code',
    code: l3,
    client_id: sb.clients.code!,
    redirect_uri: redirect(),
    code_verifier: pkce().verifier,
  });
  expect((await res.json()).error).toBe('invalid_grant');
});

function errorOf(res: Response): URLSearchParams {
  expect(res.status).toBe(302);
  const loc = new URL(res.headers.get('location')!);
  expect(`${loc.origin}${loc.pathname}`).toBe(redirect());
  expect(loc.searchParams.get('iss')).toBe(sb.api);
  expect(loc.searchParams.get('code')).toBeNull();
  return loc.searchParams;
}

test('authorize without PKCE (or with plain) -> redirect error=invalid_request', async () => {
  const p = await baseParams(pkce().challenge);
  expect(errorOf(await authorize({ ...p, code_challenge: undefined })).get('error')).toBe('invalid_request');
  expect(
    errorOf(await authorize({ ...p, code_challenge_method: 'plain', login_hint: await handle() })).get(
      'error',
    ),
  ).toBe('invalid_request');
});

test('authorize with a bad login_hint (unknown, used, other client) -> redirect error=access_denied with state', async () => {
  const { challenge } = pkce();
  const unknown = errorOf(await authorize({ ...(await baseParams(challenge)), login_hint: 'nope' }));
  expect(unknown.get('error')).toBe('access_denied');
  expect(unknown.get('state')).toBe('st4te');
  const p = await baseParams(challenge);
  expect((await authorize(p)).status).toBe(302);
  expect(errorOf(await authorize(p)).get('error')).toBe('access_denied'); // used
  const other = await handle(sb.clients.thirdParty!);
  // a handle minted for the L4 client presented by the L3 client (same redirect_uri)
  expect(
    errorOf(await authorize({ ...p, client_id: sb.clients.code!, login_hint: other })).get('error'),
  ).toBe('access_denied');
});

test('authorize with a wrong scope -> invalid_scope; wrong response_type -> unsupported_response_type', async () => {
  const p = await baseParams(pkce().challenge);
  expect(errorOf(await authorize({ ...p, scope: 'openid admin' })).get('error')).toBe('invalid_scope');
  expect(errorOf(await authorize({ ...p, response_type: 'token' })).get('error')).toBe(
    'unsupported_response_type',
  );
});

test('authorize with a bad redirect_uri or client_id -> 400 page, never a redirect', async () => {
  const p = await baseParams(pkce().challenge);
  for (const bad of [
    { redirect_uri: 'https://evil.example/cb' },
    { redirect_uri: `${redirect()}/x` },
    { redirect_uri: undefined },
    { client_id: 'AAAAAAAAAAAAAAAAAAAAAA' },
  ]) {
    const res = await authorize({ ...p, ...bad });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  }
});
