import { Session, type Transport } from './Session';
import type { TokenRefresher, TokenSet } from './TokenSet';

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
const token = (name: string, seconds = 300): TokenSet => ({
  accessToken: name,
  expiresAt: Date.now() + seconds * 1000,
});

function recorder(statuses: number[]) {
  const sent: Array<{ url: string; auth: string | null; init: RequestInit }> = [];
  const transport: Transport = async (url, init) => {
    sent.push({ url, auth: new Headers(init.headers).get('Authorization'), init });
    return new Response(null, { status: statuses.shift() ?? 200 });
  };
  return { sent, transport };
}

function refresher(): TokenRefresher & { calls: number } {
  const r = {
    calls: 0,
    async refresh() {
      r.calls += 1;
      return token(`renewed-${r.calls}`);
    },
  };
  return r;
}

beforeEach(() => jest.useFakeTimers({ now: T0 }));
afterEach(() => jest.useRealTimers());

describe('Session.request — the one token choke point', () => {
  it('sends the current token as bearer, without cookies, Referer or redirects', async () => {
    const { sent, transport } = recorder([200]);
    const s = new Session(token('first'), null, undefined, transport);
    const res = await s.request('https://kheops.example/api/studies', {
      headers: { Accept: 'application/dicom+json' },
    });
    expect(res.status).toBe(200);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.auth).toBe('Bearer first');
    expect(new Headers(sent[0]!.init.headers).get('Accept')).toBe('application/dicom+json');
    expect(sent[0]!.init).toMatchObject({
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      redirect: 'error',
    });
  });

  it('a STOW answered 401 once causes exactly one refresh and exactly one re-send', async () => {
    const { sent, transport } = recorder([401, 200]);
    const r = refresher();
    const s = new Session(token('first'), r, undefined, transport);
    const body = new Uint8Array([1, 2, 3]);
    const res = await s.request('https://kheops.example/api/studies', { method: 'POST', body });
    expect(res.status).toBe(200);
    expect(r.calls).toBe(1);
    expect(sent.map((x) => x.auth)).toEqual(['Bearer first', 'Bearer renewed-1']);
    expect(sent[1]!.init.body).toBe(body);
  });

  it('two requests answered 401 together share one refresh', async () => {
    const { sent, transport } = recorder([401, 401, 200, 200]);
    const r = refresher();
    const s = new Session(token('first'), r, undefined, transport);
    const [a, b] = await Promise.all([s.request('https://k/a'), s.request('https://k/b')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(r.calls).toBe(1);
    expect(sent.filter((x) => x.auth === 'Bearer renewed-1')).toHaveLength(2);
  });

  it('a second 401 is the answer: no refresh loop', async () => {
    const { sent, transport } = recorder([401, 401]);
    const r = refresher();
    const s = new Session(token('first'), r, undefined, transport);
    expect((await s.request('https://k/a')).status).toBe(401);
    expect(r.calls).toBe(1);
    expect(sent).toHaveLength(2);
  });

  it('a launch that cannot renew (L1, L2) gets the 401 back without a refresh', async () => {
    const { sent, transport } = recorder([401]);
    const s = new Session(token('first'), null, undefined, transport);
    expect((await s.request('https://k/a')).status).toBe(401);
    expect(sent).toHaveLength(1);
  });

  it('a stream body is not replayed', async () => {
    const { sent, transport } = recorder([401]);
    const r = refresher();
    const s = new Session(token('first'), r, undefined, transport);
    const body = new ReadableStream();
    expect(
      (await s.request('https://k/a', { method: 'POST', body, duplex: 'half' } as RequestInit)).status,
    ).toBe(401);
    expect(sent).toHaveLength(1);
    expect(r.calls).toBe(0);
  });

  it('refuses to send when no usable token can be had', async () => {
    const { sent, transport } = recorder([]);
    const s = new Session(token('first', 2), null, undefined, transport);
    await expect(s.request('https://k/a')).rejects.toThrow(/expired/);
    expect(sent).toHaveLength(0);
  });
});
