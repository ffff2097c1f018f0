/**
 * Fuzz (issue 11): generated token-endpoint responses (and discovery / report-provider configuration documents)
 * through the session code: OidcLaunch's L3 exchange and L4 callback (oidc-client-ts, checkIdToken), then Session's
 * refresh scheduling under fake timers, with refresh answers drawn from the same hostile generator.
 * FUZZ_RUNS sets the number of token responses (default 2 000; `npm run fuzz` runs 100 000).
 */
import fc from 'fast-check';
import type { AuthorizationCallback } from '../launch/Launch';
import { LaunchError } from '../launch/LaunchError';
import { isDicomUid } from '../launch/uids';
import { OidcLaunch } from './OidcLaunch';
import { fetchJson, loadOpenIdConfig, loadReportProviderConfig, type ServerConfig } from './ServerConfig';
import { Session } from './Session';
import { MemoryStorage } from '../testing/MemoryStorage';
import { LAUNCH_ERROR_CODES } from '../testing/launchErrorCodes';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
jest.setTimeout(Math.max(60_000, RUNS * 20));

const KHEOPS = 'https://kheops.example';
const TRUSTED = [KHEOPS, 'http://127.0.0.1:8080'];
const ISSUER = `${KHEOPS}/api`;
const VIEWER = 'https://viewer.example/kheops';
const CLIENT = 'viewer';
const T0 = Date.UTC(2026, 10, 27, 12);
const MAX_TIMER = 2 ** 31 - 1;
const S1 = '2.25.272177994137837267922425527171662294986';

const config: ServerConfig = {
  issuer: ISSUER,
  dicomwebEndpoint: ISSUER,
  authorizationEndpoint: `${ISSUER}/authorize`,
  tokenEndpoint: `${ISSUER}/token`,
  revocationEndpoint: `${ISSUER}/revoke`,
  issParameterSupported: true,
};

// ---- generators -------------------------------------------------------------------------------------------------

const garbage = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    'null',
    '[]',
    '"AT"',
    '{',
    '{"access_token":',
    'NaN',
    '\u0000',
    '<script>alert(1)</script>',
  ),
);
const weird = fc.oneof(
  garbage,
  fc.constantFrom(null, true, false, 0, -1, 1e308, NaN, [], {}, ['AT'], { toString: 'x' }),
  fc.double(),
  fc.integer(),
);
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** ID tokens: right or wrong iss/aud/azp/nonce/exp/iat/alg, or not a JWT at all. */
const idToken = (nonce: string | undefined) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .record({
          alg: fc.constantFrom('RS256', 'RS256', 'none', 'HS256', 'ES256', ''),
          iss: fc.constantFrom(
            ISSUER,
            ISSUER,
            ISSUER,
            `${ISSUER}/`,
            'https://evil.example/api',
            `${KHEOPS}`,
            undefined,
            1,
          ),
          aud: fc.constantFrom<unknown>(
            CLIENT,
            CLIENT,
            [CLIENT],
            [CLIENT, 'other'],
            'other',
            [],
            undefined,
            null,
          ),
          azp: fc.constantFrom<unknown>(undefined, CLIENT, 'other'),
          nonce: fc.constantFrom<unknown>(nonce, nonce, nonce, 'wrong', undefined, 1),
          exp: fc.constantFrom<unknown>(
            T0 / 1000 + 300,
            T0 / 1000 + 300,
            T0 / 1000 - 3600,
            'soon',
            NaN,
            undefined,
            1e308,
          ),
          iat: fc.constantFrom<unknown>(T0 / 1000, T0 / 1000, T0 / 1000 + 3600, undefined, 'now'),
          sub: fc.constantFrom<unknown>(
            'user-1',
            'user-1',
            undefined,
            '',
            42,
            '<img src=x onerror=alert(1)>',
          ),
        })
        .map(
          ({ alg, ...claims }) => `${b64({ alg, typ: 'JWT' })}.${b64(claims)}.${alg === 'none' ? '' : 'sig'}`,
        ),
    },
    fc.constantFrom('not-a-jwt', 'a.b.c', 'a.%%%.c', `${b64({ alg: 'none' })}.${b64('[1]')}.`, 'a.b', '..'),
    garbage,
  );

const studyUids = fc.oneof(
  fc.constantFrom<unknown>([S1], [S1, '1.2.3'], [], undefined, undefined),
  fc.constantFrom<unknown>(
    ['1.2.3x'],
    ['<script>'],
    [`1.${'2'.repeat(80)}`],
    S1,
    [null],
    [{}],
    [1.2],
    Array(1000).fill(S1),
  ),
);

/** A token-endpoint body: a JSON object with each field right, wrong-typed, missing or hostile. */
const tokenBody = (nonce: string | undefined) =>
  fc.record(
    {
      access_token: fc.oneof(
        { weight: 5, arbitrary: fc.constant('AT') },
        fc.constant('x'.repeat(100_000)),
        weird,
      ),
      token_type: fc.constantFrom<unknown>(
        'Bearer',
        'Bearer',
        'bearer',
        'BEARER',
        'mac',
        'DPoP',
        'N_A',
        '',
        7,
        null,
      ),
      expires_in: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom<unknown>(300, 3600, 60) },
        fc.constantFrom<unknown>(
          0,
          1,
          3,
          5,
          6,
          -1,
          -300,
          NaN,
          'NaN',
          '300',
          1e308,
          1e9,
          2_592_000,
          86_400 * 400,
          Infinity,
          null,
          '',
          0.5,
        ),
        fc.double(),
        fc.integer(),
      ),
      refresh_token: fc.oneof({ weight: 3, arbitrary: fc.constant('RT') }, weird),
      scope: fc.oneof(
        fc.constantFrom<unknown>('read write', 'openid read write', 'viewer read', 'admin'),
        weird,
      ),
      id_token: idToken(nonce),
      study_uids: studyUids,
      series_uid: fc.constantFrom<unknown>(undefined, '2.25.1', '2.25.x', 7, ['2.25.1']),
      error: fc.constantFrom<unknown>('invalid_grant', 'server_error', '<b>x</b>'),
    },
    { requiredKeys: ['access_token'] },
  );

/** What the token endpoint answers: a status, a content type and a body (JSON, garbage, an HTML error page). */
const tokenAnswer = (nonce: string | undefined) =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(fc.constantFrom(200, 200, 200, 200, 201, 400, 401, 500), tokenBody(nonce))
        .map(([status, body]) => ({ status, type: 'application/json', body: JSON.stringify(body) })),
    },
    fc.record({
      status: fc.constantFrom(200, 400, 500, 502, 503),
      type: fc.constantFrom('text/html', 'application/json', 'text/plain', ''),
      body: fc.oneof(
        fc.constantFrom(
          '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>',
          '<html><script>alert(1)</script></html>',
          '{"error":"invalid_grant"}',
          '{"error":"invalid_client","error_description":"<img src=x onerror=alert(1)>"}',
          '{"error":7}',
          '',
          'null',
          '[]',
          `{"access_token":"${'A'.repeat(300_000)}","expires_in":300,"token_type":"Bearer"}`,
        ),
        garbage,
      ),
    }),
  );
type Answer = { status: number; type: string; body: string };

// ---- the fake network -------------------------------------------------------------------------------------------

let answers: Answer[] = [];
let requests: string[] = [];
let tokenCalls = 0;
beforeEach(() => {
  jest.useFakeTimers({ now: T0, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    requests.push(url);
    if (url === config.tokenEndpoint) {
      tokenCalls += 1;
      // The last answer repeats: a server that keeps answering the same way (e.g. 3 s tokens) forever.
      const a = (answers.length > 1 ? answers.shift() : answers[0]) ?? {
        status: 500,
        type: 'text/html',
        body: '<html>down</html>',
      };
      return new Response(a.body, { status: a.status, headers: a.type ? { 'Content-Type': a.type } : {} });
    }
    return new Response(null, { status: 200 });
  });
});
afterEach(() => {
  jest.clearAllTimers();
  jest.useRealTimers();
  jest.restoreAllMocks();
});

const trusted = (u: string) => {
  try {
    return TRUSTED.includes(new URL(u).origin);
  } catch {
    return false;
  }
};

async function outcomeOf<T>(p: Promise<T>): Promise<T | LaunchError> {
  try {
    return await p;
  } catch (err) {
    // Every failure is a LaunchError with a known code: no TypeError, SyntaxError or library error escapes.
    expect(err).toBeInstanceOf(LaunchError);
    expect(LAUNCH_ERROR_CODES.has((err as LaunchError).code)).toBe(true);
    return err as LaunchError;
  }
}

let responses = 0;
let documents = 0;
afterAll(() => {
  if (RUNS > 2000)
    console.log(`session fuzz: ${responses} token responses, ${documents} configuration documents`);
});

describe('fuzz: hostile token-endpoint responses through OidcLaunch and Session', () => {
  it(`${RUNS} token responses (L3 exchange or L4 callback, then refreshes): a usable session or a specific error`, async () => {
    const mode = fc.constantFrom('L3', 'L4');
    // A well-formed renewal with a short, long or huge lifetime, which the server may then repeat forever.
    const renewal = fc.constantFrom(1, 3, 5, 6, 60, 3600, 2_592_000, 1e9).map((expires_in) => ({
      status: 200,
      type: 'application/json',
      body: JSON.stringify({ access_token: 'AT2', token_type: 'Bearer', expires_in, refresh_token: 'RT2' }),
    }));
    const refreshes = fc.array(fc.oneof(renewal, tokenAnswer('unused')), { maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(mode, fc.infiniteStream(tokenAnswer('')), refreshes, async (m, firsts, later) => {
        requests = [];
        tokenCalls = 0;
        jest.setSystemTime(T0);
        const storage = new MemoryStorage();
        const oidc = new OidcLaunch({
          clientId: CLIENT,
          redirectUri: VIEWER,
          scope: m === 'L4' ? 'openid read write' : 'read write',
          config,
          stateStorage: storage,
        });
        let pending: Promise<unknown>;
        if (m === 'L4') {
          const auth = new URL(await oidc.authorizationUrl('hint', `${VIEWER}?StudyInstanceUIDs=${S1}`));
          const nonce = auth.searchParams.get('nonce')!;
          // The ID token is generated for this request's nonce (or a wrong one).
          const first = fc.sample(tokenAnswer(nonce), {
            numRuns: 1,
            seed: firsts.next().value.body.length,
          })[0]!;
          answers = [first, ...later];
          const state = auth.searchParams.get('state')!;
          const url = `${VIEWER}?${new URLSearchParams({ code: 'c', state, iss: ISSUER })}`;
          const cb: AuthorizationCallback = { style: 'callback', state, code: 'c', iss: ISSUER };
          pending = oidc.completeAuthorization(url, cb);
        } else {
          answers = [firsts.next().value, ...later];
          pending = oidc.exchangeUnsolicitedCode('c');
        }
        responses += 1;
        const grant = await outcomeOf(pending as ReturnType<OidcLaunch['exchangeUnsolicitedCode']>);
        for (const u of requests) expect(trusted(u)).toBe(true);
        expect(storage.length).toBe(0);
        if (grant instanceof LaunchError) return;

        // A grant is usable: a string token with a finite lifetime ahead, and only DICOM UIDs as study context.
        expect(typeof grant.token.accessToken).toBe('string');
        expect(grant.token.accessToken.length).toBeGreaterThan(0);
        expect(Number.isFinite(grant.token.expiresAt)).toBe(true);
        expect(grant.token.expiresAt).toBeGreaterThan(Date.now());
        for (const s of grant.studyUIDs ?? []) expect(isDicomUid(s)).toBe(true);
        if (grant.seriesUID) expect(isDicomUid(grant.seriesUID)).toBe(true);

        // The session schedules its refreshes sanely, whatever the refresh answers are.
        const timeout = jest.spyOn(globalThis, 'setTimeout');
        const session = new Session(grant.token, grant.refresher);
        const before = tokenCalls;
        const horizon = 30 * 60_000;
        await jest.advanceTimersByTimeAsync(horizon);
        for (const [, delay] of timeout.mock.calls) {
          expect(typeof delay).toBe('number');
          expect(Number.isFinite(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(MAX_TIMER);
        }
        // no refresh storm: at most one refresh a second (the shortest backoff), never while the first token is good
        expect(tokenCalls - before).toBeLessThanOrEqual(horizon / 1000 + 1);
        responses += tokenCalls - before;
        for (const u of requests) expect(trusted(u)).toBe(true);
        const snap = session.snapshot();
        expect(['active', 'refreshing', 'expired', 'error']).toContain(snap.status);
        expect(Number.isFinite(snap.expiresAt)).toBe(true);
        if (snap.status === 'error') {
          // a refused refresh token (invalid_grant: reused or revoked) ends renewal for good
          const calls = tokenCalls;
          await jest.advanceTimersByTimeAsync(horizon);
          expect(tokenCalls).toBe(calls);
        }
        jest.clearAllTimers();
        timeout.mockRestore();
      }),
      { numRuns: RUNS },
    );
  });

  it(`${RUNS} discovery / report-provider configuration documents: trusted endpoints or a specific error`, async () => {
    const url = fc.constantFrom<unknown>(
      ISSUER,
      `${ISSUER}/token`,
      `${ISSUER}/`,
      'http://127.0.0.1:8080/api',
      'https://evil.example/token',
      'https://kheops.example.evil.example/token',
      'https://kheops.example@evil.example/token',
      'https://evil.example@kheops.example/token',
      'http://kheops.example/token',
      'https://kheops.example:8443/token',
      'https://kheops.example./token',
      'http://localhost:8080/api',
      '//evil.example/token',
      '/token',
      'javascript:alert(1)',
      'data:application/json,{}',
      '',
      7,
      null,
      ['https://kheops.example/api'],
      { href: ISSUER },
    );
    const doc = fc.record(
      {
        issuer: fc.constantFrom<unknown>(ISSUER, ISSUER, `${ISSUER}/`, 'https://evil.example/api', null, 1),
        dicomweb_endpoint: url,
        token_endpoint: url,
        authorization_endpoint: url,
        revocation_endpoint: url,
        userinfo_endpoint: url,
        authorization_response_iss_parameter_supported: fc.constantFrom<unknown>(true, false, 'true', 1),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      {
        weight: 6,
        arbitrary: doc.map((d) => ({ status: 200, type: 'application/json', body: JSON.stringify(d) })),
      },
      tokenAnswer(undefined),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('openid', 'report'), body, async (kind, a) => {
        requests = [];
        answers = [];
        documents += 1;
        (globalThis.fetch as jest.Mock).mockImplementationOnce(async (input: string) => {
          requests.push(input);
          return new Response(a.body, {
            status: a.status,
            headers: a.type ? { 'Content-Type': a.type } : {},
          });
        });
        const got = await outcomeOf(
          kind === 'openid'
            ? loadOpenIdConfig(ISSUER, TRUSTED, fetchJson)
            : loadReportProviderConfig(
                `${ISSUER}/.well-known/report-provider-configuration`,
                TRUSTED,
                fetchJson,
              ),
        );
        expect(requests).toHaveLength(1);
        if (got instanceof LaunchError) return;
        expect(got.issuer).toBe(ISSUER);
        for (const k of [
          'dicomwebEndpoint',
          'tokenEndpoint',
          'authorizationEndpoint',
          'revocationEndpoint',
          'userinfoEndpoint',
        ] as const) {
          const v = got[k];
          if (v !== undefined) {
            expect(typeof v).toBe('string');
            expect(trusted(v)).toBe(true);
          }
        }
        expect(typeof got.issParameterSupported).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });
});
