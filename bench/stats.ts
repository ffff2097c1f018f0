export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Summary {
  name: string;
  runs: number[];
  median: number;
  min: number;
  max: number;
  ratio?: number;
}

export function summarize(name: string, runs: number[], baselineMedian?: number): Summary {
  const med = median(runs);
  return {
    name,
    runs,
    median: med,
    min: Math.min(...runs),
    max: Math.max(...runs),
    ratio: baselineMedian ? Number((med / baselineMedian).toFixed(3)) : undefined,
  };
}

export function table(rows: Summary[], unit = 'ms'): string {
  const lines = [
    `| variant | median ${unit} | min | max | ratio vs baseline | runs |`,
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${Math.round(r.median)} | ${Math.round(r.min)} | ${Math.round(r.max)} | ${r.ratio ?? '—'} | ${r.runs.length} |`,
    );
  }
  return lines.join('\n');
}

/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
