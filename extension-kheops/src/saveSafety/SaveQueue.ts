import { DefaultSaveRetries, type SaveRetries } from '../KheopsSettings';
import type { Logger } from '../logger';
import { SessionExpiredError } from '../session/TokenSet';
import { PageItemLocks, type ItemLocks } from './ItemLocks';
import type { Outbox, OutboxItem } from './Outbox';
import { stowAnswer } from './stowAnswers';

/** What KHEOPS answered a STOW with. */
export interface StowAnswer {
  status: number;
  /** A human-readable reason from the answer (FailedSOPSequence, error body), if any. */
  detail?: string;
}

/**
 * Sends a STOW body to KHEOPS through the session's one authorized request (which renews the token and replays
 * once after a 401). Rejects on network failure, and with SessionExpiredError when no token can be had.
 */
export type StowTransport = (item: OutboxItem) => Promise<StowAnswer>;

/** The part of the session the queue needs: whether a session is back, and what the token's expiry is. */
export interface SaveSession {
  snapshot(): { status: string; expiresAt?: number };
  subscribe(listener: (s: { status: string }) => void): () => void;
  /**
   * An L1 viewer link: KHEOPS signs viewer tokens with a key it makes at start and never says when they expire,
   * so a 401 means the link is over (KHEOPS restarted, or the link expired) and only a new launch brings one back.
   */
  readonly viewerLink?: boolean;
}

/** A report to save: the outbox item without what the queue adds. */
export type NewReport = Pick<OutboxItem, 'id' | 'studyUID' | 'seriesUID' | 'bytes' | 'contentType'>;

const VIEWER_LINK_REFUSED =
  "KHEOPS no longer accepts this viewer's link — KHEOPS may have restarted or the link expired; open the study again from KHEOPS to upload the report";

export type SaveOutcome =
  | { state: 'stored' }
  /** Not in KHEOPS yet; kept on this computer and uploaded automatically when possible. */
  | { state: 'kept-locally'; reason: string }
  /** KHEOPS refused the content itself (e.g. 409 patient/study mismatch); kept on this computer. */
  | { state: 'refused'; reason: string }
  /** Not in KHEOPS, and this computer could not keep it either (storage full, private window…). */
  | { state: 'not-kept'; reason: string };

/**
 * Puts SRs into KHEOPS without ever losing one: quick retries for transient failures and an outbox on this
 * computer for whatever cannot be uploaded now, flushed as soon as a valid session exists. An SR counts as saved
 * only once KHEOPS said so. Renewing the token after a 401 is the session's (Session.request), not the queue's.
 */
export class SaveQueue {
  private readonly retryDelaysMs: number[];
  private readonly backgroundRetryMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;
  private readonly listeners = new Set<(pending: OutboxItem[]) => void>();
  private readonly storedListeners = new Set<(item: OutboxItem) => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly scope: string,
    private readonly outbox: Outbox,
    private readonly stow: StowTransport,
    private readonly session: SaveSession,
    settings: SaveRetries = DefaultSaveRetries,
    private readonly log?: Logger,
    /** Held per item while it is uploaded, so that no other window of this study uploads it too. */
    private readonly locks: ItemLocks = new PageItemLocks(),
  ) {
    this.retryDelaysMs = [...(settings.retryDelaysMs ?? DefaultSaveRetries.retryDelaysMs)];
    this.backgroundRetryMs = settings.backgroundRetryMs ?? DefaultSaveRetries.backgroundRetryMs;
    let last = session.snapshot().status;
    this.unsubscribe = session.subscribe((s) => {
      if (s.status === 'active' && last !== 'active') void this.flush();
      last = s.status;
    });
  }

  /** Items waiting on this computer for this scope. */
  pending(): Promise<OutboxItem[]> {
    return this.outbox.list(this.scope);
  }

  onPendingChange(listener: (pending: OutboxItem[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called for each report KHEOPS said it stored, whether by a save or by a flush of the outbox. */
  onStored(listener: (item: OutboxItem) => void): () => void {
    this.storedListeners.add(listener);
    return () => this.storedListeners.delete(listener);
  }

  /** Save one SR. The bytes are in the outbox before the first attempt, so a crash mid-upload loses nothing. */
  async save(report: NewReport): Promise<SaveOutcome> {
    const item: OutboxItem = { ...report, scope: this.scope, createdAt: Date.now() };
    try {
      return await this.locks.hold(item.id, async () => {
        // When this put fails, the upload goes on: keeping the item after a failed attempt tries the outbox again.
        await this.put(item);
        return this.upload(item, true);
      });
    } finally {
      await this.notify();
    }
  }

  /**
   * Try every waiting item once (after a refresh, a re-authentication, a relaunch or coming back online). Never
   * rejects: its callers do not wait for it, and an outbox that cannot be read has nothing to upload.
   */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        const waiting = await this.outbox.list(this.scope).catch((err: unknown) => {
          this.log?.warn(`the outbox cannot be read: ${storageFailure(err)}`);
          return [];
        });
        for (const { id } of waiting) {
          // An item whose lock is held is being uploaded by a save, here or in another window: that one sends it.
          await this.locks.holdIfFree(id, async () => {
            // Read again under the lock: the holder before us may have uploaded it or found it refused.
            const item = (await this.outbox.list(this.scope)).find((i) => i.id === id);
            if (item && !item.refused) await this.upload(item, false);
          });
        }
      } finally {
        this.flushing = null;
        await this.notify();
      }
    })();
    return this.flushing;
  }

  dispose(): void {
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
  }

  private async upload(item: OutboxItem, quickRetries: boolean): Promise<SaveOutcome> {
    const delays = quickRetries ? [0, ...this.retryDelaysMs] : [0];
    let reason = '';
    for (const delay of delays) {
      if (delay) await new Promise((r) => setTimeout(r, delay));
      let answer: StowAnswer;
      try {
        answer = await this.stow(item);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        if (err instanceof SessionExpiredError)
          return this.keep(item, `the KHEOPS session has expired (${why})`);
        reason = `KHEOPS could not be reached (${why})`;
        continue;
      }
      const { kind, reason: described } = stowAnswer(answer.status, answer.detail);
      this.log?.debug(`STOW answered ${answer.status} (${kind})`);
      if (kind === 'stored') {
        await this.outbox
          .remove(item.id)
          .catch((err: unknown) => this.log?.warn(`outbox cleanup failed: ${storageFailure(err)}`));
        this.storedListeners.forEach((l) => l(item));
        return { state: 'stored' };
      }
      if (kind === 'unauthorized') return this.keep(item, this.describe401(described));
      if (kind === 'refused') {
        const unkept = await this.put({ ...item, reason: described, refused: true });
        return unkept ? this.notKept(described, unkept) : { state: 'refused', reason: described };
      }
      reason = described;
    }
    return this.keep(item, reason);
  }

  /**
   * A 401 for a token our clock says is still valid is not an expiry: KHEOPS authorizes a report-provider token
   * on every save by re-reading the viewer's registration (AS/resource/TokenResource.java introspect), and
   * answers 401 while it cannot.
   */
  private describe401(expired: string): string {
    if (this.session.viewerLink) return VIEWER_LINK_REFUSED;
    const { expiresAt } = this.session.snapshot();
    if (expiresAt === undefined || expiresAt <= Date.now()) return expired;
    return "KHEOPS did not accept the session although it has not expired — KHEOPS may not have been able to check this viewer's registration";
  }

  private async keep(item: OutboxItem, reason: string): Promise<SaveOutcome> {
    const unkept = await this.put({ ...item, reason });
    if (unkept) return this.notKept(reason, unkept);
    this.scheduleBackgroundRetry();
    return { state: 'kept-locally', reason };
  }

  /** Puts an item in the outbox; resolves to why it could not, if it could not. */
  private put(item: OutboxItem): Promise<string | undefined> {
    return this.outbox.put(item).then(
      () => undefined,
      (err: unknown) => {
        const why = storageFailure(err);
        this.log?.warn(`the outbox cannot keep a report: ${why}`);
        return why;
      },
    );
  }

  private notKept(reason: string, why: string): SaveOutcome {
    return { state: 'not-kept', reason: `${reason}; it cannot be kept on this computer either (${why})` };
  }

  private scheduleBackgroundRetry(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().then(async () => {
        if ((await this.outbox.list(this.scope)).some((i) => !i.refused)) this.scheduleBackgroundRetry();
      });
    }, this.backgroundRetryMs);
  }

  private async notify(): Promise<void> {
    if (!this.listeners.size) return;
    const pending = await this.outbox.list(this.scope).catch(() => undefined);
    if (!pending) return;
    this.listeners.forEach((l) => l(pending));
  }
}

/** Why storage failed, in words a user can act on. */
export function storageFailure(err: unknown): string {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') return 'the storage of this browser is full';
  if (name === 'InvalidStateError' || name === 'SecurityError')
    return 'this browser does not allow it here (private window?)';
  if (err instanceof ReferenceError) return 'this browser offers no local storage (IndexedDB)';
  return err instanceof Error ? err.message || err.name : String(err);
}
