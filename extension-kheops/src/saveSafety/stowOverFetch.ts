import type { AuthorizedRequest } from '../session/Session';
import type { OutboxItem } from './Outbox';
import type { StowAnswer, StowTransport } from './SaveQueue';

const FAILURE_REASONS: Record<number, string> = {
  0x0106: 'attribute values differ from the study in KHEOPS',
  0x0110: 'processing failure',
  0x0112: 'no such object instance',
  0x0122: 'SOP class not supported',
  0x0124: 'not authorized',
  0xa700: 'out of resources',
  0xa900: 'data set does not match SOP class',
  0xc000: 'cannot understand',
};

type Sequence = Record<string, { Value?: Array<Record<string, { Value?: number[] }>> }>;

// FailedSOPSequence (0008,1198) names refused instances; KHEOPS puts parts it could not read, with no SOP UIDs,
// in OtherFailuresSequence (0008,119A) (DICOMwebProxy/.../stow/authorization/AuthorizationManager.java).
const FAILURE_SEQUENCES = ['00081198', '0008119A'];

/** The first FailureReason (0008,1197) of a STOW answer, if any. */
function failureDetail(json: unknown): string | undefined {
  for (const tag of FAILURE_SEQUENCES) {
    const code = (json as Sequence | null)?.[tag]?.Value?.[0]?.['00081197']?.Value?.[0];
    if (code !== undefined)
      return `${FAILURE_REASONS[code] ?? 'failure'} (0x${code.toString(16).padStart(4, '0')})`;
  }
  return undefined;
}

/**
 * STOW-RS through the session's one authorized request: the bearer, no cookies, no Referer, no redirect (a
 * redirect would post the report elsewhere; it fails the attempt instead), one renewal and replay after a 401.
 */
export function stowOverFetch(endpoint: string, request: AuthorizedRequest): StowTransport {
  return async (item: OutboxItem): Promise<StowAnswer> => {
    const res = await request(`${endpoint}/studies`, {
      method: 'POST',
      headers: {
        'Content-Type': item.contentType ?? 'multipart/related; type="application/dicom"',
        Accept: 'application/dicom+json',
      },
      body: item.bytes,
    });
    const detail = res.status === 200 ? undefined : failureDetail(await res.json().catch(() => null));
    return { status: res.status, detail };
  };
}
