/** An SR that KHEOPS does not have yet, kept on this computer until it is uploaded. */
export interface OutboxItem {
  /** SOPInstanceUID of the SR. */
  id: string;
  /** Who and what it belongs to: issuer + user + study, so another user or study never picks it up. */
  scope: string;
  studyUID: string;
  /** SeriesInstanceUID of the SR, to read it back from KHEOPS once stored (absent in items of older versions). */
  seriesUID?: string;
  /** The STOW body (multipart/related with the Part 10 SR) and its content type. */
  bytes: ArrayBuffer;
  contentType?: string;
  createdAt: number;
  /** Why it is still here (last failure), for the UI. */
  reason?: string;
  /** True when KHEOPS refused the content itself (e.g. 409): retrying as is cannot help. */
  refused?: boolean;
}

/** Storage for outbox items. In the browser: IndexedDbOutbox; in tests: MemoryOutbox. */
export interface Outbox {
  put(item: OutboxItem): Promise<void>;
  list(scope: string): Promise<OutboxItem[]>;
  remove(id: string): Promise<void>;
}

export class MemoryOutbox implements Outbox {
  readonly items = new Map<string, OutboxItem>();

  async put(item: OutboxItem): Promise<void> {
    this.items.set(item.id, { ...item });
  }

  async list(scope: string): Promise<OutboxItem[]> {
    return [...this.items.values()]
      .filter((i) => i.scope === scope)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async remove(id: string): Promise<void> {
    this.items.delete(id);
  }
}
