/**
 * A session whose refresh KHEOPS refused for good (invalid_grant: the refresh token was revoked or reused) stops
 * asking the token endpoint: OidcLaunch's real refresher (oidc-client-ts) against a faked token endpoint.
 */
import { FakeKheops } from '../testing/FakeKheops';
import { MemoryStorage } from '../testing/MemoryStorage';
import { OidcLaunch } from './OidcLaunch';
import { Session } from './Session';

const T0 = Date.UTC(2026, 11, 1, 12);
let kheops: FakeKheops;

beforeEach(() => {
  jest.useFakeTimers({ now: T0, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  kheops = new FakeKheops();
  jest.spyOn(globalThis, 'fetch').mockImplementation(kheops.fetch as typeof fetch);
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

/** An L3 session: the unsolicited code exchanged for a 300 s token with a refresh token. */
async function l3Session() {
  const oidc = new OidcLaunch({
    clientId: 'code-client',
    redirectUri: 'https://viewer.example/kheops',
    scope: 'read write',
    config: {
      issuer: kheops.api,
      dicomwebEndpoint: kheops.api,
      tokenEndpoint: `${kheops.api}/token`,
      issParameterSupported: false,
    },
    stateStorage: new MemoryStorage(),
  });
  const grant = await oidc.exchangeUnsolicitedCode('THECODE');
  return new Session(grant.token, grant.refresher);
}

const refreshes = () =>
  kheops.requestsTo('/api/token').filter((r) => r.form?.get('grant_type') === 'refresh_token');

describe('Session after invalid_grant (PermanentRefreshError from OidcLaunch)', () => {
  it('renews through the refresh token while KHEOPS agrees', async () => {
    const session = await l3Session();
    await jest.advanceTimersByTimeAsync(241_000); // 60 s before the 300 s token expires
    expect(refreshes()).toHaveLength(1);
    expect(refreshes()[0]!.form!.get('refresh_token')).toBe('RT-1');
    expect(session.currentToken()).toBe('AT-2');
    await session.end();
  });

  it('stops asking the token endpoint: no scheduled retry, and freshToken refuses without a request', async () => {
    kheops.refreshAnswer = () => FakeKheops.error('invalid_grant');
    const session = await l3Session();
    await jest.advanceTimersByTimeAsync(241_000);
    expect(refreshes()).toHaveLength(1);
    expect(session.snapshot()).toMatchObject({
      status: 'error',
      lastError: expect.stringMatching(/invalid_grant/),
    });
    await jest.advanceTimersByTimeAsync(3_600_000); // an hour later: no backoff retry ever fired
    expect(refreshes()).toHaveLength(1);
    await expect(session.freshToken()).rejects.toThrow(/invalid_grant/);
    session.recheck(); // the tab coming back to the foreground
    await jest.advanceTimersByTimeAsync(60_000);
    expect(refreshes()).toHaveLength(1);
  });

  // Session.refresh() checks 'ended' but not 'error': a 401 answered while the refused token still lasts (or any
  // direct refresh() call) asks the token endpoint again. Session.ts is not the launch helper's: see its report.
  it('a 401 answered after invalid_grant does not ask the token endpoint again', async () => {
    kheops.refreshAnswer = () => FakeKheops.error('invalid_grant');
    const session = await l3Session();
    await jest.advanceTimersByTimeAsync(241_000);
    expect(session.snapshot().status).toBe('error');
    kheops.qidoStatus = 401; // the access token, still within its life, is revoked too
    const res = await session.request(`${kheops.api}/studies`);
    expect(res.status).toBe(401);
    expect(refreshes()).toHaveLength(1);
  });
});
