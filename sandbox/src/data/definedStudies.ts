import type { SeededStudy } from './seed';
import { STUDY_DEFINITIONS } from './studyDefinitions';
import { uidFor } from './uid';

/**
 * The synthetic studies as seeding puts them in Orthanc (same UIDs, same order as listStudies), without Orthanc:
 * what a sandbox built for inject() tests of the authorization server places in its albums.
 */
export function definedStudies(): SeededStudy[] {
  return STUDY_DEFINITIONS.map((d) => ({
    studyInstanceUID: uidFor(`study/${d.key}`),
    patientName: d.patient.name,
    patientId: d.patient.id,
    description: d.study.description,
    series: [...d.series]
      .sort((a, b) => a.number - b.number)
      .map((s) => ({
        seriesInstanceUID: uidFor(`series/${d.key}/${s.key}`),
        description: s.description,
        modality: 'CT',
        numInstances: s.slices,
      })),
  })).sort(
    (a, b) => a.patientId.localeCompare(b.patientId) || a.studyInstanceUID.localeCompare(b.studyInstanceUID),
  );
}
