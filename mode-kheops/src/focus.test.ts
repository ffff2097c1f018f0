import { FOCUS_ATTRIBUTE, FOCUS_PROTOCOL_ID, FocusController, focusFirst } from './focus';
import { hideFromDefaultRouteInit, splitParam } from './ohif/routeInit';
import type {
  HangingProtocol,
  RequiredSeries,
  RouteInitArgs,
  SeriesRetrieval,
  SeriesSummary,
} from './ohif/types';

function fakeWindow(href: string) {
  const timers: Array<() => void> = [];
  const win = {
    location: { href, search: new URL(href).search },
    history: {
      state: { idx: 1 },
      replaceState(_: unknown, __: string, url?: string) {
        if (url) {
          win.location.href = url;
          win.location.search = new URL(url).search;
        }
      },
    },
    setTimeout(fn: () => void) {
      timers.push(fn);
      return 0;
    },
  };
  return { win, runTimers: () => timers.splice(0).forEach((t) => t()) };
}

function fakeOhif(seriesUIDs: string[], opts: { lazy?: boolean } = {}) {
  const protocols = new Map<string, HangingProtocol>();
  protocols.set('default', {
    id: 'default',
    displaySetSelectors: { defaultDisplaySetId: { seriesMatchingRules: [{ attribute: 'numImageFrames' }] } },
  });
  const attributes = new Map<string, (ds: { SeriesInstanceUID?: string }) => unknown>();
  const notices: string[] = [];
  const calls: Array<Record<string, unknown>> = [];
  const hps = {
    protocols,
    addProtocol: (id: string, p: HangingProtocol) => protocols.set(id, p),
    getProtocolById: (id: string) => {
      const p = protocols.get(id);
      if (!p) throw new Error(`No protocol ${id} found`);
      return p;
    },
    addCustomAttribute: (id: string, _n: string, cb: (ds: { SeriesInstanceUID?: string }) => unknown) =>
      attributes.set(id, cb),
  };
  const args = {
    servicesManager: {
      services: {
        hangingProtocolService: hps,
        customizationService: { getCustomization: () => (a: { n: number }, b: { n: number }) => a.n - b.n },
        kheopsSessionService: { studyUIDs: ['S'], seriesUID: seriesUIDs[1] },
      },
    },
    studyInstanceUIDs: ['S'],
    filters: {},
    dataSource: {
      getConfig: () => ({ enableStudyLazyLoad: opts.lazy ?? true }),
      retrieve: {
        series: {
          async metadata(a: Record<string, unknown>) {
            calls.push(a);
            const sort = a.sortCriteria as (x: unknown, y: unknown) => number;
            const rows = seriesUIDs.map((uid, n) => ({ SeriesInstanceUID: uid, n })).sort(sort);
            return rows.map((metadata): SeriesRetrieval => ({ metadata, start: async () => [] }));
          },
        },
      },
    },
  } as unknown as RouteInitArgs;
  return { args, protocols, attributes, notices, calls, notify: (m: string) => notices.push(m) };
}

describe('splitParam / focusFirst', () => {
  it('reads a parameter case-insensitively, repeated or comma-separated, like OHIF getSplitParam', () => {
    const p = new URLSearchParams('initialSeriesInstanceUID=a,b&INITIALSERIESINSTANCEUID=c&x=1');
    expect(splitParam(p, 'initialseriesinstanceuid')).toEqual(['a', 'b', 'c']);
    expect(splitParam(p, 'initialsopinstanceuid')).toEqual([]);
  });
  it('puts the focus series first and keeps OHIF order for the rest', () => {
    const rows = ['1', '2', '3', '4'].map((SeriesInstanceUID, i) => ({ SeriesInstanceUID, i }));
    const base = (a: SeriesSummary, b: SeriesSummary) => Number(a.i) - Number(b.i);
    expect(rows.sort(focusFirst('3', base)).map((r) => r.SeriesInstanceUID)).toEqual(['3', '1', '2', '4']);
  });
});

describe('hideFromDefaultRouteInit', () => {
  it('drops initialSeriesInstanceUID for the current task only and restores the identical URL', () => {
    const href = 'http://v/kheops?StudyInstanceUIDs=S&initialSeriesInstanceUID=X';
    const { win, runTimers } = fakeWindow(href);
    hideFromDefaultRouteInit(win);
    expect(win.location.search).toBe('?StudyInstanceUIDs=S');
    runTimers();
    expect(win.location.href).toBe(href);
  });
  it('leaves a URL without the parameter alone, and does not undo a navigation made meanwhile', () => {
    const { win, runTimers } = fakeWindow('http://v/kheops?StudyInstanceUIDs=S&initialSeriesInstanceUID=X');
    hideFromDefaultRouteInit(win);
    win.history.replaceState(null, '', 'http://v/elsewhere');
    runTimers();
    expect(win.location.href).toBe('http://v/elsewhere');
    const plain = fakeWindow('http://v/kheops?StudyInstanceUIDs=S');
    hideFromDefaultRouteInit(plain.win);
    expect(plain.win.location.href).toBe('http://v/kheops?StudyInstanceUIDs=S');
  });
});

describe('FocusController', () => {
  it("registers a copy of OHIF's default protocol that also prefers the focus series", () => {
    const o = fakeOhif(['a', 'b']);
    const c = new FocusController();
    c.register(o.args.servicesManager.services.hangingProtocolService);
    c.register(o.args.servicesManager.services.hangingProtocolService);
    const p = o.protocols.get(FOCUS_PROTOCOL_ID)!;
    expect(p.displaySetSelectors.defaultDisplaySetId!.seriesMatchingRules).toEqual([
      { attribute: 'numImageFrames' },
      { attribute: FOCUS_ATTRIBUTE, weight: 40, constraint: { equals: true } },
    ]);
    expect(
      o.protocols.get('default')!.displaySetSelectors.defaultDisplaySetId!.seriesMatchingRules,
    ).toHaveLength(1);
  });

  it('orders the study with the clicked series first, hangs after one series, hides the URL parameter once', async () => {
    const o = fakeOhif(['a', 'b', 'c']);
    const c = new FocusController();
    c.register(o.args.servicesManager.services.hangingProtocolService);
    const { win, runTimers } = fakeWindow('http://v/kheops?StudyInstanceUIDs=S&initialSeriesInstanceUID=c');
    await c.routeInit(o.args, win, o.notify);
    expect(c.focus).toBe('c');
    expect(o.calls[0]).toMatchObject({ StudyInstanceUID: 'S', returnPromises: true });
    expect(o.protocols.get(FOCUS_PROTOCOL_ID)!.hpInitiationCriteria).toEqual({ minSeriesLoaded: 1 });
    expect(win.location.search).toBe('?StudyInstanceUIDs=S');
    runTimers();
    expect(win.location.search).toBe('?StudyInstanceUIDs=S&initialSeriesInstanceUID=c');
    expect(o.attributes.get(FOCUS_ATTRIBUTE)!({ SeriesInstanceUID: 'c' })).toBe(true);
    expect(o.attributes.get(FOCUS_ATTRIBUTE)!({ SeriesInstanceUID: 'a' })).toBe(false);
    expect(o.notices).toEqual([]);
  });

  it('falls back to the session series when the URL names none', async () => {
    const o = fakeOhif(['a', 'b', 'c']);
    const c = new FocusController();
    c.register(o.args.servicesManager.services.hangingProtocolService);
    await c.routeInit(o.args, fakeWindow('http://v/kheops?StudyInstanceUIDs=S').win, o.notify);
    expect(c.focus).toBe('b');
  });

  it('reports a series the study does not hold and lets the first series hang', async () => {
    const o = fakeOhif(['a', 'b']);
    const c = new FocusController();
    c.register(o.args.servicesManager.services.hangingProtocolService);
    const { win } = fakeWindow('http://v/kheops?StudyInstanceUIDs=S&initialSeriesInstanceUID=zzz');
    await c.routeInit(o.args, win, o.notify);
    expect(c.focus).toBeUndefined();
    expect(o.notices).toEqual([expect.stringMatching(/not part of this study/)]);
    expect(o.attributes.get(FOCUS_ATTRIBUTE)!({ SeriesInstanceUID: 'a' })).toBe(false);
  });

  it("keeps OHIF's plain path with initialSOPInstanceUID, without lazy loading, and when nothing is focused", async () => {
    for (const [href, lazy] of [
      ['http://v/kheops?StudyInstanceUIDs=S&initialSeriesInstanceUID=a&initialSOPInstanceUID=i', true],
      ['http://v/kheops?StudyInstanceUIDs=S&initialSeriesInstanceUID=a', false],
    ] as const) {
      const o = fakeOhif(['a', 'b'], { lazy });
      const c = new FocusController();
      c.register(o.args.servicesManager.services.hangingProtocolService);
      const { win } = fakeWindow(href);
      await c.routeInit(o.args, win, o.notify);
      expect(o.protocols.get(FOCUS_PROTOCOL_ID)!.hpInitiationCriteria).toEqual({});
      expect(win.location.href).toBe(href);
    }
  });

  it('never throws into OHIF', async () => {
    const o = fakeOhif(['a']);
    (o.args.dataSource.retrieve.series as { metadata: unknown }).metadata = () => {
      throw new Error('boom');
    };
    const c = new FocusController();
    c.register(o.args.servicesManager.services.hangingProtocolService);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { win } = fakeWindow('http://v/kheops?StudyInstanceUIDs=S&initialSeriesInstanceUID=a');
    await expect(c.routeInit(o.args, win, o.notify)).resolves.toBeUndefined();
    expect(o.protocols.get(FOCUS_PROTOCOL_ID)!.hpInitiationCriteria).toEqual({});
    warn.mockRestore();
  });

  it('holds the other series until the first image renders, then gives OHIF its own method back', async () => {
    const o = fakeOhif(['a', 'b', 'c']);
    class Hps {
      filterSeriesRequiredForRun(_id: unknown, series: SeriesRetrieval[]): RequiredSeries {
        return { requiredSeries: series.slice(0, 1), remaining: series.slice(1) };
      }
    }
    const hps = Object.assign(new Hps(), o.args.servicesManager.services.hangingProtocolService);
    o.args.servicesManager.services.hangingProtocolService = hps;
    const c = new FocusController();
    c.register(hps);
    const listeners: Array<(e: unknown) => void> = [];
    const { win } = fakeWindow('http://v/kheops?StudyInstanceUIDs=S&initialSeriesInstanceUID=c');
    const doc = {
      addEventListener: (_: string, l: (e: unknown) => void) => listeners.push(l),
      removeEventListener: () => undefined,
    };
    await c.routeInit(o.args, { ...win, document: doc as unknown as Document }, o.notify);
    const started: string[] = [];
    const series = ['c', 'a', 'b'].map((uid) => ({
      metadata: { SeriesInstanceUID: uid },
      start: async () => started.push(uid),
    }));
    const split = hps.filterSeriesRequiredForRun('p', series);
    await Promise.all(split.requiredSeries.map((s) => s.start()));
    split.remaining.forEach((s) => void s.start());
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(['c']);
    listeners.forEach((l) => l({ detail: { viewportStatus: 'preRender' } })); // an empty viewport drawn
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(['c']);
    listeners.forEach((l) => l({ detail: { viewportStatus: 'rendered' } })); // the first image
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(['c', 'a', 'b']);
    expect(Object.prototype.hasOwnProperty.call(hps, 'filterSeriesRequiredForRun')).toBe(false);
  });
});
