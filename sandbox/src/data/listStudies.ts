import type { SeededSeries, SeededStudy } from './seed';

type DicomJson = Record<string, { Value?: unknown[] }>;

const str = (ds: DicomJson, tag: string): string => {
  const v = ds[tag]?.Value?.[0];
  if (v && typeof v === 'object' && 'Alphabetic' in v)
    return String((v as { Alphabetic: unknown }).Alphabetic ?? '');
  return v === undefined || v === null ? '' : String(v);
};

async function qido(orthancUrl: string, pathAndQuery: string): Promise<DicomJson[]> {
  const res = await fetch(`${orthancUrl}/dicom-web${pathAndQuery}`, {
    headers: { Accept: 'application/dicom+json' },
  });
  if (res.status === 204) return [];
  if (!res.ok) throw new Error(`QIDO ${pathAndQuery} failed with ${res.status}`);
  const text = await res.text();
  return text.trim() ? (JSON.parse(text) as DicomJson[]) : [];
}

/** Every study in Orthanc with its series, sorted by PatientID, StudyInstanceUID, then SeriesNumber. */
export async function listStudies(orthancUrl: string): Promise<SeededStudy[]> {
  const studies = await qido(orthancUrl, '/studies?includefield=00081030');
  const out: SeededStudy[] = [];
  for (const s of studies) {
    const studyInstanceUID = str(s, '0020000D');
    const seriesJson = await qido(
      orthancUrl,
      `/studies/${studyInstanceUID}/series?includefield=0008103E,00201209`,
    );
    const series = seriesJson
      .map((se) => ({
        number: Number(str(se, '00200011')) || 0,
        entry: {
          seriesInstanceUID: str(se, '0020000E'),
          description: str(se, '0008103E'),
          modality: str(se, '00080060'),
          numInstances: Number(str(se, '00201209')) || 0,
        } satisfies SeededSeries,
      }))
      .sort(
        (a, b) => a.number - b.number || a.entry.seriesInstanceUID.localeCompare(b.entry.seriesInstanceUID),
      )
      .map((x) => x.entry);
    out.push({
      studyInstanceUID,
      patientName: str(s, '00100010'),
      patientId: str(s, '00100020'),
      description: str(s, '00081030'),
      series,
    });
  }
  return out.sort(
    (a, b) => a.patientId.localeCompare(b.patientId) || a.studyInstanceUID.localeCompare(b.studyInstanceUID),
  );
}
