import type { Notifier } from './Notice';
import type { ExpiryNotice } from './ExpiryWarnings';
import type { SaveNow } from './SaveNow';

export interface SessionNoticeActions {
  saveNow?: Pick<SaveNow, 'pendingStudy' | 'run'>;
  /** Opens KHEOPS so the study can be launched again; absent when no trusted way back is known. */
  renew?: () => void;
}

const DURATION_MS = 60_000;

/**
 * Shows a session notice with what the user can do about it. OHIF 3.13 notifications carry one button, so when
 * there is both something to save and a way to renew, "Renew session" comes as a second notice beside it.
 */
export function showSessionNotice(
  notifications: Notifier | undefined,
  notice: ExpiryNotice,
  { saveNow, renew }: SessionNoticeActions,
): void {
  if (!notifications) return;
  const base = { title: notice.title, message: notice.message, type: notice.type, duration: DURATION_MS };
  const renewAction = renew && { label: 'Renew session', onClick: renew };
  if (!saveNow?.pendingStudy()) {
    notifications.show({ ...base, action: renewAction });
    return;
  }
  // Shown first so that the notice with "Save now" lands on top of OHIF's notification stack.
  if (renewAction)
    notifications.show({
      title: 'Renew KHEOPS session',
      message: 'Open the study again from KHEOPS for a fresh session; this viewer stays open.',
      type: 'info',
      duration: DURATION_MS,
      action: renewAction,
    });
  notifications.show({ ...base, action: { label: 'Save now', onClick: () => saveNow.run() } });
}
