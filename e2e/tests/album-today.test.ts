import { useBrowserSuite } from '../lib/browserSuite';

describe('KHEOPS UI album page (profile today)', () => {
  const suite = useBrowserSuite(['--profile', 'today']);

  suite.test('defaults to L2; L3 and L4 are shown disabled with the reason', async () => {
    const page = await suite.session.mainPage();
    await page.goto(`${suite.sandbox.root}/?launch=L4`);
    await page.waitForSelector('body[data-studies-loaded="true"]', { timeout: 30_000 });
    expect(await page.locator('input[name="launch"]:checked').getAttribute('value')).toBe('L2');
    for (const style of ['L3', 'L4']) {
      const option = page.locator(`#launch-style label:has(input[value="${style}"])`);
      expect(await option.locator('input').isDisabled()).toBe(true);
      expect(await option.locator('.reason').textContent()).toMatch(/KHEOPS today/);
    }
    expect(await page.locator('input[value="L1"]').isEnabled()).toBe(true);
    expect(await page.locator('input[value="L2"]').isEnabled()).toBe(true);
    suite.session.recorder.assertAllLoopback();
  });
});
