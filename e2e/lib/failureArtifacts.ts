import fs from 'node:fs';
import path from 'node:path';
import type { BrowserSession } from './BrowserSession';

export const ARTIFACTS_DIR = path.resolve(__dirname, '..', 'artifacts');

function slug(text: string): string {
  return text
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/**
 * Screenshots of every open page (whole page, and the first cornerstone viewport when there is one) plus the
 * redacted request log, into e2e/artifacts/. Returns the files written.
 */
export async function saveArtifacts(session: BrowserSession, name: string): Promise<string[]> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const base = path.join(ARTIFACTS_DIR, slug(name));
  const written: string[] = [];
  for (const [i, page] of session.pages().entries()) {
    if (page.isClosed()) continue;
    const pageFile = `${base}-page${i}.png`;
    await page.screenshot({ path: pageFile, timeout: 10_000 }).then(
      () => written.push(pageFile),
      () => undefined,
    );
    const viewport = page.locator('canvas.cornerstone-canvas').first();
    if ((await viewport.count().catch(() => 0)) > 0) {
      const viewportFile = `${base}-page${i}-viewport.png`;
      await viewport.screenshot({ path: viewportFile, timeout: 10_000 }).then(
        () => written.push(viewportFile),
        () => undefined,
      );
    }
  }
  const logFile = `${base}-requests.txt`;
  fs.writeFileSync(logFile, session.recorder.dump());
  written.push(logFile);
  return written;
}
