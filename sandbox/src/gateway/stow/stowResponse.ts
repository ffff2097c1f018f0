type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

// dcm4che org.dcm4che3.net.Status codes used by PX/stow/authorization/AuthorizationManager.java.
export const FAILURE = {
  invalidAttributeValue: 0x0106,
  processingFailure: 0x0110,
  notAuthorized: 0x0124,
  cannotUnderstand: 0xc000,
} as const;

export const FAILED_SOP_SEQUENCE = '00081198';
/** OtherFailuresSequence (0008,119A). */
export const OTHER_FAILURES_SEQUENCE = '0008119A';

export interface FailedSop {
  sopClassUID?: string;
  sopInstanceUID?: string;
  reason: number;
  /** tags (8 hex digits) that did not match the study: AttributeIdentifierList */
  attributes?: string[];
}

/**
 * A FailedSOPSequence item as PX/stow/authorization/AuthorizationManager.java getResponse writes it:
 * ReferencedSOPInstanceUID, ReferencedSOPClassUID, FailureReason (US), and for InvalidAttributeValue the
 * AttributeIdentifierList as VR LO holding AS/resource/VerifyInstanceResource.java's unmatching tags, which are
 * `String.valueOf(Tag.X)`: the tag as a decimal number (PatientID 0x00100020 -> "1048608").
 */
export function failedSopItem(f: FailedSop): DicomJson {
  const item: DicomJson = {};
  if (f.sopInstanceUID) item['00081155'] = { vr: 'UI', Value: [f.sopInstanceUID] };
  if (f.sopClassUID) item['00081150'] = { vr: 'UI', Value: [f.sopClassUID] };
  item['00081197'] = { vr: 'US', Value: [f.reason] };
  if (f.attributes?.length)
    item['00001005'] = { vr: 'LO', Value: f.attributes.map((tag) => String(parseInt(tag, 16))) };
  return item;
}

/**
 * AuthorizationManager.java: a part the proxy cannot read (Proxy.java processPart IOException) or a failed
 * verifyInstance call is a ProcessingFailure: an OtherFailuresSequence item with FailureReason 0x0110 and no SOP
 * UIDs, never a FailedSOPSequence item.
 */
export function otherFailureItem(): DicomJson {
  return { '00081197': { vr: 'US', Value: [FAILURE.processingFailure] } };
}

const isProcessingFailure = (f: FailedSop) =>
  f.reason === FAILURE.processingFailure || f.reason === FAILURE.cannotUnderstand;

/**
 * Splits KHEOPS's own refusals into the two sequences of the answer; the PACS's FailedSOPSequence items come
 * first (getResponse appends to the PACS's sequence).
 */
export function stowFailureSequences(
  failed: FailedSop[],
  pacsFailed: DicomJson[],
): { failedSOPs: DicomJson[]; otherFailures: DicomJson[] } {
  return {
    failedSOPs: [...pacsFailed, ...failed.filter((f) => !isProcessingFailure(f)).map(failedSopItem)],
    otherFailures: failed.filter(isProcessingFailure).map(otherFailureItem),
  };
}

/**
 * The PACS's 200 / 202 / 409 (PX/stow/resource/Resource.java), 200 turned into 202 when KHEOPS itself refused
 * anything (AuthorizationManager.java getResponse).
 */
export function stowStatus(stored: number, failed: number): number {
  if (failed === 0 && stored > 0) return 200;
  return stored > 0 ? 202 : 409;
}
