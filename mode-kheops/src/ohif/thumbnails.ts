import type { Services } from './types';

export interface CommandsManager {
  runCommand(name: string, options?: Record<string, unknown>): unknown;
}

/** Calls `listener` whenever display sets are added or changed; returns the unsubscribe, or undefined without the service. */
export function onDisplaySetsChanged(services: Services, listener: () => void): (() => void) | undefined {
  const { displaySetService } = services as {
    displaySetService?: {
      EVENTS: Record<string, string>;
      subscribe(event: string, cb: () => void): { unsubscribe(): void };
    };
  };
  if (!displaySetService) return undefined;
  const subscriptions = ['DISPLAY_SETS_ADDED', 'DISPLAY_SETS_CHANGED']
    .map((e) => displaySetService.EVENTS[e])
    .filter((e): e is string => !!e)
    .map((e) => displaySetService.subscribe(e, listener));
  return () => subscriptions.forEach((s) => s.unsubscribe());
}

/** OHIF's own command scrolling the active viewport's thumbnail into view; an OHIF without it is left alone. */
export function scrollActiveThumbnailIntoView(commandsManager: CommandsManager): void {
  try {
    commandsManager.runCommand('scrollActiveThumbnailIntoView');
  } catch {
    /* an OHIF without the command: nothing to follow */
  }
}
