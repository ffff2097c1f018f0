/**
 * Fuzz (issue 11): generated hostile launch URLs of every style (L1–L4 and the L4 callback) through parseLaunch and
 * startLaunch, with a faked KHEOPS (discovery, token endpoint, QIDO, STOW, userinfo) and a faked window.
 * FUZZ_RUNS sets the number of launch URLs (default 2 000; `npm run fuzz` runs 100 000).
 */
import fc from 'fast-check';
import type { Launch } from './launch/Launch';
import { KheopsSettingsStore } from './KheopsSettings';
import { LaunchError } from './launch/LaunchError';
import { LaunchSettingsStore } from './launch/LaunchSettings';
import { parseLaunch } from './launch/parseLaunch';
import { isDicomUid } from './launch/uids';
import { startLaunch, type BrowserWindow, type LaunchOutcome } from './startLaunch';
import { LAUNCH_ERROR_CODES } from './testing/launchErrorCodes';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
jest.setTimeout(Math.max(60_000, RUNS * 20));

const KHEOPS = 'https://kheops.example';
const LOOPBACK = 'http://127.0.0.1:8080';
const TRUSTED = [KHEOPS, LOOPBACK];
const VIEWER = 'https://viewer.example';
const ISSUER = `${KHEOPS}/api`;
/** Every token and code the fuzzer makes carries this mark, so a leak into a URL is found whatever the value. */
const MARK = 'Zq9SECRET';
const CLIENTS = { implicit: 'implicitclient', code: 'codeclient', thirdParty: 'viewer' };
const config = new KheopsSettingsStore({ trustedOrigins: TRUSTED, clientIds: CLIENTS });
const settings = new LaunchSettingsStore({
  trustedOrigins: TRUSTED,
  clientIds: Object.values(CLIENTS),
  viewerOrigin: VIEWER,
});

const S1 = '2.25.272177994137837267922425527171662294986';
const S2 = '1.2.840.113619.2.55.3.604688119.868.1234567890.123';

// ---- generators -------------------------------------------------------------------------------------------------

/** Origins that are, or look like, a trusted one. */
const origin = fc.constantFrom(
  KHEOPS,
  LOOPBACK,
  'https://KHEOPS.Example', // case: the same origin
  'HTTPS://kheops.example:443', // default port: the same origin
  'https://kheops.example.evil.example', // suffix
  'https://evilkheops.example',
  'https://kheops.example.', // trailing dot
  'https://kheops.example:8443', // port
  'http://kheops.example', // downgrade
  'https://kheops.example@evil.example', // userinfo
  'https://evil.example@kheops.example',
  'https://evil.example#@kheops.example',
  'https://evil.example\\@kheops.example',
  'https://evil.example%2F@kheops.example',
  'https://kheops.example%2eevil.example',
  'https://xn--kheps-9ve.example', // punycode of a Cyrillic look-alike
  'https://khe\u043Eps.example', // the look-alike itself
  'http://localhost:8080', // localhost vs 127.0.0.1
  'http://127.0.0.1:8081',
  'http://127.0.0.2:8080',
  'http://[::1]:8080',
  'http://2130706433:8080', // 127.0.0.1 as a number
  'http://0x7f.1:8080',
  '//evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  'https:evil.example',
  'https:/kheops.example',
  ' https://kheops.example',
  'javascript:alert(1)//',
  'data:text/html,<script>alert(1)</script>',
  'blob:https://kheops.example',
  'file://',
  'wss://kheops.example',
  'https://evil.example',
  VIEWER,
);

const secret = fc.stringMatching(/^[A-Za-z0-9._+=-]{0,16}$/).map((s) => `${MARK}${s}`);
const hostileText = fc.constantFrom(
  '',
  ' ',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '%00',
  '\u0000',
  '\r\nSet-Cookie: a=b',
  '../../admin',
  '%252e%252e%252f',
  '{"a":1}',
  '\u202Eevil',
  'x'.repeat(9000),
);
const text = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 24 }) }, hostileText);

const uid = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(S1, S2) },
  { weight: 2, arbitrary: fc.array(fc.nat(99999), { minLength: 2, maxLength: 8 }).map((a) => a.join('.')) },
  fc.constantFrom(
    `1.${'2'.repeat(63)}`, // 65 characters
    `1.2.${'3.'.repeat(2000)}4`, // huge
    '1.2.3x',
    '01.2',
    '1..2',
    '1.2.',
    '.1.2',
    '1',
    '-1.2',
    '1.2 ',
    '１.２', // full-width digits
    `${S1}<script>`,
    `${S1}%2C${S2}`,
    `${S1},${S2}`,
    `${S1};;${S2}`,
    '1.2\u0000',
  ),
  text,
);
const uids = fc.array(uid, { minLength: 0, maxLength: 3 }).map((a) => a.join(','));

const path = fc.constantFrom(
  '/api/link/TOKEN/ohifservermetadata',
  '/kheops/api/link/TOKEN/ohifservermetadata/',
  '/api/link/TOKEN/../../admin/ohifservermetadata',
  '/api/link/TOKEN/%2e%2e/ohifservermetadata',
  '/view/link/TOKEN/ohifservermetadata',
  '/api/link/TOKEN%2Fx/ohifservermetadata',
  '/api//link/TOKEN/ohifservermetadata',
  '/api/link/TO\tKEN/ohifservermetadata',
  '/api',
  '/api/.well-known/report-provider-configuration',
  '/api/.well-known/openid-configuration',
  '/albums/A1',
  '/kheops',
  '/kheops?StudyInstanceUIDs=S1',
  '/kheops/?initialSeriesInstanceUID=S2#frag',
  '/viewer',
  '',
  '/',
);

/** A URL-valued parameter: a look-alike origin, a path of interest, and sometimes the fuzzer's secret in it. */
const urlWith = (token: fc.Arbitrary<string>) =>
  fc.tuple(origin, path, token, uids).map(([o, p, s, u]) =>
    `${o}${p}`
      .replace('TOKEN', s)
      .replace('S1', u || S1)
      .replace('S2', u || S2),
  );
/** In an L1 url the link token is a secret; elsewhere the same shapes carry a harmless word. */
const linkUrl = urlWith(secret);
const urlValue = urlWith(fc.constantFrom('linktok', 'a.b-c_d+e='));

type Pair = [string, string];
const pair = (name: string, v: fc.Arbitrary<string>) => v.map((x): Pair => [name, x]);
const one = (name: string, v: fc.Arbitrary<string>) => pair(name, v).map((p) => [p]);
const opt = (name: string, v: fc.Arbitrary<string>) =>
  fc.option(pair(name, v), { freq: 4 }).map((p) => (p ? [p] : []));

const studyValue = fc.oneof(uids, fc.constant(S1));
const l1 = fc
  .tuple(
    one('url', linkUrl),
    opt('studyInstanceUIDs', studyValue),
    opt('StudyInstanceUIDs', uids),
    opt('seriesInstanceUIDs', uids),
    opt('initialSeriesInstanceUID', uids),
  )
  .map((parts) => parts.flat());
const reportProvider = (secretName: 'access_token' | 'code') =>
  fc
    .tuple(
      one(secretName, fc.oneof({ weight: 4, arbitrary: secret }, text)),
      opt('client_id', fc.oneof(fc.constantFrom(...Object.values(CLIENTS)), text)),
      one('conf_uri', urlValue),
      opt('return_uri', urlValue),
      opt('token_type', fc.constantFrom('bearer', 'Bearer', 'BEARER', 'mac', 'DPoP', '', 'bearer ')),
      opt('expires_in', fc.constantFrom('3600', '0', '-1', 'NaN', '1e308', 'Infinity', '0x10', ' 60', '')),
      opt('scope', fc.oneof(fc.constantFrom('read write', 'viewer read', 'openid'), text)),
      one('studyUID', studyValue),
      opt('studyUID', uids),
      opt('seriesUID', uids),
    )
    .map((parts) => parts.flat());
const l4 = fc
  .tuple(
    opt('iss', fc.oneof(urlValue, fc.constantFrom(ISSUER, `${ISSUER}/`, `${LOOPBACK}/api`))),
    opt('login_hint', fc.oneof(fc.constantFrom('user@example.org', 'hint'), text)),
    opt(
      'target_link_uri',
      fc.oneof(
        fc
          .tuple(
            fc.constantFrom('', VIEWER, `${VIEWER}:443`, 'https://viewer.example.evil.example'),
            path,
            uids,
          )
          .map(([o, p, u]) => `${o}${p}`.replace('S1', u).replace('S2', u)),
        urlValue,
        fc.constantFrom(
          '//evil.example/kheops',
          '/\\evil.example/kheops',
          'javascript:alert(1)',
          'https://evil.example',
        ),
      ),
    ),
  )
  .map((parts) => parts.flat());
const callbackParams = fc
  .tuple(
    opt('code', fc.oneof({ weight: 4, arbitrary: secret }, text)),
    opt('state', fc.oneof(fc.stringMatching(/^[a-f0-9]{32}$/), text)),
    opt('iss', fc.oneof(fc.constantFrom(ISSUER, `${ISSUER}/`), urlValue)),
    opt('error', fc.constantFrom('access_denied', 'login_required', '<b>x</b>')),
    opt('error_description', text),
  )
  .map((parts) => parts.flat());
const plain = fc
  .tuple(opt('StudyInstanceUIDs', uids), opt('initialSeriesInstanceUID', uids))
  .map((p) => p.flat());
/** Any parameter of any style, to mix styles. */
const stray = fc
  .tuple(
    fc.constantFrom(
      'url',
      'code',
      'state',
      'iss',
      'login_hint',
      'target_link_uri',
      'conf_uri',
      'client_id',
      'return_uri',
      'access_token',
      'error',
      'studyUID',
      'StudyInstanceUIDs',
    ),
    fc.oneof(urlValue, secret, uids, text),
  )
  .map((p): Pair => p);

/** How a value is written into the URL: encoded once (as a browser does), raw, or twice. */
const encoding = fc.constantFrom<(s: string) => string>(
  encodeURIComponent,
  encodeURIComponent,
  (s) => s,
  (s) => encodeURIComponent(encodeURIComponent(s)),
  (s) => encodeURIComponent(s).replace(/%2F/g, '/').replace(/%3A/g, ':'),
);

interface LaunchCase {
  query: Pair[];
  fragment: Pair[];
  encode: (s: string) => string;
}

/** Mutations a hostile link adds: a duplicated parameter, one dropped, one oversized, a stray one. */
function mutate(pairs: Pair[]) {
  return fc
    .tuple(fc.nat(), fc.constantFrom('none', 'duplicate', 'drop', 'oversize', 'stray', 'swapcase'), stray)
    .map(([i, how, extra]): Pair[] => {
      if (!pairs.length) return how === 'stray' ? [extra] : pairs;
      const k = i % pairs.length;
      const p = pairs[k]!;
      switch (how) {
        case 'duplicate':
          return [...pairs, [p[0], p[1]]];
        case 'drop':
          return pairs.filter((_, j) => j !== k);
        case 'oversize':
          return pairs.map((q, j): Pair => (j === k ? [q[0], q[1] + q[1].slice(0, 64).repeat(200)] : q));
        case 'stray':
          return [...pairs.slice(0, k), extra, ...pairs.slice(k)];
        case 'swapcase':
          return pairs.map((q, j): Pair => (j === k ? [q[0].toUpperCase(), q[1]] : q));
        default:
          return pairs;
      }
    });
}

const launchCase: fc.Arbitrary<LaunchCase> = fc
  .oneof(
    l1.map((q) => ({ q, f: [] as Pair[] })),
    reportProvider('access_token').map((f) => ({ q: [] as Pair[], f })),
    reportProvider('code').map((q) => ({ q, f: [] as Pair[] })),
    l4.map((q) => ({ q, f: [] as Pair[] })),
    callbackParams.map((q) => ({ q, f: [] as Pair[] })),
    plain.map((q) => ({ q, f: [] as Pair[] })),
  )
  .chain(({ q, f }) =>
    fc
      .tuple(mutate(q), mutate(f), encoding)
      .map(([query, fragment, encode]) => ({ query, fragment, encode })),
  );

function href({ query, fragment, encode }: LaunchCase, route = '/kheops'): string {
  const part = (pairs: Pair[]) => pairs.map(([k, v]) => `${k}=${encode(v)}`).join('&');
  const q = part(query);
  const f = part(fragment);
  return `${VIEWER}${route}${q ? `?${q}` : ''}${f ? `#${f}` : ''}`;
}

// ---- the fake world ---------------------------------------------------------------------------------------------

interface World {
  win: BrowserWindow;
  navigations: string[];
  history: string[];
  requests: string[];
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** How the faked KHEOPS answers: which studies it grants, and what the token endpoint says. */
interface Server {
  granted: string[];
  qidoStatus: number;
  tokenStudies?: string[];
  refreshToken: boolean;
}
const server: fc.Arbitrary<Server> = fc.record({
  granted: fc.subarray([S1, S2]),
  qidoStatus: fc.constantFrom(200, 200, 200, 204, 401, 500),
  tokenStudies: fc.option(fc.subarray([S1, S2, '1.2.3']), { nil: undefined }),
  refreshToken: fc.boolean(),
});

let world: World;
let srv: Server;
const ACCESS = `${MARK}access`;

function fakeFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  world.requests.push(url);
  const u = new URL(url);
  const base = `${u.origin}${u.pathname}`;
  if (base.endsWith('/.well-known/openid-configuration'))
    return Promise.resolve(
      json({
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/authorize`,
        token_endpoint: `${ISSUER}/token`,
        dicomweb_endpoint: ISSUER,
        authorization_response_iss_parameter_supported: true,
      }),
    );
  if (base.endsWith('/.well-known/report-provider-configuration'))
    return Promise.resolve(
      json({
        issuer: ISSUER,
        dicomweb_endpoint: ISSUER,
        token_endpoint: `${ISSUER}/token`,
        userinfo_endpoint: `${ISSUER}/userinfo`,
      }),
    );
  if (base.endsWith('/token'))
    return Promise.resolve(
      json({
        access_token: ACCESS,
        token_type: 'Bearer',
        expires_in: 300,
        ...(srv.refreshToken ? { refresh_token: `${MARK}refresh` } : {}),
        ...(srv.tokenStudies ? { study_uids: srv.tokenStudies } : {}),
      }),
    );
  if (base.endsWith('/userinfo')) return Promise.resolve(json({ sub: 'user-1' }));
  if (base.endsWith('/studies') && init?.method !== 'POST') {
    const study = u.searchParams.get('StudyInstanceUID') ?? '';
    if (srv.qidoStatus !== 200) return Promise.resolve(new Response(null, { status: srv.qidoStatus }));
    return Promise.resolve(json(srv.granted.includes(study) ? [{}] : []));
  }
  if (init?.method === 'POST') return Promise.resolve(new Response(null, { status: 400 }));
  return Promise.resolve(new Response('<html>Not found</html>', { status: 404 }));
}

function newWorld(hrefValue: string, storage = new Map<string, string>()): World {
  const navigations: string[] = [];
  const history: string[] = [];
  const sessionStorage = {
    get length() {
      return storage.size;
    },
    key: (i: number) => [...storage.keys()][i] ?? null,
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, String(v)),
    removeItem: (k: string) => void storage.delete(k),
    clear: () => storage.clear(),
  } as Storage;
  const win: BrowserWindow = {
    location: { href: hrefValue, origin: VIEWER, replace: (u) => void navigations.push(u) },
    history: { replaceState: (_d, _t, u) => void history.push(String(u)) },
    sessionStorage,
  };
  return { win, navigations, history, requests: [] };
}

// ---- the properties ---------------------------------------------------------------------------------------------

const trusted = (u: string) => {
  try {
    return TRUSTED.includes(new URL(u).origin);
  } catch {
    return false;
  }
};

/** parseLaunch: a valid launch (everything it names is trusted or a DICOM UID) or a LaunchError with a known code. */
function checkParsed(h: string): Launch | LaunchError {
  let launch: Launch;
  try {
    launch = parseLaunch(h, settings);
  } catch (err) {
    if (!(err instanceof LaunchError)) throw err;
    expect(LAUNCH_ERROR_CODES.has(err.code)).toBe(true);
    if (err.returnUri) expect(trusted(err.returnUri)).toBe(true);
    return err;
  }
  if ('studyUIDs' in launch) {
    for (const s of launch.studyUIDs) expect(isDicomUid(s)).toBe(true);
    if (launch.seriesUID) expect(isDicomUid(launch.seriesUID)).toBe(true);
  }
  switch (launch.style) {
    case 'L1':
      expect(trusted(launch.dicomwebEndpoint)).toBe(true);
      break;
    case 'L2':
    case 'L3':
      expect(trusted(launch.confUri)).toBe(true);
      if (launch.returnUri) expect(trusted(launch.returnUri)).toBe(true);
      expect(Object.values(CLIENTS)).toContain(launch.clientId);
      break;
    case 'L4':
      expect(trusted(launch.issuer)).toBe(true);
      expect(new URL(launch.targetLinkUri).origin).toBe(VIEWER);
      break;
  }
  return launch;
}

/** startLaunch: no navigation or request off the allowlist, no secret in any URL it leaves or sends, a known outcome. */
function checkWorld(w: World, outcome: LaunchOutcome) {
  for (const u of w.requests) {
    expect(trusted(u)).toBe(true);
    expect(u).not.toContain(MARK);
  }
  for (const u of w.navigations) {
    expect(u.startsWith(`${ISSUER}/authorize?`)).toBe(true);
    expect(u).not.toContain(MARK);
  }
  expect(w.history.length).toBeGreaterThan(0); // the address bar is always scrubbed
  for (const u of w.history) {
    expect(u).toMatch(/^\/kheops(\?|$)/);
    expect(u).not.toContain(MARK);
    expect(u).not.toMatch(/[?&](code|state|iss|login_hint|access_token|url|conf_uri)=/);
  }
  if (outcome.ok === false) {
    expect(outcome.error).toBeInstanceOf(LaunchError);
    expect(LAUNCH_ERROR_CODES.has(outcome.error.code)).toBe(true);
    // startLaunch turns an unexpected exception into "The launch failed: …": the fuzzer must never see one.
    expect(outcome.error.message).not.toMatch(/^The launch failed:/);
    if (outcome.error.returnUri) expect(trusted(outcome.error.returnUri)).toBe(true);
  } else if (outcome.ok === true) {
    expect(trusted(outcome.endpoint)).toBe(true);
    for (const s of outcome.context.studyUIDs) expect(isDicomUid(s)).toBe(true);
    if (outcome.returnUri) expect(trusted(outcome.returnUri)).toBe(true);
    expect(outcome.session.currentToken()).toBeDefined();
  } else {
    expect(w.navigations).toHaveLength(1);
  }
}

beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  jest.spyOn(globalThis, 'fetch').mockImplementation(fakeFetch as typeof fetch);
});
afterEach(() => {
  jest.clearAllTimers();
  jest.useRealTimers();
  jest.restoreAllMocks();
});

let launches = 0;
afterAll(() => {
  if (RUNS > 2000) console.log(`startLaunch fuzz: ${launches} launch URLs`);
});

describe('fuzz: hostile launch URLs through parseLaunch and startLaunch', () => {
  it(`${RUNS} generated launch URLs of every style: a valid launch or a specific error, nothing leaves the allowlist`, async () => {
    await fc.assert(
      fc.asyncProperty(launchCase, server, async (c, s) => {
        srv = s;
        const h = href(c);
        launches += 1;
        checkParsed(h);
        world = newWorld(h);
        const outcome = await startLaunch(world.win, config);
        checkWorld(world, outcome);
        jest.clearAllTimers();
      }),
      { numRuns: Math.ceil(RUNS * 0.8) },
    );
  });

  it(`${Math.ceil(RUNS * 0.2)} L4 sign-ins answered by a genuine, forged, mixed-up or replayed callback`, async () => {
    const answer = fc.record({
      state: fc.constantFrom('genuine', 'genuine', 'forged', 'missing', 'duplicate'),
      iss: fc.constantFrom(
        ISSUER,
        ISSUER,
        undefined,
        `${ISSUER}/`,
        'https://evil.example/api',
        encodeURIComponent(ISSUER),
      ),
      code: fc.oneof(secret, text),
      error: fc.option(fc.constantFrom('access_denied', '<script>alert(1)</script>'), { freq: 5 }),
      replay: fc.boolean(),
      extra: fc.array(stray, { maxLength: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(l4, answer, server, async (start, a, s) => {
        srv = s;
        const storage = new Map<string, string>();
        launches += 1;
        const first = href({ query: start, fragment: [], encode: encodeURIComponent });
        world = newWorld(first, storage);
        const started = await startLaunch(world.win, config);
        checkWorld(world, started);
        const nav = world.navigations[0];
        const state = nav ? new URL(nav).searchParams.get('state')! : 'nostate';
        const q: Pair[] = [
          ['code', a.code],
          ...(a.state === 'missing' ? [] : [['state', a.state === 'forged' ? 'f0rged' : state] as Pair]),
          ...(a.state === 'duplicate' ? [['state', state] as Pair] : []),
          ...(a.iss === undefined ? [] : [['iss', a.iss] as Pair]),
          ...(a.error ? [['error', a.error] as Pair] : []),
          ...a.extra,
        ];
        const cb = href({ query: q, fragment: [], encode: encodeURIComponent });
        for (let i = 0; i < (a.replay ? 2 : 1); i++) {
          launches += 1;
          checkParsed(cb);
          world = newWorld(cb, storage);
          const outcome = await startLaunch(world.win, config);
          checkWorld(world, outcome);
          if (i === 1) expect(outcome.ok).toBe(false); // a replayed callback never signs in again
          if (outcome.ok === true) {
            expect(nav).toBeDefined();
            expect(a.state).toBe('genuine');
            expect(a.iss).toBe(ISSUER);
          }
          // no pending sign-in (state, PKCE verifier) survives the callback
          expect(
            [...storage.keys()].filter((k) => k.startsWith('kheops.oidc.') || k === 'kheops.issuer'),
          ).toEqual([]);
        }
        jest.clearAllTimers();
      }),
      { numRuns: Math.ceil(RUNS * 0.2) },
    );
  });
});
