import type { Grant } from '../session/OidcLaunch';
import type { StudyContext } from './Launch';
import { LaunchError } from './LaunchError';

/**
 * The study context of a code launch: the launch's hint, and what the token response granted. A study the launch
 * names but the grant does not is refused; granted studies the launch did not name follow the named ones.
 */
export function agreeContext(hint: StudyContext, grant: Grant): StudyContext {
  if (!grant.studyUIDs)
    return { studyUIDs: [...hint.studyUIDs], seriesUID: grant.seriesUID ?? hint.seriesUID };
  const granted = new Set(grant.studyUIDs);
  const stray = hint.studyUIDs.filter((s) => !granted.has(s));
  if (stray.length)
    throw new LaunchError(
      'context_mismatch',
      'The launch names a study that KHEOPS did not grant to this viewer.',
    );
  const ordered = [...hint.studyUIDs, ...grant.studyUIDs.filter((s) => !hint.studyUIDs.includes(s))];
  return { studyUIDs: ordered, seriesUID: grant.seriesUID ?? hint.seriesUID };
}
