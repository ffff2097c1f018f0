import { Session } from '../session/Session';
import { SessionExpiredError } from '../session/TokenSet';
import { EndpointPolicy } from './EndpointPolicy';
import { installRequestGuard, type TokenProvider } from './RequestGuard';

const API = 'https://kheops.example/api';

/** Records what would go on the wire. */
class FakeXhr extends EventTarget {
  static sent: Array<{ url: string; headers: Record<string, string> }> = [];
  url = '';
  headers: Record<string, string> = {};
  open(_m: string, url: string) {
    this.url = url;
    this.headers = {};
  }
  setRequestHeader(n: string, v: string) {
    this.headers[n] = v;
  }
  send() {
    FakeXhr.sent.push({ url: this.url, headers: { ...this.headers } });
  }
  abort() {}
}

const sessions: Session[] = [];

/** The guard's view of a real Session holding `fresh` (renewed to "renewed"); `current` is what XHR sees. */
function tokens(current: string | undefined, fresh = 'fresh'): TokenProvider & { ours: Set<string> } {
  const ours = new Set(['old', 'current', 'fresh'].map((t) => `Bearer ${t}`));
  const session = new Session(
    { accessToken: fresh, expiresAt: Date.now() + 3_600_000 },
    {
      refresh: async () => ({ accessToken: 'renewed', expiresAt: Date.now() + 3_600_000 }),
    },
  );
  sessions.push(session);
  return {
    ours,
    currentToken: () => current,
    freshToken: async () => fresh,
    isOurs: (h) => ours.has(h),
    request: (url, init, via) => session.request(url, init, via),
  };
}

afterEach(() => sessions.splice(0).forEach((s) => void s.end()));

let installed: (() => void) | undefined;
afterEach(() => {
  installed?.();
  installed = undefined;
});

function setup(t: TokenProvider) {
  FakeXhr.sent = [];
  const fetched: Array<{ url: string; auth: string | null }> = [];
  const responses: number[] = [];
  const sentHeaders: Headers[] = [];
  const inits: Array<RequestInit | undefined> = [];
  const win = {
    XMLHttpRequest: FakeXhr as unknown as typeof XMLHttpRequest,
    location: { href: 'https://viewer.example/kheops' },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      inits.push(init);
      fetched.push({ url: String(input), auth: new Headers(init?.headers).get('Authorization') });
      sentHeaders.push(new Headers(init?.headers));
      return new Response('', { status: responses.shift() ?? 200 });
    }) as typeof fetch,
  };
  const uninstall = installRequestGuard(win, new EndpointPolicy(API), t);
  installed = uninstall;
  return { win, fetched, responses, sentHeaders, inits, uninstall };
}

function xhr(win: { XMLHttpRequest: typeof XMLHttpRequest }, url: string, auth?: string) {
  const x = new win.XMLHttpRequest();
  x.open('GET', url);
  if (auth) x.setRequestHeader('Authorization', auth);
  x.send();
}

describe('RequestGuard', () => {
  it('puts the current token on endpoint requests, replacing a stale header OHIF captured earlier', () => {
    const { win } = setup(tokens('current'));
    xhr(win, `${API}/studies/1.2/series/3.4/metadata`, 'Bearer old');
    expect(FakeXhr.sent).toEqual([
      { url: `${API}/studies/1.2/series/3.4/metadata`, headers: { Authorization: 'Bearer current' } },
    ]);
  });

  it('waits for a fresh token when the current one is unusable', async () => {
    const { win } = setup(tokens(undefined, 'fresh'));
    xhr(win, `${API}/studies`);
    expect(FakeXhr.sent).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 0));
    expect(FakeXhr.sent[0]?.headers.Authorization).toBe('Bearer fresh');
  });

  it.each([
    ['another origin', 'https://evil.example/api/studies'],
    ['a look-alike path', 'https://kheops.example/api-other/studies'],
    ['a dot-segment escape', 'https://kheops.example/api/../admin'],
    ['another port', 'https://kheops.example:8443/api/studies'],
    ['http instead of https', 'http://kheops.example/api/studies'],
  ])('never sends our token to %s', (_n, url) => {
    const { win } = setup(tokens('current'));
    xhr(win, url, 'Bearer current');
    expect(FakeXhr.sent[0]?.headers.Authorization).toBeUndefined();
  });

  it('quotes the multipart Accept OHIF writes with omitQuotationForMultipartRequest, only towards KHEOPS', () => {
    const { win } = setup(tokens('current'));
    const unquoted = 'multipart/related; type=application/octet-stream; transfer-syntax=*';
    for (const url of [`${API}/studies/1/series/2/instances/3/frames/1`, 'https://cdn.example/x']) {
      const x = new win.XMLHttpRequest();
      x.open('GET', url);
      x.setRequestHeader('Accept', unquoted);
      x.send();
    }
    expect(FakeXhr.sent.map((s) => s.headers.Accept)).toEqual([
      'multipart/related; type="application/octet-stream"; transfer-syntax=*',
      unquoted,
    ]);
  });

  it('asks the launch prefetch with every Accept the page set, combined as XMLHttpRequest sends them', () => {
    FakeXhr.sent = [];
    const asked: Array<string | null | undefined> = [];
    const win = {
      XMLHttpRequest: FakeXhr as unknown as typeof XMLHttpRequest,
      location: { href: 'https://viewer.example/kheops' },
      fetch: (async () => new Response('')) as typeof fetch,
    };
    installed = installRequestGuard(win, new EndpointPolicy(API), tokens('current'), undefined, {
      take: (_url, accept) => {
        asked.push(accept);
        return undefined;
      },
    });
    const x = new win.XMLHttpRequest();
    x.open('GET', `${API}/studies/1.2/series`);
    x.setRequestHeader('Accept', 'application/dicom+json');
    x.setRequestHeader('Accept', 'multipart/related; type=application/octet-stream; transfer-syntax=*');
    x.send();
    const again = new win.XMLHttpRequest();
    again.open('GET', `${API}/studies/1.2/series`);
    again.setRequestHeader('Accept', 'application/dicom+json');
    again.send();
    expect(asked).toEqual([
      'application/dicom+json, multipart/related; type="application/octet-stream"; transfer-syntax=*',
      'application/dicom+json', // a new open starts over
    ]);
    expect(FakeXhr.sent).toHaveLength(2); // nothing held: both sent with the token
  });

  it('fetch: quotes Accept and Content-Type towards KHEOPS', async () => {
    const { win, sentHeaders } = setup(tokens('current'));
    await win.fetch(`${API}/studies`, {
      method: 'POST',
      headers: {
        Accept: 'application/dicom+json',
        'Content-Type': 'multipart/related; type=application/dicom; boundary=b',
      },
      body: 'x',
    });
    const seen = sentHeaders;
    expect(seen[0]!.get('Content-Type')).toBe('multipart/related; type="application/dicom"; boundary=b');
    expect(seen[0]!.get('Accept')).toBe('application/dicom+json');
  });

  it('leaves foreign Authorization headers to other origins alone', () => {
    const { win } = setup(tokens('current'));
    xhr(win, 'https://other.example/x', 'Basic Zm9vOmJhcg==');
    expect(FakeXhr.sent[0]?.headers.Authorization).toBe('Basic Zm9vOmJhcg==');
  });

  it('fetch: adds the bearer for the endpoint, strips it elsewhere', async () => {
    const { win, fetched } = setup(tokens('current'));
    await win.fetch(`${API}/studies/1.2/series/3.4/thumbnail`);
    await win.fetch('https://evil.example/x', { headers: { Authorization: 'Bearer current' } });
    expect(fetched).toEqual([
      { url: `${API}/studies/1.2/series/3.4/thumbnail`, auth: 'Bearer fresh' },
      { url: 'https://evil.example/x', auth: null },
    ]);
  });

  it('fetch: a request that carries our token never follows a redirect, whatever the caller asked', async () => {
    const { win, inits } = setup(tokens('current'));
    await win.fetch(`${API}/studies/1.2/series/3.4/thumbnail`, { redirect: 'follow' });
    await win.fetch(new Request(`${API}/studies/1.2/rendered`));
    expect(inits.map((i) => i?.redirect)).toEqual(['error', 'error']);
  });

  it('fetch: after a 401, the retry does not follow redirects either', async () => {
    const { win, inits, responses } = setup(tokens('current'));
    responses.push(401);
    await win.fetch(`${API}/studies`);
    expect(inits.map((i) => i?.redirect)).toEqual(['error', 'error']);
  });

  it('fetch: after a 401, refreshes once and retries once', async () => {
    const { win, fetched, responses } = setup(tokens('current'));
    responses.push(401, 401);
    const res = await win.fetch(`${API}/studies`);
    expect(fetched.map((f) => f.auth)).toEqual(['Bearer fresh', 'Bearer renewed']);
    expect(res.status).toBe(401);
  });

  it("fetch: without a token to be had, sends nothing secret and hands back KHEOPS's 401", async () => {
    const { win, fetched, responses, inits } = setup({
      ...tokens(undefined),
      request: () => Promise.reject(new SessionExpiredError('expired')),
    });
    responses.push(401);
    const res = await win.fetch(`${API}/studies`, { headers: { Authorization: 'Bearer old' } });
    expect(res.status).toBe(401);
    expect(fetched).toEqual([{ url: `${API}/studies`, auth: null }]);
    expect(inits[0]).toMatchObject({ credentials: 'omit', redirect: 'error' });
  });

  it('fetch: a Request is sent through the session too, and replayed after a 401', async () => {
    const { win, fetched, responses } = setup(tokens('current'));
    responses.push(401);
    const res = await win.fetch(new Request(`${API}/studies`, { method: 'POST', body: 'x' }));
    expect(res.status).toBe(200);
    expect(fetched.map((f) => f.auth)).toEqual(['Bearer fresh', 'Bearer renewed']);
  });

  it('fetch: a token request under the same /api root goes out at once, without our bearer', async () => {
    // The session's own refresh: waiting for a fresh token here would wait for itself, for ever.
    const { win, fetched } = setup({
      ...tokens(undefined),
      freshToken: () => new Promise<string>(() => undefined),
    });
    const res = await win.fetch(`${API}/token`, {
      method: 'POST',
      headers: { Authorization: 'Bearer current' },
      body: 'grant_type=refresh_token&refresh_token=r',
    });
    expect(res.status).toBe(200);
    expect(fetched).toEqual([{ url: `${API}/token`, auth: null }]);
  });

  it('uninstall restores the originals', () => {
    const { win, uninstall } = setup(tokens('current'));
    uninstall();
    installed = undefined;
    xhr(win, 'https://evil.example/x', 'Bearer current');
    expect(FakeXhr.sent[0]?.headers.Authorization).toBe('Bearer current');
  });
});

describe('RequestGuard: DICOMweb-shaped requests off the endpoint (hostile BulkDataURIs)', () => {
  const BULK = '/studies/1.2/series/3.4/instances/5.6/bulkdata/7fe00010';
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  const hostile = [
    ['a protocol-relative //host URI', `//evil.example${BULK}`],
    ['a /\\host URI (the URL parser makes it //host)', `/\\evil.example${BULK}`],
    ['an absolute URI elsewhere', `https://evil.example${BULK}`],
    ['frames elsewhere', 'https://evil.example/dicom-web/studies/1/series/2/instances/3/frames/1'],
    ['a series resource elsewhere', 'https://evil.example/series/3.4'],
    ['an encoded path elsewhere', 'https://evil.example/x%2Fstudies%2F1.2'],
  ];

  it.each(hostile)('XHR: %s is never sent; the caller sees a network error', async (_n, uri) => {
    const { win } = setup(tokens('current'));
    const x = new win.XMLHttpRequest();
    const events: string[] = [];
    for (const type of ['readystatechange', 'error', 'loadend', 'load'])
      x.addEventListener(type, () => events.push(`${type}:${x.readyState}:${x.status}`));
    x.open('GET', uri);
    x.setRequestHeader('Authorization', 'Bearer current');
    x.send();
    await new Promise((r) => setTimeout(r, 5));
    expect(FakeXhr.sent).toEqual([]);
    expect(events).toEqual(['readystatechange:4:0', 'error:4:0', 'loadend:4:0']);
  });

  it.each(hostile)('fetch: %s is rejected with a TypeError, never fetched', async (_n, uri) => {
    const { win, fetched } = setup(tokens('current'));
    await expect(win.fetch(uri, { headers: { Authorization: 'Bearer current' } })).rejects.toBeInstanceOf(
      TypeError,
    );
    await expect(
      win.fetch(new Request(new URL(uri, 'https://viewer.example/kheops'))),
    ).rejects.toBeInstanceOf(TypeError);
    expect(fetched).toEqual([]);
  });

  it('logs a refusal once per origin, with neither token nor path', async () => {
    const { win } = setup(tokens('current'));
    for (const uri of [`//evil.example${BULK}`, `https://evil.example/studies/9`])
      await win.fetch(uri, { headers: { Authorization: 'Bearer current' } }).catch(() => undefined);
    xhr(win, `https://evil.example${BULK}`, 'Bearer current');
    expect(warn).toHaveBeenCalledTimes(1);
    const logged = String(warn.mock.calls[0]![0]);
    expect(logged).toContain('https://evil.example');
    expect(logged).not.toMatch(/current|fresh|1\.2|studies/);
  });

  it('a relative /studies/… (resolved against the viewer page) is re-rooted under the endpoint, with the bearer', async () => {
    const { win, fetched } = setup(tokens('current'));
    xhr(win, BULK);
    xhr(win, `https://viewer.example/some/prefix${BULK}?x=1`);
    await win.fetch(BULK);
    expect(FakeXhr.sent).toEqual([
      { url: `${API}${BULK}`, headers: { Authorization: 'Bearer current' } },
      { url: `${API}${BULK}?x=1`, headers: { Authorization: 'Bearer current' } },
    ]);
    expect(fetched).toEqual([{ url: `${API}${BULK}`, auth: 'Bearer fresh' }]);
  });

  it('a DICOMweb-shaped path on the viewer origin that names no study is refused, not sent there', () => {
    const { win } = setup(tokens('current'));
    xhr(win, '/series/3.4/instances/5.6/frames/1');
    expect(FakeXhr.sent).toEqual([]);
  });

  it('leaves what is not DICOMweb alone: other origins get the request without our token', async () => {
    const { win, fetched } = setup(tokens('current'));
    xhr(win, 'https://cdn.example/ohif/app.js', 'Bearer current');
    xhr(win, '/app-config.js');
    await win.fetch('https://cdn.example/locales/en-US/Common.json');
    expect(FakeXhr.sent.map((s) => [s.url, s.headers.Authorization])).toEqual([
      ['https://cdn.example/ohif/app.js', undefined],
      ['/app-config.js', undefined],
    ]);
    expect(fetched.map((f) => f.url)).toEqual(['https://cdn.example/locales/en-US/Common.json']);
  });
});

describe('EndpointPolicy.covers', () => {
  const p = new EndpointPolicy(API);
  it('covers the DICOMweb resources under the endpoint, not the KHEOPS OAuth endpoints beside them', () => {
    for (const path of ['', '/studies', '/studies/1/series/2/thumbnail', '/series', '/instances', '/wado'])
      expect(p.covers(`${API}${path}`)).toBe(true);
    for (const path of [
      '/token',
      '/report',
      '/revoke',
      '/.well-known/report-provider-configuration',
      '/studiesX',
    ])
      expect(p.covers(`${API}${path}`)).toBe(false);
  });
});

describe('EndpointPolicy.pin', () => {
  const p = new EndpointPolicy(API);
  it('keeps URLs under the endpoint, re-roots /studies/ URLs from elsewhere, refuses the rest', () => {
    expect(p.pin(`${API}/studies/1/series/2/bulkdata/x`)).toBe(`${API}/studies/1/series/2/bulkdata/x`);
    expect(p.pin('http://pacs.internal:8042/dicom-web/studies/1/series/2/instances/3/bulk/7fe00010')).toBe(
      `${API}/studies/1/series/2/instances/3/bulk/7fe00010`,
    );
    expect(p.pin('https://evil.example/steal')).toBeUndefined();
    expect(p.pin('not a url')).toBeUndefined();
  });
});
