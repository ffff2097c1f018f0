import type { Notice, Notifier } from '../ui/Notice';
import { CapturingRequest, type StowPayload } from './CapturingRequest';
import { DICOMWEB_MODULE, SAVE_REPORT_COMMAND, VIEWPORT_MARKER, dataSourceNamespace } from './names';
import type {
  AppConfig,
  CommandsManager,
  DataSourceModuleEntry,
  ExtensionManager,
  ServicesManager,
  WebApiDataSource,
} from './types';

/** What OHIF's hooks report to: the session (which refreshes, single-flight). Never more than this. */
export interface AuthReports {
  currentToken(): string | undefined;
  /** Called after a 401 OHIF saw (an XMLHttpRequest, which cannot go through Session.request). */
  unauthorized(): void;
}

interface DisplaySetLike {
  displaySetInstanceUID: string;
  SOPInstanceUID?: string;
  instances?: Array<{ SOPInstanceUID?: string }>;
}
interface DisplaySetService {
  getActiveDisplaySets(): DisplaySetLike[];
  deleteDisplaySet(uid: string): void;
}

/** Browser parts the adapter needs (the window; a fake in tests). */
export type AppWindow = Pick<Window, 'setInterval' | 'clearInterval' | 'setTimeout'> & {
  document: Pick<Document, 'querySelector'>;
};

/**
 * The OHIF adapter: the one place that talks to OHIF's services, commands, DOM and data-source internals.
 * Everything else in the extension speaks in its own terms (notices, sessions, reports).
 */
export class OhifApp implements Notifier {
  private held: Notice[] | null = null;

  constructor(
    private readonly servicesManager: ServicesManager,
    private readonly appConfig: AppConfig,
    private readonly win: AppWindow,
    private readonly commandsManager?: CommandsManager,
  ) {}

  /** The KHEOPS data source's `configuration` as written in app-config.js. */
  static kheopsConfiguration(appConfig: AppConfig, extensionId: string): Record<string, unknown> | undefined {
    const namespace = dataSourceNamespace(extensionId);
    return appConfig.dataSources?.find((d) => d.namespace === namespace)?.configuration;
  }

  /**
   * Shows a notice; one given before the viewer shows its first viewport waits for it: until then OHIF has no
   * notification area and its service drops the notice ("show() NOT IMPLEMENTED").
   */
  show(notice: Notice): void {
    if (this.held) {
      this.held.push(notice);
    } else if (this.win.document.querySelector(VIEWPORT_MARKER)) {
      this.servicesManager.services.uiNotificationService?.show(notice);
    } else {
      this.held = [notice];
      this.whenViewerShown(() => {
        const held = this.held ?? [];
        this.held = null;
        held.forEach((n) => this.show(n));
      });
    }
  }

  /**
   * OHIF's hooks only report: the bearer OHIF code paths ask for, no full-page redirect on 401 (OHIF's default
   * signs in again, which would drop unsaved measurements), and a 401 told to the session.
   */
  reportAuthTo(session: AuthReports): void {
    this.servicesManager.services.userAuthenticationService.setServiceImplementation({
      getAuthorizationHeader: () => {
        const t = session.currentToken();
        return t ? { Authorization: `Bearer ${t}` } : undefined;
      },
      handleUnauthenticated: () => {
        session.unauthorized();
        return null;
      },
    });
    const previous = this.appConfig.httpErrorHandler;
    this.appConfig.httpErrorHandler = (error) => {
      if (error?.status === 401) session.unauthorized();
      else previous?.(error);
    };
  }

  /** Calls `ready` once, when the viewer shows its first viewport (OHIF's notification area exists then). */
  whenViewerShown(ready: () => void): () => void {
    const timer = this.win.setInterval(() => {
      if (!this.win.document.querySelector(VIEWPORT_MARKER)) return;
      this.win.clearInterval(timer);
      ready();
    }, 500);
    return () => this.win.clearInterval(timer);
  }

  registerService(name: string, service: unknown): void {
    this.servicesManager.registerService?.({ name, create: () => service });
  }

  get canPromptSaveReport(): boolean {
    return !!this.commandsManager;
  }

  /** OHIF's save-report prompt for one study's measurements; false when OHIF offers no commands. */
  promptSaveReport(studyUID: string): boolean {
    if (!this.commandsManager) return false;
    this.commandsManager.runCommand(SAVE_REPORT_COMMAND, {
      StudyInstanceUID: studyUID,
      measurementFilter: (m: { referenceStudyUID?: string }) => m.referenceStudyUID === studyUID,
    });
    return true;
  }

  /** OHIF adds an SR to its local store before uploading it: take it out so nothing looks saved that is not. */
  forgetReport(sopInstanceUID: string): void {
    // Only once OHIF's save flow has handled the failure (its promise chain, the loading dialog): a display set
    // deleted before that stays in OHIF's study browser, which then fails on it ("Something went wrong").
    this.win.setTimeout(() => this.deleteReportDisplaySets(sopInstanceUID), 0);
  }

  private deleteReportDisplaySets(sopInstanceUID: string): void {
    const displaySets = this.servicesManager.services.displaySetService as DisplaySetService | undefined;
    for (const set of displaySets?.getActiveDisplaySets() ?? []) {
      if (
        set.SOPInstanceUID === sopInstanceUID ||
        set.instances?.some((i) => i.SOPInstanceUID === sopInstanceUID)
      )
        displaySets!.deleteDisplaySet(set.displaySetInstanceUID);
    }
  }

  /** OHIF's own DICOMweb data source with this configuration. */
  static createDicomWebDataSource(
    configuration: Record<string, unknown>,
    servicesManager: ServicesManager,
    extensionManager: ExtensionManager,
  ): WebApiDataSource {
    const entry = extensionManager.getModuleEntry(DICOMWEB_MODULE) as DataSourceModuleEntry | undefined;
    if (!entry) throw new Error(`KHEOPS data source needs ${DICOMWEB_MODULE} (OHIF's default extension)`);
    return entry.createDataSource(configuration, servicesManager, extensionManager);
  }

  /**
   * Takes over the data source's store.dicom: OHIF still builds the SR (dicomweb-client accepts a request object
   * in `options.request`, which CapturingRequest stands in for), and `save` gets the STOW body instead of the
   * network. What `save` throws reaches OHIF's save flow, which then keeps the measurements tracked.
   */
  static interceptStore(
    ds: WebApiDataSource,
    save: (
      dataset: { StudyInstanceUID?: string; SeriesInstanceUID?: string; SOPInstanceUID?: string },
      payload: () => Promise<StowPayload>,
    ) => Promise<void>,
  ): void {
    const innerStore = ds.store.dicom as (
      dataset: unknown,
      request: unknown,
      dicomDict: unknown,
    ) => Promise<unknown>;
    ds.store.dicom = (dataset: unknown, _request: unknown, dicomDict: unknown) =>
      save(
        dataset as { StudyInstanceUID?: string; SeriesInstanceUID?: string; SOPInstanceUID?: string },
        async () => {
          const capture = new CapturingRequest();
          await innerStore(dataset, capture, dicomDict);
          return capture.payload;
        },
      );
  }
}
