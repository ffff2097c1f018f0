import { KheopsSettingsStore, type KheopsSettings } from './KheopsSettings';
import type { LaunchError } from './launch/LaunchError';
import { startLaunch, type BrowserWindow, type LaunchOutcome } from './startLaunch';
import { FakeKheops } from './testing/FakeKheops';
import { fakeTab } from './testing/fakeTab';
import { MemoryStorage } from './testing/MemoryStorage';

const KHEOPS = 'https://kheops.example';
const VIEWER = 'https://viewer.example';

/** A tab whose sessionStorage holds a pending sign-in of ours (and a key of someone else's). */
function tab(href: string, issuer?: string) {
  const items = new Map<string, string>([
    ['kheops.oidc.0123abcd', '{"id":"0123abcd","code_verifier":"VERIFIER"}'],
    ['other.app', 'x'],
  ]);
  if (issuer) items.set('kheops.issuer', issuer);
  const sessionStorage = {
    get length() {
      return items.size;
    },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    clear: () => items.clear(),
  } as Storage;
  const win: BrowserWindow = {
    location: { href, origin: VIEWER, replace: () => undefined },
    history: { replaceState: () => undefined },
    sessionStorage,
  };
  return { win, keys: () => [...items.keys()] };
}

afterEach(() => jest.restoreAllMocks());

describe('startLaunch: a callback leaves no pending sign-in behind', () => {
  const callback = `${VIEWER}/kheops?code=c&state=0123abcd&iss=${encodeURIComponent(`${KHEOPS}/api`)}`;
  const config = new KheopsSettingsStore({ trustedOrigins: [KHEOPS], clientIds: { thirdParty: 'viewer' } });

  it('an unsolicited callback (this tab started no sign-in with a trusted issuer)', async () => {
    const { win, keys } = tab(callback);
    const outcome = await startLaunch(win, config);
    expect(outcome.ok === false && (outcome.error as LaunchError).code).toBe('state_mismatch');
    expect(keys()).toEqual(['other.app']);
  });

  it('a callback whose issuer cannot be reached (discovery fails before the state is read)', async () => {
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const { win, keys } = tab(callback, `${KHEOPS}/api`);
    const outcome = await startLaunch(win, config);
    expect(outcome.ok).toBe(false);
    expect(keys()).toEqual(['other.app']);
  });
});

describe('startLaunch: a malformed callback leaves no pending sign-in behind (found by the fuzzer)', () => {
  const config = new KheopsSettingsStore({ trustedOrigins: [KHEOPS], clientIds: { thirdParty: 'viewer' } });
  it.each([
    ['an empty code', '?code=&state=0123abcd'],
    ['a duplicated state', '?code=c&state=0123abcd&state=0123abcd'],
    ['a code with a space', '?code=a%20b&state=0123abcd'],
  ])('%s', async (_n, query) => {
    const { win, keys } = tab(`${VIEWER}/kheops${query}`, `${KHEOPS}/api`);
    const outcome = await startLaunch(win, config);
    expect(outcome.ok).toBe(false);
    expect(keys()).toEqual(['other.app']);
  });
});

// ---- every launch style through startLaunch, against a faked KHEOPS network ----------------------------------

const S1 = '2.25.272177994137837267922425527171662294986';
const S2 = '1.2.840.113619.2.55.3.604688119.868.1234567890.123';
const SE = '2.25.1234567890';
const API = `${KHEOPS}/api`;
const CONF = `${API}/.well-known/report-provider-configuration`;
const BACK = `${KHEOPS}/albums/A1`;
const enc = encodeURIComponent;
/** Every secret the tests put in a URL, to be found nowhere after the launch. */
const SECRETS = /LINKTOKEN|IMPLICITTOKEN|THECODE|AT-\d|RT-\d|login_hint|hint-7|state=|code=|access_token/;

function world(href: string, extra: Partial<KheopsSettings> = {}, storage = new MemoryStorage()) {
  const kheops = new FakeKheops(KHEOPS);
  kheops.granted = new Set([S1, S2]);
  jest.spyOn(globalThis, 'fetch').mockImplementation(kheops.fetch as typeof fetch);
  const settings = new KheopsSettingsStore({
    trustedOrigins: [KHEOPS],
    clientIds: { implicit: 'implicit-client', code: 'code-client', thirdParty: 'viewer' },
    ...extra,
  });
  return { kheops, settings, ...fakeTab(`${VIEWER}${href}`, storage) };
}

function expectNoSecretLeft(w: ReturnType<typeof world>) {
  for (const u of w.history) {
    expect(u).toMatch(/^\/kheops(\?|$)/);
    expect(u).not.toMatch(SECRETS);
  }
  for (const k of w.storage.keys())
    expect(w.storage.getItem(k)).not.toMatch(/LINKTOKEN|IMPLICITTOKEN|THECODE|AT-\d/);
}

const failed = (o: LaunchOutcome) =>
  o.ok === false ? `${o.error.code}|${o.error.returnUri ?? ''}` : String(o.ok);

describe('startLaunch — L1, the viewer token in a KHEOPS link', () => {
  const href = `/kheops?url=${enc(`${API}/link/LINKTOKEN/ohifservermetadata`)}&studyInstanceUIDs=${S1}&seriesInstanceUIDs=${SE}`;
  beforeEach(() =>
    jest.useFakeTimers({
      now: Date.UTC(2026, 11, 1, 12),
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    }),
  );
  afterEach(() => jest.useRealTimers());

  it('checks the study and the write permission through the session, then is ready with the study context only', async () => {
    const w = world(href, { legacyTokenLifetimeSeconds: 600 });
    w.kheops.stowStatus = 403;
    const outcome = await startLaunch(w.win, w.settings);
    if (outcome.ok !== true) throw new Error(failed(outcome));
    expect(outcome).toMatchObject({ style: 'L1', endpoint: API });
    expect([outcome.returnUri, outcome.user]).toEqual([undefined, undefined]);
    expect(outcome.context).toEqual({ studyUIDs: [S1], seriesUID: SE }); // no token, no endpoint
    expect(outcome.session.currentToken()).toBe('LINKTOKEN');
    expect(outcome.session.scope()).toBe('viewer read'); // a sharing link: read-only
    expect(outcome.session.snapshot()).toMatchObject({ refreshable: false, expiresAt: Date.now() + 600_000 });
    expect(w.history).toEqual(['/kheops', `/kheops?StudyInstanceUIDs=${S1}&initialSeriesInstanceUID=${SE}`]);
    expect(w.storage.keys()).toEqual([]);
    const sent = w.kheops.seen.map((r) => `${r.method} ${r.url.replace(API, '')} ${r.auth}`).sort();
    expect(sent).toEqual([
      `GET /studies?StudyInstanceUID=${S1}&includefield=0020000D Bearer LINKTOKEN`,
      `POST /studies/${S1} Bearer LINKTOKEN`,
    ]);
  });

  it('reads a STOW refused for lack of a boundary as read-write', async () => {
    const w = world(href);
    const outcome = await startLaunch(w.win, w.settings);
    expect(outcome.ok === true && outcome.session.scope()).toBe('viewer read write');
  });

  it.each([
    ['an empty answer (204)', 204, 'study_not_granted'],
    ['a refused token (401)', 401, 'token_rejected'],
    ['no answer', 'network' as const, 'kheops_unreachable'],
  ])('refuses on %s, the address bar already clean', async (_n, status, code) => {
    const w = world(href);
    w.kheops.qidoStatus = status;
    expect(failed(await startLaunch(w.win, w.settings))).toBe(`${code}|`);
    expect(w.history[0]).toBe('/kheops');
    expectNoSecretLeft(w);
  });

  it('a token the session cannot send under the configured timing is refused before anything is sent', async () => {
    const w = world(href, { legacyTokenLifetimeSeconds: 60, session: { expirySkewMs: 120_000 } });
    expect(failed(await startLaunch(w.win, w.settings))).toBe('token_rejected|');
    expect(w.kheops.seen).toEqual([]);
  });
});

describe('startLaunch — L2, report provider implicit', () => {
  const fragment = (extra = '') =>
    `/kheops#access_token=IMPLICITTOKEN&token_type=bearer&expires_in=600&scope=read&client_id=implicit-client&conf_uri=${enc(CONF)}&return_uri=${enc(BACK)}&studyUID=${S1}&studyUID=${S2}${extra}`;

  it('reads KHEOPS configuration, checks both studies and asks userinfo through the session', async () => {
    const w = world(fragment());
    const before = Date.now();
    const outcome = await startLaunch(w.win, w.settings);
    if (outcome.ok !== true) throw new Error(failed(outcome));
    expect(outcome).toMatchObject({ style: 'L2', endpoint: API, returnUri: BACK, user: 'user-1' });
    expect(outcome.context).toEqual({ studyUIDs: [S1, S2] });
    expect(outcome.session.currentToken()).toBe('IMPLICITTOKEN');
    expect(outcome.session.scope()).toBe('read');
    expect(outcome.session.snapshot().expiresAt).toBeGreaterThanOrEqual(before + 600_000);
    expect(w.history).toEqual(['/kheops', `/kheops?StudyInstanceUIDs=${S1},${S2}`]);
    expect(w.storage.keys()).toEqual(['kheops.returnUri']);
    expect(w.storage.getItem('kheops.returnUri')).toBe(BACK);
    const bearer = w.kheops.seen.filter((r) => r.auth);
    expect(bearer.map((r) => new URL(r.url).pathname).sort()).toEqual([
      '/api/studies',
      '/api/studies',
      '/api/userinfo',
    ]);
    expect(bearer.every((r) => r.auth === 'Bearer IMPLICITTOKEN')).toBe(true);
    expect(w.kheops.requestsTo('/api/.well-known/report-provider-configuration')[0]!.auth).toBeNull();
  });

  it('a study KHEOPS does not grant is refused with the way back', async () => {
    const w = world(fragment());
    w.kheops.granted = new Set([S1]);
    const outcome = await startLaunch(w.win, w.settings);
    expect(failed(outcome)).toBe(`study_not_granted|${BACK}`);
    expect(outcome.ok === false && outcome.error.message).toMatch(/1 of the 2 studies/);
    expectNoSecretLeft(w);
  });

  it('userinfo is best effort: a refusal leaves the user unknown', async () => {
    const w = world(fragment());
    w.kheops.userinfo = 403;
    const outcome = await startLaunch(w.win, w.settings);
    expect(outcome.ok === true && outcome.user).toBeUndefined();
  });

  it.each([
    ['without dicomweb_endpoint', { dicomweb_endpoint: undefined }, 'bad_server_config'],
    [
      'with a dicomweb_endpoint on a foreign origin',
      { dicomweb_endpoint: 'https://evil.example/api' },
      'untrusted_origin',
    ],
  ])('a KHEOPS configuration %s is refused before the token is sent anywhere', async (_n, doc, code) => {
    const w = world(fragment());
    w.kheops.reportConfig = doc;
    expect(failed(await startLaunch(w.win, w.settings))).toBe(`${code}|${BACK}`);
    expect(w.kheops.seen.filter((r) => r.auth)).toEqual([]);
  });

  it('a token in the query is refused and scrubbed', async () => {
    const w = world(`/kheops?access_token=IMPLICITTOKEN&studyUID=${S1}`);
    expect(failed(await startLaunch(w.win, w.settings))).toBe('malformed_url|');
    expect(w.history).toEqual(['/kheops']);
    expect(w.kheops.seen).toEqual([]);
  });
});

describe('startLaunch — L3, report provider code', () => {
  const href = `/kheops?code=THECODE&client_id=code-client&conf_uri=${enc(CONF)}&return_uri=${enc(BACK)}&studyUID=${S1}`;

  it('exchanges the code, agrees the context with the grant, builds a renewing session', async () => {
    const w = world(href);
    w.kheops.studyUIDs = [S1, S2];
    const outcome = await startLaunch(w.win, w.settings);
    if (outcome.ok !== true) throw new Error(outcome.ok === false ? outcome.error.message : 'redirecting');
    expect(outcome).toMatchObject({ style: 'L3', endpoint: API, returnUri: BACK, user: 'user-1' });
    expect(outcome.context).toEqual({ studyUIDs: [S1, S2], seriesUID: undefined });
    expect(outcome.session.currentToken()).toBe('AT-1');
    expect(outcome.session.snapshot().refreshable).toBe(true);
    const [exchange] = w.kheops.requestsTo('/api/token');
    expect(exchange!.form!.get('grant_type')).toBe('authorization_code');
    expect(exchange!.form!.get('code')).toBe('THECODE');
    expect(exchange!.form!.get('client_id')).toBe('code-client');
    expect(exchange!.form!.get('redirect_uri')).toBe(`${VIEWER}/kheops`);
    expect(w.kheops.requestsTo('/api/userinfo')[0]!.auth).toBe('Bearer AT-1');
    expect(w.history).toEqual([
      '/kheops',
      `/kheops?StudyInstanceUIDs=${S1}`,
      `/kheops?StudyInstanceUIDs=${S1},${S2}`,
    ]);
    expect(w.storage.keys()).toEqual(['kheops.returnUri']); // no state or verifier left
    await outcome.session.end();
  });

  it('a code KHEOPS refuses (already used) is authorization_denied with the way back', async () => {
    const w = world(href);
    w.kheops.codeAnswer = () => FakeKheops.error('invalid_grant');
    const outcome = await startLaunch(w.win, w.settings);
    expect(failed(outcome)).toBe(`authorization_denied|${BACK}`);
    expect(outcome.ok === false && outcome.error.message).toMatch(/invalid_grant/);
    expect(w.storage.keys()).toEqual(['kheops.returnUri']);
    expectNoSecretLeft(w);
  });

  it('a grant for other studies than the launch names is context_mismatch', async () => {
    const w = world(href);
    w.kheops.studyUIDs = [S2];
    expect(failed(await startLaunch(w.win, w.settings))).toBe(`context_mismatch|${BACK}`);
  });

  it('KHEOPS publishing no token endpoint is its configuration fault, not a token fault', async () => {
    const w = world(href);
    w.kheops.reportConfig = { token_endpoint: undefined };
    expect(failed(await startLaunch(w.win, w.settings))).toBe(`bad_server_config|${BACK}`);
    expect(w.kheops.requestsTo('/api/token')).toEqual([]);
  });

  it('a client id this viewer was not registered with is refused before any request', async () => {
    const w = world(href.replace('code-client', 'someone-else'));
    expect(failed(await startLaunch(w.win, w.settings))).toBe(`unknown_client|${BACK}`);
    expect(w.kheops.seen).toEqual([]);
  });
});

describe('startLaunch — L4, third-party initiated login and its callback', () => {
  const target = `${VIEWER}/kheops?StudyInstanceUIDs=${S1}&initialSeriesInstanceUID=${SE}`;
  const login = `/kheops?iss=${enc(API)}&login_hint=hint-7&target_link_uri=${enc(target)}`;

  /** Starts the sign-in; returns the tab's storage and the authorization request. */
  async function started(extra: Partial<KheopsSettings> = {}) {
    const w = world(login, extra);
    const outcome = await startLaunch(w.win, w.settings);
    expect(outcome).toEqual({ ok: 'redirecting' });
    const authorize = new URL(w.navigations[0]!);
    return { w, authorize };
  }

  /** The browser back from the authorization server, in the same tab. */
  function callback(
    w: ReturnType<typeof world>,
    params: Record<string, string>,
    extra: Partial<KheopsSettings> = {},
  ) {
    const cb = world(`/kheops?${new URLSearchParams(params)}`, extra, w.storage);
    cb.kheops.nonce = w.kheops.nonce;
    return cb;
  }

  it('leaves for the authorization endpoint with PKCE, state, nonce and login_hint; only the request state is kept', async () => {
    const { w, authorize } = await started();
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${API}/authorize`);
    const q = authorize.searchParams;
    expect(q.get('client_id')).toBe('viewer');
    expect(q.get('redirect_uri')).toBe(`${VIEWER}/kheops`);
    expect(q.get('login_hint')).toBe('hint-7');
    expect(q.get('scope')).toBe('openid read write');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('nonce')).toBeTruthy();
    expect(w.history).toEqual(['/kheops', `/kheops?StudyInstanceUIDs=${S1}&initialSeriesInstanceUID=${SE}`]);
    expect(w.storage.keys().sort()).toEqual(['kheops.issuer', `kheops.oidc.${q.get('state')}`]);
    expect(w.storage.getItem('kheops.issuer')).toBe(API);
  });

  it('the callback exchanges the code and opens the target study for the ID token user; nothing pending stays', async () => {
    const { w, authorize } = await started();
    w.kheops.nonce = authorize.searchParams.get('nonce')!;
    const cb = callback(w, { code: 'THECODE', state: authorize.searchParams.get('state')!, iss: API });
    const outcome = await startLaunch(cb.win, cb.settings);
    if (outcome.ok !== true) throw new Error(failed(outcome));
    expect(outcome).toMatchObject({ style: 'L4', endpoint: API, user: 'user-4' });
    expect(outcome.context).toEqual({ studyUIDs: [S1], seriesUID: SE });
    expect(outcome.session.currentToken()).toBe('AT-1');
    const [exchange] = cb.kheops.requestsTo('/api/token');
    expect(exchange!.form!.get('code_verifier')).toMatch(/^[\w-]{43,}$/);
    expect(cb.history).toEqual(['/kheops', `/kheops?StudyInstanceUIDs=${S1}&initialSeriesInstanceUID=${SE}`]);
    expect(cb.storage.keys()).toEqual([]);
    await outcome.session.end();
  });

  it('a replayed callback (the same URL again) is state_mismatch and asks the token endpoint nothing', async () => {
    const { w, authorize } = await started();
    w.kheops.nonce = authorize.searchParams.get('nonce')!;
    const params = { code: 'THECODE', state: authorize.searchParams.get('state')!, iss: API };
    const first = await startLaunch(callback(w, params).win, w.settings);
    expect(first.ok).toBe(true);
    if (first.ok === true) await first.session.end();
    const replay = callback(w, params);
    expect(failed(await startLaunch(replay.win, replay.settings))).toBe('state_mismatch|');
    expect(replay.kheops.requestsTo('/api/token')).toEqual([]);
  });

  it.each([
    ['from another issuer (RFC 9207 mix-up)', { iss: 'https://evil.example' }, 'issuer_mismatch'],
    ['without iss from a server that promises it', { iss: undefined }, 'issuer_mismatch'],
    ['with a forged state', { state: 'f0rged' }, 'state_mismatch'],
    ['with an error', { code: undefined, error: 'access_denied' }, 'authorization_denied'],
  ])('a callback %s is refused, sends no code, and clears the pending sign-in', async (_n, change, code) => {
    const { w, authorize } = await started();
    const params: Record<string, string | undefined> = {
      code: 'THECODE',
      state: authorize.searchParams.get('state')!,
      iss: API,
      ...change,
    };
    const cb = callback(
      w,
      Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string>,
    );
    expect(failed(await startLaunch(cb.win, cb.settings))).toBe(`${code}|`);
    expect(cb.kheops.requestsTo('/api/token')).toEqual([]);
    expect(cb.storage.keys()).toEqual([]);
    expectNoSecretLeft(cb);
  });

  it.each([
    ['for another client (aud)', { aud: 'someone-else' }, 'bad_token_response'],
    ['with a wrong nonce', { nonce: 'replayed-nonce' }, 'bad_token_response'],
    ['that has expired', { exp: 1_000_000 }, 'bad_token_response'],
    ['from another issuer', { iss: 'https://evil.example/api' }, 'issuer_mismatch'],
  ])('an ID token %s fails the sign-in', async (_n, claims, code) => {
    const { w, authorize } = await started();
    w.kheops.nonce = authorize.searchParams.get('nonce')!;
    const cb = callback(w, { code: 'THECODE', state: authorize.searchParams.get('state')!, iss: API });
    cb.kheops.idClaims = claims;
    expect(failed(await startLaunch(cb.win, cb.settings))).toBe(`${code}|`);
    expect(cb.storage.keys()).toEqual([]);
  });

  it('an issuer from openIdProviders brings its client id, scope and DICOMweb endpoint', async () => {
    const provider = {
      issuer: `${API}/`,
      clientId: 'provider-client',
      scope: 'openid read',
      dicomwebEndpoint: `${KHEOPS}/other/api`,
    };
    const { authorize } = await started({ openIdProviders: [provider] });
    expect(authorize.searchParams.get('client_id')).toBe('provider-client');
    expect(authorize.searchParams.get('scope')).toBe('openid read');
  });

  it.each([
    ['no client id for the sign-in', { clientIds: [] }],
    [
      'an openIdProviders entry without clientId',
      { openIdProviders: [{ issuer: API, dicomwebEndpoint: API } as never] },
    ],
    ['an openIdProviders entry that is not an object', { openIdProviders: [null as never] }],
    [
      'an openIdProviders endpoint outside trustedOrigins',
      { openIdProviders: [{ issuer: API, clientId: 'c', dicomwebEndpoint: 'https://evil.example/api' }] },
    ],
  ])(
    '%s is the administrator’s configuration fault (misconfigured), not a token fault',
    async (_n, extra) => {
      const w = world(login, extra);
      const outcome = await startLaunch(w.win, w.settings);
      expect(failed(outcome)).toBe('misconfigured|');
      expect(w.navigations).toEqual([]);
      expect(w.history[0]).toBe('/kheops');
    },
  );
});

describe('startLaunch — no launch, configuration and viewer faults', () => {
  it('a reload of a launched viewer is no_session, offering the stored way back', async () => {
    const storage = new MemoryStorage();
    storage.setItem('kheops.returnUri', BACK);
    const w = world(`/kheops?StudyInstanceUIDs=${S1}`, {}, storage);
    const outcome = await startLaunch(w.win, w.settings);
    expect(failed(outcome)).toBe(`no_session|${BACK}`);
    expect(w.history).toEqual(['/kheops', `/kheops?StudyInstanceUIDs=${S1}`]);
    expect(w.kheops.seen).toEqual([]);
  });

  it('a stored way back on an untrusted origin is not offered', async () => {
    const storage = new MemoryStorage();
    storage.setItem('kheops.returnUri', 'https://evil.example/albums');
    const w = world('/kheops', {}, storage);
    expect(failed(await startLaunch(w.win, w.settings))).toBe('no_session|');
  });

  it('a trusted origin that is not an origin is misconfigured, and the address bar is scrubbed all the same', async () => {
    const w = world(
      `/kheops?url=${enc(`${API}/link/LINKTOKEN/ohifservermetadata`)}&studyInstanceUIDs=${S1}`,
      {
        trustedOrigins: [`${KHEOPS}/api`],
      },
    );
    const outcome = await startLaunch(w.win, w.settings);
    expect(failed(outcome)).toBe('misconfigured|');
    expect(w.history).toEqual(['/kheops']);
    expect(w.kheops.seen).toEqual([]);
  });

  it('an unexpected exception is internal_error (the viewer’s fault), never a token fault', async () => {
    const storage = new MemoryStorage();
    const w = world(
      `/kheops?iss=${enc(API)}&login_hint=h&target_link_uri=${enc(`${VIEWER}/kheops`)}`,
      {},
      storage,
    );
    jest.spyOn(storage, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const outcome = await startLaunch(w.win, w.settings);
    expect(failed(outcome)).toBe('internal_error|');
    expect(outcome.ok === false && outcome.error.message).toMatch(
      /^The launch failed: .*quota has been exceeded/,
    );
    expect(w.navigations).toEqual([]);
  });
});
