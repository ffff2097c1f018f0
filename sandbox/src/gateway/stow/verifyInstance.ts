/**
 * The Patient/Study and Series checks KHEOPS runs before it lets an instance in
 * (AS = Authorization/src/main/java/online/kheops/auth_server, PX = DICOMwebProxy/src/main/java/online/kheops/proxy):
 * PX/stow/authorization/AuthorizationManager.java posts the instance's values (PX/id/SeriesID.java) to
 * AS/resource/VerifyInstanceResource.java, which compares them with the study and series it already holds.
 *
 * Values are what dcm4che's Attributes.getString answers: the first value, null when absent or empty.
 */

/** The study values VerifyInstanceResource receives (PX/id/SeriesID.java getEntity) and stores. */
export interface StudyAttributes {
  StudyDate: string | null;
  StudyTime: string | null;
  StudyDescription: string | null;
  TimezoneOffsetFromUTC: string | null;
  AccessionNumber: string | null;
  /** PN: all component groups joined with '=' (dcm4che's string form of a PN value) */
  ReferringPhysicianName: string | null;
  PatientName: string | null;
  PatientID: string | null;
  PatientBirthDate: string | null;
  PatientSex: string | null;
  StudyID: string | null;
}

/** The series values VerifyInstanceResource receives and stores (AS/entity/Series.java). */
export interface SeriesAttributes {
  Modality: string | null;
  SeriesDescription: string | null;
  /** an int on both sides: PX/id/SeriesID.java reads getInt(SeriesNumber, 0); AS/entity/Series.java holds an int */
  SeriesNumber: number;
  BodyPartExamined: string | null;
  /** the series gets the instance's TimezoneOffsetFromUTC too (VerifyInstanceResource: seriesParam) */
  TimezoneOffsetFromUTC: string | null;
}

export interface InstanceAttributes {
  study: StudyAttributes;
  series: SeriesAttributes;
}

/**
 * How VerifyInstanceResource.isSameStudy / isSameSeries compare one attribute (stored value A, incoming B):
 * - 'ifPresent': A null → B must be null; A set → B absent passes, otherwise B must equal A.
 * - 'exact':     A null → B must be null; A set → B must equal A (absent B is refused).
 * - 'personName': isSamePN: '^' and '=' removed from both; A empty → B must be empty; A set → B empty passes,
 *   otherwise equal.
 */
type Rule = 'ifPresent' | 'exact' | 'personName';

/** AS/resource/VerifyInstanceResource.java isSameStudy / getReason(Study, …), in its order. */
export const STUDY_RULES: Array<[tag: string, keyword: keyof StudyAttributes, rule: Rule]> = [
  ['00080020', 'StudyDate', 'ifPresent'],
  ['00080030', 'StudyTime', 'ifPresent'],
  ['00081030', 'StudyDescription', 'ifPresent'],
  ['00080201', 'TimezoneOffsetFromUTC', 'ifPresent'],
  ['00080050', 'AccessionNumber', 'ifPresent'],
  ['00080090', 'ReferringPhysicianName', 'personName'],
  ['00100010', 'PatientName', 'personName'],
  ['00100020', 'PatientID', 'ifPresent'],
  ['00100030', 'PatientBirthDate', 'ifPresent'],
  ['00100040', 'PatientSex', 'ifPresent'],
  // VerifyInstanceResource.java: the only study attribute without the "absent incoming value passes" clause.
  ['00200010', 'StudyID', 'exact'],
];

/** AS/resource/VerifyInstanceResource.java isSameSeries / getReason(Series, …): all exact, in its order. */
export const SERIES_RULES: Array<[tag: string, keyword: keyof SeriesAttributes]> = [
  ['00080060', 'Modality'],
  ['0008103E', 'SeriesDescription'],
  ['00200011', 'SeriesNumber'],
  ['00180015', 'BodyPartExamined'],
  ['00080201', 'TimezoneOffsetFromUTC'],
];

/** AS/resource/VerifyInstanceResource.java isSamePN: only '^' and '=' are dropped (no trimming, no case folding). */
export function isSamePN(stored: string | null, incoming: string | null): boolean {
  const a = (stored ?? '').replace(/[\^=]/g, '');
  const b = (incoming ?? '').replace(/[\^=]/g, '');
  return a === '' ? b === '' : b === '' || a === b;
}

function same(rule: Rule, stored: string | null, incoming: string | null): boolean {
  if (rule === 'personName') return isSamePN(stored, incoming);
  if (stored === null) return incoming === null;
  if (rule === 'ifPresent' && incoming === null) return true;
  return stored === incoming;
}

/** AS/resource/VerifyInstanceResource.java getReason(Study, StudyParam): the tags that do not match. */
export function studyMismatches(stored: StudyAttributes, incoming: StudyAttributes): string[] {
  return STUDY_RULES.filter(([, k, rule]) => !same(rule, stored[k], incoming[k])).map(([tag]) => tag);
}

/** AS/resource/VerifyInstanceResource.java getReason(Series, SeriesParam): the tags that do not match. */
export function seriesMismatches(stored: SeriesAttributes, incoming: SeriesAttributes): string[] {
  return SERIES_RULES.filter(([, k]) => stored[k] !== incoming[k]).map(([tag]) => tag);
}

/** What KHEOPS holds for a study: its values and those of the series it knows, by SeriesInstanceUID. */
export interface KnownStudy {
  study: StudyAttributes;
  series: Map<string, SeriesAttributes>;
}

/**
 * One STOW request's verification, as AuthorizationManager runs VerifyInstanceResource per series: the study
 * is checked first, then (only if it passed) the series. A study or series KHEOPS does not know yet is created
 * from the first instance that reaches it (VerifyInstanceResource's StudyNotFoundException /
 * SeriesNotFoundException branches), so later instances of the same request are compared with that one.
 * Returns the tags that did not match (empty: verified).
 */
export function newInstanceVerifier(): (
  known: KnownStudy | null,
  studyUID: string,
  seriesUID: string,
  incoming: InstanceAttributes,
) => string[] {
  const created = new Map<string, KnownStudy>();
  return (known, studyUID, seriesUID, incoming) => {
    const study = known ?? created.get(studyUID);
    if (!study) {
      created.set(studyUID, {
        study: { ...incoming.study },
        series: new Map([[seriesUID, { ...incoming.series }]]),
      });
      return [];
    }
    const studyTags = studyMismatches(study.study, incoming.study);
    if (studyTags.length) return studyTags;
    const series = study.series.get(seriesUID);
    if (!series) {
      study.series.set(seriesUID, { ...incoming.series });
      return [];
    }
    return seriesMismatches(series, incoming.series);
  };
}
