import { normalizeOrigin } from './origins';

export interface LaunchSettings {
  /** KHEOPS origins this viewer accepts launches, endpoints and return URIs from (exact scheme://host:port). */
  trustedOrigins: string[];
  /** Client ids KHEOPS issued to this viewer; a report-provider launch naming another is refused. Default: any. */
  clientIds?: string[];
  /** The viewer route launches land on and `target_link_uri` must point to. Default `/kheops`. */
  route?: string;
  /** The viewer's own origin. Default `window.location.origin`. */
  viewerOrigin?: string;
}

export class LaunchSettingsStore {
  readonly trustedOrigins: string[];
  readonly clientIds: string[];
  readonly route: string;
  readonly viewerOrigin: string;

  constructor(settings: LaunchSettings) {
    if (!Array.isArray(settings.trustedOrigins) || settings.trustedOrigins.length === 0) {
      throw new Error('KHEOPS extension: configuration.trustedOrigins must list at least one KHEOPS origin');
    }
    this.trustedOrigins = settings.trustedOrigins.map(normalizeOrigin);
    this.clientIds = (settings.clientIds ?? []).filter((c) => typeof c === 'string' && c.length > 0);
    this.route = (settings.route ?? '/kheops').replace(/\/+$/, '') || '/kheops';
    this.viewerOrigin = normalizeOrigin(settings.viewerOrigin ?? globalThis.location.origin);
  }
}
