import { LaunchError } from './LaunchError';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Normalises a configured origin ("https://kheops.example/" → "https://kheops.example"); throws on junk. */
export function normalizeOrigin(origin: string): string {
  const url = new URL(origin);
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new Error(`trusted origin must be scheme://host[:port] only, got "${origin}"`);
  }
  return url.origin;
}

/**
 * Parses `value` as an absolute URL on one of the trusted origins (exact scheme, host and port);
 * https is required except on loopback hosts. Throws a LaunchError naming the parameter otherwise.
 */
export function requireTrustedUrl(value: string, trustedOrigins: readonly string[], param: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LaunchError('malformed_url', `The launch parameter "${param}" is not an absolute URL.`);
  }
  if (url.username || url.password) {
    throw new LaunchError('malformed_url', `The launch parameter "${param}" must not carry credentials.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new LaunchError(
      'insecure_origin',
      `The launch parameter "${param}" must use https (${url.origin}).`,
    );
  }
  if (!trustedOrigins.includes(url.origin)) {
    throw new LaunchError(
      'untrusted_origin',
      `The launch parameter "${param}" points to ${url.origin}, which is not a KHEOPS server this viewer trusts.`,
    );
  }
  return url;
}

/** True when `value` is a URL on a trusted origin; never throws. */
export function isTrustedUrl(value: string | undefined, trustedOrigins: readonly string[]): boolean {
  if (!value) return false;
  try {
    requireTrustedUrl(value, trustedOrigins, 'url');
    return true;
  } catch {
    return false;
  }
}
