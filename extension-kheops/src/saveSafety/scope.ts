/**
 * What local drafts and outbox items belong to: the KHEOPS DICOMweb endpoint, the study and, when KHEOPS says
 * who it is (ID token or userinfo), the user. Another study, KHEOPS or known user never picks them up. L1 links
 * name no user: their items are shared by L1 launches of the study on this computer.
 */
export function saveScope(endpoint: string, studyUID: string, user?: string): string {
  return `${endpoint}|${studyUID}|${user ?? '-'}`;
}
