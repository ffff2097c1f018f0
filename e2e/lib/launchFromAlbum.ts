import type { Page } from 'playwright-core';
import type { SeededStudy } from '../../sandbox/src/testing/startSandbox';
import type { BrowserSuite } from './browserSuite';

export type LaunchStyle = 'L1' | 'L2' | 'L3' | 'L4';

/** Opens the album page with the given launch style and waits for every thumbnail. */
export async function openAlbum(suite: BrowserSuite, style: LaunchStyle): Promise<Page> {
  const page = await suite.session.mainPage();
  await page.goto(`${suite.sandbox.root}/?launch=${style}`);
  await page.waitForSelector('body[data-thumbnails-loaded="true"]', { timeout: 30_000 });
  return page;
}

/** Clicks a series thumbnail; resolves with the viewer window and the click time. */
export async function clickSeries(
  suite: BrowserSuite,
  page: Page,
  study: SeededStudy,
  seriesUID: string,
): Promise<{ popup: Page; clickedAt: number }> {
  const tile = page.locator(
    `.series[data-study-instance-uid="${study.studyInstanceUID}"][data-series-instance-uid="${seriesUID}"]`,
  );
  const clickedAt = Date.now();
  const [popup] = await Promise.all([
    suite.session.context.waitForEvent('page', { timeout: 30_000 }),
    tile.click(),
  ]);
  return { popup, clickedAt };
}

/** Every secret value a launch carried in a URL the browser navigated to (code, tokens, login_hint, state). */
export function launchSecrets(navigationUrls: string[]): string[] {
  const names = ['code', 'access_token', 'login_hint', 'state', 'refresh_token', 'id_token'];
  const out = new Set<string>();
  for (const raw of navigationUrls) {
    const u = new URL(raw);
    for (const params of [u.searchParams, new URLSearchParams(u.hash.slice(1))]) {
      for (const n of names) params.getAll(n).forEach((v) => v && out.add(v));
      const link = /\/link\/([^/]+)\//.exec(params.get('url') ?? '');
      if (link?.[1]) out.add(link[1]);
    }
  }
  return [...out];
}

/** Everything the page keeps in web storage, as one string per entry. */
export async function webStorageDump(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const dump = (s: Storage) =>
      Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`);
    return [...dump(localStorage), ...dump(sessionStorage)];
  });
}
