import { dcmjs } from './dcmjs';
import { CT_IMAGE_STORAGE, ctDataset, EXPLICIT_VR_LITTLE_ENDIAN, instanceUids, toPart10 } from './ctInstance';
import { STUDY_DEFINITIONS } from './studyDefinitions';

function parse(buf: Buffer) {
  const dict = dcmjs.data.DicomMessage.readFile(
    buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer,
  );
  return {
    meta: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta),
    ds: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict),
  };
}

const [chestStudy, headStudy, abdomenStudy] = STUDY_DEFINITIONS;
const axial = chestStudy!.series[0]!;

describe('synthetic CT generator', () => {
  const { meta, ds } = parse(toPart10(ctDataset(chestStudy!, axial, 9)));

  it('writes Part 10 CT Image Storage in Explicit VR Little Endian', () => {
    expect(meta.TransferSyntaxUID).toBe(EXPLICIT_VR_LITTLE_ENDIAN);
    expect(meta.MediaStorageSOPClassUID).toBe(CT_IMAGE_STORAGE);
    expect(ds.SOPClassUID).toBe(CT_IMAGE_STORAGE);
    expect(meta.MediaStorageSOPInstanceUID).toBe(ds.SOPInstanceUID);
  });

  it('carries the Patient and Study modules a viewer and KHEOPS verification rely on', () => {
    const name = ds.PatientName as { Alphabetic?: string } | string;
    expect(typeof name === 'string' ? name : name.Alphabetic).toBe('Synthetic^Patient');
    for (const k of [
      'PatientID',
      'PatientBirthDate',
      'PatientSex',
      'StudyDate',
      'StudyTime',
      'AccessionNumber',
      'StudyID',
      'StudyDescription',
      'ReferringPhysicianName',
    ])
      expect(String(ds[k] ?? '')).not.toBe('');
    expect(ds.Modality).toBe('CT');
    expect(ds.BodyPartExamined).toBe('CHEST');
    expect(ds.SeriesNumber).toBe(1);
    expect(ds.SeriesDescription).toBe('Axial 2.5mm');
    expect(ds.InstanceNumber).toBe(10);
  });

  it('has deterministic 2.25 UIDs of legal length', () => {
    const uids = instanceUids(chestStudy!, axial, 9);
    expect(ds.StudyInstanceUID).toBe(uids.study);
    expect(ds.SOPInstanceUID).toBe(instanceUids(chestStudy!, axial, 9).sop);
    for (const uid of Object.values(uids)) {
      expect(uid).toMatch(/^2\.25\.[1-9][0-9]*$/);
      expect(uid.length).toBeLessThanOrEqual(64);
    }
    expect(new Set([uids.sop, instanceUids(chestStudy!, axial, 10).sop]).size).toBe(2);
  });

  it('has the geometry a 3D viewer needs: IPP stepping by SliceThickness along the IOP normal', () => {
    const next = parse(toPart10(ctDataset(chestStudy!, axial, 10))).ds;
    expect(ds.ImageOrientationPatient).toEqual([1, 0, 0, 0, 1, 0]);
    const ipp = ds.ImagePositionPatient as number[];
    const ippNext = next.ImagePositionPatient as number[];
    expect(Math.abs(ipp[2]! - ippNext[2]!)).toBeCloseTo(axial.sliceThickness);
    expect(ds.PixelSpacing).toEqual([axial.pixelSpacing, axial.pixelSpacing]);
    expect(ds.SliceThickness).toBe(axial.sliceThickness);
    expect(ds.FrameOfReferenceUID).toBe(next.FrameOfReferenceUID);
  });

  it('stores 16-bit signed pixels with a HU rescale and a window, showing air, lung, soft tissue and bone', () => {
    expect([ds.Rows, ds.Columns, ds.BitsAllocated, ds.BitsStored, ds.PixelRepresentation]).toEqual([
      256, 256, 16, 16, 1,
    ]);
    expect(ds.PhotometricInterpretation).toBe('MONOCHROME2');
    expect(ds.RescaleIntercept).toBe(-1024);
    expect(Number(ds.WindowWidth)).toBeGreaterThan(0);
    const raw = (ds.PixelData as ArrayBuffer[])[0]!;
    expect(raw.byteLength).toBe(256 * 256 * 2);
    const hu = Array.from(new Int16Array(raw), (v) => v - 1024);
    const share = (lo: number, hi: number) => hu.filter((v) => v >= lo && v <= hi).length / hu.length;
    expect(share(-1000, -1000)).toBeGreaterThan(0.1); // air around the body
    expect(share(-900, -790)).toBeGreaterThan(0.05); // lungs
    expect(share(0, 100)).toBeGreaterThan(0.1); // soft tissue
    expect(share(600, 800)).toBeGreaterThan(0.002); // spine
  });

  it('defines the three studies: chest with >=3 series incl. a localizer, 1-series head, 10-series abdomen', () => {
    expect(chestStudy!.series.length).toBeGreaterThanOrEqual(3);
    expect(chestStudy!.series.some((s) => s.localizer && s.slices === 1)).toBe(true);
    expect(headStudy!.series).toHaveLength(1);
    expect(headStudy!.patient.id).not.toBe(chestStudy!.patient.id);
    expect(abdomenStudy!.series).toHaveLength(10);
    const scout = parse(toPart10(ctDataset(chestStudy!, chestStudy!.series[1]!, 0))).ds;
    expect(scout.ImageType).toContain('LOCALIZER');
  });
});
