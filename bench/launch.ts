// Click-to-first-image for each KHEOPS launch style next to plain OHIF (the baseline origin) on the same data,
// in the same run, cold browser cache each time (a fresh Chromium profile per sample), variants interleaved.
// Usage: npm run bench -- [--rounds N] [--rtt MS] [--viewer-rtt MS] [--bandwidth KBPS] [--variants baseline,L4]
// (a bare number = rounds; --variants runs some of them, for a quick look — the baseline is always among them)
// The sandbox shapes the network (sandbox/src/network/shape.ts): --rtt on the KHEOPS origin and the baseline's
// pass-through alike, --viewer-rtt on the static viewer files of both viewer origins.
// Results: bench/results/launch-rtt<MS>-<time>.json and .md (medians, min–max, ratios, and a waterfall).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BrowserSession } from '../e2e/lib/BrowserSession';
import {
  LAUNCH_STYLES,
  launchStudy,
  openAlbum,
  openPlainOhif,
  type LaunchStyleId,
} from '../e2e/lib/launchStudy';
import { ohifVersionFromEnv } from '../sandbox/src/ohifVersions';
import { startSandbox } from '../sandbox/src/testing/startSandbox';
import { reniceTree } from './reniceTree';
import { summarize, table } from './stats';
import { bootSplits, bootSplitTable } from './bootSplit';
import {
  LEGEND,
  MILESTONES,
  OHIF_ASKS_SCRIPT,
  WaterfallRecorder,
  medianWaterfall,
  milestones,
  waterfallTable,
  type Milestone,
  type Recorded,
} from './waterfall';
import { redact } from '../e2e/lib/RequestRecorder';

type Variant = 'baseline' | LaunchStyleId;
const VARIANTS: Variant[] = ['baseline', ...LAUNCH_STYLES];

/** For L4: from the viewer document's request to the authorization request the extension sends it on to. */
const l4Redirect: number[] = [];
const waterfalls: Record<Variant, Array<Partial<Record<Milestone, number>>>> = {
  baseline: [],
  L1: [],
  L2: [],
  L3: [],
  L4: [],
};

const lastRequests: Partial<Record<Variant, Recorded[]>> = {};

async function sample(variant: Variant, sb: Awaited<ReturnType<typeof startSandbox>>): Promise<number> {
  const session = await BrowserSession.launch();
  // tsx compiles this file with esbuild's keepNames: page functions then reference a __name helper.
  await session.context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
  try {
    const rig = { session, sandbox: sb };
    const study = sb.studies.find((s) => s.series.length >= 3)!;
    const series = study.series[0]!.seriesInstanceUID;
    const album = await openAlbum(rig, { style: variant === 'baseline' ? 'L4' : variant });
    const recorder = new WaterfallRecorder(session.context);
    let viewerDocAt = 0;
    session.context.on('request', (r) => {
      if (!viewerDocAt && r.resourceType() === 'document' && r.url().startsWith(`${sb.viewer}/kheops?iss=`))
        viewerDocAt = Date.now();
      if (viewerDocAt && r.url().startsWith(`${sb.api}/authorize?`))
        l4Redirect.push(Date.now() - viewerDocAt);
    });
    await session.context.addInitScript(OHIF_ASKS_SCRIPT);
    const { clickedAt: t0, popup } =
      variant === 'baseline'
        ? await openPlainOhif(rig, { album, study, series })
        : await launchStudy(rig, { album, study, series });
    const ms = Date.now() - t0;
    const asked = (await popup.evaluate('globalThis.__ohifFirstAsk')) as number | undefined;
    const origins =
      variant === 'baseline'
        ? { viewer: sb.baseline, api: sb.api, dicomweb: `${sb.baseline}/dicom-web` }
        : { viewer: sb.viewer, api: sb.api, dicomweb: sb.api };
    const requests = recorder.relativeTo(t0);
    const reached = milestones(requests, origins, series, ms);
    if (asked !== undefined) reached['OHIF asks'] = asked - t0;
    waterfalls[variant].push(reached);
    // The last sample's requests, for reading the waterfall (URLs redacted: codes and tokens ride in them).
    lastRequests[variant] = requests.map((r) => ({ ...r, url: redact(r.url) }));
    return ms;
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      rounds: { type: 'string' },
      rtt: { type: 'string' },
      'viewer-rtt': { type: 'string' },
      bandwidth: { type: 'string' },
      'server-nice': { type: 'string' },
      variants: { type: 'string' },
    },
  });
  const rounds = Number(values.rounds ?? positionals[0] ?? 5);
  const rtt = Number(values.rtt ?? 0);
  const viewerRtt = Number(values['viewer-rtt'] ?? 0);
  const bandwidth = values.bandwidth ? Number(values.bandwidth) : undefined;
  const ohifVersion = ohifVersionFromEnv(); // env OHIF_VERSION picks another prebuilt OHIF
  const sb = await startSandbox([
    '--profile',
    'ohif',
    '--ohif-version',
    ohifVersion,
    '--rtt',
    String(rtt),
    '--viewer-rtt',
    String(viewerRtt),
    ...(bandwidth ? ['--bandwidth', String(bandwidth)] : []),
  ]);
  // The sandbox, Orthanc and Chromium share this machine's cores; a real KHEOPS has its own. A positive niceness
  // lets the browser's work go first, as with a server elsewhere (applies to both sides alike).
  const serverNice = Number(values['server-nice'] ?? 0);
  if (serverNice) reniceTree(sb.pid, serverNice);
  const picked = values.variants?.split(',') ?? VARIANTS;
  const variants = VARIANTS.filter((v) => v === 'baseline' || picked.includes(v));
  const runs: Record<Variant, number[]> = { baseline: [], L1: [], L2: [], L3: [], L4: [] };
  try {
    for (let r = 0; r < rounds; r++) {
      const order = [...variants.slice(r % variants.length), ...variants.slice(0, r % variants.length)];
      for (const v of order) {
        const ms = await sample(v, sb);
        runs[v].push(ms);
        console.error(`round ${r + 1}/${rounds} ${v}: ${ms} ms`);
      }
    }
  } finally {
    await sb.stop();
  }
  const base = summarize('baseline (plain OHIF)', runs.baseline);
  const rows = [base, ...variants.slice(1).map((v) => summarize(v, runs[v], base.median))];
  const network = { rttMs: rtt, viewerRttMs: viewerRtt, bandwidthKbps: bandwidth ?? null };
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = path.join(__dirname, 'results', `launch-rtt${rtt}-${stamp}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const redirect = l4Redirect.length
    ? summarize('L4: viewer document → authorize request', l4Redirect)
    : undefined;
  const wf = variants.map((v) => ({
    name: v === 'baseline' ? 'baseline (plain OHIF)' : v,
    w: medianWaterfall(waterfalls[v]),
  }));
  const splits = bootSplits(
    variants.map((v) => ({ name: v === 'baseline' ? 'baseline (plain OHIF)' : v, samples: waterfalls[v] })),
  );
  fs.writeFileSync(
    `${out}.json`,
    JSON.stringify(
      {
        what: 'click to first image of the clicked series, cold cache',
        ohifVersion,
        network,
        machine,
        rounds,
        rows,
        l4Redirect: redirect,
        waterfallMedians: Object.fromEntries(wf.map((r) => [r.name, r.w])),
        bootSplits: splits,
        waterfallSamples: waterfalls,
        lastRequests,
      },
      null,
      2,
    ),
  );
  const md = [
    `## Click → first image, --rtt ${rtt} --viewer-rtt ${viewerRtt}${bandwidth ? ` --bandwidth ${bandwidth}` : ''} (${rounds} rounds, OHIF ${ohifVersion})`,
    '',
    `Machine: ${machine}.`,
    '',
    table(rows),
    ...(redirect ? ['', table([redirect])] : []),
    '',
    `### Waterfall (median ms from the click, ${rounds} rounds)`,
    '',
    waterfallTable(wf),
    '',
    ...MILESTONES.map((m) => `- **${m}**: ${LEGEND[m]}`),
    '',
    `### Before the document, OHIF's boot, after OHIF asks (medians, ${rounds} rounds)`,
    '',
    bootSplitTable(splits),
    '',
    "- **floor**: the variant's viewer document + plain OHIF's boot + the variant's OHIF asks → paint: its time if",
    "  the launch's work did not slow OHIF's boot (as with KHEOPS on its own machine); **floor ratio** over plain OHIF.",
    '',
  ].join('\n');
  fs.writeFileSync(`${out}.md`, md);
  console.log(md);
  console.log(`\n${out}.md\n${out}.json`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
