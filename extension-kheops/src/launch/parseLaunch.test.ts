import fc from 'fast-check';
import { cleanUrl } from './cleanUrl';
import { LaunchError, type LaunchErrorCode } from './LaunchError';
import { LaunchSettingsStore } from './LaunchSettings';
import { parseLaunch } from './parseLaunch';

const KHEOPS = 'https://kheops.example';
const VIEWER = 'https://viewer.example';
const S1 = '2.25.272177994137837267922425527171662294986';
const S2 = '1.2.840.113619.2.55.3.604688119.868.1234567890.123';
const SE = '2.25.1234567890';
const settings = new LaunchSettingsStore({
  trustedOrigins: [KHEOPS, 'http://127.0.0.1:8080'],
  clientIds: ['abcdefghijklmnopqrstuv'],
  viewerOrigin: VIEWER,
});
const conf = encodeURIComponent(`${KHEOPS}/api/.well-known/report-provider-configuration`);
const ret = encodeURIComponent(`${KHEOPS}/albums/A1`);
const link = (token: string, origin = KHEOPS) =>
  encodeURIComponent(`${origin}/api/link/${token}/ohifservermetadata`);
const parse = (suffix: string) => parseLaunch(`${VIEWER}/kheops${suffix}`, settings);

function refusal(suffix: string): LaunchError {
  try {
    parse(suffix);
  } catch (err) {
    if (err instanceof LaunchError) return err;
    throw err;
  }
  throw new Error(`accepted: ${suffix}`);
}

describe('parseLaunch', () => {
  describe('L1 — legacy link launch, exactly as KHEOPS sends it today', () => {
    it('reads the endpoint and token out of the link URL and the lowercase study/series parameters', () => {
      expect(parse(`?url=${link('tok.EN-_+=')}&studyInstanceUIDs=${S1}&seriesInstanceUIDs=${SE}`)).toEqual({
        style: 'L1',
        dicomwebEndpoint: `${KHEOPS}/api`,
        accessToken: 'tok.EN-_+=',
        studyUIDs: [S1],
        seriesUID: SE,
      });
    });
    it('accepts semicolon-separated studies as dicomwebproxy did', () => {
      expect(parse(`?url=${link('t')}&studyInstanceUIDs=${S1};${S2}`)).toMatchObject({ studyUIDs: [S1, S2] });
    });
    it.each([
      ['no prefix', '', `${KHEOPS}/api`],
      ['a one-segment prefix', '/kheops', `${KHEOPS}/kheops/api`],
      ['a plain multi-segment prefix', '/a-b/c_d.e~f', `${KHEOPS}/a-b/c_d.e~f/api`],
    ])('accepts the KHEOPS link route under its API root with %s', (_n, prefix, endpoint) => {
      for (const tail of ['', '/'])
        expect(
          parse(
            `?url=${encodeURIComponent(`${KHEOPS}${prefix}/api/link/t0k/ohifservermetadata${tail}`)}&studyInstanceUIDs=${S1}`,
          ),
        ).toMatchObject({ dicomwebEndpoint: endpoint, accessToken: 't0k' });
    });
    it('accepts loopback http for development', () => {
      expect(parse(`?url=${link('t', 'http://127.0.0.1:8080')}&studyInstanceUIDs=${S1}`)).toMatchObject({
        dicomwebEndpoint: 'http://127.0.0.1:8080/api',
      });
    });
  });

  describe('L2 — report provider, implicit', () => {
    it('reads the fragment', () => {
      const launch = parse(
        `#access_token=AT&token_type=bearer&expires_in=3600&scope=read%20write&client_id=abcdefghijklmnopqrstuv&conf_uri=${conf}&return_uri=${ret}&studyUID=${S1}&studyUID=${S2}`,
      );
      expect(launch).toEqual({
        style: 'L2',
        accessToken: 'AT',
        expiresIn: 3600,
        scope: 'read write',
        clientId: 'abcdefghijklmnopqrstuv',
        confUri: `${KHEOPS}/api/.well-known/report-provider-configuration`,
        returnUri: `${KHEOPS}/albums/A1`,
        studyUIDs: [S1, S2],
      });
    });
  });

  describe('L3 — report provider, code', () => {
    it('reads code, conf_uri, client_id, return_uri, repeated studyUID and seriesUID', () => {
      expect(
        parse(
          `?code=C0DE&conf_uri=${conf}&client_id=abcdefghijklmnopqrstuv&return_uri=${ret}&studyUID=${S2}&studyUID=${S1}&seriesUID=${SE}`,
        ),
      ).toEqual({
        style: 'L3',
        code: 'C0DE',
        clientId: 'abcdefghijklmnopqrstuv',
        confUri: `${KHEOPS}/api/.well-known/report-provider-configuration`,
        returnUri: `${KHEOPS}/albums/A1`,
        studyUIDs: [S2, S1],
        seriesUID: SE,
      });
    });
  });

  describe('L4 — third party initiated login', () => {
    it('keeps the validated target query', () => {
      const target = encodeURIComponent(
        `${VIEWER}/kheops?StudyInstanceUIDs=${S1}&initialSeriesInstanceUID=${SE}`,
      );
      expect(
        parse(`?iss=${encodeURIComponent(`${KHEOPS}/api`)}&login_hint=h4ndle&target_link_uri=${target}`),
      ).toEqual({
        style: 'L4',
        issuer: `${KHEOPS}/api`,
        loginHint: 'h4ndle',
        targetLinkUri: `${VIEWER}/kheops?StudyInstanceUIDs=${S1}&initialSeriesInstanceUID=${SE}`,
        studyUIDs: [S1],
        seriesUID: SE,
      });
    });
    it('recognises the authorization callback with its RFC 9207 iss', () => {
      expect(parse(`?code=c&state=s&iss=${encodeURIComponent(`${KHEOPS}/api`)}`)).toEqual({
        style: 'callback',
        code: 'c',
        state: 's',
        iss: `${KHEOPS}/api`,
        error: undefined,
        errorDescription: undefined,
      });
    });
    it('recognises an error callback', () => {
      expect(parse('?error=access_denied&error_description=expired&state=s')).toMatchObject({
        style: 'callback',
        error: 'access_denied',
      });
    });
  });

  it('treats a plain URL as no launch, keeping the study context', () => {
    expect(parse(`?StudyInstanceUIDs=${S1}&initialSeriesInstanceUID=${SE}`)).toEqual({
      style: 'none',
      studyUIDs: [S1],
      seriesUID: SE,
    });
    expect(parse('')).toEqual({ style: 'none', studyUIDs: [] });
  });

  const evilTarget = encodeURIComponent('https://evil.example/kheops?StudyInstanceUIDs=1.2');
  const iss = encodeURIComponent(`${KHEOPS}/api`);
  const rejections: Array<[string, string, LaunchErrorCode]> = [
    [
      'L1 url on an untrusted origin',
      `?url=${link('t', 'https://evil.example')}&studyInstanceUIDs=${S1}`,
      'untrusted_origin',
    ],
    [
      'L1 url over http on a public host',
      `?url=${link('t', 'http://kheops.example')}&studyInstanceUIDs=${S1}`,
      'insecure_origin',
    ],
    [
      'L1 url with credentials',
      `?url=${encodeURIComponent(`https://u:p@kheops.example/api/link/t/ohifservermetadata`)}&studyInstanceUIDs=${S1}`,
      'malformed_url',
    ],
    [
      'L1 url not a link URL',
      `?url=${encodeURIComponent(`${KHEOPS}/api/studies`)}&studyInstanceUIDs=${S1}`,
      'malformed_url',
    ],
    [
      'L1 url lookalike origin',
      `?url=${link('t', 'https://kheops.example.evil.example')}&studyInstanceUIDs=${S1}`,
      'untrusted_origin',
    ],
    ...(
      [
        ['a path other than /api', '/view/link/t/ohifservermetadata'],
        ['a base path ending elsewhere', '/admin/link/t/ohifservermetadata'],
        ['the link route nested deeper', '/api/x/link/t/ohifservermetadata'],
        ['a dot segment', '/kheops/../api/link/t/ohifservermetadata'],
        ['an encoded dot segment', '/kheops/%2e%2e/api/link/t/ohifservermetadata'],
        ['an encoded dot segment as the prefix', '/%2e%2e/api/link/t/ohifservermetadata'],
        ['a backslash', '/kheops\\api/link/t/ohifservermetadata'],
        ['an encoded slash', '/a%2Fb/api/link/t/ohifservermetadata'],
        ['an encoded backslash', '/a%5Cb/api/link/t/ohifservermetadata'],
        ['an empty segment (//)', '//api/link/t/ohifservermetadata'],
        ['an empty segment inside the prefix', '/a//b/api/link/t/ohifservermetadata'],
        ['a segment of dots only', '/.../api/link/t/ohifservermetadata'],
        ['a tab the URL parser would drop', '/ka\tpi/api/link/t/ohifservermetadata'],
      ] as const
    ).map(([what, path]): [string, string, LaunchErrorCode] => [
      `L1 url with ${what}`,
      `?url=${encodeURIComponent(`${KHEOPS}${path}`)}&studyInstanceUIDs=${S1}`,
      'malformed_url',
    ]),
    ['L1 without a study', `?url=${link('t')}`, 'missing_parameter'],
    ['L1 with a malformed study UID', `?url=${link('t')}&studyInstanceUIDs=1.2.abc`, 'bad_uid'],
    [
      'L1 with a UID over 64 characters',
      `?url=${link('t')}&studyInstanceUIDs=1.${'2'.repeat(70)}`,
      'bad_uid',
    ],
    [
      'L1 with two series',
      `?url=${link('t')}&studyInstanceUIDs=${S1}&seriesInstanceUIDs=1.2,1.3`,
      'duplicate_parameter',
    ],
    [
      'L1 url given twice',
      `?url=${link('t')}&url=${link('u')}&studyInstanceUIDs=${S1}`,
      'duplicate_parameter',
    ],
    [
      'L2 conf_uri untrusted',
      `#access_token=a&client_id=abcdefghijklmnopqrstuv&conf_uri=${encodeURIComponent('https://evil.example/c')}&studyUID=${S1}`,
      'untrusted_origin',
    ],
    [
      'L2 return_uri untrusted',
      `#access_token=a&client_id=abcdefghijklmnopqrstuv&conf_uri=${conf}&return_uri=${encodeURIComponent('https://evil.example/')}&studyUID=${S1}`,
      'untrusted_origin',
    ],
    [
      'L2 unknown client',
      `#access_token=a&client_id=someoneelse&conf_uri=${conf}&studyUID=${S1}`,
      'unknown_client',
    ],
    [
      'L2 non-bearer token',
      `#access_token=a&token_type=mac&client_id=abcdefghijklmnopqrstuv&conf_uri=${conf}&studyUID=${S1}`,
      'bad_token_response',
    ],
    [
      'L2 bad expires_in',
      `#access_token=a&expires_in=-5&client_id=abcdefghijklmnopqrstuv&conf_uri=${conf}&studyUID=${S1}`,
      'bad_token_response',
    ],
    [
      'L2 without study',
      `#access_token=a&client_id=abcdefghijklmnopqrstuv&conf_uri=${conf}`,
      'missing_parameter',
    ],
    ['token in the query', `?access_token=a&studyUID=${S1}`, 'malformed_url'],
    [
      'L3 conf_uri untrusted',
      `?code=c&client_id=abcdefghijklmnopqrstuv&conf_uri=${encodeURIComponent('https://evil.example/c')}&studyUID=${S1}`,
      'untrusted_origin',
    ],
    ['L3 without client_id', `?code=c&conf_uri=${conf}&studyUID=${S1}`, 'missing_parameter'],
    [
      'L3 two codes',
      `?code=c&code=d&client_id=abcdefghijklmnopqrstuv&conf_uri=${conf}&studyUID=${S1}`,
      'duplicate_parameter',
    ],
    [
      'L3 bad series',
      `?code=c&client_id=abcdefghijklmnopqrstuv&conf_uri=${conf}&studyUID=${S1}&seriesUID=x`,
      'bad_uid',
    ],
    ['code without conf_uri or state', `?code=c`, 'missing_parameter'],
    [
      'L4 untrusted iss',
      `?iss=${encodeURIComponent('https://evil.example/api')}&login_hint=h&target_link_uri=${encodeURIComponent(`${VIEWER}/kheops`)}`,
      'untrusted_origin',
    ],
    [
      'L4 http iss',
      `?iss=${encodeURIComponent('http://kheops.example/api')}&login_hint=h&target_link_uri=${encodeURIComponent(`${VIEWER}/kheops`)}`,
      'insecure_origin',
    ],
    [
      'L4 without login_hint',
      `?iss=${iss}&target_link_uri=${encodeURIComponent(`${VIEWER}/kheops`)}`,
      'missing_parameter',
    ],
    ['L4 without target', `?iss=${iss}&login_hint=h`, 'missing_parameter'],
    [
      'L4 cross-origin target',
      `?iss=${iss}&login_hint=h&target_link_uri=${evilTarget}`,
      'bad_target_link_uri',
    ],
    [
      'L4 protocol-relative target',
      `?iss=${iss}&login_hint=h&target_link_uri=${encodeURIComponent('//evil.example/kheops')}`,
      'bad_target_link_uri',
    ],
    [
      'L4 target on another route',
      `?iss=${iss}&login_hint=h&target_link_uri=${encodeURIComponent(`${VIEWER}/viewer`)}`,
      'bad_target_link_uri',
    ],
    [
      'L4 javascript: target',
      `?iss=${iss}&login_hint=h&target_link_uri=${encodeURIComponent('javascript:alert(1)')}`,
      'bad_target_link_uri',
    ],
    [
      'L4 target with a bad UID',
      `?iss=${iss}&login_hint=h&target_link_uri=${encodeURIComponent(`${VIEWER}/kheops?StudyInstanceUIDs=<script>`)}`,
      'bad_uid',
    ],
    ['callback with code and error', `?code=c&error=e&state=s`, 'malformed_url'],
    // Found by `npm run fuzz` (100 000 runs): an empty code and no state were read as an L4 sign-in request.
    [
      'L4 request carrying an empty code',
      `?iss=${iss}&code=&login_hint=h&target_link_uri=${encodeURIComponent(`${VIEWER}/kheops`)}`,
      'malformed_url',
    ],
    [
      'L4 request carrying a state',
      `?iss=${iss}&state=s&login_hint=h&target_link_uri=${encodeURIComponent(`${VIEWER}/kheops`)}`,
      'malformed_url',
    ],
    [
      'L4 request carrying an error',
      `?iss=${iss}&error=x&login_hint=h&target_link_uri=${encodeURIComponent(`${VIEWER}/kheops`)}`,
      'malformed_url',
    ],
    ['callback with an empty state', `?code=c&state=`, 'missing_parameter'],
    ['plain URL with a bad study UID', `?StudyInstanceUIDs=1.2.3x`, 'bad_uid'],
  ];
  it.each(rejections)('refuses %s', (_name, suffix, code) => {
    const err = refusal(suffix);
    expect(err.code).toBe(code);
    expect(err.message.length).toBeGreaterThan(20);
  });

  it('offers the trusted return_uri on a refusal that happens after it was read', () => {
    const err = refusal(
      `?code=c&client_id=abcdefghijklmnopqrstuv&conf_uri=${conf}&return_uri=${ret}&studyUID=bad`,
    );
    expect(err.code).toBe('bad_uid');
    expect(err.returnUri).toBe(`${KHEOPS}/albums/A1`);
  });

  it('never echoes a secret in an error message', () => {
    const err = refusal(`?url=${link('SECRETTOKEN', 'https://evil.example')}&studyInstanceUIDs=${S1}`);
    expect(err.message).not.toContain('SECRETTOKEN');
  });

  it('fuzz: any URL yields a launch or a LaunchError, never another exception', () => {
    const keys = [
      'url',
      'code',
      'state',
      'iss',
      'login_hint',
      'target_link_uri',
      'conf_uri',
      'client_id',
      'return_uri',
      'studyUID',
      'seriesUID',
      'studyInstanceUIDs',
      'StudyInstanceUIDs',
      'error',
      'access_token',
    ];
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom(
        S1,
        SE,
        `${KHEOPS}/api`,
        `${VIEWER}/kheops?StudyInstanceUIDs=${S1}`,
        decodeURIComponent(link('t')),
      ),
    );
    const pair = fc.tuple(fc.constantFrom(...keys), value);
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 8 }), fc.array(pair, { maxLength: 4 }), (query, fragment) => {
        const q = new URLSearchParams(query).toString();
        const f = new URLSearchParams(fragment).toString();
        try {
          const launch = parseLaunch(`${VIEWER}/kheops?${q}#${f}`, settings);
          expect(typeof launch.style).toBe('string');
        } catch (err) {
          expect(err).toBeInstanceOf(LaunchError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('cleanUrl', () => {
  it('keeps only the study context OHIF reads', () => {
    expect(cleanUrl('/kheops', { studyUIDs: [S1, S2], seriesUID: SE })).toBe(
      `/kheops?StudyInstanceUIDs=${S1},${S2}&initialSeriesInstanceUID=${SE}`,
    );
    expect(cleanUrl('/kheops', { studyUIDs: [] })).toBe('/kheops');
  });
});
