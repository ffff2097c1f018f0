import { buildTestSr, newUid } from './sr';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dcmjs = require('dcmjs');

const instance = {
  '00080005': { vr: 'CS', Value: ['ISO_IR 100'] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
  '00100020': { vr: 'LO', Value: ['PID-1'] },
  '0020000D': { vr: 'UI', Value: ['1.2.3.4'] },
  '00080020': { vr: 'DA', Value: ['20240101'] },
  '00081030': { vr: 'LO', Value: ['Chest CT'] },
  '00080050': { vr: 'SH' }, // empty: not copied
  '00080060': { vr: 'CS', Value: ['CT'] }, // a series attribute: not copied
};

describe('buildTestSr', () => {
  it('is a STOW body with one Part 10 SR copying the patient and study attributes', () => {
    const sr = buildTestSr(instance, new Date('2025-03-04T05:06:07Z'));
    expect(sr.contentType).toMatch(/^multipart\/related; type="application\/dicom"; boundary=kheopsProbe/);
    const bytes = Buffer.from(sr.body);
    const start = bytes.indexOf('\r\n\r\n') + 4;
    const end = bytes.lastIndexOf(Buffer.from('\r\n--'));
    const part = bytes.subarray(start, end);
    const file = dcmjs.data.DicomMessage.readFile(
      part.buffer.slice(part.byteOffset, part.byteOffset + part.length),
    );
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict);
    expect(ds.PatientID).toBe('PID-1');
    expect(ds.PatientName).toEqual([{ Alphabetic: 'Doe^Jane' }]);
    expect(ds.StudyInstanceUID).toBe('1.2.3.4');
    expect(ds.StudyDescription).toBe('Chest CT');
    expect(ds.Modality).toBe('SR');
    expect(ds.SOPInstanceUID).toBe(sr.sopInstanceUID);
    expect(ds.SeriesInstanceUID).toBe(sr.seriesInstanceUID);
    expect(ds.ContentDate).toBe('20250304');
    expect(ds.AccessionNumber).toBeUndefined();
  });

  it('refuses metadata without a study', () => {
    expect(() => buildTestSr({})).toThrow(/StudyInstanceUID/);
  });

  it('makes valid fresh UIDs', () => {
    const a = newUid();
    expect(a).toMatch(/^2\.25\.[1-9][0-9]*$/);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(newUid()).not.toBe(a);
  });
});
