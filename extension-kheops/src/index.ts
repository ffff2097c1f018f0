import { getDataSourcesModule } from './getDataSourcesModule';
import { id } from './id';
import { launchOnce, launchWithoutOhif, preRegistration, type PageLaunch, type Runtimes } from './init';
import type { AppConfig, PreRegistrationArgs } from './ohif/types';

/**
 * Called from app-config.js (see docs/deployment.md) while OHIF's bundles are still loading: the address bar is
 * scrubbed at once, and an L4 login leaves for the authorization server without waiting for OHIF to boot. With
 * `ohifStopped` the hook stopped the page's loading (an L4 sign-in request): errors are shown here.
 */
export function launchEarly(options: { ohifStopped?: boolean } = {}): Promise<PageLaunch> {
  const appConfig = (window as unknown as { config?: AppConfig }).config;
  return options.ohifStopped ? launchWithoutOhif(window, appConfig) : launchOnce(window, appConfig);
}

/** OHIF's extension module table. Each OHIF app (services manager) gets its runtime from preRegistration. */
function kheopsExtension() {
  const runtimes: Runtimes = new WeakMap();
  return {
    id,
    preRegistration: (args: PreRegistrationArgs) => preRegistration(args, runtimes),
    getDataSourcesModule: () => getDataSourcesModule(runtimes),
  };
}

export default kheopsExtension();
export type { KheopsSessionService } from './runtime/KheopsSessionService';
export type { KheopsSettings } from './KheopsSettings';
export {
  DefaultSessionTiming,
  DefaultSaveRetries,
  DefaultWarningTimes,
  DefaultDraftOptions,
} from './KheopsSettings';
export type { LaunchStyleId } from './launch/styles/LaunchStyle';
export { LAUNCH_STYLES } from './launch/styles/LaunchStyle';
