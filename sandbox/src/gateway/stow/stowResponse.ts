type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

// dcm4che org.dcm4che3.net.Status codes used by PX/stow/resource/Resource.java.
export const FAILURE = {
  invalidAttributeValue: 0x0106,
  processingFailure: 0x0110,
  notAuthorized: 0x0124,
  cannotUnderstand: 0xc000,
} as const;

export interface FailedSop {
  sopClassUID?: string;
  sopInstanceUID?: string;
  reason: number;
  /** tags (AttributeIdentifierList) that did not match the study */
  attributes?: string[];
}

export function failedSopItem(f: FailedSop): DicomJson {
  const item: DicomJson = { '00081197': { vr: 'US', Value: [f.reason] } };
  if (f.sopClassUID) item['00081150'] = { vr: 'UI', Value: [f.sopClassUID] };
  if (f.sopInstanceUID) item['00081155'] = { vr: 'UI', Value: [f.sopInstanceUID] };
  if (f.attributes?.length) item['00001005'] = { vr: 'AT', Value: f.attributes };
  return item;
}

/** 200 all stored, 202 some failed, 409 none stored (PX/stow/resource/Resource.java). */
export function stowStatus(stored: number, failed: number): number {
  if (failed === 0 && stored > 0) return 200;
  return stored > 0 ? 202 : 409;
}
