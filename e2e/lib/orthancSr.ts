// Reads SRs straight from Orthanc (the PACS behind KHEOPS) and decodes them with dcmjs, as a PACS user would.
import { dcmjs } from '../../sandbox/src/data/dcmjs';

export interface StoredSr {
  sopInstanceUID: string;
  seriesDescription: string;
  /** Numeric measurements found in the content tree: concept name → value with unit. */
  measurements: Array<{ name: string; value: number; unit: string }>;
  /** SOPInstanceUIDs of the images the measurements reference. */
  referencedImages: string[];
}

export async function srSeries(
  orthanc: string,
  studyUID: string,
): Promise<Array<{ seriesUID: string; description: string }>> {
  const res = await fetch(
    `${orthanc}/dicom-web/studies/${studyUID}/series?Modality=SR&includefield=0008103E`,
  );
  if (res.status === 204) return [];
  const rows = (await res.json()) as Array<Record<string, { Value?: unknown[] }>>;
  return rows.map((r) => ({
    seriesUID: String(r['0020000E']?.Value?.[0]),
    description: String(r['0008103E']?.Value?.[0] ?? ''),
  }));
}

function walk(items: unknown[], out: StoredSr): void {
  for (const item of items as Array<Record<string, any>>) {
    const mv = item.MeasuredValueSequence;
    const measured = Array.isArray(mv) ? mv[0] : mv;
    if (measured?.NumericValue !== undefined) {
      const name = (
        Array.isArray(item.ConceptNameCodeSequence)
          ? item.ConceptNameCodeSequence[0]
          : item.ConceptNameCodeSequence
      )?.CodeMeaning;
      const unitSeq = measured.MeasurementUnitsCodeSequence;
      const unit = (Array.isArray(unitSeq) ? unitSeq[0] : unitSeq)?.CodeValue ?? '';
      out.measurements.push({ name: String(name), value: Number(measured.NumericValue), unit: String(unit) });
    }
    const ref = item.ReferencedSOPSequence;
    for (const r of Array.isArray(ref) ? ref : ref ? [ref] : [])
      if (r.ReferencedSOPInstanceUID) out.referencedImages.push(r.ReferencedSOPInstanceUID);
    const children = item.ContentSequence;
    if (children) walk(Array.isArray(children) ? children : [children], out);
  }
}

export async function readSr(orthanc: string, studyUID: string, seriesUID: string): Promise<StoredSr[]> {
  const list = (await (
    await fetch(`${orthanc}/dicom-web/studies/${studyUID}/series/${seriesUID}/instances`)
  ).json()) as Array<Record<string, { Value?: unknown[] }>>;
  const out: StoredSr[] = [];
  for (const row of list) {
    const sop = String(row['00080018']?.Value?.[0]);
    const find = (await (
      await fetch(`${orthanc}/tools/find`, {
        method: 'POST',
        body: JSON.stringify({ Level: 'Instance', Query: { SOPInstanceUID: sop } }),
      })
    ).json()) as string[];
    const bytes = await (await fetch(`${orthanc}/instances/${find[0]}/file`)).arrayBuffer();
    const dict = dcmjs.data.DicomMessage.readFile(bytes);
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as Record<string, any>;
    const sr: StoredSr = {
      sopInstanceUID: sop,
      seriesDescription: String(ds.SeriesDescription ?? ''),
      measurements: [],
      referencedImages: [],
    };
    walk(Array.isArray(ds.ContentSequence) ? ds.ContentSequence : [ds.ContentSequence], sr);
    sr.referencedImages = [...new Set(sr.referencedImages)];
    out.push(sr);
  }
  return out;
}

/** Every SR of a study saved under a series description (the name given in OHIF's "Create SR" dialog). */
export async function storedReports(orthanc: string, studyUID: string, name: string): Promise<StoredSr[]> {
  const reports: StoredSr[] = [];
  for (const s of (await srSeries(orthanc, studyUID)).filter((x) => x.description === name))
    reports.push(...(await readSr(orthanc, studyUID, s.seriesUID)));
  return reports;
}
