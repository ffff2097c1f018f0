import { errorScreen, expectRefused } from '../lib/attackChecks';
import { useBrowserSuite } from '../lib/browserSuite';
import { launchStudy } from '../lib/launchStudy';
import { sandboxPost } from '../lib/sandboxRequests';
import { startTrapServer } from '../lib/trapServer';

/**
 * Hostile launch URLs, end to end in Chromium (docs/security.md, "Attack cases"): each is refused with its own
 * clear error, and nothing secret stays anywhere or reaches anyone. The "trap" is a reachable attacker origin on
 * loopback that records every hit; the look-alikes that do not resolve are checked in the request log.
 */
describe('attack cases: hostile launch URLs are refused cleanly in the genuine OHIF', () => {
  const suite = useBrowserSuite(['--profile', 'ohif']);
  let trap: Awaited<ReturnType<typeof startTrapServer>>;
  beforeAll(async () => {
    trap = await startTrapServer();
  });
  afterAll(async () => trap.close());

  const enc = encodeURIComponent;
  const port = () => new URL(suite.sandbox.root).port;
  const trapHost = () => new URL(trap.origin).host;
  const study = () => suite.sandbox.studies[0]!.studyInstanceUID;
  const viewer = () => `${suite.sandbox.viewer}/kheops`;
  const reportConf = () => `${suite.sandbox.api}/.well-known/report-provider-configuration`;
  let n = 0;
  const secret = () => `S3cr3t${++n}x${Date.now().toString(36)}`;

  /** Origins that look like the trusted KHEOPS (http://127.0.0.1:{port}) and are not. */
  const lookAlikes: Array<[string, () => string, string]> = [
    ['a longer host (suffix)', () => `http://127.0.0.1.evil.example:${port()}`, 'insecure_origin'],
    ['userinfo "@" naming the trap', () => `http://127.0.0.1:${port()}@${trapHost()}`, 'malformed_url'],
    ['userinfo "@" before KHEOPS', () => `http://evil@127.0.0.1:${port()}`, 'malformed_url'],
    ['punycode', () => `https://xn--80ak6aa92e.com`, 'untrusted_origin'],
    ['another port (the trap)', () => trap.origin, 'untrusted_origin'],
    ['https instead of http (scheme differs)', () => `https://127.0.0.1:${port()}`, 'untrusted_origin'],
    ['localhost instead of 127.0.0.1 (same server)', () => `http://localhost:${port()}`, 'untrusted_origin'],
    ['127.0.0.2', () => `http://127.0.0.2:${port()}`, 'untrusted_origin'],
    ['[::1]', () => `http://[::1]:${port()}`, 'untrusted_origin'],
    ['trailing dot on localhost', () => `http://localhost.:${port()}`, 'insecure_origin'],
    ['backslashes (http:\\\\trap)', () => `http:\\\\${trapHost()}`, 'untrusted_origin'],
  ];

  for (const [what, origin, code] of lookAlikes) {
    suite.test(`L1 url on a look-alike origin: ${what} → ${code}`, async () => {
      const s = secret();
      const url = `${origin()}/api/link/${s}/ohifservermetadata`;
      await expectRefused(suite, `${viewer()}?url=${enc(url)}&studyInstanceUIDs=${study()}`, code, s, [
        trap.origin,
      ]);
      expect(trap.hits).toEqual([]);
    });
    suite.test(`L3 conf_uri on a look-alike origin: ${what} → ${code}`, async () => {
      const s = secret();
      const conf = `${origin()}/api/.well-known/report-provider-configuration`;
      await expectRefused(
        suite,
        `${viewer()}?code=${s}&conf_uri=${enc(conf)}&client_id=${suite.sandbox.clients.code}&studyUID=${study()}`,
        code,
        s,
        [trap.origin],
      );
      expect(trap.hits).toEqual([]);
    });
    suite.test(`L4 iss on a look-alike origin: ${what} → ${code}`, async () => {
      const s = secret();
      await expectRefused(
        suite,
        `${viewer()}?iss=${enc(`${origin()}/api`)}&login_hint=${s}&target_link_uri=${enc(viewer())}`,
        code,
        s,
        [trap.origin],
      );
      expect(trap.hits).toEqual([]);
    });
  }

  /** target_link_uri must be this viewer's launch route: anything else is an open redirect. */
  const targets: Array<[string, () => string]> = [
    ['on the trap origin', () => `${trap.origin}/kheops`],
    ['protocol-relative //trap', () => `//${trapHost()}/kheops`],
    ['/\\trap', () => `/\\${trapHost()}/kheops`],
    ['javascript:', () => `javascript:alert(document.domain)`],
    ['data:', () => `data:text/html,<script>alert(1)</script>`],
    ['encoded slashes after the viewer origin', () => `${suite.sandbox.viewer}%2F%2F${trapHost()}`],
    ['another route of the viewer', () => `${suite.sandbox.viewer}/viewer`],
    ['userinfo: viewer@trap', () => `${suite.sandbox.viewer}@${trapHost()}/kheops`],
  ];
  for (const [what, target] of targets) {
    suite.test(`L4 target_link_uri ${what} → bad_target_link_uri`, async () => {
      const s = secret();
      await expectRefused(
        suite,
        `${viewer()}?iss=${enc(suite.sandbox.api)}&login_hint=${s}&target_link_uri=${enc(target())}`,
        'bad_target_link_uri',
        s,
        [trap.origin],
      );
      expect(trap.hits).toEqual([]);
    });
  }

  const malformed: Array<[string, () => string, string | RegExp]> = [
    ['a token in the query of the URL', () => `?access_token=SECRET&studyUID=${study()}`, 'malformed_url'],
    [
      'an L1 link on another path of KHEOPS (/api/x/link/…)',
      () =>
        `?url=${enc(`${suite.sandbox.api}/x/link/SECRET/ohifservermetadata`)}&studyInstanceUIDs=${study()}`,
      'malformed_url',
    ],
    [
      'an L1 link climbing out with ..',
      () =>
        `?url=${enc(`${suite.sandbox.api}/link/SECRET/../../admin/ohifservermetadata`)}&studyInstanceUIDs=${study()}`,
      'malformed_url',
    ],
    [
      'an L1 url given twice',
      () => {
        const link = enc(`${suite.sandbox.api}/link/SECRET/ohifservermetadata`);
        return `?url=${link}&url=${link}&studyInstanceUIDs=${study()}`;
      },
      'duplicate_parameter',
    ],
    [
      'two clicked series',
      () =>
        `?url=${enc(`${suite.sandbox.api}/link/SECRET/ohifservermetadata`)}&studyInstanceUIDs=${study()}&initialSeriesInstanceUID=1.2&initialSeriesInstanceUID=1.3`,
      'duplicate_parameter',
    ],
    [
      'a 9 000-character study UID',
      () =>
        `?url=${enc(`${suite.sandbox.api}/link/SECRET/ohifservermetadata`)}&studyInstanceUIDs=${'1.2'.repeat(3000)}`,
      'bad_uid',
    ],
    [
      'a study UID with a NUL',
      () => `?url=${enc(`${suite.sandbox.api}/link/SECRET/ohifservermetadata`)}&studyInstanceUIDs=1.2%003`,
      'bad_uid',
    ],
    [
      'an L3 code for a client this viewer is not',
      () => `?code=SECRET&conf_uri=${enc(reportConf())}&client_id=evil-client&studyUID=${study()}`,
      'unknown_client',
    ],
    ['a callback whose state is duplicated', () => `?code=SECRET&state=a&state=b`, 'duplicate_parameter'],
    [
      'a forged callback (this window started no sign-in)',
      () => `?code=SECRET&state=forged&iss=${enc(suite.sandbox.api)}`,
      'state_mismatch',
    ],
    [
      'a forged error callback with markup in error_description',
      () =>
        `?error=access_denied&error_description=${enc('<img src=x onerror=alert(1)><script>alert(2)</script>SECRET')}&state=forged`,
      /^(state_mismatch|authorization_denied)$/,
    ],
  ];
  for (const [what, query, code] of malformed) {
    suite.test(`${what} → ${String(code)}`, async () => {
      const s = secret();
      await expectRefused(suite, `${viewer()}${query().replaceAll('SECRET', s)}`, code, s, [trap.origin]);
    });
  }

  suite.test('an untrusted return_uri never becomes the way back, and the launch is refused', async () => {
    const s = secret();
    const refusal = await expectRefused(
      suite,
      `${viewer()}#access_token=${s}&client_id=${suite.sandbox.clients.implicit}&conf_uri=${enc(reportConf())}&return_uri=${enc(`${trap.origin}/phish`)}&studyUID=${study()}`,
      'untrusted_origin',
      s,
      [trap.origin],
    );
    expect(refusal.backHref).toBeNull();
    expect(trap.hits).toEqual([]);
  });

  suite.test(
    'markup in DICOM text fields (patient name, descriptions, physician) is shown as text, never run',
    async () => {
      const hostile = (await sandboxPost(suite.sandbox.root, '/sandbox/hostile-study')) as {
        studyInstanceUID: string;
        seriesInstanceUID: string;
        text: Record<string, string>;
      };
      const study = {
        studyInstanceUID: hostile.studyInstanceUID,
        patientName: hostile.text.patientName!,
        patientId: 'SYN0666',
        description: hostile.text.studyDescription!,
        series: [
          {
            seriesInstanceUID: hostile.seriesInstanceUID,
            description: hostile.text.seriesDescription!,
            modality: 'CT',
            numInstances: 4,
          },
        ],
      };
      const { album, popup } = await launchStudy(suite, {
        style: 'L3',
        study,
        series: hostile.seriesInstanceUID,
      });
      await popup.waitForTimeout(1_000);
      for (const page of [album, popup]) {
        expect(
          await page.evaluate(() => (window as unknown as { __kheopsXss?: number }).__kheopsXss),
        ).toBeUndefined();
        expect(await page.locator('[onerror], [onload], [onmouseover]').count()).toBe(0);
      }
      // The viewer shows the uploader's text as it is, markup included.
      const shown = await popup.evaluate(() => document.body.innerText);
      expect(shown).toContain('CT HOSTILE');
      expect(shown).toContain('<script>');
      suite.session.recorder.assertAllLoopback();
    },
  );

  /** A token endpoint that answers like a broken or hostile server: the launch stops with a clear error. */
  const hostileTokenEndpoint: Array<[string, 'L3' | 'L4', string, string]> = [
    ['an HTML error page (HTTP 500)', 'L3', 'html-500', 'bad_token_response'],
    ['a body that is not JSON', 'L3', 'not-json', 'bad_token_response'],
    ['JSON with a number as access_token and a word as expires_in', 'L3', 'garbage', 'bad_token_response'],
    ['an ID token for another client (audience)', 'L4', 'wrong-aud', 'bad_token_response'],
  ];
  for (const [what, style, mode, code] of hostileTokenEndpoint) {
    suite.test(`${style}: the token endpoint answers ${what} → ${code}`, async () => {
      await sandboxPost(suite.sandbox.root, '/sandbox/token-endpoint/hostile', { mode, count: 1 });
      const stored = await fetch(`${suite.sandbox.orthanc}/statistics`).then((r) => r.json());
      const chest = suite.sandbox.studies.find((s) => s.series.length >= 3)!;
      const { popup } = await launchStudy(suite, { style, study: chest, until: 'popup' });
      const refusal = await errorScreen(popup);
      expect(refusal.code).toBe(code);
      expect(refusal.text).toMatch(/could not be opened/);
      const shown = new URL(popup.url());
      expect(shown.hash).toBe('');
      for (const p of ['code', 'state', 'iss']) expect(shown.searchParams.has(p)).toBe(false);
      const storage = await popup.evaluate(() =>
        [...Object.keys(localStorage), ...Object.keys(sessionStorage)].join('\n'),
      );
      expect(storage).not.toMatch(/kheops\.oidc|oidc\./); // no pending sign-in left behind
      const tokenCalls = suite.session.recorder.matching(`${suite.sandbox.api}/token`, 'POST');
      expect(tokenCalls).toHaveLength(1); // asked once, not retried in a loop
      expect(await fetch(`${suite.sandbox.orthanc}/statistics`).then((r) => r.json())).toEqual(stored);
      suite.session.recorder.assertAllLoopback();
    });
  }
});
