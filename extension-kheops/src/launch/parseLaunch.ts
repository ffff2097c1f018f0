import type { Launch, StudyContext } from './Launch';
import { LaunchError } from './LaunchError';
import type { LaunchSettingsStore } from './LaunchSettings';
import { requireTrustedUrl } from './origins';
import { requireUids } from './uids';

const MAX_SECRET_LENGTH = 8192;
// KHEOPS's link route under its API root: {prefix}/api/link/{token}/ohifservermetadata, where the prefix (a KHEOPS
// served below a path) is empty or plain path segments. KHEOPS's nginx accepts [a-zA-Z0-9.+=_-] in the link token
// (ReverseProxy/location_link_*.conf).
const LINK_PATH =
  /^(?<prefix>(?:\/(?!\.+(?:\/|$))[A-Za-z0-9._~-]+)*)\/api\/link\/(?<token>[A-Za-z0-9.+=_-]+)\/ohifservermetadata\/?$/;
// The path as written in the parameter (after scheme://authority): it must be what the URL parser made of it, so
// nothing was normalised away (dot segments, %2e, backslashes, tabs or newlines).
const RAW_PATH = /^[a-z][a-z0-9+.-]*:\/\/[^/\\?#]*(?<path>[^?#]*)/i;

class Params {
  constructor(private readonly p: URLSearchParams) {}

  has(name: string): boolean {
    return this.p.has(name);
  }

  /** A parameter that must appear at most once (a second copy is a parameter-pollution attempt). */
  one(name: string): string | undefined {
    const all = this.p.getAll(name);
    if (all.length > 1)
      throw new LaunchError('duplicate_parameter', `The launch parameter "${name}" appears more than once.`);
    return all[0];
  }

  required(name: string): string {
    const v = this.one(name);
    if (v === undefined || v === '')
      throw new LaunchError('missing_parameter', `The launch is missing "${name}".`);
    return v;
  }

  secret(name: string): string {
    const v = this.required(name);
    if (v.length > MAX_SECRET_LENGTH || /\s/.test(v))
      throw new LaunchError('malformed_url', `The launch parameter "${name}" is malformed.`);
    return v;
  }

  /** Repeated and/or comma/semicolon separated values of any of the names, in order. */
  list(...names: string[]): string[] {
    return names
      .flatMap((n) => this.p.getAll(n))
      .flatMap((v) => v.split(/[,;]/))
      .map((v) => v.trim())
      .filter(Boolean);
  }
}

function studyContext(
  studies: string[],
  series: string[],
  studyParam: string,
  seriesParam: string,
): StudyContext {
  const studyUIDs = requireUids(studies, studyParam);
  const seriesUIDs = requireUids(series, seriesParam);
  if (seriesUIDs.length > 1)
    throw new LaunchError('duplicate_parameter', `The launch names more than one "${seriesParam}".`);
  return seriesUIDs[0] ? { studyUIDs, seriesUID: seriesUIDs[0] } : { studyUIDs };
}

function requireStudies(ctx: StudyContext, param: string): StudyContext {
  if (ctx.studyUIDs.length === 0)
    throw new LaunchError('missing_parameter', `The launch is missing "${param}".`);
  return ctx;
}

function requireClient(clientId: string, settings: LaunchSettingsStore): string {
  if (settings.clientIds.length && !settings.clientIds.includes(clientId)) {
    throw new LaunchError(
      'unknown_client',
      'The launch names a client_id this viewer was not registered with.',
    );
  }
  return clientId;
}

/** `return_uri` is optional, but when present it must be trusted: it becomes a link on our error screens. */
function returnUri(p: Params, settings: LaunchSettingsStore): string | undefined {
  const v = p.one('return_uri');
  if (v === undefined) return undefined;
  return requireTrustedUrl(v, settings.trustedOrigins, 'return_uri').href;
}

/** Errors found after a trusted return_uri was read keep it, so the error screen can offer the way back. */
function offeringReturn<T>(ret: string | undefined, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof LaunchError && ret && !err.returnUri)
      throw new LaunchError(err.code, err.message, ret);
    throw err;
  }
}

function parseL1(q: Params, settings: LaunchSettingsStore): Launch {
  const raw = q.required('url');
  const url = requireTrustedUrl(raw, settings.trustedOrigins, 'url');
  const match = LINK_PATH.exec(url.pathname);
  if (!match?.groups || RAW_PATH.exec(raw)?.groups?.path !== url.pathname) {
    throw new LaunchError(
      'malformed_url',
      'The launch parameter "url" is not a KHEOPS link to ohifservermetadata.',
    );
  }
  const ctx = studyContext(
    q.list('studyInstanceUIDs', 'StudyInstanceUIDs', 'studyInstanceUids'),
    q.list('seriesInstanceUIDs', 'SeriesInstanceUIDs', 'initialSeriesInstanceUID'),
    'studyInstanceUIDs',
    'seriesInstanceUIDs',
  );
  return {
    style: 'L1',
    dicomwebEndpoint: `${url.origin}${match.groups.prefix}/api`,
    accessToken: decodeURIComponent(match.groups.token!),
    ...requireStudies(ctx, 'studyInstanceUIDs'),
  };
}

function parseL2(f: Params, settings: LaunchSettingsStore): Launch {
  const ret = returnUri(f, settings);
  return offeringReturn(ret, () => parseL2Rest(f, settings, ret));
}

function parseL2Rest(f: Params, settings: LaunchSettingsStore, ret: string | undefined): Launch {
  const tokenType = f.one('token_type');
  if (tokenType !== undefined && tokenType.toLowerCase() !== 'bearer') {
    throw new LaunchError(
      'bad_token_response',
      `The launch carries a "${tokenType}" token; only bearer tokens are supported.`,
      ret,
    );
  }
  const expiresIn = f.one('expires_in');
  const seconds = expiresIn === undefined ? undefined : Number(expiresIn);
  if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0)) {
    throw new LaunchError(
      'bad_token_response',
      'The launch parameter "expires_in" is not a positive number.',
      ret,
    );
  }
  return {
    style: 'L2',
    accessToken: f.secret('access_token'),
    expiresIn: seconds,
    scope: f.one('scope'),
    clientId: requireClient(f.required('client_id'), settings),
    confUri: requireTrustedUrl(f.required('conf_uri'), settings.trustedOrigins, 'conf_uri').href,
    returnUri: ret,
    ...requireStudies(
      studyContext(f.list('studyUID'), f.list('seriesUID'), 'studyUID', 'seriesUID'),
      'studyUID',
    ),
  };
}

function parseL3(q: Params, settings: LaunchSettingsStore): Launch {
  const ret = returnUri(q, settings);
  return offeringReturn(ret, () => ({
    style: 'L3',
    code: q.secret('code'),
    clientId: requireClient(q.required('client_id'), settings),
    confUri: requireTrustedUrl(q.required('conf_uri'), settings.trustedOrigins, 'conf_uri').href,
    returnUri: ret,
    ...requireStudies(
      studyContext(q.list('studyUID'), q.list('seriesUID'), 'studyUID', 'seriesUID'),
      'studyUID',
    ),
  }));
}

function parseL4(q: Params, settings: LaunchSettingsStore): Launch {
  const issuer = requireTrustedUrl(q.required('iss'), settings.trustedOrigins, 'iss');
  const loginHint = q.secret('login_hint');
  const raw = q.required('target_link_uri');
  let target: URL;
  try {
    target = new URL(raw, settings.viewerOrigin);
  } catch {
    throw new LaunchError('bad_target_link_uri', 'The launch parameter "target_link_uri" is not a URL.');
  }
  const path = target.pathname.replace(/\/+$/, '');
  if (
    target.origin !== settings.viewerOrigin ||
    path !== settings.route ||
    target.username ||
    target.password
  ) {
    throw new LaunchError(
      'bad_target_link_uri',
      `The launch parameter "target_link_uri" must point to this viewer's ${settings.route} route.`,
    );
  }
  const t = new Params(target.searchParams);
  const ctx = studyContext(
    t.list('StudyInstanceUIDs'),
    t.list('initialSeriesInstanceUID'),
    'StudyInstanceUIDs',
    'initialSeriesInstanceUID',
  );
  return {
    style: 'L4',
    issuer: issuer.href.replace(/\/$/, ''),
    loginHint,
    targetLinkUri: target.href,
    ...ctx,
  };
}

function parseCallback(q: Params): Launch {
  const code = q.one('code');
  const error = q.one('error');
  if (code !== undefined && error !== undefined)
    throw new LaunchError('malformed_url', 'The authorization response has both a code and an error.');
  return {
    style: 'callback',
    state: q.secret('state'),
    code: code === undefined ? undefined : q.secret('code'),
    error,
    errorDescription: q.one('error_description'),
    iss: q.one('iss'),
  };
}

/**
 * Recognises and validates a launch URL. Returns the launch (style 'none' when there is nothing to launch)
 * or throws a LaunchError that says what was wrong. Never sends a request.
 */
export function parseLaunch(href: string, settings: LaunchSettingsStore): Launch {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new LaunchError('malformed_url', 'The address of this page is not a valid URL.');
  }
  const q = new Params(url.searchParams);
  const f = new Params(new URLSearchParams(url.hash.replace(/^#/, '')));

  if (f.has('access_token')) return parseL2(f, settings);
  if (q.has('access_token'))
    throw new LaunchError('malformed_url', 'A token must never be sent in the query of a URL.');
  if (q.has('code') && q.has('conf_uri')) return parseL3(q, settings);
  if ((q.has('code') || q.has('error')) && q.has('state')) return parseCallback(q);
  if (q.has('iss') || q.has('login_hint') || q.has('target_link_uri')) return parseL4(q, settings);
  if (q.has('url')) return parseL1(q, settings);
  if (q.has('code'))
    throw new LaunchError('missing_parameter', 'The launch carries a code but no "conf_uri" or "state".');
  const ctx = studyContext(
    q.list('StudyInstanceUIDs', 'studyInstanceUIDs'),
    q.list('initialSeriesInstanceUID'),
    'StudyInstanceUIDs',
    'initialSeriesInstanceUID',
  );
  return { style: 'none', ...ctx };
}
