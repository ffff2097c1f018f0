import { createKheopsDataSource, createRefusedDataSource } from './dataSource/createKheopsDataSource';
import { id } from './id';
import type { DraftKeeper } from './saveSafety/DraftKeeper';
import { installSession } from './installSession';
import type { KheopsConfiguration } from './KheopsConfiguration';
import { KheopsSettingsStore } from './KheopsSettings';
import type { AppConfig, ExtensionManager, PreRegistrationArgs, ServicesManager } from './ohif/types';
import { launchOncePerPage } from './launch/launchOncePerPage';
import { toLaunchError } from './launch/toLaunchError';
import { startLaunch, type LaunchOutcome } from './startLaunch';
import { showLaunchError } from './ui/showLaunchError';

const NAMESPACE = `${id}.dataSourcesModule.kheops`;

let outcome: LaunchOutcome | undefined;
let drafts: DraftKeeper | undefined;

/** One launch per page, whoever asks first: the early hook in app-config.js or OHIF's preRegistration. */
function launchOnce(appConfig: AppConfig): Promise<LaunchOutcome> {
  return launchOncePerPage(window, async () => {
    let settings: KheopsSettingsStore;
    try {
      settings = new KheopsSettingsStore(kheopsConfiguration(appConfig), (m) => console.warn(m));
    } catch (err) {
      // The address bar may hold a launch's secrets: scrub it before the error screen.
      window.history.replaceState(null, '', window.location.pathname);
      return { ok: false, error: toLaunchError(err) };
    }
    return startLaunch(window, settings);
  });
}

/**
 * Called from app-config.js (see docs/deployment.md) while OHIF's bundles are still loading: the address bar is
 * scrubbed at once, and an L4 login leaves for the authorization server without waiting for OHIF to boot.
 */
export function launchEarly(): Promise<LaunchOutcome> {
  return launchOnce((window as unknown as { config: AppConfig }).config);
}

function kheopsConfiguration(appConfig: AppConfig): KheopsConfiguration {
  const def = appConfig.dataSources?.find((d) => d.namespace === NAMESPACE);
  return (def?.configuration ?? {}) as KheopsConfiguration;
}

const extension = {
  id,

  /** Awaited by OHIF before anything of this extension registers: the launch is done before OHIF boots. */
  async preRegistration({ servicesManager, commandsManager, appConfig }: PreRegistrationArgs): Promise<void> {
    outcome = await launchOnce(appConfig);
    if (outcome.ok === 'redirecting') {
      await new Promise(() => undefined); // leaving for the authorization server; do not boot meanwhile
    } else if (outcome.ok) {
      installSession(outcome, servicesManager, appConfig, window, commandsManager, () =>
        drafts?.unsavedStudy(),
      );
    } else {
      showLaunchError(document, outcome.error);
    }
  },

  getDataSourcesModule() {
    return [
      {
        name: 'kheops',
        type: 'webApi',
        createDataSource(
          configuration: KheopsConfiguration,
          servicesManager: ServicesManager,
          extensionManager: ExtensionManager,
        ) {
          if (!outcome || outcome.ok !== true) {
            return createRefusedDataSource(
              outcome && outcome.ok === false
                ? outcome.error
                : (new Error('KHEOPS launch did not run') as never),
            );
          }
          const notify = (message: string) =>
            servicesManager.services.uiNotificationService?.show({
              title: 'KHEOPS',
              message,
              type: 'warning',
              duration: 8000,
            });
          return createKheopsDataSource(
            outcome,
            configuration,
            servicesManager,
            extensionManager,
            notify,
            (d) => (drafts = d),
          );
        },
      },
    ];
  },
};

export default extension;
export type { KheopsSessionService } from './installSession';
export type { KheopsConfiguration } from './KheopsConfiguration';
