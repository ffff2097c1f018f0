import type { Page } from 'playwright-core';
import type { BrowserSuite } from './browserSuite';

/** What a refused launch must look like to the user and on the wire (docs/security.md, "Attack cases"). */
export interface Refusal {
  code: string;
  text: string;
  backHref: string | null;
}

/** Parameters that carry a launch's secret or its target: none may stay in the address bar. */
export const LAUNCH_PARAMS = [
  'code',
  'state',
  'url',
  'iss',
  'login_hint',
  'conf_uri',
  'target_link_uri',
  'access_token',
  'return_uri',
  'error_description',
];

async function orthancInstances(orthanc: string): Promise<number> {
  const res = await fetch(`${orthanc}/statistics`);
  return ((await res.json()) as { CountInstances: number }).CountInstances;
}

/**
 * Opens `url` in the main window and checks the launch is refused with `code`: the error screen says so, and
 * `secret` (a value only the hostile URL carries) is nowhere afterwards — address bar, storage, console, any later
 * request's URL or headers (Referer included) — no request reached `forbiddenOrigins` or left loopback, and
 * KHEOPS stored nothing.
 */
export async function expectRefused(
  suite: BrowserSuite,
  url: string,
  code: string | RegExp,
  secret: string,
  forbiddenOrigins: string[],
): Promise<Refusal> {
  const page = await suite.session.mainPage();
  const consoleText: string[] = [];
  const onConsole = (m: { text(): string }) => consoleText.push(m.text());
  page.on('console', onConsole);
  page.on('pageerror', (e) => consoleText.push(String(e)));
  const storedBefore = await orthancInstances(suite.sandbox.orthanc);
  try {
    // From a blank page: a launch that differs from the current address only by its fragment would otherwise be a
    // same-document navigation that never runs the launch.
    await page.goto('about:blank');
    await page.goto(url, { waitUntil: 'commit' }); // an L4 sign-in page is stopped before its load event
    const refusal = await errorScreen(page);
    if (typeof code === 'string') expect(refusal.code).toBe(code);
    else expect(refusal.code).toMatch(code);
    expect(refusal.text).toMatch(/could not be opened/);
    // Rendered as text: no markup from the URL made it into the page.
    expect(await page.locator('#kheops-launch-error script, #kheops-launch-error img').count()).toBe(0);

    const shown = new URL(page.url());
    expect(shown.hash).toBe('');
    for (const p of LAUNCH_PARAMS) expect(shown.searchParams.has(p)).toBe(false);
    expect(page.url()).not.toContain(secret);
    // Give stray requests (a hostile fetch, a redirect) time to show up before looking.
    await page.waitForTimeout(500);

    const storage = await page.evaluate(() => {
      const dump = (s: Storage) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`);
      return [...dump(localStorage), ...dump(sessionStorage), document.cookie].join('\n');
    });
    expect(storage).not.toContain(secret);
    expect(consoleText.join('\n')).not.toContain(secret);

    const first = url;
    const later = suite.session.recorder.requests.filter((r) => r.url !== first);
    expect(later.length).toBeGreaterThan(0); // the viewer's own files at least: the loop below checks something
    for (const r of later) {
      expect(r.url).not.toContain(secret);
      expect(Object.values(r.headers).join('\n')).not.toContain(secret);
    }
    for (const origin of forbiddenOrigins) expect(suite.session.recorder.matching(origin)).toEqual([]);
    suite.session.recorder.assertAllLoopback();
    expect(await orthancInstances(suite.sandbox.orthanc)).toBe(storedBefore);
    return refusal;
  } finally {
    page.off('console', onConsole);
  }
}

export async function errorScreen(page: Page): Promise<Refusal> {
  const screen = page.locator('#kheops-launch-error');
  await screen.waitFor({ timeout: 30_000 });
  return {
    code: (await screen.getAttribute('data-code')) ?? '',
    text: (await screen.textContent()) ?? '',
    backHref: await screen
      .locator('a')
      .getAttribute('href', { timeout: 1_000 })
      .catch(() => null),
  };
}
