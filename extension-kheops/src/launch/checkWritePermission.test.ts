import { redirectingOff } from '../testing/redirectingOff';
import { recordingTransport, sessionOver } from '../testing/sessionOver';
import { checkWritePermission, isReadOnlyScope } from './checkWritePermission';

const API = 'https://kheops.example/api';

function answering(status: number | 'network') {
  return recordingTransport(() => {
    if (status === 'network') throw new TypeError('Failed to fetch');
    return new Response(null, { status });
  });
}

describe('checkWritePermission', () => {
  it.each([
    [403, 'read-only'],
    [400, 'read-write'],
    [401, 'unknown'],
    [200, 'unknown'],
    [502, 'unknown'],
    ['network', 'unknown'],
  ] as const)('reads %s as %s', async (status, expected) => {
    const { transport } = answering(status);
    expect(await checkWritePermission(sessionOver(transport), API, '1.2.3')).toBe(expected);
  });

  it('sends an empty STOW without a boundary to the study, through the session (bearer, no cookies)', async () => {
    const { seen, transport } = answering(400);
    await checkWritePermission(sessionOver(transport, 'tok'), API, '1.2.3');
    expect(seen).toHaveLength(1);
    const { url, init, auth } = seen[0]!;
    expect(url).toBe(`${API}/studies/1.2.3`);
    expect(init.method).toBe('POST');
    expect((init.body as Uint8Array).byteLength).toBe(0);
    expect(auth).toBe('Bearer tok');
    expect(new Headers(init.headers).get('Content-Type')).not.toMatch(/boundary/);
    expect(init).toMatchObject({ credentials: 'omit', redirect: 'error' });
  });

  it('a session that cannot send (no usable token) reads as unknown', async () => {
    const request = () => Promise.reject(new Error('The KHEOPS session has expired.'));
    expect(await checkWritePermission(request, API, '1.2.3')).toBe('unknown');
  });
});

describe('checkWritePermission and redirects', () => {
  it('does not follow a redirect off KHEOPS (the study UID stays home) and reads it as unknown', async () => {
    const { reached, transport } = redirectingOff();
    expect(await checkWritePermission(sessionOver(transport), API, '1.2.3')).toBe('unknown');
    expect(reached).toEqual([]);
  });
});

describe('isReadOnlyScope', () => {
  it.each([
    ['viewer read', true],
    ['read', true],
    ['read write', false],
    ['viewer read write', false],
    ['openid read write', false],
    [undefined, false],
    ['', false],
  ])('%s -> %s', (scope, expected) => {
    expect(isReadOnlyScope(scope)).toBe(expected);
  });
});
