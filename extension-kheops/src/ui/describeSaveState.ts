import type { SaveStateSnapshot } from '../saveSafety/SaveState';

export type SaveTone = 'neutral' | 'busy' | 'ok' | 'warning' | 'error';

/** The indicator's words for a save state: a line, a tone, and the details for its tooltip. */
export interface SaveStateText {
  text: string;
  tone: SaveTone;
  detail: string;
}

const reports = (n: number) => `${n} report${n === 1 ? '' : 's'}`;
const RANK: SaveTone[] = ['neutral', 'ok', 'busy', 'warning', 'error'];

/** What the radiologist reads: each part that applies, worst tone first; "confirmed" only after a read-back. */
export function describeSaveState(s: SaveStateSnapshot): SaveStateText {
  if (s.readOnly)
    return {
      text: 'Read-only: reports cannot be saved to KHEOPS',
      tone: 'warning',
      detail: 'This launch gives no write permission; measurements stay on this computer only.',
    };
  const parts: Array<[SaveTone, string, string]> = [];
  if (s.refused)
    parts.push([
      'error',
      `${reports(s.refused)} refused by KHEOPS`,
      'KHEOPS refused the content; it is kept on this computer and the measurements are still open.',
    ]);
  if (s.unconfirmed)
    parts.push([
      'error',
      `${reports(s.unconfirmed)} sent, not found in KHEOPS`,
      `KHEOPS said it stored the report, but does not list it${s.unconfirmedReason ? ` (${s.unconfirmedReason})` : ''}.`,
    ]);
  if (s.waiting)
    parts.push([
      'warning',
      `${reports(s.waiting)} waiting on this computer`,
      'Not in KHEOPS yet: uploaded automatically as soon as KHEOPS can be reached with a valid session.',
    ]);
  if (s.unsaved)
    parts.push(['warning', 'Unsaved measurements', 'Measurements drawn or changed since the last save.']);
  if (s.saving) parts.push(['busy', 'Saving to KHEOPS…', 'The report is being uploaded.']);
  if (s.checking) parts.push(['busy', 'Checking in KHEOPS…', 'Looking the uploaded report up in KHEOPS.']);
  if (s.confirmed)
    parts.push(['ok', `${reports(s.confirmed)} confirmed in KHEOPS`, 'Found in KHEOPS after the upload.']);
  if (!parts.length)
    return { text: 'No report saved yet', tone: 'neutral', detail: 'Nothing drawn or saved.' };
  const tone = parts.reduce<SaveTone>(
    (worst, [t]) => (RANK.indexOf(t) > RANK.indexOf(worst) ? t : worst),
    'neutral',
  );
  return { text: parts.map(([, t]) => t).join(' · '), tone, detail: parts.map(([, , d]) => d).join(' ') };
}
