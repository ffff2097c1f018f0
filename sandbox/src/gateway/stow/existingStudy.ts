import { orthancRequest, readAll } from '../orthancHttp';
import { seriesAttributes, studyAttributes } from './dicomHeader';
import type { KnownStudy } from './verifyInstance';

interface FoundStudy {
  MainDicomTags: Record<string, string>;
  PatientMainDicomTags?: Record<string, string>;
  /** in the order Orthanc received them */
  Series: string[];
}
interface FoundSeries {
  ID: string;
  MainDicomTags: Record<string, string>;
  /** in the order Orthanc received them */
  Instances: string[];
}

async function find<T>(orthancUrl: string, query: object): Promise<T[]> {
  const body = Buffer.from(JSON.stringify({ ...query, Expand: true }));
  const res = await orthancRequest(orthancUrl, 'POST', '/tools/find', {
    headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
    body,
  });
  const text = (await readAll(res.body)).toString('utf8');
  if (res.status !== 200) throw new Error(`Orthanc /tools/find answered ${res.status}`);
  return JSON.parse(text) as T[];
}

/** TimezoneOffsetFromUTC of one instance (not one of Orthanc's main DICOM tags), null when it has none. */
async function timezoneOffset(orthancUrl: string, instanceId: string | undefined): Promise<string | null> {
  if (!instanceId) return null;
  const res = await orthancRequest(orthancUrl, 'GET', `/instances/${instanceId}/content/0008-0201`);
  const text = (await readAll(res.body)).toString('utf8').trim();
  return res.status === 200 && text !== '' ? text : null;
}

/**
 * What KHEOPS would hold for a study already in Orthanc, or null when it is new. KHEOPS keeps the values of the
 * first instance that reached the study or series (AS/resource/VerifyInstanceResource.java creates them from
 * it; AS/entity/Study.java and Series.java mergeAttributes keep a value a later instance lacks). Orthanc's main
 * DICOM tags are those of its first instance too; TimezoneOffsetFromUTC is read from the first instance of
 * each series (the study's: from its first series). Orthanc's QIDO answer is not used: it takes its values from
 * whichever instance it reads, so one instance without StudyDescription would erase it.
 */
export async function existingStudyAttributes(
  orthancUrl: string,
  studyUID: string,
): Promise<KnownStudy | null> {
  const [study] = await find<FoundStudy>(orthancUrl, {
    Level: 'Study',
    Query: { StudyInstanceUID: studyUID },
  });
  if (!study) return null;
  const seriesList = await find<FoundSeries>(orthancUrl, {
    Level: 'Series',
    Query: { StudyInstanceUID: studyUID },
  });
  const tz = new Map(
    await Promise.all(
      seriesList.map(async (s) => [s.ID, await timezoneOffset(orthancUrl, s.Instances[0])] as const),
    ),
  );
  const series = new Map(
    seriesList.map((s) => {
      const tags: Record<string, unknown> = { ...s.MainDicomTags, TimezoneOffsetFromUTC: tz.get(s.ID) };
      return [s.MainDicomTags.SeriesInstanceUID ?? '', seriesAttributes((k) => tags[k])];
    }),
  );
  const tags: Record<string, unknown> = {
    ...study.PatientMainDicomTags,
    ...study.MainDicomTags,
    TimezoneOffsetFromUTC: tz.get(study.Series[0] ?? ''),
  };
  return { study: studyAttributes((k) => tags[k]), series };
}
