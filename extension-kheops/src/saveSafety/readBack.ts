import type { AuthorizedRequest } from '../session/Session';

/** Where a stored report is: enough to ask KHEOPS for it. */
export interface StoredReport {
  studyUID: string;
  seriesUID?: string;
  id: string;
}

/** Whether KHEOPS shows the report: found, not (yet) found, or the read-back could not be made. */
export type ReadBackResult = { found: true } | { found: false; reason: string };

/** Reads a stored report back from KHEOPS. */
export type ReadBack = (report: StoredReport) => Promise<ReadBackResult>;

const SOP_INSTANCE_UID = '00080018';

/**
 * Reads a report back by QIDO after its STOW: `GET {endpoint}/studies/{S}/series/{Se}/instances?SOPInstanceUID=`,
 * which KHEOPS hands to the PACS with the query as it is (DICOMWebProxy/.../wadors/WadoRSSeriesInstances.java).
 * "Saved" promises what the PACS lists, not what the STOW answer said. The PACS may index a moment after it
 * answers, so an empty list is asked again after each delay.
 */
export function qidoReadBack(
  endpoint: string,
  request: AuthorizedRequest,
  retryDelaysMs: number[] = [1_000, 3_000],
): ReadBack {
  return async ({ studyUID, seriesUID, id }) => {
    if (!seriesUID) return { found: false, reason: 'the report names no series to look it up in' };
    const url = `${endpoint}/studies/${enc(studyUID)}/series/${enc(seriesUID)}/instances?SOPInstanceUID=${enc(id)}`;
    let reason = '';
    for (const delay of [0, ...retryDelaysMs]) {
      if (delay) await new Promise((r) => setTimeout(r, delay));
      let res: Response;
      try {
        res = await request(url, { headers: { Accept: 'application/dicom+json' } });
      } catch (err) {
        reason = `KHEOPS could not be asked (${err instanceof Error ? err.message : String(err)})`;
        continue;
      }
      if (res.status === 200 && listsInstance(await res.json().catch(() => null), id)) return { found: true };
      reason =
        res.status === 200 || res.status === 204
          ? 'KHEOPS does not list it yet'
          : `KHEOPS answered the look-up with HTTP ${res.status}`;
      if (res.status === 401 || res.status === 403) break;
    }
    return { found: false, reason };
  };
}

function listsInstance(json: unknown, id: string): boolean {
  if (!Array.isArray(json)) return false;
  return json.some(
    (i) => (i as Record<string, { Value?: unknown[] }>)?.[SOP_INSTANCE_UID]?.Value?.[0] === id,
  );
}

const enc = encodeURIComponent;
