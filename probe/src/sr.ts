// A small Basic Text SR in the target study, built with dcmjs (as the sandbox builds its data), copying the Patient
// and Study attributes from the study's own metadata so that KHEOPS's STOW verification
// (DICOMwebProxy VerifyInstanceResource: patient and study attributes must match the stored study) lets it in.
import { randomBytes } from 'node:crypto';

type DicomJson = Record<string, { vr?: string; Value?: unknown[] }>;

interface DicomDictInstance {
  dict: Record<string, unknown>;
  write(): ArrayBuffer;
}
interface Dcmjs {
  data: {
    DicomDict: new (meta: Record<string, unknown>) => DicomDictInstance;
    DicomMetaDictionary: {
      denaturalizeDataset(ds: Record<string, unknown>): Record<string, unknown>;
      naturalizeDataset(ds: Record<string, unknown>): Record<string, unknown>;
    };
  };
}
// dcmjs ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dcmjs: Dcmjs = require('dcmjs');

/** Patient module, General Study module and the character set: what KHEOPS compares with the stored study. */
export const COPIED_TAGS = [
  '00080005', // SpecificCharacterSet
  '00100010', // PatientName
  '00100020', // PatientID
  '00100021', // IssuerOfPatientID
  '00100030', // PatientBirthDate
  '00100040', // PatientSex
  '0020000D', // StudyInstanceUID
  '00080020', // StudyDate
  '00080030', // StudyTime
  '00080050', // AccessionNumber
  '00080090', // ReferringPhysicianName
  '00200010', // StudyID
  '00081030', // StudyDescription
  '00080201', // TimezoneOffsetFromUTC
];

const BASIC_TEXT_SR = '1.2.840.10008.5.1.4.1.1.88.11';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** A fresh 2.25 UID (ISO/IEC 9834-8 UUID-derived form). */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomBytes(16).toString('hex')}`).toString()}`;
}

export interface TestSr {
  sopInstanceUID: string;
  seriesInstanceUID: string;
  /** A STOW-RS body (multipart/related; type="application/dicom") and its content type. */
  body: ArrayBuffer;
  contentType: string;
}

export function buildTestSr(instance: DicomJson, now = new Date()): TestSr {
  const copied: DicomJson = {};
  for (const tag of COPIED_TAGS) {
    const e = instance[tag];
    if (e?.Value && e.Value.length) copied[tag] = { vr: e.vr, Value: e.Value };
  }
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const natural = DicomMetaDictionary.naturalizeDataset(copied);
  if (!natural.StudyInstanceUID) throw new Error('the metadata names no StudyInstanceUID');
  const sopInstanceUID = newUid();
  const seriesInstanceUID = newUid();
  const date = now.toISOString().slice(0, 10).replace(/-/g, '');
  const time = now.toISOString().slice(11, 19).replace(/:/g, '');
  const ds = {
    ...natural,
    SOPClassUID: BASIC_TEXT_SR,
    SOPInstanceUID: sopInstanceUID,
    SeriesInstanceUID: seriesInstanceUID,
    Modality: 'SR',
    SeriesNumber: 9999,
    SeriesDescription: 'KHEOPS probe test SR',
    InstanceNumber: 1,
    Manufacturer: 'kheops-ohif probe',
    ContentDate: date,
    ContentTime: time,
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ValueType: 'CONTAINER',
    ContinuityOfContent: 'SEPARATE',
    ConceptNameCodeSequence: [
      { CodeValue: '11528-7', CodingSchemeDesignator: 'LN', CodeMeaning: 'Radiology Report' },
    ],
    ContentSequence: [
      {
        RelationshipType: 'CONTAINS',
        ValueType: 'TEXT',
        ConceptNameCodeSequence: [
          { CodeValue: '121071', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Finding' },
        ],
        TextValue: 'Written by the kheops-ohif probe to check that the viewer can save; safe to delete.',
      },
    ],
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: BASIC_TEXT_SR,
    MediaStorageSOPInstanceUID: sopInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: '2.25.1234567890123456789',
    ImplementationVersionName: 'KHEOPS_PROBE',
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(ds);
  const part10 = Buffer.from(dict.write());
  const boundary = `kheopsProbe${randomBytes(12).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
    part10,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return {
    sopInstanceUID,
    seriesInstanceUID,
    body: body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength),
    contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
  };
}
