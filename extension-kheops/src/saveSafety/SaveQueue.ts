import type { Outbox, OutboxItem } from './Outbox';

/** What KHEOPS answered a STOW with. */
export interface StowAnswer {
  status: number;
  /** A human-readable reason from the answer (FailedSOPSequence, error body), if any. */
  detail?: string;
}

/** Sends a STOW body to KHEOPS (the request guard adds the bearer). Rejects on network failure. */
export type StowTransport = (item: OutboxItem) => Promise<StowAnswer>;

/** The part of the session the queue needs. */
export interface SaveSession {
  freshToken(): Promise<string>;
  refresh(): Promise<unknown>;
  snapshot(): { status: string; refreshable: boolean; expiresAt?: number };
  subscribe(listener: (s: { status: string }) => void): () => void;
}

export type SaveOutcome =
  | { state: 'stored' }
  /** Not in KHEOPS yet; kept on this computer and uploaded automatically when possible. */
  | { state: 'kept-locally'; reason: string }
  /** KHEOPS refused the content itself (e.g. 409 patient/study mismatch); kept on this computer. */
  | { state: 'refused'; reason: string };

export interface SaveQueueSettings {
  /** Delays between quick retries of a transient failure before the SR goes to the outbox. Default 1 s, 2 s, 4 s. */
  retryDelaysMs?: number[];
  /** Background retry period for items in the outbox. Default 15 s. */
  backgroundRetryMs?: number;
}

const PERMANENT = new Set([400, 403, 404, 409, 413, 415]);

function describe(answer: StowAnswer): string {
  const what =
    answer.status === 409
      ? 'KHEOPS refused the report: it does not match the study (patient or study attributes differ)'
      : answer.status === 202
        ? 'KHEOPS stored only part of the report'
        : answer.status === 403
          ? 'KHEOPS refused the report: this launch has no write permission (read-only launch)'
          : answer.status === 401
            ? 'the KHEOPS session has expired'
            : answer.status >= 500
              ? `KHEOPS is not available (HTTP ${answer.status})`
              : `KHEOPS answered HTTP ${answer.status}`;
  return answer.detail ? `${what} — ${answer.detail}` : what;
}

/**
 * Puts SRs into KHEOPS without ever losing one: quick retries for transient failures, one refresh after a 401,
 * and an outbox on this computer for whatever cannot be uploaded now, flushed as soon as a valid session exists.
 * An SR counts as saved only once KHEOPS said so.
 */
export class SaveQueue {
  private readonly retryDelaysMs: number[];
  private readonly backgroundRetryMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;
  private readonly listeners = new Set<(pending: OutboxItem[]) => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly scope: string,
    private readonly outbox: Outbox,
    private readonly stow: StowTransport,
    private readonly session: SaveSession,
    settings: SaveQueueSettings = {},
  ) {
    this.retryDelaysMs = settings.retryDelaysMs ?? [1_000, 2_000, 4_000];
    this.backgroundRetryMs = settings.backgroundRetryMs ?? 15_000;
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

  /** Save one SR. The bytes are in the outbox before the first attempt, so a crash mid-upload loses nothing. */
  async save(id: string, studyUID: string, bytes: ArrayBuffer, contentType?: string): Promise<SaveOutcome> {
    const item: OutboxItem = { id, scope: this.scope, studyUID, bytes, contentType, createdAt: Date.now() };
    await this.outbox.put(item);
    const outcome = await this.upload(item, true);
    await this.notify();
    return outcome;
  }

  /** Try every waiting item once (after a refresh, a re-authentication, a relaunch or coming back online). */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        for (const item of await this.outbox.list(this.scope)) {
          if (!item.refused) await this.upload(item, false);
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
    let refreshed = false;
    let reason = '';
    for (const delay of delays) {
      if (delay) await new Promise((r) => setTimeout(r, delay));
      try {
        await this.session.freshToken();
      } catch (err) {
        return this.keep(
          item,
          `the KHEOPS session has expired (${err instanceof Error ? err.message : String(err)})`,
        );
      }
      let answer: StowAnswer;
      try {
        answer = await this.stow(item);
        if (answer.status === 401 && !refreshed && this.session.snapshot().refreshable) {
          refreshed = true;
          const renewed = await this.session.refresh().then(
            () => true,
            () => false,
          );
          if (renewed) answer = await this.stow(item);
        }
      } catch (err) {
        reason = `KHEOPS could not be reached (${err instanceof Error ? err.message : String(err)})`;
        continue;
      }
      if (answer.status === 200) {
        await this.outbox.remove(item.id);
        return { state: 'stored' };
      }
      if (answer.status === 401) return this.keep(item, this.describe401(answer));
      if (PERMANENT.has(answer.status) || answer.status === 202) {
        await this.outbox.put({ ...item, reason: describe(answer), refused: true });
        return { state: 'refused', reason: describe(answer) };
      }
      reason = describe(answer);
    }
    return this.keep(item, reason);
  }

  /**
   * A 401 for a token our clock says is still valid is not an expiry: KHEOPS authorizes a report-provider token
   * on every save by re-reading the viewer's registration (AS/resource/TokenResource.java introspect), and
   * answers 401 while it cannot.
   */
  private describe401(answer: StowAnswer): string {
    const { expiresAt } = this.session.snapshot();
    if (expiresAt === undefined || expiresAt <= Date.now()) return describe(answer);
    return "KHEOPS did not accept the session although it has not expired — KHEOPS may not have been able to check this viewer's registration";
  }

  private async keep(item: OutboxItem, reason: string): Promise<SaveOutcome> {
    await this.outbox.put({ ...item, reason });
    this.scheduleBackgroundRetry();
    return { state: 'kept-locally', reason };
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
    const pending = await this.outbox.list(this.scope);
    this.listeners.forEach((l) => l(pending));
  }
}
