import type { Page } from 'playwright-core';
import { defaultOhif, type OhifSelectors } from './ohifSelectors';
import { waitUntil } from './waitUntil';

// Each helper takes the selectors of the OHIF version on the page (e2e/lib/ohifSelectors.ts); without them, those of
// the version the suite's sandbox serves by default (env OHIF_VERSION, else ohif-versions.json's default).

async function viewportBox(page: Page) {
  const box = await page.locator('[data-viewportid] canvas.cornerstone-canvas').first().boundingBox();
  if (!box) throw new Error('no viewport canvas');
  return box;
}

/** Draws a length with OHIF's Length tool (two clicks) and accepts measurement tracking when asked. */
export async function drawLength(
  page: Page,
  from: [number, number],
  to: [number, number],
  ohif: OhifSelectors = defaultOhif(),
): Promise<void> {
  const b = await viewportBox(page);
  await page.locator(ohif.lengthTool).click();
  await page.mouse.click(b.x + b.width * from[0], b.y + b.height * from[1]);
  await page.mouse.click(b.x + b.width * to[0], b.y + b.height * to[1]);
  // The first measurement of a series asks whether to track it; the answer must be given before saving.
  const track = page.locator(ohif.beginTrackingYes);
  if (
    await track.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    )
  )
    await track.click();
}

/** Draws an ellipse with OHIF's Ellipse tool (drag corner to corner). */
export async function drawEllipse(
  page: Page,
  from: [number, number],
  to: [number, number],
  ohif: OhifSelectors = defaultOhif(),
): Promise<void> {
  const b = await viewportBox(page);
  await page.locator(ohif.moreMeasurementTools).click();
  await page.locator(ohif.measurementTool('EllipticalROI')).click();
  await page.mouse.move(b.x + b.width * from[0], b.y + b.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width * to[0], b.y + b.height * to[1], { steps: 8 });
  await page.mouse.up();
}

/** Draws a closed freehand contour with OHIF's Freehand ROI tool: one drag around a circle, ending where it began. */
export async function drawFreehand(
  page: Page,
  center: [number, number],
  radius: number,
  ohif: OhifSelectors = defaultOhif(),
): Promise<void> {
  const b = await viewportBox(page);
  await page.locator(ohif.moreMeasurementTools).click();
  await page.locator(ohif.measurementTool('PlanarFreehandROI')).click();
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
export async function panelMeasurements(page: Page, ohif: OhifSelectors = defaultOhif()): Promise<string[]> {
  await openMeasurementsPanel(page, ohif);
  return page.locator(ohif.measurementValue).allTextContents();
}

async function openMeasurementsPanel(page: Page, ohif: OhifSelectors): Promise<void> {
  const panel = page.locator(ohif.measurementsPanel);
  if (!(await panel.isVisible().catch(() => false))) await page.locator(ohif.measurementsPanelButton).click();
}

/** How many measurements the measurements panel lists ("Measurements (N)"), values shown or not. */
export async function panelCount(page: Page, ohif: OhifSelectors = defaultOhif()): Promise<number> {
  await openMeasurementsPanel(page, ohif);
  const header = await page
    .locator(ohif.measurementsPanel)
    .getByText(/Measurements \(\d+\)/)
    .first()
    .textContent({ timeout: 5_000 })
    .catch(() => null);
  return Number(/\((\d+)\)/.exec(header ?? '')?.[1] ?? 0);
}

/** Clicks "Create SR" in the measurements panel and saves it under a name. */
export async function createSr(page: Page, name: string, ohif: OhifSelectors = defaultOhif()): Promise<void> {
  await openMeasurementsPanel(page, ohif);
  const input = page.locator(ohif.reportNameInput);
  for (let attempt = 0; attempt < 3 && !(await input.isVisible()); attempt++) {
    await page.getByRole('button', { name: ohif.createReportButton }).click();
    await input.waitFor({ timeout: 5_000 }).catch(() => undefined);
  }
  await nameReport(page, name, ohif);
}

/** Answers OHIF's "Create Report" dialog: names the report and saves it. */
export async function nameReport(
  page: Page,
  name: string,
  ohif: OhifSelectors = defaultOhif(),
): Promise<void> {
  await page.locator(ohif.reportNameInput).fill(name, { timeout: 10_000 });
  await page.locator(ohif.reportSaveButton).first().click();
}

/** A length and an ellipse on the image, the two measurements the save scenarios check in the stored SR. */
export async function drawLengthAndEllipse(
  page: Page,
  pauseBetweenMs = 0,
  ohif: OhifSelectors = defaultOhif(),
): Promise<void> {
  await drawLength(page, [0.35, 0.4], [0.65, 0.55], ohif);
  if (pauseBetweenMs > 0) await page.waitForTimeout(pauseBetweenMs);
  await drawEllipse(page, [0.45, 0.6], [0.6, 0.75], ohif);
  await waitUntil(
    async () => (await panelMeasurements(page, ohif)).length === 2,
    10_000,
    'two measurements in the panel',
  );
}
