import { installRequestGuard } from './dataSource/RequestGuard';
import { EndpointPolicy } from './dataSource/EndpointPolicy';
import type { AppConfig, CommandsManager, ServicesManager } from './ohif/types';
import type { SessionSnapshot } from './session/Session';
import type { ReadyLaunch } from './startLaunch';
import { ExpiryWarnings } from './ui/ExpiryWarnings';
import { SaveNow } from './ui/SaveNow';
import { showSessionNotice } from './ui/showSessionNotice';
import { showReadOnlyNotice } from './ui/showReadOnlyNotice';
import { isReadOnlyScope } from './launch/checkWritePermission';

/** What the mode and UI see of the session (services.kheopsSessionService). Never exposes a token. */
export interface KheopsSessionService {
  style: ReadyLaunch['style'];
  studyUIDs: string[];
  seriesUID?: string;
  returnUri?: string;
  dicomwebEndpoint: string;
  snapshot(): SessionSnapshot;
  subscribe(listener: (s: SessionSnapshot) => void): () => void;
  /** Resolves once a usable token exists (refreshing if needed); rejects when the session cannot renew. */
  ready(): Promise<void>;
}

/**
 * Wires a ready launch into OHIF: the bearer through userAuthenticationService (so every OHIF code path asks
 * us), the request guard underneath (fresh token at send time, never to another origin), no full-page
 * redirect on 401, and the session service for the mode.
 */
export function installSession(
  launch: ReadyLaunch,
  servicesManager: ServicesManager,
  appConfig: AppConfig,
  win: Window,
  commandsManager?: CommandsManager,
  /** The launched study with measurements not yet handed to a save, once the data source keeps drafts. */
  unsavedStudy: () => string | undefined = () => undefined,
): KheopsSessionService {
  const { session } = launch;
  servicesManager.services.userAuthenticationService.setServiceImplementation({
    getAuthorizationHeader: () => {
      const t = session.currentToken();
      return t ? { Authorization: `Bearer ${t}` } : undefined;
    },
    // OHIF's default signs in again with a full-page redirect, which would drop unsaved measurements.
    handleUnauthenticated: () => {
      session.refresh().catch(() => undefined);
      return null;
    },
  });
  const previous = appConfig.httpErrorHandler;
  appConfig.httpErrorHandler = (error) => {
    if (error?.status === 401) session.refresh().catch(() => undefined);
    else previous?.(error);
  };

  installRequestGuard(
    win as unknown as Parameters<typeof installRequestGuard>[0],
    new EndpointPolicy(launch.endpoint),
    {
      currentToken: () => session.currentToken(),
      freshToken: () => session.freshToken(),
      isOurs: (header) => session.isOwnToken(header),
      refreshAfter401: () => session.refresh().then((t) => t.accessToken),
    },
  );
  // "Renew session" opens KHEOPS beside the viewer; launching the study again there brings drafts back.
  const returnUri = launch.returnUri;
  const renew = returnUri ? () => void win.open(returnUri, '_blank', 'noopener,noreferrer') : undefined;
  const { uiNotificationService } = servicesManager.services;
  const saveNow = commandsManager && new SaveNow(commandsManager, unsavedStudy);
  // Notices need OHIF's notification area, which exists once the viewer shows its first viewport.
  const startWarnings = () =>
    new ExpiryWarnings(session, (n) => showSessionNotice(uiNotificationService, n, { saveNow, renew }));
  const waitForViewer = win.setInterval(() => {
    if (!win.document.querySelector('[data-viewportid]')) return;
    win.clearInterval(waitForViewer);
    if (isReadOnlyScope(session.scope())) showReadOnlyNotice(uiNotificationService);
    startWarnings();
  }, 500);
  win.document.addEventListener('visibilitychange', () => session.recheck());
  win.addEventListener('online', () => session.recheck());

  const service: KheopsSessionService = {
    style: launch.style,
    studyUIDs: [...launch.context.studyUIDs],
    seriesUID: launch.context.seriesUID,
    returnUri: launch.returnUri,
    dicomwebEndpoint: launch.endpoint,
    snapshot: () => session.snapshot(),
    subscribe: (l) => session.subscribe(l),
    ready: () => session.freshToken().then(() => undefined),
  };
  servicesManager.registerService?.({ name: 'kheopsSessionService', create: () => service });
  return service;
}
