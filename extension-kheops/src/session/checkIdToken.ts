import { LaunchError } from '../launch/LaunchError';

function decodePart(part: string): Record<string, unknown> {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent(
    Array.from(
      atob(b64.padEnd(b64.length + ((4 - (b64.length % 4)) % 4), '=')),
      (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    ).join(''),
  );
  const v: unknown = JSON.parse(json);
  if (!v || typeof v !== 'object') throw new Error('not an object');
  return v as Record<string, unknown>;
}

/**
 * The OIDC Core §3.1.3.7 checks oidc-client-ts leaves out (it checks nonce and sub only): iss, aud, azp, exp, iat.
 * The signature is not checked: the token came straight from the token endpoint over TLS (§3.1.3.7 item 6).
 */
export function checkIdToken(
  idToken: string,
  expected: { issuer: string; clientId: string; nowMs?: number; skewSeconds?: number },
): void {
  const now = Math.floor((expected.nowMs ?? Date.now()) / 1000);
  const skew = expected.skewSeconds ?? 60;
  let claims: Record<string, unknown>;
  try {
    const parts = idToken.split('.');
    if (parts.length !== 3) throw new Error('not a JWT');
    claims = decodePart(parts[1]!);
  } catch {
    throw new LaunchError('bad_token_response', 'The ID token from KHEOPS is malformed.');
  }
  if (claims.iss !== expected.issuer)
    throw new LaunchError(
      'issuer_mismatch',
      'The ID token was issued by another server than the one the viewer asked.',
    );
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(expected.clientId))
    throw new LaunchError('bad_token_response', 'The ID token is not meant for this viewer (aud).');
  if (aud.length > 1 && claims.azp !== expected.clientId)
    throw new LaunchError('bad_token_response', 'The ID token names another authorized party (azp).');
  if (typeof claims.exp !== 'number' || claims.exp + skew < now)
    throw new LaunchError('bad_token_response', 'The ID token has expired.');
  if (typeof claims.iat !== 'number' || claims.iat - skew > now)
    throw new LaunchError('bad_token_response', 'The ID token is issued in the future.');
}
