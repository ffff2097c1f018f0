export type FetchUserinfo = (url: string, init: RequestInit) => Promise<Pick<Response, 'ok' | 'json'>>;

/**
 * Who the launch acts for, from KHEOPS's userinfo (report-provider tokens may call it). Best effort: local
 * drafts and outbox items are scoped to this user when known; undefined when KHEOPS does not say.
 */
export async function userSub(
  userinfoEndpoint: string | undefined,
  token: string,
  fetchFn: FetchUserinfo = (url, init) => fetch(url, init),
): Promise<string | undefined> {
  if (!userinfoEndpoint) return undefined;
  try {
    const res = await fetchFn(userinfoEndpoint, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      // Token-bearing: never follow a redirect off KHEOPS.
      redirect: 'error',
    });
    if (!res.ok) return undefined;
    const sub = ((await res.json()) as { sub?: unknown } | null)?.sub;
    return typeof sub === 'string' && sub.length > 0 && sub.length <= 255 ? sub : undefined;
  } catch {
    return undefined;
  }
}
