import crypto from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** AS/report_provider/ClientId.java and capability-token secrets: 22 characters of [A-Za-z0-9]. */
export function randomAlphanumeric(length = 22): string {
  let out = '';
  while (out.length < length) {
    const byte = crypto.randomBytes(1)[0]!;
    if (byte < 248) out += ALPHANUMERIC[byte % 62]; // 248 = 4 * 62: no modulo bias
  }
  return out;
}

/** Opaque, unguessable handle (refresh tokens, launch handles, jti). */
export function opaqueToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** AS/util/Tools.java checkValidUID: a DICOM UID, digits and dots, at most 64 characters. */
export function isValidUid(uid: string): boolean {
  return uid.length > 0 && uid.length <= 64 && /^[0-9]+(\.[0-9]+)*$/.test(uid);
}
