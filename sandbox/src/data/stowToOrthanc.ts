import { multipartRelated } from './multipart';

const FAILED_SOP_SEQUENCE = '00081198';

/** STOW-RS the files to Orthanc's DICOMweb root in batches; throws if Orthanc refuses any of them. */
export async function stowToOrthanc(orthancUrl: string, files: Buffer[], batchSize = 32): Promise<number> {
  let stored = 0;
  for (let i = 0; i < files.length; i += batchSize) {
    const batch = files.slice(i, i + batchSize);
    const { body, contentType } = multipartRelated(batch);
    const res = await fetch(`${orthancUrl}/dicom-web/studies`, {
      method: 'POST',
      headers: { 'Content-Type': contentType, Accept: 'application/dicom+json' },
      body: new Uint8Array(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`STOW to Orthanc failed with ${res.status}: ${text.slice(0, 300)}`);
    const json = JSON.parse(text) as Record<string, { Value?: unknown[] }>;
    const failed = json[FAILED_SOP_SEQUENCE]?.Value?.length ?? 0;
    if (failed > 0)
      throw new Error(`Orthanc refused ${failed} of ${batch.length} instances: ${text.slice(0, 300)}`);
    stored += batch.length;
  }
  return stored;
}
