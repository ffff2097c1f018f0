import type { Page } from 'playwright-core';
import { waitUntil } from './waitUntil';

async function viewportBox(page: Page) {
  const box = await page.locator('[data-viewportid] canvas.cornerstone-canvas').first().boundingBox();
  if (!box) throw new Error('no viewport canvas');
  return box;
}

/** Draws a length with OHIF's Length tool (two clicks) and accepts measurement tracking when asked. */
export async function drawLength(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const b = await viewportBox(page);
  await page.locator('[data-cy="MeasurementTools-split-button-primary"]').click();
  await page.mouse.click(b.x + b.width * from[0], b.y + b.height * from[1]);
  await page.mouse.click(b.x + b.width * to[0], b.y + b.height * to[1]);
  // The first measurement of a series asks whether to track it; the answer must be given before saving.
  const track = page.locator('[data-cy="prompt-begin-tracking-yes-btn"]');
  if (
    await track.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    )
  )
    await track.click();
}

/** Draws an ellipse with OHIF's Ellipse tool (drag corner to corner). */
export async function drawEllipse(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const b = await viewportBox(page);
  await page.locator('[data-cy="MeasurementTools-split-button-secondary"]').click();
  await page.locator('[data-cy="EllipticalROI"]').click();
  await page.mouse.move(b.x + b.width * from[0], b.y + b.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width * to[0], b.y + b.height * to[1], { steps: 8 });
  await page.mouse.up();
}

/** Draws a closed freehand contour with OHIF's Freehand ROI tool: one drag around a circle, ending where it began. */
export async function drawFreehand(page: Page, center: [number, number], radius: number): Promise<void> {
  const b = await viewportBox(page);
  await page.locator('[data-cy="MeasurementTools-split-button-secondary"]').click();
  await page.locator('[data-cy="PlanarFreehandROI"]').click();
  const at = (turn: number): [number, number] => [
    b.x + b.width * (center[0] + radius * Math.cos(turn * 2 * Math.PI)),
    b.y + b.height * (center[1] + radius * Math.sin(turn * 2 * Math.PI)),
  ];
  await page.mouse.move(...at(0));
  await page.mouse.down();
  for (let i = 1; i <= 40; i++) await page.mouse.move(...at(i / 40));
  await page.mouse.up();
}

/** Measurement values as the tracked-measurements panel shows them. */
export async function panelMeasurements(page: Page): Promise<string[]> {
  const panel = page.locator('[data-cy="trackedMeasurements-panel"]');
  if (!(await panel.isVisible().catch(() => false)))
    await page.locator('[data-cy="trackedMeasurements-btn"]').click();
  return page.locator('[data-cy="data-row-details-primary"]').allTextContents();
}

/** How many measurements the measurements panel lists ("Measurements (N)"), values shown or not. */
export async function panelCount(page: Page): Promise<number> {
  await panelMeasurements(page); // opens the panel if needed
  const header = await page
    .locator('[data-cy="trackedMeasurements-panel"]')
    .getByText(/Measurements \(\d+\)/)
    .first()
    .textContent({ timeout: 5_000 })
    .catch(() => null);
  return Number(/\((\d+)\)/.exec(header ?? '')?.[1] ?? 0);
}

/** Clicks "Create SR" in the measurements panel and saves it under a name. */
export async function createSr(page: Page, name: string): Promise<void> {
  const panel = page.locator('[data-cy="trackedMeasurements-panel"]');
  if (!(await panel.isVisible().catch(() => false)))
    await page.locator('[data-cy="trackedMeasurements-btn"]').click();
  const input = page.locator('[data-cy="dialog-input"]');
  for (let attempt = 0; attempt < 3 && !(await input.isVisible()); attempt++) {
    await page.getByRole('button', { name: /Create SR/ }).click();
    await input.waitFor({ timeout: 5_000 }).catch(() => undefined);
  }
  await nameReport(page, name);
}

/** Answers OHIF's "Create Report" dialog: names the report and saves it. */
export async function nameReport(page: Page, name: string): Promise<void> {
  const input = page.locator('[data-cy="dialog-input"]');
  await input.fill(name, { timeout: 10_000 });
  await page
    .locator('[data-cy="input-dialog-save-button"] button, [data-cy="input-dialog-save-button"]')
    .first()
    .click();
}

/** A length and an ellipse on the image, the two measurements the save scenarios check in the stored SR. */
export async function drawLengthAndEllipse(page: Page, pauseBetweenMs = 0): Promise<void> {
  await drawLength(page, [0.35, 0.4], [0.65, 0.55]);
  if (pauseBetweenMs > 0) await page.waitForTimeout(pauseBetweenMs);
  await drawEllipse(page, [0.45, 0.6], [0.6, 0.75]);
  await waitUntil(
    async () => (await panelMeasurements(page)).length === 2,
    10_000,
    'two measurements in the panel',
  );
}
