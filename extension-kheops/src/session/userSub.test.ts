import { userSub, type FetchUserinfo } from './userSub';
import { redirectingOff } from '../testing/redirectingOff';

const answer =
  (ok: boolean, body: unknown): FetchUserinfo =>
  async () => ({ ok, json: async () => body });

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
