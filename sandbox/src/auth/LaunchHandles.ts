import { opaqueToken } from './ids';

/** PROFILE ohif item 4: what KHEOPS minted when the user launched an L4 provider; the `login_hint`. */
export interface LaunchContext {
  clientId: string;
  sub: string;
  albumId: string;
  studyUIDs: string[];
  seriesUID?: string;
}

export interface LaunchHandleSettings {
  ttlSeconds: number;
  /** Epoch milliseconds (the sandbox clock). */
  now: () => number;
}

type Redemption =
  | { ok: true; launch: LaunchContext }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'wrong_client' };

/** Single-use, short-lived, bound to one client. */
export class LaunchHandles {
  private readonly handles = new Map<string, LaunchContext & { expiresAt: number; used: boolean }>();

  constructor(private readonly settings: LaunchHandleSettings = { ttlSeconds: 60, now: Date.now }) {}

  mint(launch: LaunchContext): string {
    const handle = opaqueToken(24);
    this.handles.set(handle, {
      ...launch,
      expiresAt: this.settings.now() + this.settings.ttlSeconds * 1000,
      used: false,
    });
    return handle;
  }

  /** Consumes the handle whatever the outcome, so a handle presented by the wrong client is burnt too. */
  redeem(handle: string, clientId: string): Redemption {
    const entry = this.handles.get(handle);
    if (!entry) return { ok: false, reason: 'unknown' };
    if (entry.used) return { ok: false, reason: 'used' };
    entry.used = true;
    if (this.settings.now() > entry.expiresAt) return { ok: false, reason: 'expired' };
    if (entry.clientId !== clientId) return { ok: false, reason: 'wrong_client' };
    const { expiresAt: _e, used: _u, ...launch } = entry;
    return { ok: true, launch };
  }
}
