import type { AuthorizedRequest } from '../session/Session';

export type WritePermission = 'read-write' | 'read-only' | 'unknown';

// Without a boundary the body cannot be read, so nothing can be stored, whoever asks.
const NO_BOUNDARY = 'multipart/related; type="application/dicom"';

/**
 * An L1 launch does not say whether its viewer token may write: KHEOPS's UI asks `viewer read` for sharing
 * links (UI/src/mixins/tokens.js setScope) and `viewer read write` otherwise, and the token is opaque. KHEOPS
 * authorizes a STOW before it reads the body (DICOMwebProxy/.../stow/resource/Resource.java store(): 401 inactive,
 * 403 no write; then Proxy.java: no boundary -> 400), so an empty STOW without a boundary tells read-only from
 * read-write and stores nothing.
 */
export async function checkWritePermission(
  request: AuthorizedRequest,
  endpoint: string,
  studyUID: string,
): Promise<WritePermission> {
  try {
    // Token-bearing: the session never follows a redirect (it would take the study UID to the target); a
    // redirect, a network failure or no usable token reads as unknown.
    const res = await request(`${endpoint}/studies/${encodeURIComponent(studyUID)}`, {
      method: 'POST',
      headers: { 'Content-Type': NO_BOUNDARY, Accept: 'application/dicom+json' },
      body: new Uint8Array(0),
    });
    if (res.status === 403) return 'read-only';
    if (res.status === 400) return 'read-write';
    return 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A token scope that names read but not write (`viewer read`, `read`): the launch cannot save to KHEOPS. */
export function isReadOnlyScope(scope: string | undefined): boolean {
  if (!scope) return false;
  const words = scope.split(/\s+/);
  return words.includes('read') && !words.includes('write');
}
