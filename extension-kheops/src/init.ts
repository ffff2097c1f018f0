import { id } from './id';
import { KheopsSettingsStore, SettingsError, type KheopsSettings } from './KheopsSettings';
import { launchOncePerPage } from './launch/launchOncePerPage';
import { ConsoleLogger, once, type Logger } from './logger';
import { dicomwebKnobWarnings } from './ohif/dicomwebKeys';
import { OhifApp } from './ohif/OhifApp';
import type { AppConfig, PreRegistrationArgs } from './ohif/types';
import { LaunchError } from './launch/LaunchError';
import { EndpointPolicy } from './dataSource/EndpointPolicy';
import { LaunchPrefetch } from './dataSource/LaunchPrefetch';
import { KheopsRuntime, type RuntimeWindow } from './runtime/KheopsRuntime';
import { startLaunch, type LaunchOutcome } from './startLaunch';
import type { ReadyLaunch } from './launch/LaunchOutcome';
import { showConfigurationError } from './ui/showConfigurationError';
import { showLaunchError } from './ui/showLaunchError';
import { prefetchViewerScripts } from './launch/prefetchViewerScripts';

/** The page's launch: the settings read once, and what the launch came to (or why the settings are unusable). */
export type PageLaunch =
  | { settings: KheopsSettingsStore; log: Logger; outcome: LaunchOutcome; prefetch?: LaunchPrefetch }
  | { settingsError: SettingsError };

/** What preRegistration leaves for the data source factory, per OHIF app (its services manager). */
export type RuntimeSlot = KheopsRuntime | LaunchError | SettingsError;
export type Runtimes = WeakMap<object, RuntimeSlot>;

/**
 * One launch per page, whoever asks first: the early hook in app-config.js or OHIF's preRegistration. The
 * settings are read here, once; a configuration that cannot work is reported as such, and nothing is launched.
 */
export function launchOnce(win: Window, appConfig: AppConfig | undefined): Promise<PageLaunch> {
  return launchOncePerPage(win, async (): Promise<PageLaunch> => {
    const configuration = appConfig && OhifApp.kheopsConfiguration(appConfig, id);
    let settings: KheopsSettingsStore;
    let log: Logger;
    try {
      const debug = (configuration as { debug?: unknown } | undefined)?.debug === true;
      log = new ConsoleLogger(debug);
      const warn = once((m) => log.warn(m));
      settings = new KheopsSettingsStore(configuration as KheopsSettings | undefined, warn);
      dicomwebKnobWarnings(settings.dicomweb).forEach(warn);
    } catch (err) {
      // The address bar may hold a launch's secrets: scrub it before the error screen.
      win.history.replaceState(null, '', win.location.pathname);
      if (err instanceof SettingsError) return { settingsError: err };
      throw err;
    }
    const outcome = await startLaunch(win, settings);
    const prefetch = outcome.ok === true ? startPrefetch(win, outcome, settings) : undefined;
    return { settings, log, outcome, prefetch };
  });
}

/**
 * Asks for what OHIF will ask first while it boots, with the page's own fetch taken now: the request guard, which
 * answers from this prefetch, replaces the page's fetch later and must not see the prefetch's own requests.
 */
function startPrefetch(win: Window, outcome: ReadyLaunch, settings: KheopsSettingsStore): LaunchPrefetch {
  const pageFetch = win.fetch.bind(win);
  return new LaunchPrefetch(
    new EndpointPolicy(outcome.endpoint).endpoint,
    (url, init) => outcome.session.request(url, init, pageFetch),
    settings.prefetch,
  ).start(outcome.context);
}

/**
 * The launch of a page whose OHIF the early hook stopped (an OpenID sign-in request, L4): it leaves for the
 * authorization server, or shows here why it cannot, since no preRegistration will.
 */
export async function launchWithoutOhif(win: Window, appConfig: AppConfig | undefined): Promise<PageLaunch> {
  void prefetchViewerScripts(win).catch(() => undefined);
  const page = await launchOnce(win, appConfig);
  if ('settingsError' in page) showConfigurationError(win.document, page.settingsError.message);
  else if (page.outcome.ok === false) showLaunchError(win.document, page.outcome.error);
  else if (page.outcome.ok === true)
    showLaunchError(
      win.document,
      new LaunchError('internal_error', 'The viewer stopped loading for a sign-in that did not take place.'),
    );
  return page;
}

/**
 * OHIF's preRegistration, awaited before anything of this extension registers: the launch is done before OHIF
 * boots, and the runtime of a ready launch is started and left in `runtimes` for the data source factory.
 */
export async function preRegistration(
  { servicesManager, commandsManager, appConfig }: PreRegistrationArgs,
  runtimes: Runtimes,
  win: Window = window,
): Promise<void> {
  const page = await launchOnce(win, appConfig);
  if ('settingsError' in page) {
    runtimes.set(servicesManager, page.settingsError);
    showConfigurationError(win.document, page.settingsError.message);
    return;
  }
  const { outcome, settings, log, prefetch } = page;
  if (outcome.ok === 'redirecting') {
    await new Promise(() => undefined); // leaving for the authorization server; do not boot meanwhile
  } else if (outcome.ok) {
    const ohif = new OhifApp(servicesManager, appConfig, win, commandsManager);
    const runtime = new KheopsRuntime(
      settings,
      outcome,
      ohif,
      win as unknown as RuntimeWindow,
      log,
      {},
      prefetch,
    );
    runtime.start();
    runtimes.set(servicesManager, runtime);
  } else {
    runtimes.set(servicesManager, outcome.error);
    showLaunchError(win.document, outcome.error);
  }
}
