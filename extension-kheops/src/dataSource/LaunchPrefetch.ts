import { DefaultPrefetchOptions, type PrefetchOptions } from '../KheopsSettings';
import type { StudyContext } from '../launch/Launch';

/** A DICOMweb answer held in memory until OHIF asks for it. */
export interface HeldAnswer {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: ArrayBuffer;
}

/** Sends one GET with the session's token (Session.request over the page's fetch). */
export type PrefetchSend = (url: string, init: RequestInit) => Promise<Response>;

// What OHIF 3.11–3.14 ask of a study and of its series list (DicomWebDataSource qido); a request asking for a
// field outside these is not answered from here.
const STUDY_FIELDS = ['00081030', '00080060', '00080090', '00100030'];
const SERIES_FIELDS = ['00080021', '00080031', '0008103E', '00200011'];
const JSON_ACCEPT = 'application/dicom+json';
// OHIF asks frames as this (3.11–3.14 with omitQuotationForMultipartRequest false, docs/compatibility.md); its
// image loader's own default differs in quoting only, which sameAccept ignores.
const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax="*"';
const UID = /^[0-9]+(\.[0-9]+)*$/;
const SERIES_INSTANCE_UID = '0020000E';
const PATIENT_ID = '00100020';
// OHIF's study browser asks for the patient's other studies exactly this way (getStudiesForPatientByMRN, 3.11–3.14).
const PATIENT_SEARCH = 'limit=101&offset=0&fuzzymatching=false';

interface Held {
  answer: Promise<HeldAnswer | undefined>;
  accept: string;
  /** QIDO answers may be taken more than once (OHIF asks for the study twice); metadata and frames once. */
  reusable: boolean;
}

/**
 * What OHIF will ask first, asked while it boots: the launched study's QIDO, its series list, the patient's
 * studies (OHIF's study browser), the clicked series' metadata and a few of its frames, with the session's token,
 * as soon as the launch is ready. OHIF's own requests for exactly these are answered from memory (the request
 * guard asks `take`); anything else, or anything that failed here, goes to KHEOPS as usual. Granted study only, bounded bytes, dropped after `keepMs`, never on disk.
 */
export class LaunchPrefetch {
  private readonly held = new Map<string, Held>();
  private bytes = 0;
  private stopped = false;
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly endpoint: string,
    private readonly send: PrefetchSend,
    private readonly options: Readonly<Required<PrefetchOptions>> = DefaultPrefetchOptions,
  ) {
    this.timer = setTimeout(() => this.dispose(), options.keepMs);
  }

  /** Starts asking for the clicked study and series; without a clicked series, the study and its series list. */
  start({ studyUIDs, seriesUID }: StudyContext): this {
    const study = studyUIDs[0];
    if (!study || !UID.test(study) || this.options.maxBytes === 0) return this;
    const base = `${this.endpoint}/studies`;
    const fields = `includefield=${STUDY_FIELDS.join('%2C')}`;
    // The patient's studies, as OHIF's study browser asks next with the PatientID of the study's QIDO answer:
    // KHEOPS answers it for the session's token, which is what OHIF itself would be given.
    void this.ask(`study:${study}`, `${base}?${fields}&StudyInstanceUID=${study}`).then((answer) => {
      const patient = answer && valueOf(rowsOf(answer.body)[0], PATIENT_ID);
      if (this.stopped || typeof patient !== 'string' || !patient) return;
      const query = `${PATIENT_ID}=${encodeURIComponent(patient)}&${PATIENT_SEARCH}&${fields}`;
      void this.ask(`patient:${patient}`, `${base}?${query}`);
    });
    const series = this.ask(
      `series:${study}`,
      `${base}/${study}/series?includefield=${SERIES_FIELDS.join('%2C')}`,
    );
    if (!seriesUID || !UID.test(seriesUID)) return this;
    // Only a series KHEOPS lists in the study: a launch naming another one gets the study's first series
    // (focus), and nothing is asked about the unknown one.
    void series.then((list) => {
      if (this.stopped || !list || !listsUid(list.body, SERIES_INSTANCE_UID, seriesUID)) return;
      const url = `${base}/${study}/series/${seriesUID}/metadata`;
      void this.ask(`metadata:${study}/${seriesUID}`, url).then(
        (m) => m && this.askFrames(study, seriesUID, m),
      );
    });
    return this;
  }

  /**
   * The held answer for a GET the page is about to send, if this is one of the requests asked for here and the
   * page asks it the same way; `undefined` otherwise. The promise resolves `undefined` when the prefetch failed:
   * the caller then sends the request itself.
   */
  take(url: string, accept: string | null | undefined): Promise<HeldAnswer | undefined> | undefined {
    const key = this.keyOf(url);
    const held = key && this.held.get(key);
    if (!held || !sameAccept(held.accept, accept)) return undefined;
    if (!held.reusable) this.held.delete(key);
    return held.answer;
  }

  dispose(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.held.clear();
  }

  private ask(key: string, url: string, accept = JSON_ACCEPT): Promise<HeldAnswer | undefined> {
    const answer = this.send(url, { headers: { Accept: accept } })
      .then(async (res) => {
        if (res.status !== 200) return undefined; // the page's own request sees KHEOPS's answer itself
        const body = await res.arrayBuffer();
        if (this.stopped || this.bytes + body.byteLength > this.options.maxBytes) return undefined;
        this.bytes += body.byteLength;
        return { status: res.status, statusText: res.statusText, headers: [...res.headers], body };
      })
      .catch(() => undefined);
    this.held.set(key, { answer, accept, reusable: !/^(metadata|frame):/.test(key) });
    return answer;
  }

  private askFrames(study: string, series: string, metadata: HeldAnswer): void {
    if (this.stopped) return;
    for (const sop of firstShown(metadata.body, this.options.frames)) {
      const url = `${this.endpoint}/studies/${study}/series/${series}/instances/${sop}/frames/1`;
      this.ask(`frame:${study}/${series}/${sop}`, url, FRAME_ACCEPT);
    }
  }

  /** Which held request a URL is, when it asks no more than what was asked here. */
  private keyOf(raw: string): string | undefined {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      return undefined;
    }
    const root = `${this.endpoint}/studies`;
    const path = u.origin + u.pathname;
    if (!path.startsWith(root)) return undefined;
    const parts = path.slice(root.length).split('/').filter(Boolean);
    const q = u.searchParams;
    if (parts.length === 0 && q.has(PATIENT_ID)) return patientKey(q);
    if (parts.length === 0) {
      const study = q.getAll('StudyInstanceUID');
      const known = ['StudyInstanceUID', 'includefield', 'limit', 'offset', 'fuzzymatching'];
      if (study.length !== 1 || [...q.keys()].some((k) => !known.includes(k))) return undefined;
      if ((q.get('offset') ?? '0') !== '0' || Number(q.get('limit') ?? 1) < 1) return undefined;
      return fieldsWithin(q, STUDY_FIELDS) ? `study:${study[0]}` : undefined;
    }
    if (parts.length === 2 && parts[1] === 'series') {
      if ([...q.keys()].some((k) => k !== 'includefield')) return undefined;
      return fieldsWithin(q, SERIES_FIELDS) ? `series:${parts[0]}` : undefined;
    }
    if (u.search) return undefined;
    if (parts.length === 4 && parts[1] === 'series' && parts[3] === 'metadata')
      return `metadata:${parts[0]}/${parts[2]}`;
    if (parts.length === 7 && parts[3] === 'instances' && parts[5] === 'frames' && parts[6] === '1')
      return `frame:${parts[0]}/${parts[2]}/${parts[4]}`;
    return undefined;
  }
}

function rowsOf(body: ArrayBuffer): unknown[] {
  try {
    const rows: unknown = JSON.parse(new TextDecoder().decode(body));
    return Array.isArray(rows) ? rows : [];
  } catch {
    return [];
  }
}

const valueOf = (row: unknown, tag: string) =>
  (row as Record<string, { Value?: unknown[] }> | null)?.[tag]?.Value?.[0];

function listsUid(body: ArrayBuffer, tag: string, uid: string): boolean {
  return rowsOf(body).some((r) => valueOf(r, tag) === uid);
}

/** A patient search held here: one PatientID, the first page of OHIF's size, nothing else searched. */
function patientKey(q: URLSearchParams): string | undefined {
  const patient = q.getAll(PATIENT_ID);
  const known = [PATIENT_ID, 'includefield', 'limit', 'offset', 'fuzzymatching'];
  if (patient.length !== 1 || [...q.keys()].some((k) => !known.includes(k))) return undefined;
  const asked = new URLSearchParams(PATIENT_SEARCH);
  if (q.get('limit') !== asked.get('limit') || (q.get('offset') ?? '0') !== '0') return undefined;
  if ((q.get('fuzzymatching') ?? 'false') !== 'false') return undefined;
  return fieldsWithin(q, STUDY_FIELDS) ? `patient:${patient[0]}` : undefined;
}

function fieldsWithin(q: URLSearchParams, fields: string[]): boolean {
  const asked = q
    .getAll('includefield')
    .flatMap((v) => v.split(','))
    .filter(Boolean);
  return asked.every((f) => fields.includes(f.toUpperCase()));
}

function sameAccept(held: string, asked: string | null | undefined): boolean {
  if (held === JSON_ACCEPT) return !asked || asked.split(',').some((t) => t.trim().startsWith(JSON_ACCEPT));
  // A parameter value means the same quoted or not (RFC 9110 §5.6.6): `transfer-syntax=*` is `transfer-syntax="*"`.
  const plain = (h: string) => h.replace(/"/g, '').replace(/\s+/g, '').toLowerCase();
  return asked !== null && asked !== undefined && plain(asked) === plain(held);
}

/**
 * The instances a viewer shows first: OHIF orders a series by InstanceNumber or by position, either way round,
 * and opens a stack at its first image or its middle — so the first, the middle and the last by InstanceNumber.
 */
function firstShown(metadata: ArrayBuffer, count: number): string[] {
  if (count <= 0) return [];
  const instances = rowsOf(metadata)
    .map((r) => ({ sop: valueOf(r, '00080018'), n: Number(valueOf(r, '00200013') ?? 0) }))
    .filter((i): i is { sop: string; n: number } => typeof i.sop === 'string' && UID.test(i.sop))
    .sort((a, b) => a.n - b.n);
  if (!instances.length) return [];
  const at = [0, Math.floor((instances.length - 1) / 2), instances.length - 1];
  return [...new Set(at.map((i) => instances[i]!.sop))].slice(0, count);
}
