// The small part of OHIF's runtime surface this mode touches, for its adapter layer (src/ohif/: nothing else in the
// mode names an OHIF service, command, event or internal). @ohif/core ships no usable types; these declarations
// follow the dist of the OHIF version named "default" in ohif-versions.json (the one place it is pinned)
// (platform/app/src/routes/Mode/{Mode.tsx,defaultRouteInit.ts}, platform/core/src/services/HangingProtocolService,
// extensions/default/src/DicomWebDataSource). The other versions the peer range admits are smoke-tested
// (e2e/tests/ohif-versions.test.ts); where one differs, it says so inline.

import type { KheopsSessionService } from '@kheops-ohif/extension-kheops';

export interface DisplaySet {
  displaySetInstanceUID: string;
  SeriesInstanceUID?: string;
  StudyInstanceUID?: string;
  [key: string]: unknown;
}

/** The series summary QIDO returned (naturalized), as sortStudySeries sees it. */
export interface SeriesSummary {
  SeriesInstanceUID?: string;
  [key: string]: unknown;
}

export type SeriesComparator = (a: SeriesSummary, b: SeriesSummary) => number;

/** One lazily started series-metadata retrieval (DicomWebDataSource with returnPromises). */
export interface SeriesRetrieval {
  metadata?: SeriesSummary;
  start(): Promise<unknown>;
}

export interface HangingProtocol {
  id: string;
  name?: string;
  hpInitiationCriteria?: { minSeriesLoaded?: number };
  displaySetSelectors: Record<string, { seriesMatchingRules?: Array<Record<string, unknown>> }>;
  [key: string]: unknown;
}

export interface RequiredSeries {
  requiredSeries: SeriesRetrieval[];
  remaining: SeriesRetrieval[];
}

export interface HangingProtocolService {
  filterSeriesRequiredForRun?(protocolId: unknown, series: SeriesRetrieval[]): RequiredSeries;
  addProtocol(id: string, protocol: HangingProtocol): void;
  getProtocolById(id: string): HangingProtocol | undefined;
  addCustomAttribute(id: string, name: string, callback: (displaySet: DisplaySet) => unknown): void;
  protocols?: Map<string, unknown>;
}

export interface UINotificationService {
  show(args: {
    title: string;
    message: string;
    type?: 'info' | 'success' | 'warning' | 'error';
    duration?: number;
  }): void;
}

export interface CustomizationService {
  getCustomization(id: string): unknown;
}

export interface Services {
  hangingProtocolService: HangingProtocolService;
  uiNotificationService?: UINotificationService;
  customizationService: CustomizationService;
  /** Registered by extension-kheops (its installSession); absent outside a KHEOPS launch. */
  kheopsSessionService?: KheopsSessionService;
  [name: string]: unknown;
}

export interface ServicesManager {
  services: Services;
}

export interface DataSource {
  retrieve: {
    series: {
      metadata(args: {
        StudyInstanceUID: string;
        filters?: Record<string, unknown>;
        sortCriteria?: unknown;
        returnPromises?: boolean;
      }): Promise<unknown>;
    };
  };
  [key: string]: unknown;
}

/** The first argument Mode.tsx passes to routes[0].init (and then to defaultRouteInit). */
export interface RouteInitArgs {
  servicesManager: ServicesManager;
  studyInstanceUIDs: string[];
  dataSource: DataSource;
  filters?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Route {
  path: string;
  init?: (args: RouteInitArgs, hangingProtocolId?: unknown, stageIndex?: number) => Promise<unknown>;
  [key: string]: unknown;
}

/** The pieces of a mode instance this mode touches (platform/app/src/routes/Mode/Mode.tsx). */
export interface ModeInstance {
  id: string;
  routeName: string;
  displayName: string;
  extensions: Record<string, string>;
  routes: Route[];
  hangingProtocol?: string | string[];
  onModeInit?: (args: { servicesManager: ServicesManager; query?: URLSearchParams }) => void;
  isValidMode?: (args: { modalities: string; study?: Record<string, unknown> }) => {
    valid: boolean | null;
    description?: string;
  };
  [key: string]: unknown;
}
