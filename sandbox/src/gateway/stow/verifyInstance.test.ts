import { dicomInt, dicomString, seriesAttributes, studyAttributes } from './dicomHeader';
import {
  isSamePN,
  newInstanceVerifier,
  seriesMismatches,
  studyMismatches,
  type InstanceAttributes,
  type KnownStudy,
  type SeriesAttributes,
  type StudyAttributes,
} from './verifyInstance';

// AS/resource/VerifyInstanceResource.java isSameStudy / isSameSeries / isSamePN / getReason.
const STUDY: StudyAttributes = {
  StudyDate: '20240115',
  StudyTime: '101500',
  StudyDescription: 'CT CHEST',
  TimezoneOffsetFromUTC: '+0100',
  AccessionNumber: 'ACC1',
  ReferringPhysicianName: 'House^Gregory',
  PatientName: 'Synthetic^Patient',
  PatientID: 'SYN1',
  PatientBirthDate: '19620314',
  PatientSex: 'M',
  StudyID: '1001',
};
const SERIES: SeriesAttributes = {
  Modality: 'SR',
  SeriesDescription: 'Measurements',
  SeriesNumber: 900,
  BodyPartExamined: null,
  TimezoneOffsetFromUTC: null,
};
const NONE = Object.fromEntries(Object.keys(STUDY).map((k) => [k, null])) as unknown as StudyAttributes;

describe('studyMismatches (isSameStudy)', () => {
  it('passes identical values', () => expect(studyMismatches(STUDY, { ...STUDY })).toEqual([]));

  it('passes an absent incoming value for every attribute except StudyID', () => {
    expect(studyMismatches(STUDY, NONE)).toEqual(['00200010']);
  });

  it('refuses any different value, reporting the tags in getReason order', () => {
    const other: StudyAttributes = {
      StudyDate: '20240116',
      StudyTime: '101501',
      StudyDescription: 'CT CHEST 2',
      TimezoneOffsetFromUTC: '+0200',
      AccessionNumber: 'ACC2',
      ReferringPhysicianName: 'Wilson^James',
      PatientName: 'Other^Patient',
      PatientID: 'SYN2',
      PatientBirthDate: '19620315',
      PatientSex: 'F',
      StudyID: '1002',
    };
    expect(studyMismatches(STUDY, other)).toEqual([
      '00080020',
      '00080030',
      '00081030',
      '00080201',
      '00080050',
      '00080090',
      '00100010',
      '00100020',
      '00100030',
      '00100040',
      '00200010',
    ]);
  });

  it('refuses a value the stored study does not have (stored null → incoming must be null)', () => {
    expect(studyMismatches(NONE, STUDY)).toEqual([
      '00080020',
      '00080030',
      '00081030',
      '00080201',
      '00080050',
      '00080090',
      '00100010',
      '00100020',
      '00100030',
      '00100040',
      '00200010',
    ]);
    expect(studyMismatches(NONE, NONE)).toEqual([]);
  });

  it('compares other values exactly (no case folding, no trimming of inner spaces)', () => {
    expect(studyMismatches(STUDY, { ...STUDY, StudyDescription: 'ct chest' })).toEqual(['00081030']);
    expect(studyMismatches(STUDY, { ...STUDY, StudyTime: '101500.000' })).toEqual(['00080030']);
  });
});

describe('isSamePN', () => {
  it('ignores ^ and = only', () => {
    expect(isSamePN('Synthetic^Patient', 'SyntheticPatient')).toBe(true);
    expect(isSamePN('Synthetic^Patient', 'Synthetic^Patient^^^')).toBe(true);
    expect(isSamePN('Synthetic^Patient', 'Synth^eticPatient=')).toBe(true);
    expect(isSamePN('Synthetic^Patient', 'Synthetic^Patient=Synthetic^Patient')).toBe(false);
    expect(isSamePN('Synthetic^Patient', 'Synthetic Patient')).toBe(false);
    expect(isSamePN('Synthetic^Patient', 'SYNTHETIC^PATIENT')).toBe(false);
  });

  it('lets an empty incoming name pass a stored one, never the other way round', () => {
    expect(isSamePN('Synthetic^Patient', null)).toBe(true);
    expect(isSamePN('Synthetic^Patient', '^^^^')).toBe(true);
    expect(isSamePN(null, '^^^^')).toBe(true);
    expect(isSamePN('^^^^', null)).toBe(true);
    expect(isSamePN(null, 'Synthetic^Patient')).toBe(false);
    expect(isSamePN('=^', 'A')).toBe(false);
  });
});

describe('seriesMismatches (isSameSeries)', () => {
  it('passes identical values and refuses every difference, absent values included', () => {
    expect(seriesMismatches(SERIES, { ...SERIES })).toEqual([]);
    expect(
      seriesMismatches(SERIES, {
        Modality: 'OT',
        SeriesDescription: null,
        SeriesNumber: 0,
        BodyPartExamined: 'CHEST',
        TimezoneOffsetFromUTC: '+0100',
      }),
    ).toEqual(['00080060', '0008103E', '00200011', '00180015', '00080201']);
    expect(seriesMismatches({ ...SERIES, TimezoneOffsetFromUTC: '+0100' }, SERIES)).toEqual(['00080201']);
  });
});

describe('newInstanceVerifier', () => {
  const instance = (study: Partial<StudyAttributes> = {}, series: Partial<SeriesAttributes> = {}) =>
    ({ study: { ...STUDY, ...study }, series: { ...SERIES, ...series } }) as InstanceAttributes;

  it('checks the study first and the series only when the study matched', () => {
    const known: KnownStudy = { study: STUDY, series: new Map([['S1', SERIES]]) };
    const verify = newInstanceVerifier();
    expect(verify(known, '1.2', 'S1', instance({ PatientID: 'X' }, { Modality: 'OT' }))).toEqual([
      '00100020',
    ]);
    expect(verify(known, '1.2', 'S1', instance({}, { SeriesNumber: 901 }))).toEqual(['00200011']);
    expect(verify(known, '1.2', 'S1', instance({ StudyDescription: null }))).toEqual([]);
  });

  it('creates a new series from its first instance and compares later ones with it', () => {
    const known: KnownStudy = { study: STUDY, series: new Map() };
    const verify = newInstanceVerifier();
    expect(verify(known, '1.2', 'S2', instance())).toEqual([]);
    expect(verify(known, '1.2', 'S2', instance({}, { SeriesDescription: 'Other' }))).toEqual(['0008103E']);
    expect(verify(known, '1.2', 'S3', instance({}, { SeriesDescription: 'Other' }))).toEqual([]);
  });

  it('creates a new study from its first instance and compares later ones with it', () => {
    const verify = newInstanceVerifier();
    expect(verify(null, '9.9', 'S1', instance({ StudyDescription: null }))).toEqual([]);
    expect(verify(null, '9.9', 'S2', instance({ StudyDescription: 'Added' }))).toEqual(['00081030']);
    expect(verify(null, '9.9', 'S1', instance({ StudyDescription: null }, { Modality: 'OT' }))).toEqual([
      '00080060',
    ]);
    expect(verify(null, '9.8', 'S1', instance({ PatientID: 'Y' }))).toEqual([]);
  });
});

describe('reading values as dcm4che getString / getInt', () => {
  it('takes the first value, trims padding, maps empty to null', () => {
    expect(dicomString(['A', 'B'])).toBe('A');
    expect(dicomString(' X ')).toBe('X');
    expect(dicomString('')).toBeNull();
    expect(dicomString(undefined)).toBeNull();
    expect(dicomString([])).toBeNull();
  });

  it('joins person-name groups with =', () => {
    expect(dicomString([{ Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎' }])).toBe(
      'Yamada^Tarou=山田^太郎',
    );
    expect(dicomString({ Alphabetic: 'Doe^John' })).toBe('Doe^John');
    expect(dicomString({ Ideographic: '山田' })).toBe('=山田');
    expect(dicomString({})).toBeNull();
  });

  it('reads SeriesNumber as an int, 0 when absent', () => {
    expect(dicomInt(7)).toBe(7);
    expect(dicomInt(['12'])).toBe(12);
    expect(dicomInt(undefined)).toBe(0);
    expect(dicomInt('')).toBe(0);
  });

  it('builds study and series attributes by keyword', () => {
    const ds: Record<string, unknown> = { PatientID: 'P', StudyID: '', SeriesNumber: 3, Modality: 'SR' };
    expect(studyAttributes((k) => ds[k])).toEqual({ ...NONE, PatientID: 'P' });
    expect(seriesAttributes((k) => ds[k])).toEqual({
      Modality: 'SR',
      SeriesDescription: null,
      SeriesNumber: 3,
      BodyPartExamined: null,
      TimezoneOffsetFromUTC: null,
    });
  });
});
