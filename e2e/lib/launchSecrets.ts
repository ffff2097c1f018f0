import type { Page } from 'playwright-core';

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
