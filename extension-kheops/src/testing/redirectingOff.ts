import type { Transport } from '../session/Session';

/**
 * Test double: KHEOPS (or something in front of it) answers 302 to another origin. Like a browser, the fake
 * follows it, carrying the request's URL (the study UID) to the target, unless the request says
 * `redirect: 'error'`, which rejects. Use it as a Session's transport: what the session sends is what is judged.
 */
export function redirectingOff(target = 'https://evil.example/steal') {
  const reached: string[] = [];
  const transport: Transport = async (url, init) => {
    if (init.redirect === 'error') throw new TypeError('Failed to fetch (redirect refused)');
    reached.push(`${target}?from=${encodeURIComponent(url)}`);
    return new Response(JSON.stringify([{ sub: 'someone' }]), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return { reached, transport };
}
