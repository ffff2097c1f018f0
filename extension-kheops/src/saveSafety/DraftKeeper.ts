import { DefaultDraftOptions, type DraftOptions } from '../KheopsSettings';
import type { DraftStore } from './DraftStore';
import { storageFailure } from './SaveQueue';

/** One annotation as a plain object: enough to give it back to the viewer's annotation tools. */
export interface DraftAnnotation {
  annotationUID: string;
  toolName: string;
  studyUID: string;
  seriesUID: string;
  metadata: Record<string, unknown>;
  data: Record<string, unknown>;
}

export interface Draft {
  version: 1;
  savedAt: number;
  annotations: DraftAnnotation[];
}

/** What the keeper needs from the viewer (OHIF's measurement and display set services in the browser). */
export interface DraftHost {
  /** The viewer's current editable annotations. */
  annotations(): DraftAnnotation[];
  /** Called whenever annotations are added, changed or removed. */
  onChange(listener: () => void): () => void;
  /** Whether the viewer can take an annotation on this series back now (its images are known). */
  canRestore(seriesUID: string): boolean;
  /** Called when more series become known. */
  onSeriesAdded(listener: () => void): () => void;
  /** Gives an annotation back to the viewer. False when the viewer refused it. */
  restore(annotation: DraftAnnotation): boolean;
  /** Tells the user something about their drafts. */
  notify(message: string): void;
  /** Warns the user: what they were promised about their drafts does not hold. */
  warn(message: string): void;
}

// What the user drew, not what the viewer computed from it: statistics are recomputed for each viewport that
// shows an annotation, which is no edit.
const signature = (a: DraftAnnotation) => JSON.stringify([a.metadata, { ...a.data, cachedStats: undefined }]);

/**
 * Keeps the measurements not yet saved on this computer as they change, one draft per study, and gives them
 * back after a reload or a relaunch of the same study. What has been handed to the save queue is left out
 * until it changes again, so a restored draft never repeats a saved report.
 */
export class DraftKeeper {
  private readonly debounceMs: number;
  /** Annotations from a stored draft that the viewer has not taken back yet (their series is not loaded). */
  private waiting: DraftAnnotation[] = [];
  /** Signatures of annotations as they were when last saved, by annotation UID. */
  private readonly saved = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly unsubscribers: Array<() => void> = [];
  private stopWatchingSeries: (() => void) | null = null;
  private started = false;
  private warnedUnkept = false;

  constructor(
    private readonly store: DraftStore,
    private readonly scopeFor: (studyUID: string) => string,
    private readonly studyUIDs: string[],
    private readonly host: DraftHost,
    settings: DraftOptions = DefaultDraftOptions,
  ) {
    this.debounceMs = settings.debounceMs ?? DefaultDraftOptions.debounceMs;
  }

  /** Loads the stored drafts, gives back what can be given back now, and starts keeping changes. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const studyUID of this.studyUIDs) {
      const draft = (await this.store
        .load(this.scopeFor(studyUID))
        .catch((err: unknown) => this.cannotKeep(err))) as Draft | undefined;
      if (draft?.version === 1)
        this.waiting.push(...draft.annotations.filter((a) => a.studyUID === studyUID));
    }
    this.unsubscribers.push(this.host.onChange(() => this.schedule()));
    if (this.waiting.length) {
      this.stopWatchingSeries = this.host.onSeriesAdded(() => this.restoreWaiting());
      this.restoreWaiting();
    }
  }

  /**
   * A save of a study's annotations begins. Call the returned function once the SR left the viewer's hands
   * (stored in KHEOPS or safe in the outbox): the annotations as they were now are then dropped from the draft,
   * and come back into it only if they change again.
   */
  beginSave(studyUID: string): () => Promise<void> {
    const snapshot = this.host
      .annotations()
      .filter((a) => a.studyUID === studyUID)
      .map((a) => [a.annotationUID, signature(a)] as const);
    return async () => {
      snapshot.forEach(([uid, sig]) => this.saved.set(uid, sig));
      await this.writeNow();
    };
  }

  /** The first launched study with annotations drawn or changed since they were last handed to a save. */
  unsavedStudy(): string | undefined {
    const current = this.host.annotations();
    return this.studyUIDs.find((uid) => current.some((a) => a.studyUID === uid && this.isUnsaved(a)));
  }

  /** Writes pending changes at once (e.g. before the page goes away). */
  flush(): Promise<void> {
    return this.writeNow();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribers.splice(0).forEach((u) => u());
    this.stopWatchingSeries?.();
  }

  private restoreWaiting(): void {
    const still: DraftAnnotation[] = [];
    const present = new Set(this.host.annotations().map((a) => a.annotationUID));
    let restored = 0;
    for (const a of this.waiting) {
      if (present.has(a.annotationUID)) continue;
      if (this.host.canRestore(a.seriesUID) && this.host.restore(a)) restored++;
      else still.push(a);
    }
    this.waiting = still;
    if (!still.length) {
      this.stopWatchingSeries?.();
      this.stopWatchingSeries = null;
    }
    if (restored)
      this.host.notify(
        `${restored} measurement${restored === 1 ? '' : 's'} not yet saved to KHEOPS ${restored === 1 ? 'was' : 'were'} restored from this computer.`,
      );
  }

  private isUnsaved(a: DraftAnnotation): boolean {
    return this.saved.get(a.annotationUID) !== signature(a);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.writeNow();
    }, this.debounceMs);
  }

  private writeNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // One write at a time, in order, so an older snapshot never lands after a newer one.
    this.writing = this.writing.then(() => this.write()).catch((err: unknown) => this.cannotKeep(err));
    return this.writing;
  }

  /** The UI promises drafts stay on this computer: when they cannot, say so, once. */
  private cannotKeep(err: unknown): undefined {
    if (!this.warnedUnkept) {
      this.warnedUnkept = true;
      this.host.warn(
        `Measurements cannot be kept on this computer: ${storageFailure(err)}. Save them to KHEOPS before closing this window.`,
      );
    }
    return undefined;
  }

  private async write(): Promise<void> {
    const current = this.host.annotations();
    for (const studyUID of this.studyUIDs) {
      const unsaved = current.filter((a) => a.studyUID === studyUID && this.isUnsaved(a));
      const present = new Set(current.map((a) => a.annotationUID));
      const annotations = [
        ...unsaved,
        ...this.waiting.filter((a) => a.studyUID === studyUID && !present.has(a.annotationUID)),
      ];
      const scope = this.scopeFor(studyUID);
      if (annotations.length) {
        await this.store.save(scope, { version: 1, savedAt: Date.now(), annotations } satisfies Draft);
      } else {
        await this.store.clear(scope);
      }
    }
  }
}
