import type { KheopsSettingsStore } from './KheopsSettings';
import type { BrowserWindow } from './launch/BrowserWindow';
import { cleanUrl } from './launch/cleanUrl';
import type { LaunchOutcome } from './launch/LaunchOutcome';
import { launchRoute, LaunchSettingsStore } from './launch/LaunchSettings';
import { isTrustedUrl } from './launch/origins';
import { parseLaunch } from './launch/parseLaunch';
import { pickLaunch, type LaunchStyleId, type PickedLaunch } from './launch/styles';
import { ISSUER_KEY } from './launch/styles/openIdSignIn';
import { toLaunchError } from './launch/toLaunchError';
import { clearPendingSignins } from './session/OidcLaunch';

export type { BrowserWindow } from './launch/BrowserWindow';
export type { LaunchOutcome, ReadyLaunch } from './launch/LaunchOutcome';
/** @deprecated the one style id type is LaunchStyleId (launch/styles). */
export type LaunchStyle = LaunchStyleId;

const RETURN_KEY = 'kheops.returnUri';

/**
 * Runs a launch to the point where OHIF can boot: reads the settings, scrubs every secret from the address bar
 * before anything else reads it, picks the launch style the URL carries (launch/styles) and runs it.
 * Never throws: failures come back as a LaunchError for the error screen.
 */
export async function startLaunch(win: BrowserWindow, settings: KheopsSettingsStore): Promise<LaunchOutcome> {
  let returnUri: string | undefined;
  try {
    const href = win.location.href; // read once: the address bar is scrubbed right below
    let trust: LaunchSettingsStore;
    let picked: PickedLaunch;
    try {
      trust = LaunchSettingsStore.of(settings, win.location.origin);
      const stored = win.sessionStorage.getItem(RETURN_KEY) ?? undefined;
      returnUri = isTrustedUrl(stored, trust.trustedOrigins) ? stored : undefined;
      picked = pickLaunch(href, trust);
    } catch (err) {
      // A malformed callback (empty code, duplicated state…) ends the sign-in too: drop its state and PKCE verifier.
      clearPendingSignins(win.sessionStorage);
      win.sessionStorage.removeItem(ISSUER_KEY);
      throw err;
    } finally {
      // Whatever happens next, the address bar and history keep no secret.
      win.history.replaceState(null, '', launchRoute(settings.route));
    }
    const { launch } = picked;
    if (launch.style !== 'callback') win.history.replaceState(null, '', cleanUrl(trust.route, launch));
    if ('returnUri' in launch && launch.returnUri) {
      returnUri = launch.returnUri;
      win.sessionStorage.setItem(RETURN_KEY, returnUri);
    }
    return await picked.start({
      win,
      settings,
      trust,
      href,
      returnUri,
      redirectUri: settings.redirectUri ?? `${trust.viewerOrigin}${trust.route}`,
      reparse: (target) => parseLaunch(target, trust),
    });
  } catch (err) {
    return { ok: false, error: toLaunchError(err, returnUri) };
  }
}
