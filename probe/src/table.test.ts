import { formatTable, wrap, type StepRow } from './table';

describe('wrap', () => {
  it('breaks on spaces and hard-breaks words longer than the column', () => {
    expect(wrap('aa bb cc', 5)).toEqual(['aa bb', 'cc']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('', 4)).toEqual(['']);
    expect(wrap('one\ntwo', 10)).toEqual(['one', 'two']);
  });
});

describe('formatTable', () => {
  const row: StepRow = {
    step: 'frame',
    sent: 'GET /api/studies/1.2/series/3.4/instances/5.6/frames/1 Accept: multipart/related; type="application/octet-stream"; transfer-syntax="*"',
    expected: '200 multipart/related',
    got: '200 multipart/related',
    outcome: 'ok',
  };

  it('has a header, a rule and the row wrapped into aligned columns', () => {
    const lines = formatTable([row, { ...row, step: 'thumbnail', outcome: 'FAIL', got: '400' }]).split('\n');
    expect(lines[0]).toMatch(/^step\s+\| sent\s+\| expected\s+\| got\s+\| ok\/FAIL$/);
    expect(lines[1]).toMatch(/^-+-\+-+/);
    const separators = lines.slice(2).map((l) => [...l.matchAll(/ \| /g)].map((m) => m.index));
    for (const s of separators) expect(s).toEqual(separators[0]);
    expect(lines[2]).toMatch(
      /^frame\s+\| GET .*\| 200 multipart\/related\s+\| 200 multipart\/related\s+\| ok$/,
    );
    expect(lines.some((l) => /^thumbnail .*\| 400\s+\| FAIL$/.test(l))).toBe(true);
    expect(lines.join('\n')).toContain('transfer-syntax="*"');
  });
});
