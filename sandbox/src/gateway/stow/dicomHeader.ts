import { dcmjs } from '../../data/dcmjs';
import {
  STUDY_RULES,
  type InstanceAttributes,
  type SeriesAttributes,
  type StudyAttributes,
} from './verifyInstance';

export interface StowInstance {
  sopClassUID: string;
  sopInstanceUID: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  /** the values PX/id/SeriesID.java sends to AS/resource/VerifyInstanceResource.java */
  attributes: InstanceAttributes;
}

/**
 * A value as dcm4che's Attributes.getString gives it (PX/id/SeriesID.java): the first value, padding trimmed,
 * null when absent or empty. A person name (dcmjs / DICOM JSON object) becomes its groups joined with '='.
 */
export function dicomString(v: unknown): string | null {
  if (Array.isArray(v)) v = v[0];
  if (v && typeof v === 'object') {
    const pn = v as { Alphabetic?: unknown; Ideographic?: unknown; Phonetic?: unknown };
    v = [pn.Alphabetic, pn.Ideographic, pn.Phonetic]
      .map((g) => (g === undefined || g === null ? '' : String(g)))
      .join('=')
      .replace(/=+$/, '');
  }
  if (v === undefined || v === null) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

/** An IS value as dcm4che's Attributes.getInt(tag, 0) gives it (PX/id/SeriesID.java SeriesNumber). */
export function dicomInt(v: unknown): number {
  const s = dicomString(v);
  if (s === null) return 0;
  return /^[+-]?\d+$/.test(s) ? Number.parseInt(s, 10) : Number.NaN;
}

/** The study values to verify; `get` answers a keyword's value (dcmjs naturalized or DICOM JSON Value). */
export function studyAttributes(get: (keyword: string) => unknown): StudyAttributes {
  const study = {} as StudyAttributes;
  for (const [, keyword] of STUDY_RULES) study[keyword] = dicomString(get(keyword));
  return study;
}

/** The series values to verify; `get` as for studyAttributes. */
export function seriesAttributes(get: (keyword: string) => unknown): SeriesAttributes {
  return {
    Modality: dicomString(get('Modality')),
    SeriesDescription: dicomString(get('SeriesDescription')),
    SeriesNumber: dicomInt(get('SeriesNumber')),
    BodyPartExamined: dicomString(get('BodyPartExamined')),
    TimezoneOffsetFromUTC: dicomString(get('TimezoneOffsetFromUTC')),
  };
}

/** Reads the header of a Part 10 file (stops before the pixel data). Throws when it is not DICOM. */
export function readStowInstance(part: Buffer): StowInstance {
  const ab = part.buffer.slice(part.byteOffset, part.byteOffset + part.length) as ArrayBuffer;
  const dict = dcmjs.data.DicomMessage.readFile(ab, { untilTag: '7FE00010', includeUntilTagValue: false });
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as Record<string, unknown>;
  const uid = (k: string) => dicomString(ds[k]) ?? '';
  return {
    sopClassUID: uid('SOPClassUID'),
    sopInstanceUID: uid('SOPInstanceUID'),
    studyInstanceUID: uid('StudyInstanceUID'),
    seriesInstanceUID: uid('SeriesInstanceUID'),
    attributes: { study: studyAttributes((k) => ds[k]), series: seriesAttributes((k) => ds[k]) },
  };
}
