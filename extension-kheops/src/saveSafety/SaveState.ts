/** What the launched studies' work stands at, for the persistent indicator in the viewer. */
export interface SaveStateSnapshot {
  /** Measurements drawn or changed since they were last handed to a save. */
  unsaved: boolean;
  /** Reports on their way to KHEOPS right now (a save's attempts and quick retries). */
  saving: number;
  /** Reports waiting on this computer (the outbox), to be uploaded when KHEOPS can be reached. */
  waiting: number;
  /** Reports KHEOPS refused as they are, kept on this computer. */
  refused: number;
  /** Reports KHEOPS stored and that a look-up in KHEOPS found afterwards. */
  confirmed: number;
  /** Reports KHEOPS said it stored but the look-up did not find (yet), with the last reason. */
  unconfirmed: number;
  unconfirmedReason?: string;
  /** Reports are being looked up in KHEOPS after their upload. */
  checking: number;
  /** This launch cannot save to KHEOPS. */
  readOnly: boolean;
}

export const EMPTY_SAVE_STATE: SaveStateSnapshot = {
  unsaved: false,
  saving: 0,
  waiting: 0,
  refused: 0,
  confirmed: 0,
  unconfirmed: 0,
  checking: 0,
  readOnly: false,
};

/** The state behind the indicator; save safety updates it, the indicator listens. */
export class SaveState {
  private state: SaveStateSnapshot = { ...EMPTY_SAVE_STATE };
  private readonly listeners = new Set<(s: SaveStateSnapshot) => void>();

  snapshot(): SaveStateSnapshot {
    return { ...this.state };
  }

  update(change: Partial<SaveStateSnapshot> | ((s: SaveStateSnapshot) => Partial<SaveStateSnapshot>)): void {
    const next = { ...this.state, ...(typeof change === 'function' ? change(this.state) : change) };
    if (JSON.stringify(next) === JSON.stringify(this.state)) return;
    this.state = next;
    this.listeners.forEach((l) => l(this.snapshot()));
  }

  subscribe(listener: (s: SaveStateSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
