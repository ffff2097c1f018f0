import type { Page } from 'playwright-core';
import { errorScreen } from '../lib/attackChecks';
import { useBrowserSuite } from '../lib/browserSuite';
import { launchStudy, type LaunchStyleId } from '../lib/launchStudy';
import { startTrapServer } from '../lib/trapServer';

describe('bad launches get a clear error screen and send nothing anywhere untrusted', () => {
  const suite = useBrowserSuite(['--profile', 'ohif']);
  let trap: Awaited<ReturnType<typeof startTrapServer>>;
  beforeAll(async () => {
    trap = await startTrapServer();
  });
  afterAll(async () => trap.close());

  const study = () => suite.sandbox.studies[0]!;
  const viewerUrl = (query: string) => `${suite.sandbox.viewer}/kheops?${query}`;
  const enc = encodeURIComponent;

  /** Opens the 3-series study from the album in a launch style; resolves once an image is on screen. */
  async function launchChest(style: LaunchStyleId): Promise<Page> {
    const s = suite.sandbox.studies.find((x) => x.series.length >= 3)!;
    const { popup } = await launchStudy(suite, { style, study: s, series: s.series[0]!.seriesInstanceUID });
    return popup;
  }

  const cases: Array<[string, () => string, string]> = [
    [
      'L1 link on an untrusted origin',
      () =>
        `url=${enc(`${trap.origin}/api/link/stolen/ohifservermetadata`)}&studyInstanceUIDs=${study().studyInstanceUID}`,
      'untrusted_origin',
    ],
    [
      'L3 conf_uri on an untrusted origin',
      () =>
        `code=abc&conf_uri=${enc(`${trap.origin}/conf`)}&client_id=${suite.sandbox.clients.code}&studyUID=${study().studyInstanceUID}`,
      'untrusted_origin',
    ],
    [
      'L4 issuer that is not a trusted KHEOPS',
      () => `iss=${enc(trap.origin)}&login_hint=h&target_link_uri=${enc(`${suite.sandbox.viewer}/kheops`)}`,
      'untrusted_origin',
    ],
    [
      'L4 target_link_uri on another origin (open redirect)',
      () => `iss=${enc(suite.sandbox.api)}&login_hint=h&target_link_uri=${enc(`${trap.origin}/kheops`)}`,
      'bad_target_link_uri',
    ],
    [
      'a malformed study UID',
      () =>
        `code=abc&conf_uri=${enc(`${suite.sandbox.api}/.well-known/report-provider-configuration`)}&client_id=${suite.sandbox.clients.code}&studyUID=1.2.3%3Cscript%3E`,
      'bad_uid',
    ],
    ['no launch at all', () => `StudyInstanceUIDs=${study().studyInstanceUID}`, 'no_session'],
  ];

  for (const [name, query, code] of cases) {
    suite.test(`${name} → "${code}" screen`, async () => {
      const page = await suite.session.mainPage();
      const before = trap.hits.length;
      await page.goto(viewerUrl(query()), { waitUntil: 'commit' }); // a stopped L4 page fires no load
      const screen = await errorScreen(page);
      expect(screen.code).toBe(code);
      expect(screen.text).toMatch(/could not be opened/);
      // An L4 sign-in page leaves for the authorization server without loading OHIF (the early hook stops the
      // page in app-config.js, before its body): its refusal is shown all the same.
      const ohifPage = await page.evaluate(() => document.getElementById('root') !== null);
      expect(ohifPage).toBe(!name.startsWith('L4'));
      const shown = new URL(page.url());
      for (const p of ['code', 'url', 'iss', 'login_hint', 'conf_uri', 'target_link_uri'])
        expect(shown.searchParams.has(p)).toBe(false);
      await page.waitForTimeout(1_000);
      expect(trap.hits.slice(before)).toEqual([]);
      expect(suite.session.recorder.matching(trap.origin)).toEqual([]);
    });
  }

  suite.test('a trusted return_uri becomes the way back on the error screen', async () => {
    const page = await suite.session.mainPage();
    const back = `${suite.sandbox.root}/albums/demo`;
    await page.goto(
      `${suite.sandbox.viewer}/kheops#access_token=x&client_id=${suite.sandbox.clients.implicit}&conf_uri=${enc(`${suite.sandbox.api}/.well-known/report-provider-configuration`)}&return_uri=${enc(back)}&studyUID=not-a-uid`,
    );
    const screen = await errorScreen(page);
    expect(screen.code).toBe('bad_uid');
    expect(screen.backHref).toBe(back);
    expect(new URL(page.url()).hash).toBe('');
  });

  suite.test(
    'a replayed L3 launch URL (from history or a log) is refused: the code is single-use',
    async () => {
      await launchChest('L3');
      const launchUrl = suite.session.recorder.navigations
        .map((n) => n.url)
        .find((u) => u.includes('code='))!;
      const replay = await suite.session.context.newPage();
      await replay.goto(launchUrl);
      const screen = await errorScreen(replay);
      expect(screen.code).toBe('authorization_denied');
      expect(screen.text).toMatch(/invalid_grant/);
    },
  );

  suite.test(
    'reloading a launched viewer says the session lives only in its window and offers the way back',
    async () => {
      const popup = await launchChest('L3');
      await popup.reload();
      const screen = await errorScreen(popup);
      expect(screen.code).toBe('no_session');
      expect(screen.backHref).toMatch(new RegExp(`^${suite.sandbox.root}/albums/`));
    },
  );

  suite.test(
    'an L1 link naming a study its token does not reach → "study_not_granted" screen, not an empty viewer',
    async () => {
      await launchChest('L1');
      const launchUrl = new URL(
        suite.session.recorder.navigations.map((n) => n.url).find((u) => u.includes('url='))!,
      );
      for (const key of [...launchUrl.searchParams.keys()])
        if (/^(studyInstanceUIDs|StudyInstanceUIDs|seriesInstanceUIDs|SeriesInstanceUIDs)$/.test(key))
          launchUrl.searchParams.delete(key);
      launchUrl.searchParams.set('StudyInstanceUIDs', '2.25.1234567890123456789');
      const page = await suite.session.context.newPage();
      await page.goto(launchUrl.href);
      const screen = await errorScreen(page);
      expect(screen.code).toBe('study_not_granted');
      expect(screen.text).toMatch(/does not give this launch access to the study/);
    },
  );
});
