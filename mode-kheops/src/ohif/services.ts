import type { KheopsSessionService } from '@kheops-ohif/extension-kheops';
import type { ModeInstance, Services } from './types';

/** A warning toast from the KHEOPS mode, through OHIF's uiNotificationService (when the app has one). */
export function kheopsNotifier(services: Services): (message: string) => void {
  return (message) =>
    services.uiNotificationService?.show({ title: 'KHEOPS', message, type: 'warning', duration: 8000 });
}

/** The extension's session service, present only inside a KHEOPS launch. */
export function kheopsSession(services: Services | undefined): KheopsSessionService | undefined {
  return services?.kheopsSessionService;
}

/** The StudyInstanceUID of the study object OHIF hands isValidMode (the work list's or the data source's shape). */
export function studyUIDOf(study: Record<string, unknown> | undefined): string | undefined {
  const uid = study?.studyInstanceUid ?? study?.StudyInstanceUID;
  return typeof uid === 'string' ? uid : undefined;
}

/** Registers a cleanup the way OHIF's longitudinal onModeExit runs them (its `_unsubscriptions` list). */
export function onModeExit(
  mode: ModeInstance & { _unsubscriptions?: Array<() => void> },
  cleanup: () => void,
) {
  mode._unsubscriptions = mode._unsubscriptions ?? [];
  mode._unsubscriptions.push(cleanup);
}
