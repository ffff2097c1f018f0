import type { AuthorizedRequest } from './Session';

/**
 * Who the launch acts for, from KHEOPS's userinfo (report-provider tokens may call it), asked through the session's
 * one authorized request. Best effort: local drafts and outbox items are scoped to this user when known; undefined
 * when KHEOPS does not say, or cannot be asked (network, redirect, no usable token).
 */
export async function userSub(
  request: AuthorizedRequest,
  userinfoEndpoint: string | undefined,
): Promise<string | undefined> {
  if (!userinfoEndpoint) return undefined;
  try {
    const res = await request(userinfoEndpoint, { headers: { Accept: 'application/json' } });
    if (!res.ok) return undefined;
    const sub = ((await res.json()) as { sub?: unknown } | null)?.sub;
    return typeof sub === 'string' && sub.length > 0 && sub.length <= 255 ? sub : undefined;
  } catch {
    return undefined;
  }
}
