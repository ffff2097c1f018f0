import { kheopsNotifier, kheopsSession, onModeExit, studyUIDOf } from './services';
import type { ModeInstance, Services } from './types';

const services = (extra: Partial<Services> = {}) => ({ ...extra }) as unknown as Services;

describe('the OHIF services the mode uses', () => {
  it('notifies through uiNotificationService as a KHEOPS warning, and does nothing without the service', () => {
    const show = jest.fn();
    kheopsNotifier(services({ uiNotificationService: { show } }))('the series is not in this study');
    expect(show).toHaveBeenCalledWith({
      title: 'KHEOPS',
      message: 'the series is not in this study',
      type: 'warning',
      duration: 8000,
    });
    expect(() => kheopsNotifier(services())('nobody listens')).not.toThrow();
  });

  it("reads the extension's session service only when it is there", () => {
    const session = { studyUIDs: ['S'] } as never;
    expect(kheopsSession(services({ kheopsSessionService: session }))).toBe(session);
    expect(kheopsSession(services())).toBeUndefined();
    expect(kheopsSession(undefined)).toBeUndefined();
  });

  it("takes the study UID from either of OHIF's study shapes", () => {
    expect(studyUIDOf({ studyInstanceUid: '1.2' })).toBe('1.2');
    expect(studyUIDOf({ StudyInstanceUID: '1.3' })).toBe('1.3');
    expect(studyUIDOf({ StudyInstanceUID: 13 })).toBeUndefined();
    expect(studyUIDOf(undefined)).toBeUndefined();
  });

  it("adds cleanups to the mode's _unsubscriptions, which OHIF's longitudinal onModeExit runs", () => {
    const mode = {} as ModeInstance & { _unsubscriptions?: Array<() => void> };
    const a = () => undefined;
    const b = () => undefined;
    onModeExit(mode, a);
    onModeExit(mode, b);
    expect(mode._unsubscriptions).toEqual([a, b]);
  });
});
