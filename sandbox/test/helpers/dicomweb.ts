import { ctDataset, toPart10 } from '../../src/data/ctInstance';
import { multipartRelated } from '../../src/data/multipart';
import type { NaturalDataset } from '../../src/data/dcmjs';
import { STUDY_DEFINITIONS } from '../../src/data/studyDefinitions';
import { uidFor } from '../../src/data/uid';
import type { RunningSandbox } from '../../src/testing/startSandbox';

export type DicomJson = Record<string, { vr?: string; Value?: unknown[]; BulkDataURI?: string }>;

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
export const basic = (token: string) => ({
  Authorization: `Basic ${Buffer.from(`token:${token}`).toString('base64')}`,
});

export async function userToken(sb: RunningSandbox): Promise<string> {
  const res = await fetch(`${sb.root}/sandbox/user-token`);
  if (!res.ok) throw new Error(`GET /sandbox/user-token answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** KHEOPS UI's getViewerToken (UI/src/mixins/tokens.js): token exchange for a study-scoped viewer token. */
export async function viewerToken(
  sb: RunningSandbox,
  subject: string,
  studyUID: string,
  scope = 'viewer read',
): Promise<string> {
  const res = await fetch(`${sb.api}/token`, {
    method: 'POST',
    headers: { ...bearer(subject), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: subject,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      scope,
      studyUID,
    }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`token exchange answered ${res.status}: ${text}`);
  return (JSON.parse(text) as { access_token: string }).access_token;
}

export const first = (ds: DicomJson | undefined, tag: string): unknown => ds?.[tag]?.Value?.[0];

/** The payload parts of a multipart/related answer. */
export function multipartParts(contentType: string, body: Buffer): Buffer[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    const start = body.indexOf('\r\n\r\n', pos);
    const next = body.indexOf(delimiter, pos + delimiter.length);
    if (start < 0 || next < 0) break;
    parts.push(body.subarray(start + 4, next - 2));
    pos = next;
  }
  return parts;
}

/** A fresh study (one CT image) that no album holds: stored straight into Orthanc. */
export async function storeStudyOutsideAlbums(sb: RunningSandbox, key: string): Promise<string> {
  const def = { ...STUDY_DEFINITIONS[1]!, key: `outside-${key}` };
  const ds = ctDataset(def, def.series[0]!, 0);
  const { body, contentType } = multipartRelated([toPart10(ds)]);
  const res = await fetch(`${sb.orthanc}/dicom-web/studies`, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: new Uint8Array(body),
  });
  if (!res.ok) throw new Error(`direct STOW to Orthanc answered ${res.status}`);
  return String(ds.StudyInstanceUID);
}

/**
 * An SR-like instance (Basic Text SR, no pixel data) in `studyUID`, copying the chest study's Patient and
 * Study modules unless `override` says otherwise: what OHIF stores when a user saves measurements.
 */
export function srInstance(studyUID: string, name: string, override: NaturalDataset = {}): Buffer {
  const chest = STUDY_DEFINITIONS[0]!;
  return toPart10({
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.11',
    SOPInstanceUID: uidFor(`test-sr/${name}/sop`),
    StudyInstanceUID: studyUID,
    SeriesInstanceUID: uidFor(`test-sr/${name}/series`),
    Modality: 'SR',
    SeriesNumber: 900,
    SeriesDescription: `Test SR ${name}`,
    InstanceNumber: 1,
    PatientName: chest.patient.name,
    PatientID: chest.patient.id,
    PatientBirthDate: chest.patient.birthDate,
    PatientSex: chest.patient.sex,
    StudyDate: chest.study.date,
    StudyTime: chest.study.time,
    AccessionNumber: chest.study.accession,
    ReferringPhysicianName: chest.study.referringPhysician,
    StudyID: chest.study.id,
    StudyDescription: chest.study.description,
    ContentDate: '20240601',
    ContentTime: '120000',
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ValueType: 'CONTAINER',
    ContinuityOfContent: 'SEPARATE',
    ...override,
  });
}
