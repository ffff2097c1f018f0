import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ORTHANC_BINARY, orthancConfig, storageDirOf } from './orthancConfig';
import { SUPERVISOR_SCRIPT } from './supervisor';

const READY_TIMEOUT_MS = 20_000;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Something else (another Orthanc) answers on the port this Orthanc was to listen on. */
export class PortTakenError extends Error {
  constructor(
    readonly port: number,
    detail: string,
  ) {
    super(`port ${port} is already taken (${detail})`);
  }
}

/** A private Orthanc (DICOMweb plugin) that lives exactly as long as this Node process. */
export class OrthancProcess {
  private child?: ChildProcess;
  private orthancPid?: number;
  private exited?: Promise<void>;
  /** Told apart from any other Orthanc that may answer on the same port. */
  readonly name = `KHEOPS-SANDBOX-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(readonly opts: { port: number; dataDir: string; fresh: boolean; log: (m: string) => void }) {}

  get url(): string {
    return `http://127.0.0.1:${this.opts.port}`;
  }

  get logFile(): string {
    return path.join(this.opts.dataDir, 'orthanc.log');
  }

  /** Orthanc's own PID (not the supervising shell's), once started. */
  get pid(): number | undefined {
    return this.orthancPid;
  }

  async start(): Promise<void> {
    const t0 = Date.now();
    const { dataDir, port, fresh } = this.opts;
    const storage = storageDirOf(dataDir);
    if (fresh) fs.rmSync(storage, { recursive: true, force: true });
    fs.mkdirSync(storage, { recursive: true });
    const configFile = path.join(dataDir, 'orthanc.json');
    fs.writeFileSync(configFile, JSON.stringify(orthancConfig(port, storage, this.name), null, 2));
    fs.writeFileSync(this.logFile, '');

    const child = spawn(
      '/bin/sh',
      ['-c', SUPERVISOR_SCRIPT, 'orthanc-supervisor', ORTHANC_BINARY, configFile, this.logFile],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stdout!.once('data', (d: Buffer) => {
      const pid = Number(d.toString().trim().split('\n')[0]);
      if (Number.isInteger(pid) && pid > 0) this.orthancPid = pid;
    });
    // Node must not keep itself alive for this pipe, and must not crash when the shell is gone.
    child.stdin!.on('error', () => undefined);

    let exitCode: number | null = null;
    child.once('exit', (code) => {
      exitCode = code ?? -1;
      this.orthancPid = undefined;
    });
    while (Date.now() - t0 < READY_TIMEOUT_MS) {
      if (exitCode !== null) {
        const tail = this.logTail();
        const inUse = /\] (The TCP port of the HTTP server is privileged or already in use.*)/.exec(tail);
        if (inUse) throw new PortTakenError(this.opts.port, `Orthanc exited: ${inUse[1]!.trim()}`);
        throw new Error(`Orthanc exited with code ${exitCode} while starting:\n${tail}`);
      }
      const ready = await this.ready().catch((err: unknown) => {
        this.kill();
        throw err;
      });
      if (ready) {
        this.opts.log(`Orthanc ready on ${this.url} in ${Date.now() - t0} ms (log: ${this.logFile})`);
        return;
      }
      await sleep(50);
    }
    this.kill();
    throw new Error(
      `Orthanc did not answer ${this.url}/dicom-web/studies within ${READY_TIMEOUT_MS / 1000} s:\n${this.logTail()}`,
    );
  }

  private async ready(): Promise<boolean> {
    let name: unknown;
    try {
      const system = await fetch(`${this.url}/system`, { signal: AbortSignal.timeout(1000) });
      name = ((await system.json()) as { Name?: unknown }).Name;
    } catch {
      return false;
    }
    if (name !== this.name)
      throw new PortTakenError(
        this.opts.port,
        `another server answers there: ${JSON.stringify(name ?? null)}`,
      );
    try {
      const res = await fetch(`${this.url}/dicom-web/studies`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return res.ok || res.status === 204;
    } catch {
      return false;
    }
  }

  logTail(lines = 30): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no Orthanc log)';
    }
  }

  /** Graceful stop: closing the pipe makes the supervisor SIGTERM Orthanc (SIGKILL after 5 s). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.stdin!.end();
    const timeout = sleep(8000).then(() => this.kill());
    await Promise.race([this.exited, timeout]);
  }

  /** Synchronous hard stop, safe inside process.on('exit'). */
  kill(): void {
    if (this.orthancPid) {
      try {
        process.kill(this.orthancPid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    try {
      this.child?.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
