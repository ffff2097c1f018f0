import type {
  DisplaySet,
  HangingProtocol,
  HangingProtocolService,
  RequiredSeries,
  RouteInitArgs,
  SeriesComparator,
  SeriesRetrieval,
  SeriesSummary,
  Services,
} from './ohif';

/** The mode's hanging protocol: OHIF's 'default' 1×1 stack, plus "the clicked series first". */
export const FOCUS_PROTOCOL_ID = '@kheops-ohif/focus';
/** Hanging-protocol custom attribute: true for the display sets of the series the launch focused on. */
export const FOCUS_ATTRIBUTE = 'isKheopsFocusSeries';

const INITIAL_SERIES = 'initialseriesinstanceuid';
const INITIAL_SOP = 'initialsopinstanceuid';

/** OHIF's getSplitParam: case-insensitive key, repeated keys and commas both split. */
export function splitParam(params: URLSearchParams, lowerKey: string): string[] {
  const out: string[] = [];
  params.forEach((value, key) => {
    if (key.toLowerCase() === lowerKey)
      out.push(
        ...value
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      );
  });
  return out;
}

/** Series comparator putting `focus` first, everything else in OHIF's own order. */
export function focusFirst(focus: string, base?: SeriesComparator): SeriesComparator {
  const rank = (s: SeriesSummary) => (s.SeriesInstanceUID === focus ? 0 : 1);
  return (a, b) => rank(a) - rank(b) || (base ? base(a, b) : 0);
}

/** Cornerstone's Enums.Events.IMAGE_RENDERED, dispatched on the viewport element (seen here in capture). */
const IMAGE_RENDERED = 'CORNERSTONE_IMAGE_RENDERED';
/** The other series wait for the clicked one's first image at most this long. */
export const DEFER_MAX_MS = 4000;

interface FocusWindow {
  location: { search: string; href: string };
  history: { state: unknown; replaceState(data: unknown, unused: string, url?: string): void };
  setTimeout(fn: () => void, ms: number): unknown;
  document?: Pick<Document, 'addEventListener' | 'removeEventListener'>;
}

/**
 * Resolves at the first image a viewport renders (cornerstone's renders of a viewport that has no image yet carry
 * viewportStatus 'preRender' and do not count, as in OHIF's own initViewTiming), or after `maxMs`.
 */
export function firstImageRendered(win: FocusWindow, maxMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      win.document?.removeEventListener(IMAGE_RENDERED, onRendered, true);
      resolve();
    };
    const onRendered = (evt: Event) => {
      if ((evt as CustomEvent<{ viewportStatus?: string }>).detail?.viewportStatus !== 'preRender') done();
    };
    win.document?.addEventListener(IMAGE_RENDERED, onRendered, true);
    win.setTimeout(done, maxMs);
  });
}

/**
 * defaultRouteInit (3.13, platform/app/src/routes/Mode/defaultRouteInit.ts) reads initialSeriesInstanceUID from
 * window.location.search synchronously, right after routes[0].init resolves, and when it is present starts
 * every series and waits for all of them before hanging. The mode does the focusing itself, so it takes the
 * parameter out of the address for exactly that synchronous read and puts the identical URL back on the next
 * task: the address bar, the router and isDisplaySetFromUrl see it as before.
 */
export function hideFromDefaultRouteInit(win: FocusWindow): void {
  const original = win.location.href;
  const url = new URL(original);
  const keys = [...url.searchParams.keys()].filter((k) => k.toLowerCase() === INITIAL_SERIES);
  if (!keys.length) return;
  keys.forEach((k) => url.searchParams.delete(k));
  const hidden = url.toString();
  win.history.replaceState(win.history.state, '', hidden);
  win.setTimeout(() => {
    if (win.location.href === hidden) win.history.replaceState(win.history.state, '', original);
  }, 0);
}

type Notify = (message: string) => void;

/**
 * The clicked series in the viewport from the first frame, without waiting for the study's other series.
 *
 * OHIF 3.13 already has a "hang after N series" path: defaultRouteInit starts only
 * `hangingProtocolService.filterSeriesRequiredForRun(protocol)` = the first `hpInitiationCriteria.minSeriesLoaded`
 * series, applies the protocol, then starts the rest. This controller puts the clicked series first in that
 * order and at N = 1:
 *  - a protocol (`FOCUS_PROTOCOL_ID`, OHIF's 'default' plus `hpInitiationCriteria` and a custom attribute that
 *    matches the clicked series) registered before the route sets its protocols up (onModeInit);
 *  - routes[0].init, awaited by Mode.tsx right before defaultRouteInit, runs the study's series query itself with
 *    a "clicked series first" sort. The DICOMweb data source caches that study-metadata promise per study, so
 *    defaultRouteInit gets the same lazily-started series list in that order, with nothing fetched twice;
 *  - keeps defaultRouteInit from taking its wait-for-everything branch (see hideFromDefaultRouteInit);
 *  - and holds the other series back until the clicked series' first image is on screen (deferRemaining).
 * A series the study does not hold is reported and the study's first series is shown.
 */
export class FocusController {
  private focusSeriesUID: string | undefined;
  /** The launch's first study: focused when no series is named (a multi-study launch opens on it). */
  private focusStudyUID: string | undefined;
  private readonly registeredOn = new WeakSet<HangingProtocolService>();

  /** The series the current route focuses on, if any (for tests and diagnostics). */
  get focus(): string | undefined {
    return this.focusSeriesUID;
  }

  /** Registers the protocol and its attribute; idempotent (onModeInit runs on every ModeRoute render). */
  register(hps: HangingProtocolService): void {
    if (this.registeredOn.has(hps)) return;
    let base: HangingProtocol | undefined;
    try {
      base = hps.getProtocolById('default');
    } catch {
      base = undefined;
    }
    if (!base) return; // without OHIF's default extension the mode cannot hang anything anyway
    const protocol = structuredClone(base) as HangingProtocol;
    protocol.id = FOCUS_PROTOCOL_ID;
    protocol.name = 'KHEOPS';
    protocol.hpInitiationCriteria = {};
    for (const selector of Object.values(protocol.displaySetSelectors)) {
      selector.seriesMatchingRules = [
        ...(selector.seriesMatchingRules ?? []),
        { attribute: FOCUS_ATTRIBUTE, weight: 40, constraint: { equals: true } },
      ];
    }
    hps.addCustomAttribute(FOCUS_ATTRIBUTE, 'KHEOPS focus series', (ds: DisplaySet) =>
      this.focusSeriesUID
        ? ds.SeriesInstanceUID === this.focusSeriesUID
        : Boolean(this.focusStudyUID && ds.StudyInstanceUID === this.focusStudyUID),
    );
    hps.addProtocol(FOCUS_PROTOCOL_ID, protocol);
    this.registeredOn.add(hps);
  }

  /** routes[0].init. Never throws: a failure here would leave OHIF without defaultRouteInit, i.e. empty. */
  async routeInit(args: RouteInitArgs, win: FocusWindow, notify: Notify): Promise<void> {
    this.focusSeriesUID = undefined;
    this.focusStudyUID = args.studyInstanceUIDs[0];
    const services = args.servicesManager.services;
    this.setMinSeriesLoaded(services, undefined);
    try {
      const params = new URLSearchParams(win.location.search);
      const wanted = splitParam(params, INITIAL_SERIES)[0] ?? services.kheopsSessionService?.seriesUID;
      if (!wanted || !this.lazyLoading(args)) return;

      const base = services.customizationService.getCustomization('sortingCriteria') as
        SeriesComparator | undefined;
      const sortCriteria = focusFirst(wanted, typeof base === 'function' ? base : undefined);
      const lists = await Promise.allSettled(
        args.studyInstanceUIDs.map((StudyInstanceUID) =>
          args.dataSource.retrieve.series.metadata({
            StudyInstanceUID,
            filters: args.filters,
            sortCriteria,
            returnPromises: true,
          }),
        ),
      );
      const series = lists.flatMap((r) =>
        r.status === 'fulfilled' && Array.isArray(r.value) ? (r.value as SeriesRetrieval[]) : [],
      );
      if (!series.length) return; // the query failed: leave OHIF's own path (and its error reporting) alone
      if (series.some((s) => s.metadata?.SeriesInstanceUID === wanted)) {
        this.focusSeriesUID = wanted;
      } else {
        notify(
          'The series asked for is not part of this study; showing the study\u2019s first series instead.',
        );
      }
      // With initialSOPInstanceUID OHIF must see every instance to find it: keep its plain path then.
      if (splitParam(params, INITIAL_SOP).length) return;
      this.setMinSeriesLoaded(services, 1);
      this.deferRemaining(services.hangingProtocolService, win);
      hideFromDefaultRouteInit(win);
    } catch (err) {
      console.warn('mode-kheops: focusing the clicked series failed; OHIF loads the study as usual', err);
      this.setMinSeriesLoaded(services, undefined);
    }
  }

  /**
   * defaultRouteInit starts the series the protocol does not need right after hanging, i.e. while the clicked
   * series' first image is still being fetched, decoded and drawn, and its metadata, display sets and
   * thumbnails then compete with that image for the network, the decoders and the main thread. For this one
   * route start, filterSeriesRequiredForRun hands back the same split with the remaining series' start()
   * held until the first image has rendered (DEFER_MAX_MS at most); OHIF's method is back in place after.
   */
  private deferRemaining(hps: HangingProtocolService, win: FocusWindow): void {
    const original = hps.filterSeriesRequiredForRun;
    if (
      typeof original !== 'function' ||
      Object.prototype.hasOwnProperty.call(hps, 'filterSeriesRequiredForRun')
    )
      return;
    const gate = firstImageRendered(win, DEFER_MAX_MS);
    const restore = () => {
      if (hps.filterSeriesRequiredForRun === deferring) delete hps.filterSeriesRequiredForRun;
    };
    const deferring = (protocolId: unknown, series: SeriesRetrieval[]): RequiredSeries => {
      const split = original.call(hps, protocolId, series);
      return {
        requiredSeries: split.requiredSeries,
        remaining: split.remaining.map((s) => ({ ...s, start: () => gate.then(() => s.start()) })),
      };
    };
    hps.filterSeriesRequiredForRun = deferring;
    void gate.then(restore);
  }

  private lazyLoading(args: RouteInitArgs): boolean {
    const getConfig = args.dataSource.getConfig as (() => Record<string, unknown>) | undefined;
    return getConfig?.()?.enableStudyLazyLoad !== false;
  }

  private setMinSeriesLoaded(services: Services, n: number | undefined): void {
    const hps = services.hangingProtocolService;
    let protocol: HangingProtocol | undefined;
    try {
      protocol = hps.getProtocolById(FOCUS_PROTOCOL_ID);
    } catch {
      return;
    }
    if (protocol) protocol.hpInitiationCriteria = n ? { minSeriesLoaded: n } : {};
  }
}
