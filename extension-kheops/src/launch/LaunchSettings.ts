import { SettingsError, type KheopsSettingsStore } from '../KheopsSettings';
import { normalizeOrigin } from './origins';

export interface LaunchSettings {
  /** KHEOPS origins this viewer accepts launches, endpoints and return URIs from (exact scheme://host:port). */
  trustedOrigins: readonly string[];
  /** Client ids KHEOPS issued to this viewer; a report-provider launch naming another is refused. Default: any. */
  clientIds?: readonly string[];
  /** The viewer route launches land on and `target_link_uri` must point to. Default `/kheops`. */
  route?: string;
  /** The viewer's own origin. Default `window.location.origin`. */
  viewerOrigin?: string;
}

/** The route without trailing slashes (`/kheops/` is `/kheops`); `/kheops` when nothing is left. */
export function launchRoute(route: string | undefined): string {
  return (route ?? '/kheops').replace(/\/+$/, '') || '/kheops';
}

/** What parsing a launch URL needs, normalised: the settings store's trust and clients, seen from this window. */
export class LaunchSettingsStore {
  readonly trustedOrigins: string[];
  readonly clientIds: string[];
  readonly route: string;
  readonly viewerOrigin: string;

  constructor(settings: LaunchSettings) {
    if (!Array.isArray(settings.trustedOrigins) || settings.trustedOrigins.length === 0) {
      throw new SettingsError('configuration.trustedOrigins must list at least one KHEOPS origin');
    }
    this.trustedOrigins = settings.trustedOrigins.map((o) => {
      try {
        return normalizeOrigin(o);
      } catch (err) {
        throw new SettingsError(`configuration.trustedOrigins: ${(err as Error).message}`);
      }
    });
    this.clientIds = (settings.clientIds ?? []).filter((c) => typeof c === 'string' && c.length > 0);
    this.route = launchRoute(settings.route);
    this.viewerOrigin = normalizeOrigin(settings.viewerOrigin ?? globalThis.location.origin);
  }

  /** The launch view of the one settings object, for a window on `viewerOrigin`. */
  static of(settings: KheopsSettingsStore, viewerOrigin: string): LaunchSettingsStore {
    return new LaunchSettingsStore({
      trustedOrigins: settings.trustedOrigins,
      clientIds: settings.clientIdList(),
      route: settings.route,
      viewerOrigin,
    });
  }
}
