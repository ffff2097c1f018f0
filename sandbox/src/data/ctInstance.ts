import { dcmjs, type NaturalDataset } from './dcmjs';
import { renderSlice } from './phantoms';
import type { SeriesDefinition, StudyDefinition } from './studyDefinitions';
import { uidFor } from './uid';

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const IMPLEMENTATION_CLASS_UID = uidFor('implementation');

export interface InstanceUids {
  study: string;
  series: string;
  sop: string;
  frameOfReference: string;
}

export function instanceUids(study: StudyDefinition, series: SeriesDefinition, index: number): InstanceUids {
  return {
    study: uidFor(`study/${study.key}`),
    series: uidFor(`series/${study.key}/${series.key}`),
    sop: uidFor(`sop/${study.key}/${series.key}/${index}`),
    // All series of a study share one patient position, hence one frame of reference.
    frameOfReference: uidFor(`for/${study.key}`),
  };
}

/** One CT Image Storage instance as a naturalized dcmjs dataset (pixel data included). */
export function ctDataset(study: StudyDefinition, series: SeriesDefinition, index: number): NaturalDataset {
  const uids = instanceUids(study, series, index);
  const { rows, pixelSpacing, sliceThickness, slices } = series;
  const half = (rows / 2) * pixelSpacing;
  const z = -index * sliceThickness;
  // Axial images are in the patient's x/y plane; the localizer is coronal (x, then -z).
  const orientation = series.localizer ? [1, 0, 0, 0, 0, -1] : [1, 0, 0, 0, 1, 0];
  const position = series.localizer ? [-half, 0, half] : [-half, -half, z];
  const t = slices > 1 ? index / (slices - 1) : 0.5;
  const pixels = renderSlice(series.phantom, rows, rows, pixelSpacing, t, index * 7919 + series.number);
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    ImageType: series.localizer ? ['ORIGINAL', 'PRIMARY', 'LOCALIZER'] : ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    SOPClassUID: CT_IMAGE_STORAGE,
    SOPInstanceUID: uids.sop,
    StudyDate: study.study.date,
    SeriesDate: study.study.date,
    ContentDate: study.study.date,
    StudyTime: study.study.time,
    SeriesTime: study.study.time,
    ContentTime: study.study.time,
    AccessionNumber: study.study.accession,
    Modality: 'CT',
    Manufacturer: 'KHEOPS-OHIF sandbox',
    ReferringPhysicianName: study.study.referringPhysician,
    StudyDescription: study.study.description,
    SeriesDescription: series.description,
    PatientName: study.patient.name,
    PatientID: study.patient.id,
    PatientBirthDate: study.patient.birthDate,
    PatientSex: study.patient.sex,
    BodyPartExamined: study.bodyPart,
    SliceThickness: sliceThickness,
    KVP: 120,
    PatientPosition: 'HFS',
    StudyInstanceUID: uids.study,
    SeriesInstanceUID: uids.series,
    StudyID: study.study.id,
    SeriesNumber: series.number,
    InstanceNumber: index + 1,
    ImagePositionPatient: position,
    ImageOrientationPatient: orientation,
    FrameOfReferenceUID: uids.frameOfReference,
    PositionReferenceIndicator: '',
    SliceLocation: series.localizer ? 0 : z,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: rows,
    PixelSpacing: [pixelSpacing, pixelSpacing],
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
    WindowCenter: series.window.center,
    WindowWidth: series.window.width,
    RescaleIntercept: -1024,
    RescaleSlope: 1,
    RescaleType: 'HU',
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW' },
  };
}

/** Part 10 bytes (Explicit VR Little Endian) of a naturalized dataset. */
export function toPart10(ds: NaturalDataset): Buffer {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: ds.SOPClassUID,
    MediaStorageSOPInstanceUID: ds.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'KHEOPS_SANDBOX',
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(ds);
  return Buffer.from(dict.write());
}

/** Every instance of every study definition, as Part 10 files. */
export function* syntheticInstances(studies: StudyDefinition[]): Generator<Buffer> {
  for (const study of studies)
    for (const series of study.series)
      for (let i = 0; i < series.slices; i++) yield toPart10(ctDataset(study, series, i));
}
