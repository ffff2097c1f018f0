export type Outcome = 'ok' | 'FAIL' | 'warn' | 'skip';

export interface StepRow {
  step: string;
  /** Method, path and key headers; never a token (the caller masks). */
  sent: string;
  expected: string;
  got: string;
  outcome: Outcome;
}

const COLUMNS = [
  { key: 'step', title: 'step', width: 24 },
  { key: 'sent', title: 'sent', width: 60 },
  { key: 'expected', title: 'expected', width: 40 },
  { key: 'got', title: 'got', width: 40 },
  { key: 'outcome', title: 'ok/FAIL', width: 7 },
] as const;

/** Splits `text` into lines of at most `width` characters, on spaces where it can, hard elsewhere. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (let word of para.split(/\s+/).filter(Boolean)) {
      while (word.length > width) {
        if (line) lines.push(line);
        line = '';
        lines.push(word.slice(0, width));
        word = word.slice(width);
      }
      if (!word) continue;
      if (!line) line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** A plain-text table, one row per step, cells wrapped to their column. */
export function formatTable(rows: StepRow[]): string {
  const render = (cells: string[][]) => {
    const height = Math.max(...cells.map((c) => c.length));
    const out: string[] = [];
    for (let i = 0; i < height; i++)
      out.push(
        cells
          .map((c, j) => (j === cells.length - 1 ? (c[i] ?? '') : (c[i] ?? '').padEnd(COLUMNS[j]!.width)))
          .join(' | '),
      );
    return out;
  };
  const header = render(COLUMNS.map((c) => [c.title]));
  const rule = COLUMNS.map((c) => '-'.repeat(c.width)).join('-+-');
  const body = rows.flatMap((r) => render(COLUMNS.map((c) => wrap(String(r[c.key]), c.width))));
  return [...header, rule, ...body].join('\n');
}
