/** How a request's token came: bearer header, basic header, /api/link/{token}/ path, or none. */
export type TokenVia = 'bearer' | 'basic' | 'link' | 'none';

export type AuthorizationHeader =
  | {
      ok: true;
      via: Exclude<TokenVia, 'none'>;
      token: string;
      /** Basic: the part before the ':'. */ user?: string;
    }
  | { ok: false; via: TokenVia; error: 'missing' | 'malformed' | 'base64' };

// java.util.Base64.getDecoder(): the basic alphabet only (no whitespace), optional padding, no lone last char.
function isJavaBase64(s: string): boolean {
  if (!/^[A-Za-z0-9+/]*(={0,2})$/.test(s)) return false;
  const padded = s.endsWith('=');
  return padded ? s.length % 4 === 0 : s.length % 4 !== 1;
}

// Java's String.split(":"): trailing empty strings are dropped ("a:b:" -> [a, b], ":" -> []).
function javaSplitColon(s: string): string[] {
  if (s === '') return [''];
  const parts = s.split(':');
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * The one reading of an Authorization header, as AS/filter/SecuredFilter.java getToken and
 * PX/tokens/AuthorizationToken.java fromAuthorizationHeader do it: `BEARER ` (any case) + the rest, or `BASIC ` +
 * base64 of exactly two ':'-separated parts; another scheme or an empty token is `malformed`. For
 * /api/link/{token}/, ReverseProxy/location_link_*.conf sets `Authorization: Bearer {token}` (pass `linkToken`).
 */
export function readAuthorization(header: string | undefined, linkToken?: string): AuthorizationHeader {
  if (linkToken !== undefined)
    return linkToken.length
      ? { ok: true, via: 'link', token: linkToken }
      : { ok: false, via: 'link', error: 'malformed' };
  if (header === undefined) return { ok: false, via: 'none', error: 'missing' };
  const upper = header.toUpperCase();
  if (upper.startsWith('BASIC ')) {
    const encoded = header.slice(6);
    if (!isJavaBase64(encoded)) return { ok: false, via: 'basic', error: 'base64' };
    const parts = javaSplitColon(Buffer.from(encoded, 'base64').toString('utf8'));
    if (parts.length !== 2 || !parts[1]) return { ok: false, via: 'basic', error: 'malformed' };
    return { ok: true, via: 'basic', token: parts[1], user: parts[0] };
  }
  if (upper.startsWith('BEARER ')) {
    const token = header.slice(7);
    return token.length
      ? { ok: true, via: 'bearer', token }
      : { ok: false, via: 'bearer', error: 'malformed' };
  }
  return { ok: false, via: 'none', error: 'malformed' };
}
