import { dcmjs } from '../../data/dcmjs';

/** The attributes VerifyInstanceResource compares, as DICOM JSON tags, with their keywords. */
export const VERIFIED_ATTRIBUTES: Array<[tag: string, keyword: string]> = [
  ['00100020', 'PatientID'],
  ['00100010', 'PatientName'],
  ['00100030', 'PatientBirthDate'],
  ['00100040', 'PatientSex'],
  ['00080020', 'StudyDate'],
  ['00080030', 'StudyTime'],
  ['00080050', 'AccessionNumber'],
  ['00200010', 'StudyID'],
  ['00080090', 'ReferringPhysicianName'],
];

export interface StowInstance {
  sopClassUID: string;
  sopInstanceUID: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  /** keyword -> normalized value, for VERIFIED_ATTRIBUTES */
  attributes: Record<string, string>;
}

/** Normalizes a value for comparison: PN objects to their alphabetic form, trailing padding and '^' dropped. */
export function normalizeValue(v: unknown): string {
  if (Array.isArray(v)) v = v[0];
  if (v && typeof v === 'object' && 'Alphabetic' in v) v = (v as { Alphabetic?: unknown }).Alphabetic;
  if (v === undefined || v === null) return '';
  return String(v).trim().replace(/\^+$/, '');
}

/** Reads the header of a Part 10 file (stops before the pixel data). Throws when it is not DICOM. */
export function readStowInstance(part: Buffer): StowInstance {
  const ab = part.buffer.slice(part.byteOffset, part.byteOffset + part.length) as ArrayBuffer;
  const dict = dcmjs.data.DicomMessage.readFile(ab, { untilTag: '7FE00010', includeUntilTagValue: false });
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
  const uid = (k: string) => normalizeValue(ds[k]);
  const attributes: Record<string, string> = {};
  for (const [, keyword] of VERIFIED_ATTRIBUTES) attributes[keyword] = normalizeValue(ds[keyword]);
  return {
    sopClassUID: uid('SOPClassUID'),
    sopInstanceUID: uid('SOPInstanceUID'),
    studyInstanceUID: uid('StudyInstanceUID'),
    seriesInstanceUID: uid('SeriesInstanceUID'),
    attributes,
  };
}
