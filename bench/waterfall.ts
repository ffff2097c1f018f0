// Where the time of one launch goes: every request of the browser context from the click on, with the browser's
// own resource timing (Playwright's request.timing(): start in epoch ms, responseEnd relative to it), classified
// into the milestones of a launch. Times are ms from the click (same machine, same wall clock).
import type { BrowserContext, Request } from 'playwright-core';
import { median } from './stats';

export const MILESTONES = [
  'report POST',
  'document',
  'app-config',
  'app.bundle',
  'config doc',
  'discovery',
  'L4 authorize',
  'L4 back',
  'token',
  'userinfo',
  'write check',
  'study check',
  'OHIF asks',
  'first QIDO',
  'series metadata',
  'first frame',
  'first paint',
] as const;
export type Milestone = (typeof MILESTONES)[number];

/** What each milestone means, for the Markdown legend. */
export const LEGEND: Record<Milestone, string> = {
  'report POST':
    "end of the album's POST /api/report in the popup (L2–L4: KHEOPS answers with the redirect to the viewer)",
  document: "end of the popup's first viewer document (viewer origin; for L4 the one before the redirect)",
  'app.bundle':
    "end of OHIF's app.bundle.*.js (the last load: for L4 the viewer page's, from the cache its sign-in page's prefetch filled)",
  'app-config': 'end of /app-config.js (the last load)',
  'config doc': 'end of the report-provider configuration document (conf_uri, L2/L3)',
  discovery: 'end of /.well-known/openid-configuration',
  'L4 authorize': 'start of the /api/authorize request (the L4 redirect leaves the viewer)',
  'L4 back': 'end of the viewer document the L4 redirect comes back to (code in the URL)',
  token:
    "end of the POST to /api/token (L1: the album's viewer-token exchange before the popup opens; L3/L4: the code exchange)",
  userinfo: 'end of /api/userinfo (L3)',
  'write check': "end of L1's write check (POST /studies/{uid}, answered 400/403)",
  'study check': 'end of the study check (QIDO ?StudyInstanceUID=…&includefield=0020000D)',
  'OHIF asks':
    "OHIF's first DICOMweb request, seen in the page (XMLHttpRequest.open; also when it is answered from memory): the end of OHIF's boot",
  'first QIDO':
    "end of the first other QIDO on the network (studies/series search; for the launch styles the prefetch's)",
  'series metadata': "end of the clicked series' /metadata",
  'first frame': 'end of the first /frames/ answer of the clicked series',
  'first paint': 'the clicked series rendered in a viewport (the headline number)',
};

/**
 * For a page: notes when OHIF first asks for a study over XMLHttpRequest (dicomweb-client), whether or not the
 * request then reaches the network. The extension's own requests (launch checks, prefetch) use fetch.
 */
export const OHIF_ASKS_SCRIPT = `(() => {
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (globalThis.__ohifFirstAsk === undefined && /\\/studies(\\?|\\/|$)/.test(String(url))) globalThis.__ohifFirstAsk = Date.now();
    return open.apply(this, arguments);
  };
})();`;

export interface Recorded {
  method: string;
  url: string;
  resourceType: string;
  /** ms from the click */
  start: number;
  /** ms from the click; undefined if it never finished */
  end?: number;
}

/** Records every request of a context from now on, times relative to `t0()` (read when the sample ends). */
export class WaterfallRecorder {
  readonly requests: Recorded[] = [];
  private readonly byRequest = new Map<Request, { epochStart: number; entry: Omit<Recorded, 'start'> }>();

  constructor(context: BrowserContext) {
    context.on('request', (r) =>
      this.byRequest.set(r, {
        epochStart: Date.now(),
        entry: { method: r.method(), url: r.url(), resourceType: r.resourceType() },
      }),
    );
    const finish = (r: Request) => {
      const rec = this.byRequest.get(r);
      if (!rec) return;
      const t = r.timing();
      const epochStart = t.startTime > 0 ? t.startTime : rec.epochStart;
      rec.epochStart = epochStart;
      (rec.entry as Recorded).end = t.responseEnd >= 0 ? epochStart + t.responseEnd : Date.now();
    };
    context.on('requestfinished', finish);
    context.on('requestfailed', finish);
  }

  /** The requests, in ms from the click at epoch `t0`. */
  relativeTo(t0: number): Recorded[] {
    return [...this.byRequest.values()]
      .map(({ epochStart, entry }) => ({
        ...entry,
        start: epochStart - t0,
        end: (entry as Recorded).end !== undefined ? (entry as Recorded).end! - t0 : undefined,
      }))
      .filter((r) => r.start >= -5)
      .sort((a, b) => a.start - b.start);
  }
}

export interface Origins {
  /** Where the viewer document comes from: the viewer origin, or the baseline origin for plain OHIF. */
  viewer: string;
  api: string;
  /** The DICOMweb root plain OHIF reads (baseline) or the KHEOPS api. */
  dicomweb: string;
}

/** The milestones one sample reached (ms from the click). */
export function milestones(
  requests: Recorded[],
  o: Origins,
  series: string,
  firstPaint: number,
): Partial<Record<Milestone, number>> {
  const out: Partial<Record<Milestone, number>> = { 'first paint': firstPaint };
  const firstEnd = (
    m: Milestone,
    pred: (r: Recorded, path: string) => boolean,
    at: 'start' | 'end' = 'end',
  ) => {
    const hit = requests.find((r) => pred(r, pathOf(r.url)));
    const t = hit?.[at];
    if (t !== undefined) out[m] = t;
  };
  const onViewer = (r: Recorded) => r.url.startsWith(`${o.viewer}/`);
  const isDicomweb = (r: Recorded) =>
    r.url.startsWith(`${o.dicomweb}/`) || (r.url.startsWith(`${o.api}/`) && r.url.includes('/studies'));
  const studyCheck = (r: Recorded) =>
    /[?&]includefield=0020000D(&|$)/.test(r.url) && r.url.includes('StudyInstanceUID=');
  firstEnd('document', (r) => r.resourceType === 'document' && onViewer(r));
  // The last ones: after the L4 redirect the viewer loads (revalidates) them again, and boots from those.
  const lastEnd = (m: Milestone, pred: (r: Recorded, path: string) => boolean) => {
    const hit = requests.filter((r) => pred(r, pathOf(r.url))).pop();
    if (hit?.end !== undefined) out[m] = hit.end;
  };
  lastEnd('app.bundle', (r, p) => onViewer(r) && /\/app\.bundle\.[^/]*\.js$/.test(p));
  lastEnd('app-config', (r, p) => onViewer(r) && p === '/app-config.js');
  firstEnd('report POST', (r) => r.method === 'POST' && r.url.startsWith(`${o.api}/report`));
  firstEnd('config doc', (r, p) => /\/\.well-known\/(kheops-)?report-(provider-)?configuration/.test(p));
  const docs = requests.filter((r) => r.resourceType === 'document' && onViewer(r));
  firstEnd('discovery', (r, p) => p.endsWith('/.well-known/openid-configuration'));
  firstEnd('L4 authorize', (r) => r.url.startsWith(`${o.api}/authorize?`), 'start');
  const authorize = out['L4 authorize'];
  const back = authorize === undefined ? undefined : docs.find((d) => d.start >= authorize);
  if (back?.end !== undefined) out['L4 back'] = back.end;
  firstEnd('userinfo', (r) => r.url.startsWith(`${o.api}/userinfo`));
  firstEnd('token', (r) => r.method === 'POST' && r.url.startsWith(`${o.api}/token`));
  firstEnd('write check', (r, p) => r.method === 'POST' && isDicomweb(r) && /\/studies\/[^/]+$/.test(p));
  firstEnd('study check', (r) => r.method === 'GET' && isDicomweb(r) && studyCheck(r));
  firstEnd(
    'first QIDO',
    (r, p) =>
      r.method === 'GET' && isDicomweb(r) && !studyCheck(r) && /\/(studies|series|instances)$/.test(p),
  );
  firstEnd(
    'series metadata',
    (r, p) => isDicomweb(r) && p.includes(`/series/${series}/`) && p.endsWith('/metadata'),
  );
  firstEnd(
    'first frame',
    (r, p) => isDicomweb(r) && p.includes(`/series/${series}/`) && p.includes('/frames/'),
  );
  return out;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** Median per milestone over the samples that reached it (undefined when none did). */
export function medianWaterfall(
  samples: Array<Partial<Record<Milestone, number>>>,
): Partial<Record<Milestone, number>> {
  const out: Partial<Record<Milestone, number>> = {};
  for (const m of MILESTONES) {
    const xs = samples.map((s) => s[m]).filter((x): x is number => x !== undefined);
    if (xs.length) out[m] = median(xs);
  }
  return out;
}

export function waterfallTable(rows: Array<{ name: string; w: Partial<Record<Milestone, number>> }>): string {
  const lines = [`| variant | ${MILESTONES.join(' | ')} |`, `|---|${MILESTONES.map(() => '---').join('|')}|`];
  for (const { name, w } of rows)
    lines.push(
      `| ${name} | ${MILESTONES.map((m) => (w[m] === undefined ? '—' : String(Math.round(w[m]!)))).join(' | ')} |`,
    );
  return lines.join('\n');
}
