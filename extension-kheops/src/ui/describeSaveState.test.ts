import { EMPTY_SAVE_STATE, type SaveStateSnapshot } from '../saveSafety/SaveState';
import { describeSaveState } from './describeSaveState';

const state = (s: Partial<SaveStateSnapshot>): SaveStateSnapshot => ({ ...EMPTY_SAVE_STATE, ...s });

describe('describeSaveState', () => {
  it.each([
    [{}, 'No report saved yet', 'neutral'],
    [{ unsaved: true }, 'Unsaved measurements', 'warning'],
    [{ saving: 1 }, 'Saving to KHEOPS…', 'busy'],
    [{ confirmed: 1 }, '1 report confirmed in KHEOPS', 'ok'],
    [{ confirmed: 2, unsaved: true }, 'Unsaved measurements · 2 reports confirmed in KHEOPS', 'warning'],
    [
      { waiting: 1, confirmed: 1 },
      '1 report waiting on this computer · 1 report confirmed in KHEOPS',
      'warning',
    ],
    [{ refused: 1, unsaved: true }, '1 report refused by KHEOPS · Unsaved measurements', 'error'],
    [{ unconfirmed: 1 }, '1 report sent, not found in KHEOPS', 'error'],
    [{ checking: 1 }, 'Checking in KHEOPS…', 'busy'],
  ])('%j reads "%s" (%s)', (s, text, tone) => {
    expect(describeSaveState(state(s))).toMatchObject({ text, tone });
  });

  it('never says confirmed for a report KHEOPS only said it stored', () => {
    expect(describeSaveState(state({ unconfirmed: 1, unconfirmedReason: 'HTTP 403' })).text).not.toMatch(
      /confirmed/,
    );
    expect(describeSaveState(state({ unconfirmed: 1, unconfirmedReason: 'HTTP 403' })).detail).toMatch(
      /HTTP 403/,
    );
  });

  it('says a read-only launch cannot save, whatever else', () => {
    expect(describeSaveState(state({ readOnly: true, unsaved: true }))).toMatchObject({
      text: 'Read-only: reports cannot be saved to KHEOPS',
      tone: 'warning',
    });
  });
});
