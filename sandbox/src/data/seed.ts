import fs from 'node:fs';
import { COLLEAGUE_ALBUM_ID, DEMO_ALBUM_ID, type AlbumStore } from '../albums';
import { syntheticInstances } from './ctInstance';
import { findDicomFiles } from './dicomFiles';
import { listStudies } from './listStudies';
import { PARTLY_SHARED_STUDY, STUDY_DEFINITIONS } from './studyDefinitions';
import { stowToOrthanc } from './stowToOrthanc';
import { uidFor } from './uid';

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

/** The UIDs of the partly shared study and of its series the demo album does not hold (ctInstance.ts instanceUids). */
export function partlySharedUids(): { studyInstanceUID: string; outsideDemoAlbum: Set<string> } {
  const { key, seriesOutsideDemoAlbum } = PARTLY_SHARED_STUDY;
  return {
    studyInstanceUID: uidFor(`study/${key}`),
    outsideDemoAlbum: new Set(seriesOutsideDemoAlbum.map((s) => uidFor(`series/${key}/${s}`))),
  };
}

/**
 * Albums hold series (AS/entity/AlbumSeries.java): every series Orthanc holds goes to the demo album, except the
 * series of the partly shared study that only the colleague's album holds (it holds that whole study). Returns the
 * studies with the series the demo album shows.
 */
export function placeInAlbums(albums: AlbumStore, studies: SeededStudy[]): SeededStudy[] {
  const partly = partlySharedUids();
  return studies.map((study) => {
    const isPartly = study.studyInstanceUID === partly.studyInstanceUID;
    if (isPartly)
      for (const se of study.series)
        albums.addSeries(COLLEAGUE_ALBUM_ID, study.studyInstanceUID, se.seriesInstanceUID);
    const shown = study.series.filter(
      (se) => !(isPartly && partly.outsideDemoAlbum.has(se.seriesInstanceUID)),
    );
    for (const se of shown) albums.addSeries(DEMO_ALBUM_ID, study.studyInstanceUID, se.seriesInstanceUID);
    return { ...study, series: shown };
  });
}
