import type { NoLaunch } from '../Launch';
import { LaunchError } from '../LaunchError';
import { studyContext } from '../launchFields';
import type { LaunchStyleModule } from './LaunchStyle';

/** What no style claims: a stray code is a broken launch; anything else is a plain visit or a reload. */
export const noLaunch: LaunchStyleModule<NoLaunch> = {
  style: 'none',

  detect: () => true,

  parse({ query: q }) {
    if (q.has('code'))
      throw new LaunchError('missing_parameter', 'The launch carries a code but no "conf_uri" or "state".');
    const ctx = studyContext(
      q.list('StudyInstanceUIDs', 'studyInstanceUIDs'),
      q.list('initialSeriesInstanceUID'),
      'StudyInstanceUIDs',
      'initialSeriesInstanceUID',
    );
    return { style: 'none', ...ctx };
  },

  async start(launch, { returnUri }) {
    throw new LaunchError(
      'no_session',
      launch.studyUIDs.length
        ? 'This viewer window has no KHEOPS session for the study.'
        : 'This viewer opens studies launched from KHEOPS.',
      returnUri,
    );
  },
};
