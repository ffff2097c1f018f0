import { redirectingOff } from '../testing/redirectingOff';
import { recordingTransport, sessionOver } from '../testing/sessionOver';
import type { AuthorizedRequest } from './Session';
import { userSub } from './userSub';

const answer = (status: number, body: unknown) =>
  sessionOver(
    recordingTransport(
      () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
    ).transport,
  );

describe('userSub', () => {
  it('asks userinfo through the session (bearer, no cookies) and returns the sub', async () => {
    const { seen, transport } = recordingTransport(
      () => new Response(JSON.stringify({ sub: 'user-7', name: 'Dr A' }), { status: 200 }),
    );
    const sub = await userSub(sessionOver(transport, 't0k'), 'https://k.example/api/userinfo');
    expect(sub).toBe('user-7');
    expect(seen[0]).toMatchObject({ auth: 'Bearer t0k', init: { credentials: 'omit', redirect: 'error' } });
  });

  it.each([
    ['no endpoint', undefined, answer(200, { sub: 'x' })],
    ['a refusal', 'https://k/u', answer(401, { sub: 'x' })],
    ['no sub', 'https://k/u', answer(200, {})],
    ['a sub that is not a string', 'https://k/u', answer(200, { sub: 42 })],
    ['a network failure', 'https://k/u', (() => Promise.reject(new Error('down'))) as AuthorizedRequest],
  ])('is undefined on %s', async (_n, endpoint, request) => {
    await expect(userSub(request, endpoint)).resolves.toBeUndefined();
  });

  it('does not follow a redirect off KHEOPS with the token', async () => {
    const { reached, transport } = redirectingOff();
    await expect(userSub(sessionOver(transport), 'https://k.example/api/userinfo')).resolves.toBeUndefined();
    expect(reached).toEqual([]);
  });
});
