/**
 * Test double: KHEOPS (or something in front of it) answers 302 to another origin. Like a browser, the fake
 * follows it, carrying the request's URL (the study UID) to the target, unless the request says
 * `redirect: 'error'`, which rejects.
 */
export function redirectingOff(target = 'https://evil.example/steal') {
  const reached: string[] = [];
  const fetchFn = async (url: string, init: RequestInit) => {
    if (init.redirect === 'error') throw new TypeError('Failed to fetch (redirect refused)');
    if (init.redirect === 'manual') return { status: 0, ok: false, json: async () => null };
    reached.push(`${target}?from=${encodeURIComponent(url)}`);
    return { status: 200, ok: true, json: async () => [{ sub: 'someone' }] };
  };
  return { reached, fetchFn };
}
