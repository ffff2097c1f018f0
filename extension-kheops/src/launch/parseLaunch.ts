import type { Launch } from './Launch';
import type { LaunchSettingsStore } from './LaunchSettings';
import { pickLaunch } from './styles';

/**
 * Recognises and validates a launch URL. Returns the launch (style 'none' when there is nothing to launch)
 * or throws a LaunchError that says what was wrong. Never sends a request. The styles and their precedence are
 * in ./styles.
 */
export function parseLaunch(href: string, trust: LaunchSettingsStore): Launch {
  return pickLaunch(href, trust).launch;
}
