import { STOW_ANSWERS, STOW_OTHER, STOW_SERVER_ERROR, stowAnswer } from './stowAnswers';

describe('STOW answers table', () => {
  test.each(Object.entries(STOW_ANSWERS).map(([status, rule]) => [Number(status), rule] as const))(
    'HTTP %i → its row',
    (status, rule) => {
      const answer = stowAnswer(status);
      expect(answer.kind).toBe(rule.kind);
      expect(answer.reason).toBe(rule.message.replace('{status}', String(status)));
      expect(answer.reason).not.toContain('{status}');
      expect(stowAnswer(status, 'why').reason).toBe(`${answer.reason} — why`);
    },
  );

  test('only 200 counts as stored; a partial store (202) is refused, not stored', () => {
    const stored = Object.entries(STOW_ANSWERS).filter(([, r]) => r.kind === 'stored');
    expect(stored.map(([s]) => s)).toEqual(['200']);
    expect(stowAnswer(202).kind).toBe('refused');
  });

  test('statuses not in the table: 5xx and others are transient', () => {
    expect(stowAnswer(503)).toEqual({
      kind: STOW_SERVER_ERROR.kind,
      reason: 'KHEOPS is not available (HTTP 503)',
    });
    expect(stowAnswer(429)).toEqual({ kind: STOW_OTHER.kind, reason: 'KHEOPS answered HTTP 429' });
  });
});
