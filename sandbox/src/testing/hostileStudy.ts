import type { FastifyInstance } from 'fastify';
import { DEMO_ALBUM_ID } from '../albums';
import type { SandboxContext } from '../context';
import { instanceUids, syntheticInstances } from '../data/ctInstance';
import { head } from '../data/phantoms';
import { stowToOrthanc } from '../data/stowToOrthanc';
import type { StudyDefinition } from '../data/studyDefinitions';

/**
 * Markup in the DICOM text fields a viewer shows (patient name, study and series descriptions, referring
 * physician): an uploader controls them. Each would set window.__kheopsXss if it ever ran as HTML.
 */
export const HOSTILE_TEXT = {
  patientName: '<img src=x onerror="window.__kheopsXss=1">^Hostile',
  studyDescription: '<script>window.__kheopsXss=2</script>CT HOSTILE',
  seriesDescription: '"><svg onload=window.__kheopsXss=3>',
  referringPhysician: '<b onmouseover=window.__kheopsXss=4>Dr</b>',
} as const;

const HOSTILE_STUDY: StudyDefinition = {
  key: 'hostile-text',
  patient: { name: HOSTILE_TEXT.patientName, id: 'SYN0666', birthDate: '19700101', sex: 'O' },
  study: {
    date: '20240601',
    time: '120000',
    accession: 'ACC0666',
    referringPhysician: HOSTILE_TEXT.referringPhysician,
    id: '1666',
    description: HOSTILE_TEXT.studyDescription,
  },
  bodyPart: 'HEAD',
  series: [
    {
      key: 'axial',
      number: 1,
      description: HOSTILE_TEXT.seriesDescription,
      slices: 4,
      sliceThickness: 5,
      rows: 128,
      pixelSpacing: 1.8,
      window: { center: 40, width: 80 },
      phantom: head,
    },
  ],
};

/** POST /sandbox/hostile-study: stores the study in Orthanc and puts it in the demo album (idempotent). */
export function registerHostileStudy(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/sandbox/hostile-study', async () => {
    await stowToOrthanc(ctx.urls.orthanc, [...syntheticInstances([HOSTILE_STUDY])]);
    const uids = instanceUids(HOSTILE_STUDY, HOSTILE_STUDY.series[0]!, 0);
    ctx.albums.addSeries(DEMO_ALBUM_ID, uids.study, uids.series);
    return {
      studyInstanceUID: uids.study,
      seriesInstanceUID: uids.series,
      numInstances: HOSTILE_STUDY.series[0]!.slices,
      text: HOSTILE_TEXT,
    };
  });
}
