import type { Session, SessionSnapshot } from '../session/Session';
import type { ReadyLaunch } from '../startLaunch';

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

export function sessionService(launch: ReadyLaunch, session: Session = launch.session): KheopsSessionService {
  return {
    style: launch.style,
    studyUIDs: [...launch.context.studyUIDs],
    seriesUID: launch.context.seriesUID,
    returnUri: launch.returnUri,
    dicomwebEndpoint: launch.endpoint,
    snapshot: () => session.snapshot(),
    subscribe: (l) => session.subscribe(l),
    ready: () => session.freshToken().then(() => undefined),
  };
}
