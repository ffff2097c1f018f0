// Splits click → first image into: before the viewer document that boots OHIF, OHIF's boot (that document → its
// first DICOMweb request, "OHIF asks"), and OHIF asks → first paint. The floor is what a launch style would take
// if its boot were exactly as long as plain OHIF's in the same run: its own KHEOPS steps before the document plus
// its own time after OHIF asks. What it loses beyond that is the boot slowed by the launch's work on shared cores.
import type { Milestone } from './waterfall';
import { median } from './stats';

type Sample = Partial<Record<Milestone, number>>;

export interface BootSplit {
  name: string;
  /** The document OHIF boots from (for L4 the one the redirect comes back to). */
  document: number;
  boot: number;
  afterAsks: number;
  paint: number;
  /** document + plain OHIF's boot + afterAsks, and that over plain OHIF's first paint. */
  floor?: number;
  floorRatio?: number;
}

function split(s: Sample): { document: number; boot: number; afterAsks: number; paint: number } | undefined {
  const document = s['L4 back'] ?? s.document;
  const asks = s['OHIF asks'];
  const paint = s['first paint'];
  if (document === undefined || asks === undefined || paint === undefined) return undefined;
  return { document, boot: asks - document, afterAsks: paint - asks, paint };
}

/** Medians over the samples of each variant; the first row is plain OHIF, whose median boot sets the floors. */
export function bootSplits(variants: Array<{ name: string; samples: Sample[] }>): BootSplit[] {
  const rows = variants.map(({ name, samples }) => {
    const parts = samples.map(split).filter((p) => p !== undefined);
    const m = (k: keyof (typeof parts)[number]) => median(parts.map((p) => p[k]));
    return parts.length
      ? { name, document: m('document'), boot: m('boot'), afterAsks: m('afterAsks'), paint: m('paint') }
      : undefined;
  });
  const [base, ...others] = rows;
  if (!base) return [];
  return [
    base,
    ...others
      .filter((r) => r !== undefined)
      .map((r) => {
        const floor = r.document + base.boot + r.afterAsks;
        return { ...r, floor, floorRatio: Number((floor / base.paint).toFixed(3)) };
      }),
  ];
}

export function bootSplitTable(rows: BootSplit[]): string {
  const ms = (x: number | undefined) => (x === undefined ? '—' : String(Math.round(x)));
  const lines = [
    '| variant | viewer document | boot (→ OHIF asks) | OHIF asks → paint | first paint | floor | floor ratio |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.name} | ${ms(r.document)} | ${ms(r.boot)} | ${ms(r.afterAsks)} | ${ms(r.paint)} | ${ms(r.floor)} | ${r.floorRatio ?? '—'} |`,
    );
  return lines.join('\n');
}
