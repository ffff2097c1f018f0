import type { AuthorizedRequest } from '../session/Session';
import { SessionExpiredError } from '../session/TokenSet';
import { LaunchError } from './LaunchError';

/**
 * L1 and L2 launches carry no grant context: ask KHEOPS (QIDO, one study each, through the session's one
 * authorized request) whether the token reaches every study the launch names, so a study it does not grant gets a
 * clear message instead of an empty viewer.
 */
export async function checkStudiesGranted(
  request: AuthorizedRequest,
  endpoint: string,
  studyUIDs: string[],
  returnUri: string | undefined,
): Promise<void> {
  const answers = await Promise.all(
    studyUIDs.map(async (uid) => {
      const url = `${endpoint}/studies?StudyInstanceUID=${encodeURIComponent(uid)}&includefield=0020000D`;
      try {
        // It carries the token and the study UID: the session refuses redirects, so one, even one KHEOPS
        // answers, fails the check (kheops_unreachable) instead of taking the UID to another server.
        const res = await request(url, { headers: { Accept: 'application/dicom+json' } });
        if (res.status === 204) return { uid, status: 204, found: false };
        const rows = res.status === 200 ? ((await res.json().catch(() => [])) as unknown[]) : [];
        return { uid, status: res.status, found: Array.isArray(rows) && rows.length > 0 };
      } catch (err) {
        // No usable token to send (it expires within the skew): KHEOPS would refuse it too.
        return { uid, status: err instanceof SessionExpiredError ? 401 : 0, found: false };
      }
    }),
  );
  if (answers.some((a) => a.status === 0))
    throw new LaunchError(
      'kheops_unreachable',
      'KHEOPS could not be reached to open the study. Check the connection and open it again from KHEOPS.',
      returnUri,
    );
  if (answers.some((a) => a.status === 401 || a.status === 403))
    throw new LaunchError(
      'token_rejected',
      'KHEOPS did not accept this launch (the link may have expired or been revoked). Open the study again from KHEOPS.',
      returnUri,
    );
  const missing = answers.filter((a) => !a.found);
  if (missing.length)
    throw new LaunchError(
      'study_not_granted',
      missing.length === 1 && studyUIDs.length === 1
        ? 'KHEOPS does not give this launch access to the study it names.'
        : `KHEOPS does not give this launch access to ${missing.length} of the ${studyUIDs.length} studies it names.`,
      returnUri,
    );
}
