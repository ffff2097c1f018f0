import fs from 'node:fs';
import { syntheticInstances } from './ctInstance';
import { findDicomFiles } from './dicomFiles';
import { listStudies } from './listStudies';
import { STUDY_DEFINITIONS } from './studyDefinitions';
import { stowToOrthanc } from './stowToOrthanc';

export interface SeededSeries {
  seriesInstanceUID: string;
  description: string;
  modality: string;
  numInstances: number;
}
export interface SeededStudy {
  studyInstanceUID: string;
  patientName: string;
  patientId: string;
  description: string;
  series: SeededSeries[];
}

/** Orthanc stores one batch (its own process) while Node renders the next one. */
async function uploadWhileGenerating(
  orthancUrl: string,
  files: Iterator<Buffer>,
  batchSize = 16,
): Promise<number> {
  let pending: Promise<number> = Promise.resolve(0);
  let total = 0;
  for (;;) {
    const batch: Buffer[] = [];
    for (
      let r = files.next();
      !r.done;
      r = batch.length < batchSize ? files.next() : { done: true, value: undefined }
    )
      batch.push(r.value);
    total += await pending;
    if (batch.length === 0) return total;
    pending = stowToOrthanc(orthancUrl, batch, batchSize);
  }
}

async function isEmpty(orthancUrl: string): Promise<boolean> {
  const res = await fetch(`${orthancUrl}/dicom-web/studies?limit=1`, {
    headers: { Accept: 'application/dicom+json' },
  });
  const text = await res.text();
  return res.status === 204 || text.trim() === '' || text.trim() === '[]';
}

/**
 * Fills an empty Orthanc with the synthetic studies, then loads `dicomDir` if given, and lists every study
 * Orthanc holds afterwards.
 */
export async function seedIfEmpty(
  orthancUrl: string,
  opts: { dicomDir?: string; log: (m: string) => void },
): Promise<{ studyUIDs: string[]; studies: SeededStudy[] }> {
  if (await isEmpty(orthancUrl)) {
    const t0 = Date.now();
    const count = await uploadWhileGenerating(orthancUrl, syntheticInstances(STUDY_DEFINITIONS));
    opts.log(`seeded ${count} synthetic instances in ${Date.now() - t0} ms`);
  }
  if (opts.dicomDir) {
    const { files, skipped } = findDicomFiles(opts.dicomDir);
    const stored = await stowToOrthanc(
      orthancUrl,
      files.map((f) => fs.readFileSync(f)),
      16,
    );
    opts.log(`loaded ${stored} DICOM files from ${opts.dicomDir} (${skipped} other files skipped)`);
  }
  const studies = await listStudies(orthancUrl);
  return { studyUIDs: studies.map((s) => s.studyInstanceUID), studies };
}
