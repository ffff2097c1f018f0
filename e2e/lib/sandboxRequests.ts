import type { RequestLogEntry } from '../../sandbox/src/types';

/** The KHEOPS origin's request log (test routes are on in sandboxes started by startSandbox). */
export async function sandboxRequests(root: string): Promise<RequestLogEntry[]> {
  const res = await fetch(`${root}/sandbox/requests`);
  if (!res.ok) throw new Error(`GET /sandbox/requests answered ${res.status}`);
  return (await res.json()) as RequestLogEntry[];
}

export async function clearSandboxRequests(root: string): Promise<void> {
  await fetch(`${root}/sandbox/requests`, { method: 'DELETE' });
}

export async function sandboxPost(root: string, route: string, body: unknown = {}): Promise<unknown> {
  const res = await fetch(`${root}${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${route} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/**
 * The one request an L1 launch makes that KHEOPS refuses on purpose: the write check, an empty STOW without a
 * boundary to the study (extension-kheops/src/launch/checkWritePermission.ts), answered 400 (may write) or 403
 * (read-only) without anything stored.
 */
export function isL1WriteCheck(e: RequestLogEntry, studyUID: string): boolean {
  return e.method === 'POST' && e.path === `/api/studies/${studyUID}` && (e.status === 400 || e.status === 403);
}
