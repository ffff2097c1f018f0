import { abdomen, chest, chestScout, head, type Phantom } from './phantoms';

export interface SeriesDefinition {
  key: string;
  number: number;
  description: string;
  slices: number;
  sliceThickness: number;
  rows: number;
  pixelSpacing: number;
  window: { center: number; width: number };
  phantom: Phantom;
  localizer?: boolean;
}

export interface StudyDefinition {
  key: string;
  patient: { name: string; id: string; birthDate: string; sex: 'M' | 'F' | 'O' };
  study: {
    date: string;
    time: string;
    accession: string;
    referringPhysician: string;
    id: string;
    description: string;
  };
  bodyPart: string;
  series: SeriesDefinition[];
}

const SOFT_TISSUE = { center: 40, width: 400 };
const LUNG = { center: -600, width: 1500 };
const BRAIN = { center: 40, width: 80 };

const PHASES: Array<[string, { aorta: number; liver: number; kidney: number }]> = [
  ['Non-contrast', { aorta: 40, liver: 55, kidney: 30 }],
  ['Arterial', { aorta: 320, liver: 70, kidney: 180 }],
  ['Late arterial', { aorta: 260, liver: 90, kidney: 200 }],
  ['Portal venous', { aorta: 170, liver: 120, kidney: 170 }],
  ['Nephrographic', { aorta: 140, liver: 110, kidney: 220 }],
  ['Delayed 3 min', { aorta: 110, liver: 95, kidney: 150 }],
  ['Delayed 5 min', { aorta: 95, liver: 85, kidney: 130 }],
  ['Delayed 10 min', { aorta: 80, liver: 75, kidney: 110 }],
  ['Excretory', { aorta: 70, liver: 70, kidney: 300 }],
  ['Late excretory', { aorta: 60, liver: 65, kidney: 260 }],
];

/**
 * The three seeded studies: a chest CT with three series (the main one), a one-series head CT of another
 * patient, and a ten-series multiphase abdomen (for the 10-series vs 1-series benchmark).
 */
export const STUDY_DEFINITIONS: StudyDefinition[] = [
  {
    key: 'chest',
    patient: { name: 'Synthetic^Patient', id: 'SYN0001', birthDate: '19620314', sex: 'M' },
    study: {
      date: '20240115',
      time: '101500',
      accession: 'ACC0001',
      referringPhysician: 'House^Gregory',
      id: '1001',
      description: 'CT CHEST SYNTHETIC',
    },
    bodyPart: 'CHEST',
    series: [
      {
        key: 'axial',
        number: 1,
        description: 'Axial 2.5mm',
        slices: 20,
        sliceThickness: 2.5,
        rows: 256,
        pixelSpacing: 1.4,
        window: SOFT_TISSUE,
        phantom: chest,
      },
      {
        key: 'scout',
        number: 2,
        description: 'Scout',
        slices: 1,
        sliceThickness: 1,
        rows: 256,
        pixelSpacing: 2,
        window: SOFT_TISSUE,
        phantom: chestScout,
        localizer: true,
      },
      {
        key: 'lung',
        number: 3,
        description: 'Lung 5mm',
        slices: 10,
        sliceThickness: 5,
        rows: 256,
        pixelSpacing: 1.4,
        window: LUNG,
        phantom: chest,
      },
    ],
  },
  {
    key: 'head',
    patient: { name: 'Synthetic^Second', id: 'SYN0002', birthDate: '19781102', sex: 'F' },
    study: {
      date: '20240302',
      time: '083000',
      accession: 'ACC0002',
      referringPhysician: 'Cuddy^Lisa',
      id: '1002',
      description: 'CT HEAD SYNTHETIC',
    },
    bodyPart: 'HEAD',
    series: [
      {
        key: 'axial',
        number: 1,
        description: 'Head 5mm',
        slices: 16,
        sliceThickness: 5,
        rows: 256,
        pixelSpacing: 0.9,
        window: BRAIN,
        phantom: head,
      },
    ],
  },
  {
    key: 'abdomen',
    patient: { name: 'Synthetic^Third', id: 'SYN0003', birthDate: '19550720', sex: 'M' },
    study: {
      date: '20240510',
      time: '141000',
      accession: 'ACC0003',
      referringPhysician: 'Wilson^James',
      id: '1003',
      description: 'CT ABDOMEN MULTIPHASE',
    },
    bodyPart: 'ABDOMEN',
    series: PHASES.map(([name, enhancement], i) => ({
      key: `phase${i + 1}`,
      number: i + 1,
      description: name,
      slices: 8,
      sliceThickness: 5,
      rows: 256,
      pixelSpacing: 1.5,
      window: SOFT_TISSUE,
      phantom: abdomen(enhancement),
    })),
  },
  // Albums hold series (AS/entity/AlbumSeries.java): the demo album holds only the first series of this study; the
  // colleague's album holds both (PARTLY_SHARED_STUDY).
  {
    key: 'neck',
    patient: { name: 'Synthetic^Fourth', id: 'SYN0004', birthDate: '19880907', sex: 'F' },
    study: {
      date: '20240618',
      time: '093000',
      accession: 'ACC0004',
      referringPhysician: 'Foreman^Eric',
      id: '1004',
      description: 'CT NECK PARTLY SHARED',
    },
    bodyPart: 'NECK',
    series: [
      {
        key: 'axial',
        number: 1,
        description: 'Neck 5mm',
        slices: 6,
        sliceThickness: 5,
        rows: 256,
        pixelSpacing: 0.9,
        window: SOFT_TISSUE,
        phantom: head,
      },
      {
        key: 'thin',
        number: 2,
        description: 'Neck 2.5mm (not shared)',
        slices: 6,
        sliceThickness: 2.5,
        rows: 256,
        pixelSpacing: 0.9,
        window: SOFT_TISSUE,
        phantom: head,
      },
    ],
  },
];

/** The study only partly in the demo album: these series of it are held by the colleague's album alone. */
export const PARTLY_SHARED_STUDY = { key: 'neck', seriesOutsideDemoAlbum: ['thin'] };
