/**
 * What the save queue does with each STOW answer: `stored` (done), `refused` (KHEOPS will not take this content
 * as it is: kept on this computer, never retried), `unauthorized` (kept, retried once a session is back) or
 * `retry` (transient: quick retries, then the outbox). Adding a STOW error case is one row here.
 * `{status}` in a message is replaced by the HTTP status.
 */
export type StowOutcomeKind = 'stored' | 'refused' | 'unauthorized' | 'retry';

export interface StowAnswerRule {
  kind: StowOutcomeKind;
  message: string;
}

export const STOW_ANSWERS: Readonly<Record<number, StowAnswerRule>> = {
  200: { kind: 'stored', message: 'KHEOPS stored the report' },
  202: { kind: 'refused', message: 'KHEOPS stored only part of the report' },
  400: { kind: 'refused', message: 'KHEOPS answered HTTP {status}' },
  401: { kind: 'unauthorized', message: 'the KHEOPS session has expired' },
  403: {
    kind: 'refused',
    message: 'KHEOPS refused the report: this launch has no write permission (read-only launch)',
  },
  404: { kind: 'refused', message: 'KHEOPS answered HTTP {status}' },
  409: {
    kind: 'refused',
    message: 'KHEOPS refused the report: it does not match the study (patient or study attributes differ)',
  },
  413: { kind: 'refused', message: 'KHEOPS answered HTTP {status}' },
  415: { kind: 'refused', message: 'KHEOPS answered HTTP {status}' },
};

/** Any 5xx not in the table. */
export const STOW_SERVER_ERROR: StowAnswerRule = {
  kind: 'retry',
  message: 'KHEOPS is not available (HTTP {status})',
};
/** Any other status not in the table. */
export const STOW_OTHER: StowAnswerRule = { kind: 'retry', message: 'KHEOPS answered HTTP {status}' };

/** The rule for a status and its message, with KHEOPS's own reason appended when it gave one. */
export function stowAnswer(status: number, detail?: string): { kind: StowOutcomeKind; reason: string } {
  const rule = STOW_ANSWERS[status] ?? (status >= 500 ? STOW_SERVER_ERROR : STOW_OTHER);
  const what = rule.message.replace('{status}', String(status));
  return { kind: rule.kind, reason: detail ? `${what} — ${detail}` : what };
}
