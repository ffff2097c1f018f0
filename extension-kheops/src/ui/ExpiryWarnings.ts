import { DefaultWarningTimes, type WarningTimes } from '../KheopsSettings';
import type { SessionSnapshot } from '../session/Session';

export interface ExpiryNotice {
  title: string;
  message: string;
  type: 'info' | 'warning' | 'error';
}

interface SessionLike {
  snapshot(): SessionSnapshot;
  subscribe(listener: (s: SessionSnapshot) => void): () => void;
}

const minutes = (ms: number) => {
  const m = Math.max(0, Math.round(ms / 60_000));
  return m < 2 ? 'less than 2 minutes' : `${m} minutes`;
};

const KEEP =
  'Measurements not yet saved stay on this computer and come back when the study is opened again from KHEOPS.';

/**
 * Tells the user, ahead of time, when their KHEOPS session is about to end: countdown warnings for launches
 * that cannot renew their token (L1, L2) and a quiet warning when silent renewal keeps failing. What the user
 * can do about it (save now, renew) is offered where the notice is shown. Never navigates on its own.
 */
export class ExpiryWarnings {
  private readonly warnBeforeMs: number[];
  private readonly failuresBeforeWarning: number;
  private timers: Array<ReturnType<typeof setTimeout>> = [];
  private warnedFailing = false;
  private warnedEnded = false;
  private scheduledFor = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly session: SessionLike,
    private readonly show: (notice: ExpiryNotice) => void,
    settings: WarningTimes = DefaultWarningTimes,
    private readonly now: () => number = Date.now,
  ) {
    this.warnBeforeMs = [...(settings.warnBeforeMs ?? DefaultWarningTimes.warnBeforeMs)].sort(
      (a, b) => b - a,
    );
    this.failuresBeforeWarning = settings.failuresBeforeWarning ?? DefaultWarningTimes.failuresBeforeWarning;
    this.unsubscribe = session.subscribe((s) => this.onChange(s));
    this.onChange(session.snapshot());
  }

  dispose(): void {
    this.unsubscribe();
    this.clear();
  }

  private onChange(s: SessionSnapshot): void {
    if (s.status === 'ended') return this.clear();
    if (!s.refreshable) return this.scheduleCountdown(s.expiresAt);
    if (s.status === 'error') {
      if (!this.warnedEnded) {
        this.warnedEnded = true;
        this.notice('error', `KHEOPS will not renew this session (${s.lastError ?? 'refused'}).`, s);
      }
      return;
    }
    if (s.failures >= this.failuresBeforeWarning && !this.warnedFailing) {
      this.warnedFailing = true;
      this.notice(
        'warning',
        `KHEOPS could not renew the session (${s.lastError ?? 'no answer'}); it keeps trying.`,
        s,
      );
    }
    if (s.failures === 0) this.warnedFailing = false;
  }

  private scheduleCountdown(expiresAt: number): void {
    if (expiresAt === this.scheduledFor) return;
    this.clear();
    this.scheduledFor = expiresAt;
    const left = expiresAt - this.now();
    // Warn once now if already inside the widest window, then at each later threshold.
    const due = this.warnBeforeMs.filter((w) => w < left);
    if (due.length < this.warnBeforeMs.length && left > 0) this.countdown(expiresAt);
    for (const w of due) {
      this.timers.push(setTimeout(() => this.countdown(expiresAt), left - w));
    }
  }

  private countdown(expiresAt: number): void {
    const left = expiresAt - this.now();
    this.show({
      title: 'KHEOPS session ending',
      message: `Your KHEOPS session ends in ${minutes(left)}. Save your measurements to KHEOPS now. ${KEEP}`,
      type: 'warning',
    });
  }

  private notice(type: ExpiryNotice['type'], what: string, s: SessionSnapshot): void {
    const left = s.expiresAt - this.now();
    const time = left > 0 ? ` Time left on the current token: ${minutes(left)}.` : '';
    this.show({ title: 'KHEOPS session', message: `${what}${time} ${KEEP}`, type });
  }

  private clear(): void {
    this.timers.forEach(clearTimeout);
    this.timers = [];
    this.scheduledFor = 0;
  }
}
