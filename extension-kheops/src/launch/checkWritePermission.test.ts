import { checkWritePermission, isReadOnlyScope } from './checkWritePermission';
import { redirectingOff } from '../testing/redirectingOff';

const API = 'https://kheops.example/api';

function answering(status: number | 'network') {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchFn = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    if (status === 'network') throw new TypeError('Failed to fetch');
    return { status, json: async () => ({}) };
  };
  return { calls, fetchFn };
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
    const { fetchFn } = answering(status);
    expect(await checkWritePermission(API, 'tok', '1.2.3', fetchFn)).toBe(expected);
  });

  it('sends an empty STOW without a boundary to the study, with the bearer and no cookies', async () => {
    const { calls, fetchFn } = answering(400);
    await checkWritePermission(API, 'tok', '1.2.3', fetchFn);
    expect(calls).toHaveLength(1);
    const { url, init } = calls[0]!;
    expect(url).toBe(`${API}/studies/1.2.3`);
    expect(init.method).toBe('POST');
    expect((init.body as Uint8Array).byteLength).toBe(0);
    const headers = init.headers as Record<string, string>;
    expect(headers.Authorization).toBe('Bearer tok');
    expect(headers['Content-Type']).not.toMatch(/boundary/);
    expect(init.credentials).toBe('omit');
  });
});

describe('checkWritePermission and redirects', () => {
  it('does not follow a redirect off KHEOPS (the study UID stays home) and reads it as unknown', async () => {
    const { reached, fetchFn } = redirectingOff();
    expect(await checkWritePermission(API, 'tok', '1.2.3', fetchFn)).toBe('unknown');
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
