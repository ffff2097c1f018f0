import { orthancJson } from '../orthancHttp';
import { normalizeValue, VERIFIED_ATTRIBUTES } from './dicomHeader';

type DicomJson = Record<string, { Value?: unknown[] }>;

/** The verified attributes of a study already in Orthanc (keyword -> value), or null when it is new. */
export async function existingStudyAttributes(
  orthancUrl: string,
  studyUID: string,
): Promise<Record<string, string> | null> {
  const fields = VERIFIED_ATTRIBUTES.map(([tag]) => tag).join(',');
  const { json } = await orthancJson<DicomJson[]>(
    orthancUrl,
    `/dicom-web/studies?StudyInstanceUID=${studyUID}&includefield=${fields}`,
  );
  const study = json?.[0];
  if (!study) return null;
  const out: Record<string, string> = {};
  for (const [tag, keyword] of VERIFIED_ATTRIBUTES) out[keyword] = normalizeValue(study[tag]?.Value);
  return out;
}

/** AS/resource/VerifyInstanceResource.java: tags of the instance that differ from the existing study. */
export function mismatchedTags(existing: Record<string, string>, instance: Record<string, string>): string[] {
  return VERIFIED_ATTRIBUTES.filter(
    ([, keyword]) => (existing[keyword] ?? '') !== (instance[keyword] ?? ''),
  ).map(([tag]) => tag);
}
