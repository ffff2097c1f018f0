import type { AuthorizationCallback } from '../launch/Launch';
import type { LaunchError } from '../launch/LaunchError';
import { OidcLaunch } from './OidcLaunch';
import type { ServerConfig } from './ServerConfig';
import { MemoryStorage } from '../testing/MemoryStorage';

const ISSUER = 'https://kheops.example/api';
const VIEWER = 'https://viewer.example/kheops';

const config: ServerConfig = {
  issuer: ISSUER,
  dicomwebEndpoint: ISSUER,
  authorizationEndpoint: `${ISSUER}/authorize`,
  tokenEndpoint: `${ISSUER}/token`,
  issParameterSupported: true,
};

let tokenAnswer: () => Promise<Response>;
beforeEach(() => {
  tokenAnswer = async () =>
    new Response(JSON.stringify({ access_token: 'AT', token_type: 'Bearer', expires_in: 300 }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  jest.spyOn(globalThis, 'fetch').mockImplementation(() => tokenAnswer());
});
afterEach(() => jest.restoreAllMocks());

/** Two sign-ins started in this tab (the second one superseding the first); returns the storage and states. */
async function pending() {
  const storage = new MemoryStorage();
  storage.setItem('kheops.returnUri', 'https://kheops.example/albums/a'); // not ours to clear
  const oidc = new OidcLaunch({
    clientId: 'viewer',
    redirectUri: VIEWER,
    scope: 'read write',
    config,
    stateStorage: storage,
  });
  const states: string[] = [];
  for (const target of [`${VIEWER}?StudyInstanceUIDs=1.2`, `${VIEWER}?StudyInstanceUIDs=1.3`]) {
    const url = new URL(await oidc.authorizationUrl('hint', target));
    states.push(url.searchParams.get('state')!);
  }
  expect(storage.keys().filter((k) => k.startsWith('kheops.oidc.'))).toHaveLength(2);
  return { storage, oidc, states };
}

function callback(params: Record<string, string>): [string, AuthorizationCallback] {
  const url = `${VIEWER}?${new URLSearchParams(params)}`;
  return [
    url,
    {
      style: 'callback',
      state: params.state!,
      code: params.code,
      error: params.error,
      errorDescription: params.error_description,
      iss: params.iss,
    },
  ];
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'granted',
    (e: LaunchError) => e.code,
  );

describe('OidcLaunch callback: no pending sign-in state (state, PKCE verifier) survives any outcome', () => {
  it.each([
    ['success', (s: string) => ({ code: 'c', state: s, iss: ISSUER }), 'granted'],
    [
      'an error response',
      (s: string) => ({ error: 'access_denied', state: s, iss: ISSUER }),
      'authorization_denied',
    ],
    [
      'an iss mismatch (mix-up)',
      (s: string) => ({ code: 'c', state: s, iss: 'https://evil.example' }),
      'issuer_mismatch',
    ],
    ['a missing iss', (s: string) => ({ code: 'c', state: s }), 'issuer_mismatch'],
    ['a forged state', () => ({ code: 'c', state: 'forged', iss: ISSUER }), 'state_mismatch'],
  ])('%s', async (_n, params, expected) => {
    const { storage, oidc, states } = await pending();
    const [url, cb] = callback(params(states[1]!));
    await expect(outcome(oidc.completeAuthorization(url, cb))).resolves.toBe(expected);
    expect(storage.keys()).toEqual(['kheops.returnUri']);
  });

  it('a token endpoint that fails (an exception in the exchange)', async () => {
    tokenAnswer = async () => {
      throw new TypeError('Failed to fetch');
    };
    const { storage, oidc, states } = await pending();
    const [url, cb] = callback({ code: 'c', state: states[0]!, iss: ISSUER });
    await expect(outcome(oidc.completeAuthorization(url, cb))).resolves.toBe('bad_token_response');
    expect(storage.keys()).toEqual(['kheops.returnUri']);
  });

  it('an unsolicited (L3) code, exchanged or refused', async () => {
    const { storage, oidc } = await pending();
    tokenAnswer = async () =>
      new Response(JSON.stringify({ error: 'invalid_grant' }), {
        status: 400,
        headers: { 'Content-Type': 'application/json' },
      });
    await expect(outcome(oidc.exchangeUnsolicitedCode('c'))).resolves.toBe('authorization_denied');
    expect(storage.keys()).toEqual(['kheops.returnUri']);
  });
});

describe('OidcLaunch: token responses that are not a usable token (found by the fuzzer)', () => {
  it.each([
    ['a number as access_token', { access_token: 12345, token_type: 'Bearer', expires_in: 300 }],
    [
      'an expires_in beyond any date (1e308)',
      { access_token: 'AT', token_type: 'Bearer', expires_in: 1e308 },
    ],
  ])('%s is bad_token_response', async (_n, body) => {
    tokenAnswer = async () =>
      new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    const { oidc } = await pending();
    await expect(outcome(oidc.exchangeUnsolicitedCode('c'))).resolves.toBe('bad_token_response');
  });
});

describe('OidcLaunch callback: replays, iss and foreign sign-ins', () => {
  it('a replayed callback (same state, same code) is state_mismatch and sends no second code', async () => {
    const { oidc, states } = await pending();
    const [url, cb] = callback({ code: 'c', state: states[1]!, iss: ISSUER });
    await expect(outcome(oidc.completeAuthorization(url, cb))).resolves.toBe('granted');
    const sent = (globalThis.fetch as jest.Mock).mock.calls.length;
    await expect(outcome(oidc.completeAuthorization(url, cb))).resolves.toBe('state_mismatch');
    expect((globalThis.fetch as jest.Mock).mock.calls.length).toBe(sent);
  });

  it('a server that does not promise iss (RFC 9207) may leave it out, but an iss it sends must match', async () => {
    const storage = new MemoryStorage();
    const make = () =>
      new OidcLaunch({
        clientId: 'viewer',
        redirectUri: VIEWER,
        scope: 'read write',
        config: { ...config, issParameterSupported: false },
        stateStorage: storage,
      });
    const stateOf = async () =>
      new URL(await make().authorizationUrl('hint', VIEWER)).searchParams.get('state')!;
    const [url, cb] = callback({ code: 'c', state: await stateOf() });
    await expect(outcome(make().completeAuthorization(url, cb))).resolves.toBe('granted');
    const [url2, cb2] = callback({ code: 'c', state: await stateOf(), iss: 'https://evil.example' });
    await expect(outcome(make().completeAuthorization(url2, cb2))).resolves.toBe('issuer_mismatch');
  });

  it('a callback for a sign-in another client of this tab started is refused before any code is sent', async () => {
    const { storage, states } = await pending();
    const other = new OidcLaunch({
      clientId: 'another-client',
      redirectUri: VIEWER,
      scope: 'read write',
      config,
      stateStorage: storage,
    });
    const [url, cb] = callback({ code: 'c', state: states[1]!, iss: ISSUER });
    const sent = (globalThis.fetch as jest.Mock).mock.calls.length;
    // oidc-client-ts finds the state's client_id is not this client's: refused before the token endpoint.
    await expect(outcome(other.completeAuthorization(url, cb))).resolves.toBe('bad_token_response');
    expect((globalThis.fetch as jest.Mock).mock.calls.length).toBe(sent);
    expect(storage.keys()).toEqual(['kheops.returnUri']);
  });

  it('an ID token whose nonce is not the one this sign-in sent is bad_token_response', async () => {
    const storage = new MemoryStorage();
    const oidc = new OidcLaunch({
      clientId: 'viewer',
      redirectUri: VIEWER,
      scope: 'openid read write',
      config,
      stateStorage: storage,
    });
    const state = new URL(await oidc.authorizationUrl('hint', VIEWER)).searchParams.get('state')!;
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const idToken = `${b64({ alg: 'RS256' })}.${b64({ iss: ISSUER, aud: 'viewer', sub: 'u', exp: now + 300, iat: now, nonce: 'stolen' })}.sig`;
    tokenAnswer = async () =>
      new Response(
        JSON.stringify({
          access_token: 'AT',
          token_type: 'Bearer',
          expires_in: 300,
          scope: 'openid read write',
          id_token: idToken,
        }),
        { status: 200, headers: { 'Content-Type': 'application/json' } },
      );
    const [url, cb] = callback({ code: 'c', state, iss: ISSUER });
    await expect(outcome(oidc.completeAuthorization(url, cb))).resolves.toBe('bad_token_response');
    expect(storage.keys()).toEqual([]);
  });
});
