import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { RequestRecorder } from './RequestRecorder';

const CHROMIUM = '/usr/bin/chromium';

// --host-resolver-rules: no hostname but loopback even resolves, so nothing can leave the machine.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/**
 * Memory (tmpfs) where the machine has it: a cold profile writes OHIF's whole cache, and on this machine's disk that
 * write stalls the browser by hundreds of milliseconds at random — noise in the benchmarks, time in the tests.
 */
function profileRoot(): string {
  const shm = '/dev/shm';
  try {
    fs.accessSync(shm, fs.constants.W_OK);
    return shm;
  } catch {
    return os.tmpdir();
  }
}

/** Debian's Chromium in a throw-away profile, with every request recorded and OHIF's tour switched off. */
export class BrowserSession {
  private constructor(
    readonly context: BrowserContext,
    readonly recorder: RequestRecorder,
    private readonly profileDir: string,
  ) {}

  static async launch(): Promise<BrowserSession> {
    // Playwright refuses --user-data-dir in args; a persistent context on a fresh dir is the supported way.
    const profileDir = fs.mkdtempSync(path.join(profileRoot(), 'kheops-e2e-chromium-'));
    try {
      const context = await chromium.launchPersistentContext(profileDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 1400, height: 900 },
      });
      // OHIF's onboarding tour covers the viewport and steps itself forward on wheel events.
      await context.addInitScript(() => {
        try {
          window.localStorage.setItem('shownTours', JSON.stringify(['basicViewerTour']));
        } catch {
          /* opaque origins have no localStorage */
        }
      });
      return new BrowserSession(context, new RequestRecorder(context), profileDir);
    } catch (err) {
      fs.rmSync(profileDir, { recursive: true, force: true });
      throw err;
    }
  }

  /** The first page of the persistent context (it always opens one). */
  async mainPage(): Promise<Page> {
    return this.context.pages()[0] ?? this.context.newPage();
  }

  pages(): Page[] {
    return this.context.pages();
  }

  /** Closes every page but the first, so the next test starts from one window. */
  async closeExtraPages(): Promise<void> {
    const [, ...extra] = this.context.pages();
    await Promise.all(extra.map((p) => p.close().catch(() => undefined)));
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    fs.rmSync(this.profileDir, { recursive: true, force: true });
  }
}
