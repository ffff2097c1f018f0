import { startSandbox, type RunningSandbox } from '../../sandbox/src/testing/startSandbox';
import { BrowserSession } from './BrowserSession';
import { saveArtifacts } from './failureArtifacts';
import { ohifSelectors, ohifVersionOf, type OhifSelectors } from './ohifSelectors';

export interface BrowserSuite {
  readonly sandbox: RunningSandbox;
  readonly session: BrowserSession;
  /** The prebuilt OHIF version the sandbox serves (--ohif-version, else env OHIF_VERSION, else the default). */
  readonly ohifVersion: string;
  /** The e2e selectors for that version's markup. */
  readonly ohif: OhifSelectors;
  /** Milliseconds the sandbox took to become ready (seen from the test process). */
  readonly sandboxStartMs: number;
  /**
   * A jest test that saves screenshots and the request log when it fails or runs out of time
   * (and after every test with E2E_ARTIFACTS=always).
   */
  test(name: string, fn: () => Promise<void>, timeoutMs?: number): void;
}

export const E2E_TIMEOUT_MS = 120_000;
// Our own deadline fires before jest's, so a timed-out test still gets its screenshots.
const ARTIFACT_MARGIN_MS = 15_000;

/**
 * One sandbox and one browser for a describe block: started in beforeAll, stopped in afterAll.
 * Each test starts with the recorder cleared and only the main window open.
 */
export function useBrowserSuite(sandboxArgs: string[] = []): BrowserSuite {
  let sandbox: RunningSandbox | undefined;
  let session: BrowserSession | undefined;
  let sandboxStartMs = 0;
  const ohifVersion = ohifVersionOf(sandboxArgs);
  const ohif = ohifSelectors(ohifVersion);

  beforeAll(async () => {
    const t0 = Date.now();
    sandbox = await startSandbox(sandboxArgs, 90_000);
    sandboxStartMs = Date.now() - t0;
    session = await BrowserSession.launch();
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
    await sandbox?.stop();
  }, 30_000);

  const suite: BrowserSuite = {
    ohifVersion,
    ohif,
    get sandbox() {
      if (!sandbox) throw new Error('sandbox not started');
      return sandbox;
    },
    get session() {
      if (!session) throw new Error('browser not started');
      return session;
    },
    get sandboxStartMs() {
      return sandboxStartMs;
    },
    test(name, fn, timeoutMs = E2E_TIMEOUT_MS) {
      test(
        name,
        async () => {
          const s = suite.session;
          await s.closeExtraPages();
          s.recorder.clear();
          let timer: NodeJS.Timeout | undefined;
          const deadline = new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`test ran out of time (${timeoutMs} ms)`)),
              timeoutMs - ARTIFACT_MARGIN_MS,
            );
          });
          try {
            await Promise.race([fn(), deadline]);
            if (process.env.E2E_ARTIFACTS === 'always') await saveArtifacts(s, name);
          } catch (err) {
            const files = await saveArtifacts(s, name).catch(() => []);
            if (err instanceof Error && files.length) err.message += `\nartifacts:\n  ${files.join('\n  ')}`;
            throw err;
          } finally {
            clearTimeout(timer);
          }
        },
        timeoutMs,
      );
    },
  };
  return suite;
}
