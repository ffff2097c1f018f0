// Frame-request latency of a KHEOPS viewer session while its token is renewed every 2 s, against the same session
// with one-hour tokens, in the same run (bench/phases.ts). Each phase has its own sandbox, started once; each
// sample is a fresh Chromium, an L3 launch (refresh token) to the first image, then `--concurrency` loops fetching
// the clicked series' frames through the page's window.fetch (bench/frameLoad.ts) for --warmup, then for the
// measured part: --seconds per phase, split over --rounds (the phases alternate).
// Counted per phase: token refreshes (the browser's POSTs to /api/token), failed frame requests, and DICOMweb
// requests that reached KHEOPS with an expired, invalid or no token or were answered 401 (its request log).
// Usage: npm run bench:refresh -- [--rtt MS] [--seconds S (50)] [--warmup S (5)] [--rounds N (2)] [--concurrency N (4)]
//                                 [--phases steady,refreshing,at-expiry]
// Results: bench/results/refresh-rtt<MS>-<time>.json and .md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BrowserSession } from '../e2e/lib/BrowserSession';
import { launchStudy } from '../e2e/lib/launchStudy';
import { clearSandboxRequests, sandboxRequests } from '../e2e/lib/sandboxRequests';
import { ohifVersionFromEnv } from '../sandbox/src/ohifVersions';
import { startSandbox, type RunningSandbox } from '../sandbox/src/testing/startSandbox';
import { frameLoadCount, startFrameLoad, stopFrameLoad, type FrameSample } from './frameLoad';
import { PHASE_IDS, PHASES, sessionInitScript, type Phase, type PhaseId } from './phases';
import { reportMarkdown, summarizePhase, withRatios, type PhaseRun, type Refresh } from './refreshReport';

interface Options {
  rtt: number;
  seconds: number;
  warmup: number;
  rounds: number;
  concurrency: number;
  phases: Phase[];
}

function options(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      rtt: { type: 'string' },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      concurrency: { type: 'string' },
      phases: { type: 'string' },
    },
  });
  const ids = (values.phases ?? PHASE_IDS.join(',')).split(',') as PhaseId[];
  const unknown = ids.filter((id) => !PHASES[id]);
  if (unknown.length) throw new Error(`unknown phase(s) ${unknown.join(',')}; known: ${PHASE_IDS.join(',')}`);
  return {
    rtt: Number(values.rtt ?? 0),
    // Measured per phase, split over the rounds. 2-s renewals: 50 s hold 25 or so.
    seconds: Number(values.seconds ?? 50),
    // OHIF is still loading the rest of the stack right after the first image.
    warmup: Number(values.warmup ?? 5),
    // Phases alternate: on a shared machine a slow minute then lands in each of them.
    rounds: Number(values.rounds ?? 2),
    concurrency: Number(values.concurrency ?? 4),
    phases: ids.map((id) => PHASES[id]),
  };
}

async function sample(phase: Phase, sb: RunningSandbox, o: Options): Promise<PhaseRun> {
  const session = await BrowserSession.launch();
  // tsx compiles this file with esbuild's keepNames: page functions then reference a __name helper.
  await session.context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
  if (phase.session) await session.context.addInitScript(sessionInitScript(sb.viewer, phase.session));
  try {
    await clearSandboxRequests(sb.root);
    const study = sb.studies.find((s) => s.series.length >= 3)!;
    const series = study.series.reduce((a, b) => (b.numInstances > a.numInstances ? b : a));
    const rig = { session, sandbox: sb };
    const { popup } = await launchStudy(rig, {
      style: 'L3',
      study,
      series: series.seriesInstanceUID,
    });
    const loadStart = Date.now();
    const instances = await startFrameLoad(popup, {
      api: sb.api,
      study: study.studyInstanceUID,
      series: series.seriesInstanceUID,
      concurrency: o.concurrency,
    });
    const end = loadStart + (o.warmup + o.seconds / o.rounds) * 1000;
    while (Date.now() < end) {
      await popup.waitForTimeout(Math.min(10_000, end - Date.now()));
      console.error(`  ${phase.id}: ${await frameLoadCount(popup)} frame requests`);
    }
    const samples: FrameSample[] = await stopFrameLoad(popup);
    const from = loadStart + o.warmup * 1000;
    const refreshes: Refresh[] = session.recorder
      .matching(`${sb.api}/token`, 'POST')
      .filter((r) => new URLSearchParams(r.postData ?? '').get('grant_type') === 'refresh_token')
      .map((r) => ({ at: r.at, answeredAt: r.answeredAt ?? r.at, status: r.status }));
    const log = (await sandboxRequests(sb.root)).filter(
      (e) => /^\/api\/(studies|wado)/.test(e.path) && e.origin === sb.viewer,
    );
    return {
      from,
      to: end,
      instances,
      samples: samples.filter((s) => s.at >= from),
      refreshes,
      dicomwebRequests: log.length,
      staleToken: log.filter(
        (e) => !e.tokenPresent || !e.tokenValid || !e.tokenUnexpired || e.status === 401,
      ),
    };
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const o = options();
  const started = Date.now();
  const ohifVersion = ohifVersionFromEnv(); // env OHIF_VERSION picks another prebuilt OHIF
  const sandboxes = new Map<PhaseId, RunningSandbox>();
  const runs = new Map<PhaseId, PhaseRun[]>(o.phases.map((p) => [p.id, []]));
  try {
    for (const p of o.phases) {
      const args = ['--profile', 'ohif', '--ohif-version', ohifVersion, '--rtt', String(o.rtt)];
      sandboxes.set(
        p.id,
        await startSandbox([...args, '--token-ttl', String(p.tokenTtlS), '--quiet'], 90_000),
      );
    }
    for (let r = 0; r < o.rounds; r++) {
      const shift = r % o.phases.length;
      for (const p of [...o.phases.slice(shift), ...o.phases.slice(0, shift)]) {
        console.error(`round ${r + 1}/${o.rounds} ${p.id} (--token-ttl ${p.tokenTtlS})`);
        runs.get(p.id)!.push(await sample(p, sandboxes.get(p.id)!, o));
      }
    }
  } finally {
    await Promise.all([...sandboxes.values()].map((sb) => sb.stop()));
  }
  const rows = withRatios(o.phases.map((p) => summarizePhase(p, runs.get(p.id)!)));
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`;
  const runSeconds = Math.round((Date.now() - started) / 1000);
  const md = reportMarkdown(rows, { ...o, ohifVersion, machine, runSeconds });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = path.join(__dirname, 'results', `refresh-rtt${o.rtt}-${stamp}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const settings = { ...o, phases: o.phases };
  const raw = Object.fromEntries(
    [...runs].map(([id, rs]) => [
      id,
      rs.map((run) => ({
        ...run,
        // [ms since the measured window began, latency ms, status]: compact, a phase has thousands.
        samples: run.samples.map((s) => [Math.round(s.at - run.from), Number(s.ms.toFixed(1)), s.status]),
        errors: run.samples.filter((s) => s.error).map((s) => s.error),
      })),
    ]),
  );
  const what = 'frame-request latency under token refreshes vs one-hour tokens (L3 launch, page fetch loops)';
  fs.writeFileSync(
    `${out}.json`,
    JSON.stringify({ what, ohifVersion, machine, runSeconds, settings, rows, runs: raw }, null, 2),
  );
  fs.writeFileSync(`${out}.md`, md);
  console.log(md);
  console.log(`\n${out}.md\n${out}.json`);
  if (rows.some((r) => r.failures || r.staleToken)) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
