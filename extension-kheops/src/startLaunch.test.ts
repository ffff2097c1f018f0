import { KheopsSettingsStore } from './KheopsSettings';
import type { LaunchError } from './launch/LaunchError';
import { startLaunch, type BrowserWindow } from './startLaunch';

const KHEOPS = 'https://kheops.example';
const VIEWER = 'https://viewer.example';

/** A tab whose sessionStorage holds a pending sign-in of ours (and a key of someone else's). */
function tab(href: string, issuer?: string) {
  const items = new Map<string, string>([
    ['kheops.oidc.0123abcd', '{"id":"0123abcd","code_verifier":"VERIFIER"}'],
    ['other.app', 'x'],
  ]);
  if (issuer) items.set('kheops.issuer', issuer);
  const sessionStorage = {
    get length() {
      return items.size;
    },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    clear: () => items.clear(),
  } as Storage;
  const win: BrowserWindow = {
    location: { href, origin: VIEWER, replace: () => undefined },
    history: { replaceState: () => undefined },
    sessionStorage,
  };
  return { win, keys: () => [...items.keys()] };
}

afterEach(() => jest.restoreAllMocks());

describe('startLaunch: a callback leaves no pending sign-in behind', () => {
  const callback = `${VIEWER}/kheops?code=c&state=0123abcd&iss=${encodeURIComponent(`${KHEOPS}/api`)}`;
  const config = new KheopsSettingsStore({ trustedOrigins: [KHEOPS], clientIds: { thirdParty: 'viewer' } });

  it('an unsolicited callback (this tab started no sign-in with a trusted issuer)', async () => {
    const { win, keys } = tab(callback);
    const outcome = await startLaunch(win, config);
    expect(outcome.ok === false && (outcome.error as LaunchError).code).toBe('state_mismatch');
    expect(keys()).toEqual(['other.app']);
  });

  it('a callback whose issuer cannot be reached (discovery fails before the state is read)', async () => {
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const { win, keys } = tab(callback, `${KHEOPS}/api`);
    const outcome = await startLaunch(win, config);
    expect(outcome.ok).toBe(false);
    expect(keys()).toEqual(['other.app']);
  });
});

describe('startLaunch: a malformed callback leaves no pending sign-in behind (found by the fuzzer)', () => {
  const config = new KheopsSettingsStore({ trustedOrigins: [KHEOPS], clientIds: { thirdParty: 'viewer' } });
  it.each([
    ['an empty code', '?code=&state=0123abcd'],
    ['a duplicated state', '?code=c&state=0123abcd&state=0123abcd'],
    ['a code with a space', '?code=a%20b&state=0123abcd'],
  ])('%s', async (_n, query) => {
    const { win, keys } = tab(`${VIEWER}/kheops${query}`, `${KHEOPS}/api`);
    const outcome = await startLaunch(win, config);
    expect(outcome.ok).toBe(false);
    expect(keys()).toEqual(['other.app']);
  });
});
