import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { SeededStudy } from '../data/seed';

export type { SeededSeries, SeededStudy } from '../data/seed';

export interface SandboxInfo {
  root: string;
  api: string;
  viewer: string;
  baseline: string;
  orthanc: string;
  profile: 'today' | 'ohif';
  clients: { implicit?: string; code?: string; thirdParty?: string };
  studies: SeededStudy[];
  startupMs: number;
  /** With --external-op: the external OpenID provider's issuer and how long it took to start. */
  externalIssuer?: string;
  externalOpMs?: number;
}
export interface RunningSandbox extends SandboxInfo {
  stop(): Promise<void>;
  /** Everything the sandbox printed on stderr so far. */
  output(): string;
  /** The sandbox process (Orthanc runs as its child). */
  pid: number | undefined;
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Start the real sandbox (Orthanc included) on free ports in a fresh data dir, with test routes on.
 * Resolves once it printed its ready line.
 */
export async function startSandbox(args: string[] = [], timeoutMs = 60_000): Promise<RunningSandbox> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kheops-sandbox-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(repoRoot, 'sandbox', 'src', 'main.ts'),
      '--port',
      '0',
      '--viewer-port',
      '0',
      '--baseline-port',
      '0',
      '--data-dir',
      dataDir,
      '--test-routes',
      ...args,
    ],
    { cwd: repoRoot, env: { ...process.env, SANDBOX_INFO_JSON: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const info = await new Promise<SandboxInfo>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`sandbox did not start in ${timeoutMs} ms:\n${stderr}`)),
      timeoutMs,
    );
    let parsed: SandboxInfo | undefined;
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('SANDBOX_INFO ')) parsed = JSON.parse(line.slice('SANDBOX_INFO '.length));
      if (line.startsWith('KHEOPS sandbox ready: ') && parsed) {
        clearTimeout(timer);
        resolve(parsed);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited with ${code} before it was ready:\n${stderr}`));
    });
  });
  return {
    ...info,
    pid: child.pid,
    output: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          fs.rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
