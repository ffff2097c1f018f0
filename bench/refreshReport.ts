// Summaries and the Markdown report of bench/refresh.ts.
import type { RequestLogEntry } from '../sandbox/src/types';
import type { FrameSample } from './frameLoad';
import type { Phase } from './phases';
import { median, percentile } from './stats';

/** A refresh-token POST to /api/token as the browser recorder saw it (epoch ms). */
export interface Refresh {
  at: number;
  answeredAt: number;
  status: number;
}

/** One sample of a phase: a launch and its frame load; times in epoch ms. */
export interface PhaseRun {
  /** The measured window (after the warm-up) and its end. */
  from: number;
  to: number;
  instances: number;
  /** Frame requests started in the measured window. */
  samples: FrameSample[];
  /** Every refresh of the session, the launch included. */
  refreshes: Refresh[];
  /** DICOMweb requests from the viewer origin in KHEOPS's log (OHIF's own and the load's). */
  dicomwebRequests: number;
  staleToken: RequestLogEntry[];
}

export interface Latency {
  n: number;
  p50: number;
  p95: number;
}

export interface PhaseRow {
  phase: Phase['id'];
  tokenTtlS: number;
  what: string;
  latency: Latency;
  /** Frame requests under way while a refresh was (their interval meets the refresh's). */
  duringRefresh: Latency;
  refreshes: number;
  refreshesNot200: number;
  refreshEveryMs?: number;
  failures: number;
  dicomwebRequests: number;
  staleToken: number;
  p50Ratio?: number;
  p95Ratio?: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function latency(samples: FrameSample[]): Latency {
  const ms = samples.filter((s) => s.status === 200).map((s) => s.ms);
  if (!ms.length) return { n: 0, p50: NaN, p95: NaN };
  return { n: ms.length, p50: round1(percentile(ms, 50)), p95: round1(percentile(ms, 95)) };
}

export function summarizePhase(phase: Phase, runs: PhaseRun[]): PhaseRow {
  const samples = runs.flatMap((r) => r.samples);
  const inWindow = runs.flatMap((r) => r.refreshes.filter((f) => f.at >= r.from && f.at < r.to));
  const gaps = runs.flatMap((r) => r.refreshes.slice(1).map((f, i) => f.at - r.refreshes[i]!.at));
  const during = runs.flatMap((r) =>
    r.samples.filter((s) => r.refreshes.some((f) => s.at <= f.answeredAt && s.at + s.ms >= f.at)),
  );
  return {
    phase: phase.id,
    tokenTtlS: phase.tokenTtlS,
    what: phase.what,
    latency: latency(samples),
    duringRefresh: latency(during),
    refreshes: inWindow.length,
    refreshesNot200: inWindow.filter((f) => f.status !== 200).length,
    refreshEveryMs: gaps.length ? Math.round(median(gaps)) : undefined,
    failures: samples.filter((s) => s.status !== 200).length,
    dicomwebRequests: runs.reduce((n, r) => n + r.dicomwebRequests, 0),
    staleToken: runs.reduce((n, r) => n + r.staleToken.length, 0),
  };
}

/** Adds the ratios against the steady phase (when it ran). */
export function withRatios(rows: PhaseRow[]): PhaseRow[] {
  const steady = rows.find((r) => r.phase === 'steady');
  if (!steady) return rows;
  return rows.map((r) => ({
    ...r,
    p50Ratio: Number((r.latency.p50 / steady.latency.p50).toFixed(2)),
    p95Ratio: Number((r.latency.p95 / steady.latency.p95).toFixed(2)),
  }));
}

export interface ReportContext {
  rtt: number;
  seconds: number;
  warmup: number;
  rounds: number;
  concurrency: number;
  ohifVersion: string;
  machine: string;
  runSeconds: number;
}

export const MIN_REFRESHES = 20;

export function reportMarkdown(rows: PhaseRow[], c: ReportContext): string {
  const dash = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : String(x));
  const refreshing = rows.filter((r) => r.phase !== 'steady');
  return [
    `## Frame requests under token refresh, --rtt ${c.rtt} (${c.seconds} s measured per phase in ${c.rounds} round(s), each after a ${c.warmup} s warm-up, ${c.concurrency} fetch loops, OHIF ${c.ohifVersion})`,
    '',
    `Machine: ${c.machine}. Run time ${c.runSeconds} s.`,
    '',
    '| phase | token ttl | refreshes (non-200) | every | frame requests | p50 ms | p95 ms | p50 / steady | p95 / steady | failures | stale-token requests |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.phase} | ${r.tokenTtlS} s | ${r.refreshes} (${r.refreshesNot200}) | ${r.refreshEveryMs ? `${r.refreshEveryMs} ms` : '—'} | ${r.latency.n} | ${dash(r.latency.p50)} | ${dash(r.latency.p95)} | ${dash(r.p50Ratio)} | ${dash(r.p95Ratio)} | ${r.failures} | ${r.staleToken} of ${r.dicomwebRequests} |`,
    ),
    '',
    '### Frame requests under way while a refresh was',
    '',
    '| phase | n | p50 ms | p95 ms |',
    '|---|---|---|---|',
    ...refreshing.map(
      (r) =>
        `| ${r.phase} | ${r.duringRefresh.n} | ${dash(r.duringRefresh.p50)} | ${dash(r.duringRefresh.p95)} |`,
    ),
    '',
    ...rows.map((r) => `- **${r.phase}**: ${r.what}`),
    `- refreshes: refresh-token POSTs to /api/token in the measured window (goal ≥ ${MIN_REFRESHES} per refreshing phase: ${refreshing.every((r) => r.refreshes >= MIN_REFRESHES) ? 'met' : 'NOT met'}); every: median gap between refreshes`,
    '- failures: frame requests not answered 200 or rejected (goal 0); latency counts the 200s, fetch call to last body byte, in the page',
    "- stale-token requests: DICOMweb requests from the viewer origin in KHEOPS's log (OHIF's own included, launch included) with no, an invalid or an expired token, or answered 401 (goal 0)",
    '',
  ].join('\n');
}
