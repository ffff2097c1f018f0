// Click to first image of the clicked series: the 10-series study against the 1-series study, for the KHEOPS mode
// (L4 launch from the album) and for plain OHIF on the baseline origin (?initialSeriesInstanceUID=, no launch), in
// the same run, cold browser cache each time (a fresh Chromium profile per sample), variants interleaved.
// Goal (issue 12): KHEOPS 10-series / 1-series ≤ 1.05.
// Usage: npm run bench:focus -- [--rounds N] [--rtt MS]   (a bare number = rounds)
// Results: bench/results/focus-<time>.json and a markdown table.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BrowserSession } from '../e2e/lib/BrowserSession';
import { displayedSeriesUIDs } from '../e2e/lib/ohifPage';
import { launchStudy, openAlbum, openPlainOhif } from '../e2e/lib/launchStudy';
import { ohifVersionFromEnv } from '../sandbox/src/ohifVersions';
import { startSandbox, type SeededStudy } from '../sandbox/src/testing/startSandbox';
import { summarize, table, type Summary } from './stats';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Origin = 'kheops' | 'baseline';
type Size = 'one' | 'ten';
interface Variant {
  origin: Origin;
  size: Size;
}
const VARIANTS: Variant[] = [
  { origin: 'kheops', size: 'one' },
  { origin: 'kheops', size: 'ten' },
  { origin: 'baseline', size: 'one' },
  { origin: 'baseline', size: 'ten' },
];
const key = (v: Variant) => `${v.origin}-${v.size}`;

function pick(sb: Sandbox, size: Size): { study: SeededStudy; series: string } {
  const study =
    size === 'ten'
      ? sb.studies.find((s) => s.series.length >= 10)!
      : sb.studies.find((s) => s.series.length === 1)!;
  // The last series of the big study: the one plain OHIF's series order reaches last.
  return { study, series: study.series[study.series.length - 1]!.seriesInstanceUID };
}

/** Milliseconds from the click to the first rendered image; throws if that image is not the clicked series. */
async function sample(v: Variant, sb: Sandbox): Promise<number> {
  const session = await BrowserSession.launch();
  // tsx compiles this file with esbuild's keepNames: page functions then reference a __name helper.
  await session.context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
  try {
    const rig = { session, sandbox: sb };
    const { study, series } = pick(sb, v.size);
    const album = await openAlbum(rig, { style: 'L4' });
    const { popup, clickedAt } =
      v.origin === 'baseline'
        ? await openPlainOhif(rig, { album, study, series })
        : await launchStudy(rig, { album, study, series });
    const ms = Date.now() - clickedAt;
    const shown = await displayedSeriesUIDs(popup);
    if (shown.length !== 1 || shown[0] !== series)
      throw new Error(`${key(v)}: the first image was not the clicked series (${shown.join(',')})`);
    return ms;
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { rounds: { type: 'string' }, rtt: { type: 'string', default: '0' } },
    allowPositionals: true,
  });
  const rounds = Number(values.rounds ?? positionals[0] ?? 5);
  const rtt = Number(values.rtt);
  const ohifVersion = ohifVersionFromEnv(); // env OHIF_VERSION picks another prebuilt OHIF
  const sb = await startSandbox(['--profile', 'ohif', '--ohif-version', ohifVersion, '--rtt', String(rtt)]);
  const runs: Record<string, number[]> = Object.fromEntries(VARIANTS.map((v) => [key(v), []]));
  try {
    for (let r = 0; r < rounds; r++) {
      const shift = r % VARIANTS.length;
      for (const v of [...VARIANTS.slice(shift), ...VARIANTS.slice(0, shift)]) {
        const ms = await sample(v, sb);
        runs[key(v)]!.push(ms);
        console.error(`round ${r + 1}/${rounds} ${key(v)}: ${ms} ms`);
      }
    }
  } finally {
    await sb.stop();
  }
  const row = (v: Variant, name: string, ref?: Summary) => summarize(name, runs[key(v)]!, ref?.median);
  const k1 = row(VARIANTS[0]!, 'KHEOPS mode, 1-series study');
  const k10 = row(VARIANTS[1]!, 'KHEOPS mode, 10-series study (ratio vs KHEOPS 1-series)', k1);
  const b1 = row(VARIANTS[2]!, 'plain OHIF, 1-series study');
  const b10 = row(VARIANTS[3]!, 'plain OHIF, 10-series study (ratio vs OHIF 1-series)', b1);
  const rows = [k1, k10, b1, b10];
  const kheopsRatio = k10.ratio ?? NaN;
  const baselineRatio = b10.ratio ?? NaN;
  const out = path.join(
    __dirname,
    'results',
    `focus-rtt${rtt}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    JSON.stringify(
      {
        what: 'click to first image of the clicked (last) series, cold cache, 10-series vs 1-series study',
        ohifVersion,
        rounds,
        goal: 'KHEOPS 10/1 <= 1.05',
        kheopsRatio,
        baselineRatio,
        rows,
      },
      null,
      2,
    ),
  );
  console.log(table(rows));
  console.log(
    `\nfocus ratio (10-series / 1-series): KHEOPS ${kheopsRatio} (goal ≤ 1.05, ${kheopsRatio <= 1.05 ? 'met' : 'NOT met'}), plain OHIF ${baselineRatio}`,
  );
  console.log(`\n${out}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
