// The small part of OHIF's surface this extension touches. @ohif/core ships no types; these declarations
// follow platform/core/src (ExtensionManager.ts, ServicesManager.ts, UserAuthenticationService.ts,
// DataSources/IWebApiDataSource.js) of DEFAULT_OHIF_VERSION (./versions.ts, checked against ohif-versions.json;
// the full suite runs on it), and are kept to what is used. The other versions the peer range admits are
// smoke-tested against the same declarations (e2e/tests/ohif-versions.test.ts); where one differs, it says so inline.

export interface UserAuthenticationService {
  setServiceImplementation(impl: {
    getAuthorizationHeader?: () => Record<string, string> | undefined;
    handleUnauthenticated?: () => unknown;
  }): void;
}

export interface UINotificationService {
  show(args: {
    title: string;
    message: string;
    type?: 'info' | 'success' | 'warning' | 'error';
    duration?: number;
    /** One button on the notification (OHIF 3.13 UINotificationService.show). */
    action?: { label: string; onClick: () => void };
  }): void;
}

export interface CommandsManager {
  runCommand(name: string, props?: Record<string, unknown>, context?: string): unknown;
}

export interface ServicesManager {
  services: {
    userAuthenticationService: UserAuthenticationService;
    uiNotificationService?: UINotificationService;
    [name: string]: unknown;
  };
  registerService?(registration: { name: string; create: (args: unknown) => unknown }): void;
}

export interface DataSourceDefinition {
  namespace: string;
  sourceName: string;
  configuration?: Record<string, unknown>;
}

export interface AppConfig {
  dataSources?: DataSourceDefinition[];
  httpErrorHandler?: (error: { status?: number }) => void;
  [key: string]: unknown;
}

export interface RouteArgs {
  params?: Record<string, string | undefined>;
  query?: URLSearchParams;
}

/** OHIF's IWebApiDataSource as created by @ohif/extension-default's dicomweb createDataSource. */
export interface WebApiDataSource {
  initialize(args: RouteArgs): unknown;
  getStudyInstanceUIDs?(args: RouteArgs): string[];
  getConfig(): Record<string, unknown>;
  query: Record<string, Record<string, (...args: unknown[]) => unknown>>;
  retrieve: Record<string, unknown>;
  store: Record<string, (...args: unknown[]) => unknown>;
  [key: string]: unknown;
}

export interface DataSourceModuleEntry {
  createDataSource(
    configuration: Record<string, unknown>,
    servicesManager: ServicesManager,
    extensionManager: ExtensionManager,
  ): WebApiDataSource;
}

export interface ExtensionManager {
  getModuleEntry(id: string): unknown;
  getActiveDataSource?(): WebApiDataSource[];
}

export interface PreRegistrationArgs {
  servicesManager: ServicesManager;
  extensionManager: ExtensionManager;
  commandsManager?: CommandsManager;
  appConfig: AppConfig;
  configuration?: Record<string, unknown>;
}
