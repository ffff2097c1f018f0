import { KheopsSettingsStore } from '../KheopsSettings';
import { OhifApp } from '../ohif/OhifApp';
import type { ServicesManager, WebApiDataSource } from '../ohif/types';
import type { DraftHost } from '../saveSafety/DraftKeeper';
import { MemoryDraftStore } from '../saveSafety/DraftStore';
import { MemoryOutbox } from '../saveSafety/Outbox';
import { Session } from '../session/Session';
import type { TokenRefresher } from '../session/TokenSet';
import type { ReadyLaunch } from '../startLaunch';
import { FakeDocument } from '../testing/FakeDocument';
import { MemoryLogger } from '../testing/MemoryLogger';
import { KheopsRuntime, type RuntimeWindow } from './KheopsRuntime';
import type { KheopsSessionService } from './KheopsSessionService';

const API = 'https://kheops.example/api';
const STUDY = '1.2.3';

class FakeXhr {
  open() {}
  setRequestHeader() {}
  send() {}
  abort() {}
}

function setup(opts: { scope?: string; statuses?: number[]; listed?: string[] } = {}) {
  const wire: Array<{ url: string; auth: string | null; redirect?: string }> = [];
  const statuses = [...(opts.statuses ?? [])];
  const pageFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    wire.push({
      url: String(input),
      auth: new Headers(init?.headers).get('Authorization'),
      redirect: init?.redirect,
    });
    if (String(input).includes('/instances?')) {
      const list = (opts.listed ?? []).map((sop) => ({ '00080018': { vr: 'UI', Value: [sop] } }));
      return new Response(JSON.stringify(list), { status: 200 });
    }
    return new Response('{}', { status: statuses.shift() ?? 200 });
  };
  const document = new FakeDocument();
  const listeners = new Map<string, () => void>();
  const opened: string[] = [];
  const win = {
    XMLHttpRequest: FakeXhr as unknown as typeof XMLHttpRequest,
    fetch: pageFetch as typeof fetch,
    location: { href: 'https://viewer.example/kheops' },
    document,
    setInterval,
    setTimeout,
    clearInterval,
    addEventListener: (type: string, l: () => void) => void listeners.set(type, l),
    open: (url: string) => void opened.push(url),
  } as unknown as RuntimeWindow;
  const refresher: TokenRefresher & { calls: number } = {
    calls: 0,
    async refresh() {
      this.calls += 1;
      return { accessToken: `renewed-${this.calls}`, expiresAt: Date.now() + 300_000 };
    },
  };
  // The session's own transport is never used by the runtime: it sends with the page's fetch.
  const session = new Session(
    { accessToken: 'first', expiresAt: Date.now() + 300_000, scope: opts.scope },
    refresher,
    undefined,
    () => Promise.reject(new Error('not this transport')),
  );
  const launch: ReadyLaunch = {
    ok: true,
    style: 'L3',
    endpoint: API,
    session,
    context: { studyUIDs: [STUDY] },
    returnUri: 'https://kheops.example/view/1',
    user: 'u1',
  };
  const shown: Array<{ title: string; message: string }> = [];
  const services: Record<string, unknown> = {};
  let auth: { handleUnauthenticated?: () => unknown } = {};
  const servicesManager: ServicesManager = {
    services: {
      userAuthenticationService: { setServiceImplementation: (i) => void (auth = i) },
      uiNotificationService: { show: (n) => void shown.push(n) },
    },
    registerService: ({ name, create }) => void (services[name] = create(undefined)),
  };
  const ohif = new OhifApp(servicesManager, {}, win, { runCommand: jest.fn() });
  const settings = new KheopsSettingsStore({
    trustedOrigins: ['https://kheops.example'],
    save: { retryDelaysMs: [], backgroundRetryMs: 60_000 },
  });
  const outbox = new MemoryOutbox();
  const log = new MemoryLogger();
  const runtime = new KheopsRuntime(settings, launch, ohif, win, log, {
    outbox,
    drafts: new MemoryDraftStore(),
  });
  return {
    runtime,
    win,
    wire,
    refresher,
    session,
    shown,
    services,
    auth: () => auth,
    document,
    listeners,
    outbox,
    log,
  };
}

const noDrafts: DraftHost = {
  annotations: () => [],
  onChange: () => () => undefined,
  canRestore: () => true,
  onSeriesAdded: () => () => undefined,
  restore: () => true,
  notify: () => undefined,
  warn: () => undefined,
};

describe('KheopsRuntime', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('start: the session service for the mode, never a token in it', () => {
    const { runtime, services } = setup();
    runtime.start();
    const service = services.kheopsSessionService as KheopsSessionService;
    expect(service).toMatchObject({ style: 'L3', studyUIDs: [STUDY], dicomwebEndpoint: API });
    expect(JSON.stringify(service)).not.toContain('first');
    runtime.dispose();
  });

  test('a fetch to the endpoint goes out once with the bearer, through the page fetch, no redirects; elsewhere never', async () => {
    const { runtime, win, wire } = setup();
    runtime.start();
    await win.fetch(`${API}/studies/${STUDY}/series`);
    await win.fetch('https://elsewhere.example/x', { headers: { Authorization: 'Bearer first' } });
    expect(wire).toEqual([
      { url: `${API}/studies/${STUDY}/series`, auth: 'Bearer first', redirect: 'error' },
      { url: 'https://elsewhere.example/x', auth: null, redirect: undefined },
    ]);
    runtime.dispose();
  });

  test('a 401 OHIF saw (XMLHttpRequest) makes the session renew, once for many reports', async () => {
    const { runtime, auth, refresher, session } = setup();
    runtime.start();
    auth().handleUnauthenticated!();
    auth().handleUnauthenticated!();
    await jest.advanceTimersByTimeAsync(0);
    expect(refresher.calls).toBe(1);
    expect(session.currentToken()).toBe('renewed-1');
    runtime.dispose();
  });

  test('a STOW answered 401 once: one refresh, one re-send, stored', async () => {
    const { runtime, wire, refresher } = setup({ statuses: [401] });
    runtime.start();
    const ds = {
      store: {
        dicom: async (
          _d: unknown,
          request: { setRequestHeader(n: string, v: string): void; send(b: unknown): void },
        ) => {
          request.setRequestHeader('Content-Type', 'multipart/related');
          request.send(new Uint8Array([1]));
        },
      },
    } as unknown as WebApiDataSource;
    runtime.attachDataSource(ds, noDrafts);
    const saved = ds.store.dicom!({ StudyInstanceUID: STUDY, SOPInstanceUID: 'sr-1' }, undefined, {});
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(saved).resolves.toBeUndefined();
    expect(refresher.calls).toBe(1);
    expect(wire.map((w) => w.auth)).toEqual(['Bearer first', 'Bearer renewed-1']);
    runtime.dispose();
  });

  test('a stored report is looked up in KHEOPS with the bearer; the indicator says confirmed only then', async () => {
    const { runtime, wire, document } = setup({ listed: ['sr-1'] });
    runtime.start();
    document.present.add('[data-viewportid]');
    await jest.advanceTimersByTimeAsync(1_000);
    const ds = {
      store: {
        dicom: async (_d: unknown, request: { send(b: unknown): void }) => request.send(new Uint8Array([1])),
      },
    } as unknown as WebApiDataSource;
    runtime.attachDataSource(ds, noDrafts);
    const dataset = { StudyInstanceUID: STUDY, SeriesInstanceUID: `${STUDY}.9`, SOPInstanceUID: 'sr-1' };
    await ds.store.dicom!(dataset, undefined, {});
    await jest.advanceTimersByTimeAsync(1_000);
    expect(wire.at(-1)).toEqual({
      url: `${API}/studies/${STUDY}/series/${STUDY}.9/instances?SOPInstanceUID=sr-1`,
      auth: 'Bearer first',
      redirect: 'error',
    });
    expect(document.getElementById('kheops-save-state')?.textContent).toBe('1 report confirmed in KHEOPS');
    runtime.dispose();
  });

  test('once the viewer shows: the read-only notice for a read-only launch, and expiry warnings', async () => {
    const { runtime, document, shown } = setup({ scope: 'viewer read' });
    runtime.start();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(shown).toEqual([]);
    document.present.add('[data-viewportid]');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(shown.map((n) => n.title)).toEqual(['KHEOPS: read-only']);
    expect(document.getElementById('kheops-save-state')?.textContent).toBe(
      'Read-only: reports cannot be saved to KHEOPS',
    );
    runtime.dispose();
    expect(document.getElementById('kheops-save-state')).toBeNull();
  });

  test('the clock may have jumped: visibility and coming back online recheck the session', () => {
    const { runtime, document, listeners, session } = setup();
    const recheck = jest.spyOn(session, 'recheck');
    runtime.start();
    document.dispatch('visibilitychange');
    listeners.get('online')!();
    expect(recheck).toHaveBeenCalledTimes(2);
    runtime.dispose();
  });

  test('dispose gives the page its fetch back', () => {
    const { runtime, win } = setup();
    const original = win.fetch;
    runtime.start();
    expect(win.fetch).not.toBe(original);
    runtime.dispose();
    expect(win.fetch).toBe(original);
  });
});
