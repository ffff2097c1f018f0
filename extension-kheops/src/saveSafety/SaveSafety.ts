import type { KheopsSettingsStore } from '../KheopsSettings';
import type { Logger } from '../logger';
import type { ReadyLaunch } from '../startLaunch';
import type { Notifier } from '../ui/Notice';
import type { StowPayload } from '../ohif/CapturingRequest';
import { DraftKeeper, type DraftHost } from './DraftKeeper';
import { IndexedDbDraftStore, type DraftStore } from './DraftStore';
import { IndexedDbOutbox } from './IndexedDbOutbox';
import { defaultItemLocks, type ItemLocks } from './ItemLocks';
import type { Outbox, OutboxItem } from './Outbox';
import type { ReadBack } from './readBack';
import { SaveQueue, type SaveOutcome, type StowTransport } from './SaveQueue';
import { SaveState } from './SaveState';
import { saveScope } from './scope';

/** Thrown to OHIF's save flow when KHEOPS does not have the SR: OHIF then keeps the measurements tracked. */
export class NotInKheopsError extends Error {
  override readonly name = 'NotInKheopsError';
}

type Launch = Pick<ReadyLaunch, 'style' | 'endpoint' | 'user' | 'context' | 'session'>;

/** KHEOPS as the save path sees it: where reports go, and how one is looked up once stored. */
export interface SaveServer {
  stow: StowTransport;
  readBack?: ReadBack;
}

/** What lives on this computer (IndexedDB and Web Locks in the browser; memory in tests). */
export interface LocalSaveParts {
  outbox?: Outbox;
  drafts?: DraftStore;
  locks?: ItemLocks;
}

/** A report OHIF built, on its way to KHEOPS. */
export interface ReportToSave {
  studyUID?: string;
  seriesUID?: string;
  sopInstanceUID?: string;
  /** Builds the STOW body (OHIF's own SR writer); called once the drafts know a save began. */
  payload(): Promise<StowPayload>;
  /** Takes the SR out of the viewer when it is not in KHEOPS, so nothing looks saved that is not. */
  forget(sopInstanceUID: string): void;
}

/**
 * Everything that keeps the radiologist's work: one save queue per study (retries, outbox), the drafts of
 * measurements not yet saved, and what the user is told about both. "Saved" is said only when KHEOPS has it.
 */
export class SaveSafety {
  /** Unsaved, waiting, refused and confirmed reports of the launched studies, for the indicator. */
  readonly state = new SaveState();
  private readonly queues = new Map<string, SaveQueue>();
  private readonly announced = new Set<string>();
  /** The outbox items of each launched study, as last listed. */
  private readonly pendingByStudy = new Map<string, OutboxItem[]>();
  private drafts: DraftKeeper | undefined;
  private stopWatchingDrafts: (() => void) | undefined;
  private readonly outbox: Outbox;
  private readonly draftStore: DraftStore;
  private readonly locks: ItemLocks;

  constructor(
    private readonly launch: Launch,
    private readonly settings: Pick<KheopsSettingsStore, 'save' | 'drafts'>,
    private readonly server: SaveServer,
    private readonly notifier: Notifier,
    private readonly log: Logger,
    local: LocalSaveParts = {},
  ) {
    this.outbox = local.outbox ?? new IndexedDbOutbox();
    this.draftStore = local.drafts ?? new IndexedDbDraftStore();
    this.locks = local.locks ?? defaultItemLocks();
  }

  /** Starts keeping drafts of what the viewer shows (a new data source replaces the previous keeper). */
  keepDrafts(host: DraftHost): DraftKeeper {
    this.drafts?.dispose();
    this.stopWatchingDrafts?.();
    const drafts = new DraftKeeper(
      this.draftStore,
      (studyUID) => saveScope(this.launch.endpoint, studyUID, this.launch.user),
      this.launch.context.studyUIDs,
      host,
      this.settings.drafts,
    );
    this.drafts = drafts;
    void drafts.start();
    this.stopWatchingDrafts = host.onChange(() => this.updateUnsaved());
    this.updateUnsaved();
    return drafts;
  }

  /** The launched study with measurements not yet handed to a save. */
  unsavedStudy(): string | undefined {
    return this.drafts?.unsavedStudy();
  }

  /** Writes pending drafts now (the page is going away). */
  flush(): Promise<void> {
    return this.drafts?.flush() ?? Promise.resolve();
  }

  /** Uploads what a previous window of the same launch left in the outbox. */
  uploadLeftovers(): void {
    for (const studyUID of this.launch.context.studyUIDs) {
      const q = this.queueFor(studyUID);
      void q.pending().then(
        (pending) => {
          this.showPending(studyUID, pending);
          if (!pending.length) return;
          this.announced.add(studyUID);
          this.notifier.show({
            title: 'KHEOPS',
            message: `${pending.length} report(s) saved on this computer earlier are being uploaded to KHEOPS.`,
            type: 'info',
            duration: 8000,
          });
          void q.flush();
        },
        (err: unknown) => this.log.warn(`the outbox cannot be read: ${String(err)}`),
      );
    }
  }

  /** Saves one report OHIF built; resolves once KHEOPS has it, throws NotInKheopsError otherwise. */
  async save(report: ReportToSave): Promise<void> {
    const studyUID = report.studyUID ?? this.launch.context.studyUIDs[0]!;
    const handedOver = this.drafts?.beginSave(studyUID) ?? (() => Promise.resolve());
    const payload = await report.payload();
    const id = report.sopInstanceUID ?? `${studyUID}.${Date.now()}`;
    this.state.update((s) => ({ saving: s.saving + 1 }));
    const outcome = await this.queueFor(studyUID)
      .save({
        id,
        studyUID,
        seriesUID: report.seriesUID,
        bytes: payload.body,
        contentType: payload.contentType,
      })
      .finally(() => this.state.update((s) => ({ saving: s.saving - 1 })));
    // A refused report, or one this computer could not keep, stays in the drafts with its measurements.
    if (outcome.state === 'stored' || outcome.state === 'kept-locally')
      void handedOver().then(() => this.updateUnsaved());
    if (outcome.state === 'stored') return;
    report.forget(id);
    this.tell(studyUID, outcome);
    throw new NotInKheopsError(outcome.reason);
  }

  dispose(): void {
    this.stopWatchingDrafts?.();
    this.drafts?.dispose();
    this.queues.forEach((q) => q.dispose());
  }

  private queueFor(studyUID: string): SaveQueue {
    let q = this.queues.get(studyUID);
    if (!q) {
      const { session, style } = this.launch;
      q = new SaveQueue(
        saveScope(this.launch.endpoint, studyUID, this.launch.user),
        this.outbox,
        this.server.stow,
        {
          snapshot: () => session.snapshot(),
          subscribe: (listener) => session.subscribe(listener),
          viewerLink: style === 'L1',
        },
        this.settings.save,
        this.log,
        this.locks,
      );
      q.onStored((item) => void this.confirm(item));
      q.onPendingChange((pending) => {
        this.showPending(studyUID, pending);
        if (pending.length === 0 && this.announced.has(studyUID)) {
          this.announced.delete(studyUID);
          this.notifier.show({
            title: 'KHEOPS',
            message: 'Your report is now saved in KHEOPS.',
            type: 'success',
            duration: 6000,
          });
        }
      });
      this.queues.set(studyUID, q);
    }
    return q;
  }

  private updateUnsaved(): void {
    this.state.update({ unsaved: this.drafts?.unsavedStudy() !== undefined });
  }

  private showPending(studyUID: string, pending: OutboxItem[]): void {
    this.pendingByStudy.set(studyUID, pending);
    const all = [...this.pendingByStudy.values()].flat();
    this.state.update({
      waiting: all.filter((i) => !i.refused).length,
      refused: all.filter((i) => i.refused).length,
    });
  }

  /** "Confirmed" only once KHEOPS lists the report it said it stored. */
  private async confirm(item: OutboxItem): Promise<void> {
    const { readBack = async () => ({ found: false, reason: 'no look-up is set up' }) } = this.server;
    this.state.update((s) => ({ checking: s.checking + 1 }));
    const result = await readBack(item).catch((err: unknown) => ({
      found: false as const,
      reason: String(err),
    }));
    if (!result.found) this.log.warn(`a stored report was not found in KHEOPS: ${result.reason}`);
    this.state.update((s) =>
      result.found
        ? { checking: s.checking - 1, confirmed: s.confirmed + 1 }
        : { checking: s.checking - 1, unconfirmed: s.unconfirmed + 1, unconfirmedReason: result.reason },
    );
  }

  private tell(studyUID: string, outcome: Exclude<SaveOutcome, { state: 'stored' }>): void {
    if (outcome.state !== 'not-kept') this.announced.add(studyUID);
    const message = {
      refused: `${outcome.reason}. The report is kept on this computer; your measurements are still open.`,
      'kept-locally': `Saved on this computer — not yet in KHEOPS (${outcome.reason}). It will be uploaded as soon as KHEOPS can be reached with a valid session.`,
      'not-kept': `The report is not in KHEOPS: ${outcome.reason}. Your measurements are still open; save again once KHEOPS can be reached.`,
    }[outcome.state];
    this.notifier.show({
      title: 'Report not in KHEOPS yet',
      message,
      type: outcome.state === 'kept-locally' ? 'warning' : 'error',
      duration: 20000,
    });
  }
}
