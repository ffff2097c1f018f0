/**
 * What local drafts and outbox items belong to: the KHEOPS DICOMweb endpoint and the study. Another study or
 * another KHEOPS never picks them up.
 */
export function saveScope(endpoint: string, studyUID: string): string {
  return `${endpoint}|${studyUID}`;
}
