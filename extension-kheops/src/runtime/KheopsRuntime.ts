import { EndpointPolicy } from '../dataSource/EndpointPolicy';
import type { LaunchPrefetch } from '../dataSource/LaunchPrefetch';
import { installRequestGuard } from '../dataSource/RequestGuard';
import type { KheopsSettingsStore } from '../KheopsSettings';
import { isReadOnlyScope } from '../launch/checkWritePermission';
import type { Logger } from '../logger';
import { SESSION_SERVICE } from '../ohif/names';
import { OhifApp } from '../ohif/OhifApp';
import type { WebApiDataSource } from '../ohif/types';
import type { DraftHost } from '../saveSafety/DraftKeeper';
import { SaveSafety, type LocalSaveParts } from '../saveSafety/SaveSafety';
import { qidoReadBack } from '../saveSafety/readBack';
import { stowOverFetch } from '../saveSafety/stowOverFetch';
import type { AuthorizedRequest, Transport } from '../session/Session';
import type { ReadyLaunch } from '../startLaunch';
import { ExpiryWarnings } from '../ui/ExpiryWarnings';
import { SaveNow } from '../ui/SaveNow';
import { SaveStateIndicator } from '../ui/SaveStateIndicator';
import { showReadOnlyNotice } from '../ui/showReadOnlyNotice';
import { showSessionNotice } from '../ui/showSessionNotice';
import { sessionService, type KheopsSessionService } from './KheopsSessionService';

/** The browser parts the runtime uses (the window; a fake in tests). */
export type RuntimeWindow = Parameters<typeof installRequestGuard>[0] &
  ConstructorParameters<typeof OhifApp>[2] &
  Pick<Window, 'addEventListener' | 'open'> & {
    document: Pick<
      Document,
      'addEventListener' | 'querySelector' | 'createElement' | 'body' | 'getElementById'
    >;
  };

/**
 * One launched viewer: created by preRegistration once the launch is ready, it owns the settings, the session,
 * the endpoint policy, the save safety (queues, outbox, drafts) and the logger, and wires them into OHIF through
 * the adapter. Every token-bearing request goes through `session.request`: the fetch guard and the STOW transport
 * call it with the page's own fetch; OHIF's hooks only report to the session.
 */
export class KheopsRuntime {
  readonly policy: EndpointPolicy;
  readonly saveSafety: SaveSafety;
  /** The one authorized request, sent with the page's fetch as it was before the guard. */
  readonly request: AuthorizedRequest;
  private readonly pageFetch: Transport;
  private warnings: ExpiryWarnings | undefined;
  private indicator: SaveStateIndicator | undefined;
  private readonly stops: Array<() => void> = [];
  private leftoversUploaded = false;

  constructor(
    readonly settings: KheopsSettingsStore,
    readonly launch: ReadyLaunch,
    readonly ohif: OhifApp,
    private readonly win: RuntimeWindow,
    readonly log: Logger,
    stores: LocalSaveParts = {},
    /** What the launch asked for while OHIF booted, for OHIF's first requests. */
    private readonly prefetch?: LaunchPrefetch,
  ) {
    this.policy = new EndpointPolicy(launch.endpoint);
    const pageFetch = win.fetch;
    this.pageFetch = (url, init) => pageFetch.call(win, url, init);
    this.request = (url, init) => launch.session.request(url, init, this.pageFetch);
    this.saveSafety = new SaveSafety(
      launch,
      settings,
      {
        stow: stowOverFetch(this.policy.endpoint, this.request),
        readBack: qidoReadBack(this.policy.endpoint, this.request),
      },
      ohif,
      log,
      stores,
    );
  }

  get session(): ReadyLaunch['session'] {
    return this.launch.session;
  }

  /** Wires the session into OHIF and the page; called once, from preRegistration. */
  start(): KheopsSessionService {
    const { session } = this;
    this.ohif.reportAuthTo({
      currentToken: () => session.currentToken(),
      unauthorized: () => {
        this.log.debug('OHIF saw a 401; asking the session to renew');
        session.refresh().catch(() => undefined);
      },
    });
    this.stops.push(
      installRequestGuard(
        this.win,
        this.policy,
        {
          currentToken: () => session.currentToken(),
          freshToken: () => session.freshToken(),
          isOurs: (header) => session.isOwnToken(header),
          request: (url, init, via) => session.request(url, init, via),
        },
        this.log,
        this.prefetch,
      ),
    );
    // Notices need OHIF's notification area, which exists once the viewer shows its first viewport.
    this.stops.push(this.ohif.whenViewerShown(() => this.viewerShown()));
    this.win.document.addEventListener('visibilitychange', () => session.recheck());
    this.win.addEventListener('online', () => session.recheck());
    this.win.addEventListener('pagehide', () => void this.saveSafety.flush());
    const service = sessionService(this.launch);
    this.ohif.registerService(SESSION_SERVICE, service);
    this.log.debug(`launch ${this.launch.style} ready`);
    return service;
  }

  /** The data source exists: its saves go through save safety, and its measurements are kept as drafts. */
  attachDataSource(ds: WebApiDataSource, drafts: DraftHost): void {
    OhifApp.interceptStore(ds, (dataset, payload) =>
      this.saveSafety.save({
        studyUID: dataset.StudyInstanceUID,
        seriesUID: dataset.SeriesInstanceUID,
        sopInstanceUID: dataset.SOPInstanceUID,
        payload,
        forget: (sop) => this.ohif.forgetReport(sop),
      }),
    );
    this.saveSafety.keepDrafts(drafts);
    if (!this.leftoversUploaded) {
      this.leftoversUploaded = true;
      this.saveSafety.uploadLeftovers();
    }
  }

  dispose(): void {
    this.stops.splice(0).forEach((stop) => stop());
    this.prefetch?.dispose();
    this.warnings?.dispose();
    this.indicator?.dispose();
    this.saveSafety.dispose();
  }

  private viewerShown(): void {
    const readOnly = isReadOnlyScope(this.session.scope());
    if (readOnly) showReadOnlyNotice(this.ohif);
    this.saveSafety.state.update({ readOnly });
    this.indicator = new SaveStateIndicator(this.win.document, this.saveSafety.state);
    // "Renew session" opens KHEOPS beside the viewer; launching the study again there brings drafts back.
    const returnUri = this.launch.returnUri;
    const renew = returnUri
      ? () => void this.win.open(returnUri, '_blank', 'noopener,noreferrer')
      : undefined;
    const saveNow = this.ohif.canPromptSaveReport
      ? new SaveNow(
          (study) => this.ohif.promptSaveReport(study),
          () => this.saveSafety.unsavedStudy(),
        )
      : undefined;
    this.warnings = new ExpiryWarnings(
      this.session,
      (n) => showSessionNotice(this.ohif, n, { saveNow, renew }),
      this.settings.warnings,
    );
  }
}
