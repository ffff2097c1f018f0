import { userSub, type FetchUserinfo } from './userSub';

const answer =
  (ok: boolean, body: unknown): FetchUserinfo =>
  async () => ({ ok, json: async () => body });

/**
 * KHEOPS (or something in front of it) answers 302 to another origin. Like a browser, the fake follows it, carrying
 * the request's URL (the study UID) to the target, unless the request says `redirect: 'error'`, which rejects.
 */
function redirectingOff(target = 'https://evil.example/steal') {
  const reached: string[] = [];
  const fetchFn = async (url: string, init: RequestInit) => {
    if (init.redirect === 'error') throw new TypeError('Failed to fetch (redirect refused)');
    if (init.redirect === 'manual') return { status: 0, ok: false, json: async () => null };
    reached.push(`${target}?from=${encodeURIComponent(url)}`);
    return { status: 200, ok: true, json: async () => [{ sub: 'someone' }] };
  };
  return { reached, fetchFn };
}

describe('userSub', () => {
  it('asks userinfo with the bearer and no cookies, and returns the sub', async () => {
    const seen: RequestInit[] = [];
    const sub = await userSub('https://k.example/api/userinfo', 't0k', async (_url, init) => {
      seen.push(init);
      return { ok: true, json: async () => ({ sub: 'user-7', name: 'Dr A' }) };
    });
    expect(sub).toBe('user-7');
    expect(seen[0]).toMatchObject({ credentials: 'omit', headers: { Authorization: 'Bearer t0k' } });
  });

  it.each([
    ['no endpoint', undefined, answer(true, { sub: 'x' })],
    ['a refusal', 'https://k/u', answer(false, { sub: 'x' })],
    ['no sub', 'https://k/u', answer(true, {})],
    ['a sub that is not a string', 'https://k/u', answer(true, { sub: 42 })],
    ['a network failure', 'https://k/u', (async () => Promise.reject(new Error('down'))) as FetchUserinfo],
  ])('is undefined on %s', async (_n, endpoint, fetchFn) => {
    await expect(userSub(endpoint, 't', fetchFn)).resolves.toBeUndefined();
  });

  it('does not follow a redirect off KHEOPS with the token', async () => {
    const { reached, fetchFn } = redirectingOff();
    await expect(userSub('https://k.example/api/userinfo', 't', fetchFn)).resolves.toBeUndefined();
    expect(reached).toEqual([]);
  });
});
