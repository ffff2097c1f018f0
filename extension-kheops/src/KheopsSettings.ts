/**
 * The data-source `configuration` a deployer writes in app-config.js: the extension's own keys (below) beside
 * OHIF's DICOMweb knobs, which go to OHIF's DICOMweb data source unchanged. Read once, at launch, by
 * KheopsSettingsStore; every constructor gets its part from the store, never a literal of its own.
 */
export interface KheopsSettings {
  /** KHEOPS origins trusted for launches, endpoints and return URIs (exact scheme://host:port). Required. */
  trustedOrigins: string[];
  /** Client ids KHEOPS issued when the viewer was registered as a report provider (by launch style). */
  clientIds?: { implicit?: string; code?: string; thirdParty?: string } | string[];
  /** The redirect_uri registered with KHEOPS. Default: `${viewer origin}${route}`. */
  redirectUri?: string;
  /** The viewer route launches land on. Default `/kheops`. */
  route?: string;
  /** Scope asked for in L4. Default `openid read write`. */
  scope?: string;
  /**
   * OpenID providers other than KHEOPS itself that may initiate an L4 login (each issuer's origin must also be
   * in trustedOrigins). Their discovery documents carry no dicomweb_endpoint, so it is configured here.
   */
  openIdProviders?: OpenIdProviderConfig[];
  /** Lifetime assumed for L1 viewer tokens, whose expiry KHEOPS does not tell. Default 18000 s. */
  legacyTokenLifetimeSeconds?: number;
  /** When the token is renewed. */
  session?: SessionTiming;
  /** How a report that KHEOPS does not take at once is retried. */
  save?: SaveRetries;
  /** When the user is told the session is ending. */
  warnings?: WarningTimes;
  /** Measurements not yet saved, kept on this computer. */
  drafts?: DraftOptions;
  /** What is asked of KHEOPS while OHIF boots, held in memory for OHIF's first requests. */
  prefetch?: PrefetchOptions;
  /** Log what the extension does to the console (never a token, never a URL path). Default false. */
  debug?: boolean;
  /** OHIF's DICOMweb data-source knobs (e.g. `thumbnailRendering`), passed on as written. */
  [dicomwebKnob: string]: unknown;
}

export interface OpenIdProviderConfig {
  issuer: string;
  clientId: string;
  /** The KHEOPS DICOMweb endpoint that accepts this provider's access tokens. */
  dicomwebEndpoint: string;
  /** Default: the configuration's scope. */
  scope?: string;
}

export interface SessionTiming {
  /** Refresh this long before expiry at most. Default 60 s. */
  maxRefreshLeadMs?: number;
  /** ...and at least this fraction of the token lifetime before expiry (short tokens). Default 1/3. */
  refreshLeadFraction?: number;
  /** A token with less than this left counts as expired, so no request leaves with one. Default 5 s. */
  expirySkewMs?: number;
  /** First retry delay after a failed refresh; doubles up to maxBackoffMs. Default 1 s. */
  backoffMs?: number;
  /** Default 30 s. */
  maxBackoffMs?: number;
}

export interface SaveRetries {
  /** Delays between quick retries of a transient failure before the SR goes to the outbox. Default 1, 2, 4 s. */
  retryDelaysMs?: number[];
  /** Retry period for reports waiting in the outbox. Default 15 s. */
  backgroundRetryMs?: number;
}

export interface WarningTimes {
  /** How long before the end of a session that cannot renew itself to warn. Default 10 and 2 minutes. */
  warnBeforeMs?: number[];
  /** Consecutive failed refreshes before a quiet warning. Default 2. */
  failuresBeforeWarning?: number;
}

export interface DraftOptions {
  /** Quiet time after the last change before the draft is written. Default 300 ms. */
  debounceMs?: number;
}

export interface PrefetchOptions {
  /** Frames of the clicked series asked for in advance (first, middle, last image). Default 3. */
  frames?: number;
  /** At most this many bytes held; 0 turns prefetching off. Default 64 MiB. */
  maxBytes?: number;
  /** What OHIF has not asked for by then is dropped. Default 60000 ms. */
  keepMs?: number;
}

export const DefaultRoute = '/kheops';
export const DefaultScope = 'openid read write';
export const DefaultLegacyTokenLifetimeSeconds = 18_000;
export const DefaultSessionTiming: Required<SessionTiming> = {
  maxRefreshLeadMs: 60_000,
  refreshLeadFraction: 1 / 3,
  expirySkewMs: 5_000,
  backoffMs: 1_000,
  maxBackoffMs: 30_000,
};
export const DefaultSaveRetries: Required<SaveRetries> = {
  retryDelaysMs: [1_000, 2_000, 4_000],
  backgroundRetryMs: 15_000,
};
export const DefaultWarningTimes: Required<WarningTimes> = {
  warnBeforeMs: [600_000, 120_000],
  failuresBeforeWarning: 2,
};
export const DefaultDraftOptions: Required<DraftOptions> = { debounceMs: 300 };
export const DefaultPrefetchOptions: Required<PrefetchOptions> = {
  frames: 3,
  maxBytes: 64 * 1024 * 1024,
  keepMs: 60_000,
};

/** The extension's own keys; every other key of the configuration is an OHIF DICOMweb knob. */
export const KHEOPS_SETTING_KEYS = [
  'trustedOrigins',
  'clientIds',
  'redirectUri',
  'route',
  'scope',
  'openIdProviders',
  'legacyTokenLifetimeSeconds',
  'session',
  'save',
  'warnings',
  'drafts',
  'prefetch',
  'debug',
] as const;

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

type Group = 'session' | 'save' | 'warnings' | 'drafts' | 'prefetch';

/**
 * The settings with every default filled in and every value checked, so a typo in app-config.js is a clear
 * configuration error at launch rather than a token fault later. Unknown keys inside the extension's groups are
 * reported once through `warn`; unknown top-level keys are OHIF knobs and pass through in `dicomweb`.
 */
export class KheopsSettingsStore {
  readonly trustedOrigins: readonly string[];
  readonly clientIds: KheopsSettings['clientIds'];
  readonly redirectUri: string | undefined;
  readonly route: string;
  readonly scope: string;
  readonly openIdProviders: readonly OpenIdProviderConfig[];
  readonly legacyTokenLifetimeMs: number;
  readonly session: Readonly<Required<SessionTiming>>;
  readonly save: Readonly<Required<SaveRetries>>;
  readonly warnings: Readonly<Required<WarningTimes>>;
  readonly drafts: Readonly<Required<DraftOptions>>;
  readonly prefetch: Readonly<Required<PrefetchOptions>>;
  readonly debug: boolean;
  /** The configuration's other keys, for OHIF's DICOMweb data source. */
  readonly dicomweb: Readonly<Record<string, unknown>>;

  constructor(settings: KheopsSettings | undefined, warn: (message: string) => void = () => undefined) {
    const s = (settings ?? {}) as Partial<KheopsSettings>;
    if (!Array.isArray(s.trustedOrigins) || s.trustedOrigins.length === 0)
      throw new SettingsError('configuration.trustedOrigins must list at least one KHEOPS origin');
    if (!s.trustedOrigins.every((o) => typeof o === 'string'))
      throw new SettingsError('configuration.trustedOrigins must be a list of origins (strings)');
    this.trustedOrigins = [...s.trustedOrigins];
    this.clientIds = s.clientIds;
    this.redirectUri = optionalString(s.redirectUri, 'redirectUri');
    this.route = optionalString(s.route, 'route') ?? DefaultRoute;
    this.scope = optionalString(s.scope, 'scope') ?? DefaultScope;
    if (s.openIdProviders !== undefined && !Array.isArray(s.openIdProviders))
      throw new SettingsError('configuration.openIdProviders must be a list');
    this.openIdProviders = [...(s.openIdProviders ?? [])];
    this.legacyTokenLifetimeMs =
      positive(
        s.legacyTokenLifetimeSeconds,
        'legacyTokenLifetimeSeconds',
        DefaultLegacyTokenLifetimeSeconds,
      ) * 1000;
    this.session = group('session', s.session, DefaultSessionTiming, warn);
    this.save = group('save', s.save, DefaultSaveRetries, warn);
    this.warnings = group('warnings', s.warnings, DefaultWarningTimes, warn);
    this.drafts = group('drafts', s.drafts, DefaultDraftOptions, warn);
    this.prefetch = group('prefetch', s.prefetch, DefaultPrefetchOptions, warn);
    if (s.debug !== undefined && typeof s.debug !== 'boolean')
      throw new SettingsError('configuration.debug must be true or false');
    this.debug = s.debug ?? false;
    this.dicomweb = Object.fromEntries(
      Object.entries(s).filter(([k]) => !(KHEOPS_SETTING_KEYS as readonly string[]).includes(k)),
    );
  }

  /** The client ids as a list (any style). */
  clientIdList(): string[] {
    const c = this.clientIds;
    if (!c) return [];
    return (Array.isArray(c) ? c : Object.values(c)).filter(
      (v): v is string => typeof v === 'string' && v.length > 0,
    );
  }
}

function optionalString(v: unknown, key: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0)
    throw new SettingsError(`configuration.${key} must be a non-empty string`);
  return v;
}

function positive(v: unknown, key: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new SettingsError(`configuration.${key} must be a positive number`);
  return v;
}

function group<T extends object>(
  name: Group,
  given: unknown,
  defaults: Required<T>,
  warn: (message: string) => void,
): Readonly<Required<T>> {
  if (given === undefined) return defaults;
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw new SettingsError(`configuration.${name} must be an object`);
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(given)) {
    if (!(key in defaults)) {
      warn(`KHEOPS extension: configuration.${name}.${key} is not a setting; ignored.`);
      continue;
    }
    const d = (defaults as Record<string, unknown>)[key];
    const ok = Array.isArray(d)
      ? Array.isArray(value) && value.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)
      : typeof value === 'number' && Number.isFinite(value) && value >= 0;
    if (!ok)
      throw new SettingsError(
        `configuration.${name}.${key} must be ${Array.isArray(d) ? 'a list of ' : 'a '}non-negative number${Array.isArray(d) ? 's' : ''}${/Ms$/.test(key) ? ' (milliseconds)' : ''}`,
      );
    out[key] = Array.isArray(value) ? [...value] : value;
  }
  return Object.freeze(out) as Readonly<Required<T>>;
}
