import type { Session } from '../session/Session';
import type { StudyContext } from './Launch';
import type { LaunchError } from './LaunchError';
import type { LaunchStyleId } from './styles/LaunchStyle';

/** A launch that went through: where DICOMweb lives, the session holding the token, what was granted. */
export interface ReadyLaunch {
  ok: true;
  style: LaunchStyleId;
  endpoint: string;
  session: Session;
  context: StudyContext;
  returnUri?: string;
  /** Who the launch acts for, when KHEOPS says (ID token or userinfo); scopes local drafts and outbox. */
  user?: string;
}

export type LaunchOutcome = ReadyLaunch | { ok: false; error: LaunchError } | { ok: 'redirecting' };
