import type { ExpiryNotice } from './ExpiryWarnings';
import { showSessionNotice } from './showSessionNotice';

type Shown = { title: string; message: string; action?: { label: string; onClick: () => void } };

describe('showSessionNotice', () => {
  const notice: ExpiryNotice = {
    title: 'KHEOPS session ending',
    message: 'ends in 9 minutes',
    type: 'warning',
  };
  const setup = (pending: string | undefined) => {
    const shown: Shown[] = [];
    const notifications = { show: (n: Shown) => void shown.push(n) };
    const saveNow = { pendingStudy: () => pending, run: jest.fn() };
    const renew = jest.fn();
    return { shown, notifications, saveNow, renew };
  };

  it('offers "Save now" while measurements are open, and "Renew session" beside it', () => {
    const { shown, notifications, saveNow, renew } = setup('1.2.3');
    showSessionNotice(notifications, notice, { saveNow, renew });
    expect(shown.map((n) => n.action?.label)).toEqual(['Renew session', 'Save now']);
    expect(shown[1]!.message).toBe('ends in 9 minutes');
    shown[1]!.action!.onClick();
    expect(saveNow.run).toHaveBeenCalledTimes(1);
    shown[0]!.action!.onClick();
    expect(renew).toHaveBeenCalledTimes(1);
  });

  it('offers only "Renew session" when there is nothing to save', () => {
    const { shown, notifications, saveNow, renew } = setup(undefined);
    showSessionNotice(notifications, notice, { saveNow, renew });
    expect(shown.map((n) => n.action?.label)).toEqual(['Renew session']);
  });

  it('shows the notice without a button when there is neither work nor a trusted way back', () => {
    const { shown, notifications } = setup(undefined);
    showSessionNotice(notifications, notice, {});
    expect(shown).toHaveLength(1);
    expect(shown[0]!.action).toBeUndefined();
  });
});
