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
