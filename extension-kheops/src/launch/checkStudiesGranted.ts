import { LaunchError } from './LaunchError';

export type Fetch = (url: string, init: RequestInit) => Promise<Pick<Response, 'status' | 'json'>>;

/**
 * L1 and L2 launches carry no grant context: ask KHEOPS (QIDO, one study each) whether the token reaches
 * every study the launch names, so a study it does not grant gets a clear message instead of an empty viewer.
 */
export async function checkStudiesGranted(
  endpoint: string,
  token: string,
  studyUIDs: string[],
  returnUri: string | undefined,
  fetchFn: Fetch = (url, init) => fetch(url, init),
): Promise<void> {
  const answers = await Promise.all(
    studyUIDs.map(async (uid) => {
      const url = `${endpoint}/studies?StudyInstanceUID=${encodeURIComponent(uid)}&includefield=0020000D`;
      try {
        const res = await fetchFn(url, {
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/dicom+json' },
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
          // It carries the token and the study UID: a redirect, even one KHEOPS answers, fails the check
          // (kheops_unreachable) instead of taking the UID to another server.
          redirect: 'error',
        });
        if (res.status === 204) return { uid, status: 204, found: false };
        const rows = res.status === 200 ? ((await res.json().catch(() => [])) as unknown[]) : [];
        return { uid, status: res.status, found: Array.isArray(rows) && rows.length > 0 };
      } catch {
        return { uid, status: 0, found: false };
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
