import type { Launch } from '../Launch';
import type { LaunchOutcome } from '../LaunchOutcome';
import { readLaunchUrl } from '../LaunchParams';
import type { LaunchSettingsStore } from '../LaunchSettings';
import { codeReport } from './codeReport';
import type { LaunchStyleModule, StartContext } from './LaunchStyle';
import { implicitReport } from './implicitReport';
import { loginCallback } from './loginCallback';
import { noLaunch } from './noLaunch';
import { thirdPartyLogin } from './thirdPartyLogin';
import { viewerLink } from './viewerLink';

export { LAUNCH_STYLES, type LaunchStyleId, type LaunchStyleModule, type StartContext } from './LaunchStyle';

/**
 * Precedence: the first style whose detect matches the URL parses it, and its refusal is final (a URL that mixes
 * styles is judged by the first). A token in the fragment wins over everything (one in the query is refused); a code with conf_uri is L3 before
 * it can be read as a callback; a callback's code and state win over L4's iss; `url` (L1) comes after all of them;
 * what none claims is no launch.
 */
export const LAUNCH_PRECEDENCE: readonly LaunchStyleModule<Launch>[] = [
  implicitReport,
  codeReport,
  loginCallback,
  thirdPartyLogin,
  viewerLink,
  noLaunch,
];

/** A validated launch and how to start it. */
export interface PickedLaunch {
  launch: Launch;
  start(ctx: StartContext): Promise<LaunchOutcome>;
}

/** The launch a page address carries, validated by the first style that claims it; throws a LaunchError. */
export function pickLaunch(href: string, trust: LaunchSettingsStore): PickedLaunch {
  const url = readLaunchUrl(href);
  const style: LaunchStyleModule<Launch> = LAUNCH_PRECEDENCE.find((s) => s.detect(url)) ?? noLaunch;
  const launch = style.parse(url, trust);
  return { launch, start: (ctx) => style.start(launch, ctx) };
}
