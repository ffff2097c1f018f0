import type { Notifier } from './Notice';

export const READ_ONLY_MESSAGE =
  'This launch is read-only (a KHEOPS sharing link, or an album without "add series"): KHEOPS will not accept reports from it. Measurements you draw are kept on this computer only.';

/** Shown as the viewer opens, so the radiologist knows before drawing that nothing can be saved to KHEOPS. */
export function showReadOnlyNotice(notifications: Notifier | undefined): void {
  notifications?.show({
    title: 'KHEOPS: read-only',
    message: READ_ONLY_MESSAGE,
    type: 'warning',
    duration: 60_000,
  });
}
