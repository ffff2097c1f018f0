import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { OrthancProcess } from '../src/orthanc/OrthancProcess';
import { seedIfEmpty } from '../src/data/seed';
import { definedStudies } from '../src/data/definedStudies';

const repoRoot = path.resolve(__dirname, '..', '..');
// `node --import tsx` runs the script in this very process. The tsx CLI would run it in a child process that
// survives a SIGKILL of the CLI, so the kill would never reach the process that owns Orthanc.
const tsxInProcess = ['--import', 'tsx'];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return false;
  }
};
async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100)))
    if (!alive(pid)) return true;
  return false;
}
/** PIDs of Orthanc processes whose command line names this data dir. */
function orthancPidsFor(dataDir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
        return cmd.startsWith('/usr/sbin/Orthanc') && cmd.includes(dataDir);
      } catch {
        return false;
      }
    })
    .map(Number)
    .filter(alive);
}
function firstLine(child: ChildProcess, prefix: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${prefix}" line in ${ms} ms`)), ms);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(prefix)) {
        clearTimeout(timer);
        resolve(line.slice(prefix.length));
      }
    });
  });
}

const tmpDirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'orthanc-test-'));
  tmpDirs.push(d);
  return d;
};
afterAll(() => tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('OrthancProcess', () => {
  it('writes its own loopback-only config, logs to dataDir/orthanc.log, answers DICOMweb, and stops', async () => {
    const dataDir = tmp();
    const port = await freePort();
    const orthanc = new OrthancProcess({ port, dataDir, fresh: true, log: () => undefined });
    const t0 = Date.now();
    await orthanc.start();
    const startMs = Date.now() - t0;
    try {
      const config = JSON.parse(fs.readFileSync(path.join(dataDir, 'orthanc.json'), 'utf8'));
      expect(config).toMatchObject({
        HttpPort: port,
        RemoteAccessAllowed: false,
        DicomServerEnabled: false,
        AuthenticationEnabled: false,
        HttpCompressionEnabled: false,
        OrthancExplorerEnabled: false,
        WebDavEnabled: false,
        DicomWeb: { Enable: true, StudiesMetadata: 'Full', SeriesMetadata: 'Full' },
      });
      expect(config.StorageDirectory.startsWith(dataDir)).toBe(true);
      expect((await fetch(`http://127.0.0.1:${port}/dicom-web/studies`)).status).toBe(200);
      expect(fs.readFileSync(path.join(dataDir, 'orthanc.log'), 'utf8')).toMatch(/dicom-web/i);
      expect(startMs).toBeLessThan(10_000);
    } finally {
      await orthanc.stop();
    }
    expect(alive(orthanc.pid ?? -1)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/dicom-web/studies`)).rejects.toThrow();
  }, 30_000);

  it('keeps stored studies across restarts unless fresh, and seeds the synthetic studies', async () => {
    const dataDir = tmp();
    const port = await freePort();
    const run = async (fresh: boolean) => {
      const o = new OrthancProcess({ port, dataDir, fresh, log: () => undefined });
      await o.start();
      try {
        const res = await fetch(`${o.url}/dicom-web/studies`);
        const before = res.status === 204 ? 0 : ((await res.json()) as unknown[]).length;
        const seeded = await seedIfEmpty(o.url, { log: () => undefined });
        return { before, seeded };
      } finally {
        await o.stop();
      }
    };
    const firstRun = await run(true);
    expect(firstRun.before).toBe(0);
    expect(firstRun.seeded.studies.map((s) => s.series.length)).toEqual([3, 1, 10, 2]);
    expect(firstRun.seeded.studies[0]!.series.map((s) => s.numInstances)).toEqual([20, 1, 10]);
    // What an inject() sandbox places in its albums without Orthanc is exactly what seeding stores.
    expect(definedStudies()).toEqual(firstRun.seeded.studies);
    expect((await run(false)).before).toBe(4);
    expect((await run(true)).before).toBe(0);
  }, 60_000);

  it("fails fast, naming the taken port and Orthanc's reason, when Orthanc cannot bind", async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((r) =>
      blocker.listen(0, () => r((blocker.address() as net.AddressInfo).port)),
    );
    try {
      const o = new OrthancProcess({ port, dataDir: tmp(), fresh: true, log: () => undefined });
      const t0 = Date.now();
      await expect(o.start()).rejects.toThrow(
        new RegExp(`port ${port} is already taken .*Orthanc exited: .*already in use`),
      );
      expect(Date.now() - t0).toBeLessThan(15_000);
    } finally {
      blocker.close();
    }
  }, 30_000);

  it('tells its own Orthanc from another one already answering on the port', async () => {
    const port = await freePort();
    const firstDir = tmp();
    const first = new OrthancProcess({ port, dataDir: firstDir, fresh: true, log: () => undefined });
    await first.start();
    try {
      // The PID lookup finds a running Orthanc, so the empty list below is a real "not running".
      expect(orthancPidsFor(firstDir)).toHaveLength(1);
      const secondDir = tmp();
      const second = new OrthancProcess({ port, dataDir: secondDir, fresh: true, log: () => undefined });
      await expect(second.start()).rejects.toThrow(new RegExp(`port ${port} is already taken`));
      for (const end = Date.now() + 5_000; orthancPidsFor(secondDir).length && Date.now() < end;)
        await new Promise((r) => setTimeout(r, 100));
      expect(orthancPidsFor(secondDir)).toEqual([]); // the one that lost the port is not left running
      expect((await fetch(`${first.url}/system`).then((r) => r.json())).Name).toBe(first.name);
    } finally {
      await first.stop();
    }
  }, 60_000);

  it('leaves no Orthanc behind when the Node process that owns it is SIGKILLed', async () => {
    const dataDir = tmp();
    const child = spawn(
      process.execPath,
      [
        ...tsxInProcess,
        path.join(__dirname, 'fixtures', 'holdOrthanc.ts'),
        String(await freePort()),
        dataDir,
      ],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const { pid } = JSON.parse(await firstLine(child, '', 30_000)) as { pid: number };
    expect(alive(pid)).toBe(true);
    child.kill('SIGKILL');
    expect(await waitGone(pid, 10_000)).toBe(true);
  }, 45_000);
});

describe('the sandbox process', () => {
  it('leaves no Orthanc behind when it is SIGKILLed', async () => {
    const dataDir = tmp();
    const child = spawn(
      process.execPath,
      [
        ...tsxInProcess,
        path.join(repoRoot, 'sandbox', 'src', 'main.ts'),
        '--port',
        '0',
        '--viewer-port',
        '0',
        '--baseline-port',
        '0',
        '--data-dir',
        dataDir,
        '--quiet',
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, SANDBOX_INFO_JSON: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await firstLine(child, 'KHEOPS sandbox ready: ', 60_000);
    const pids = orthancPidsFor(dataDir);
    expect(pids).toHaveLength(1);
    child.kill('SIGKILL');
    expect(await waitGone(pids[0]!, 10_000)).toBe(true);
    expect(orthancPidsFor(dataDir)).toEqual([]);
  }, 90_000);
});
