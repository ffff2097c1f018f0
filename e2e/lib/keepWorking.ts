import type { Page } from 'playwright-core';

/**
 * Works like a radiologist who keeps scrolling, for `ms`: drops the image cache so frames are fetched again,
 * scrolls through the stack, and queries the study through OHIF's own data source.
 */
export async function keepWorking(page: Page, studyUID: string, ms: number): Promise<void> {
  const viewport = page.locator('[data-viewportid] canvas.cornerstone-canvas').first();
  await viewport.waitFor({ state: 'visible', timeout: 30_000 });
  // OHIF may replace the canvas right after showing it (a series just loaded): ask again until it stays.
  let box = await viewport.boundingBox();
  for (const until = Date.now() + 10_000; !box && Date.now() < until; box = await viewport.boundingBox())
    await page.waitForTimeout(200);
  if (!box) throw new Error('the viewport has no canvas to work in');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const end = Date.now() + ms;
  for (let step = 0; Date.now() < end; step++) {
    await page.evaluate(async (uid) => {
      const w = window as unknown as { cornerstone?: any; extensionManager?: any };
      w.cornerstone?.cache?.purgeCache?.();
      const [ds] = w.extensionManager.getActiveDataSource();
      await ds.query.studies.search({ studyInstanceUid: uid });
    }, studyUID);
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, step % 2 ? -120 : 120);
    await page.waitForTimeout(2_500);
  }
}
