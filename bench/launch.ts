// Click-to-first-image for each KHEOPS launch style next to plain OHIF (the baseline origin) on the same data,
// in the same run, cold browser cache each time (a fresh Chromium profile per sample), variants interleaved.
// Usage: npm run bench -- [rounds]     Results: bench/results/launch-<time>.json and a markdown table.
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession } from '../e2e/lib/BrowserSession';
import { waitForRenderedViewport } from '../e2e/lib/waitForRenderedViewport';
import { ohifVersionFromEnv } from '../sandbox/src/ohifVersions';
import { startSandbox } from '../sandbox/test/helpers/startSandbox';
import { openViewer } from './openViewer';
import { summarize, table } from './stats';

type Variant = 'baseline' | 'L1' | 'L2' | 'L3' | 'L4';
const VARIANTS: Variant[] = ['baseline', 'L1', 'L2', 'L3', 'L4'];

/** For L4: from the viewer document's request to the authorization request the extension sends it on to. */
const l4Redirect: number[] = [];

async function sample(variant: Variant, sb: Awaited<ReturnType<typeof startSandbox>>): Promise<number> {
  const session = await BrowserSession.launch();
  // tsx compiles this file with esbuild's keepNames: page functions then reference a __name helper.
  await session.context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
  try {
    const page = await session.mainPage();
    const study = sb.studies.find((s) => s.series.length >= 3)!;
    const series = study.series[0]!.seriesInstanceUID;
    await page.goto(`${sb.root}/?launch=${variant === 'baseline' ? 'L4' : variant}`);
    await page.waitForSelector('body[data-thumbnails-loaded="true"]', { timeout: 30_000 });
    let viewerDocAt = 0;
    session.context.on('request', (r) => {
      if (!viewerDocAt && r.resourceType() === 'document' && r.url().startsWith(`${sb.viewer}/kheops?iss=`))
        viewerDocAt = Date.now();
      if (viewerDocAt && r.url().startsWith(`${sb.api}/authorize?`))
        l4Redirect.push(Date.now() - viewerDocAt);
    });
    const { popup, t0 } = await openViewer(
      session.context,
      page,
      sb,
      variant === 'baseline' ? 'baseline' : 'kheops',
      study,
      series,
    );
    await waitForRenderedViewport(popup, { timeout: 60_000 });
    return Date.now() - t0;
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  const ohifVersion = ohifVersionFromEnv(); // env OHIF_VERSION picks another prebuilt OHIF
  const sb = await startSandbox(['--profile', 'ohif', '--ohif-version', ohifVersion]);
  const runs: Record<Variant, number[]> = { baseline: [], L1: [], L2: [], L3: [], L4: [] };
  try {
    for (let r = 0; r < rounds; r++) {
      const order = [...VARIANTS.slice(r % VARIANTS.length), ...VARIANTS.slice(0, r % VARIANTS.length)];
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
  const rows = [base, ...VARIANTS.slice(1).map((v) => summarize(v, runs[v], base.median))];
  const out = path.join(
    __dirname,
    'results',
    `launch-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    JSON.stringify({ what: 'click to first image, cold cache', ohifVersion, rounds, rows }, null, 2),
  );
  const redirect = l4Redirect.length
    ? summarize('L4: viewer document → authorize request', l4Redirect)
    : undefined;
  fs.writeFileSync(
    out,
    JSON.stringify(
      { what: 'click to first image, cold cache', ohifVersion, rounds, rows, l4Redirect: redirect },
      null,
      2,
    ),
  );
  console.log(table(rows));
  if (redirect) console.log(`\n${table([redirect])}`);
  console.log(`\n${out}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
