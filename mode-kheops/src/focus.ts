import { firstImageRendered } from './ohif/firstImageRendered';
import { deferRemainingSeries, registerPreferringProtocol, setMinSeriesLoaded } from './ohif/hangingProtocol';
import {
  INITIAL_SERIES,
  INITIAL_SOP,
  hideFromDefaultRouteInit,
  lazyLoading,
  ohifSeriesOrder,
  querySeries,
  splitParam,
  type RouteWindow,
} from './ohif/routeInit';
import { kheopsSession } from './ohif/services';
import type { HangingProtocolService, RouteInitArgs, SeriesComparator, SeriesSummary } from './ohif/types';

/** The mode's hanging protocol: OHIF's 'default' 1×1 stack, plus "the clicked series first". */
export const FOCUS_PROTOCOL_ID = '@kheops-ohif/focus';
/** Hanging-protocol custom attribute: true for the display sets of the series the launch focused on. */
export const FOCUS_ATTRIBUTE = 'isKheopsFocusSeries';
/** The other series wait for the clicked one's first image at most this long. */
export const DEFER_MAX_MS = 4000;

/** Series comparator putting `focus` first, everything else in OHIF's own order. */
export function focusFirst(focus: string, base?: SeriesComparator): SeriesComparator {
  const rank = (s: SeriesSummary) => (s.SeriesInstanceUID === focus ? 0 : 1);
  return (a, b) => rank(a) - rank(b) || (base ? base(a, b) : 0);
}

type Notify = (message: string) => void;

/**
 * The clicked series in the viewport from the first frame, without waiting for the study's other series.
 *
 * OHIF 3.13 already has a "hang after N series" path: defaultRouteInit starts only
 * `hangingProtocolService.filterSeriesRequiredForRun(protocol)` = the first `hpInitiationCriteria.minSeriesLoaded`
 * series, applies the protocol, then starts the rest. This controller puts the clicked series first in that
 * order and at N = 1 (the OHIF side of each step is in src/ohif/):
 *  - a protocol (`FOCUS_PROTOCOL_ID`, OHIF's 'default' plus `hpInitiationCriteria` and a custom attribute that
 *    matches the clicked series) registered before the route sets its protocols up (onModeInit);
 *  - routes[0].init, awaited by Mode.tsx right before defaultRouteInit, runs the study's series query itself with
 *    a "clicked series first" sort (querySeries), which defaultRouteInit then reuses;
 *  - keeps defaultRouteInit from taking its wait-for-everything branch (hideFromDefaultRouteInit);
 *  - and holds the other series back until the clicked series' first image is on screen (deferRemainingSeries).
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
    const registered = registerPreferringProtocol(hps, FOCUS_PROTOCOL_ID, {
      name: FOCUS_ATTRIBUTE,
      label: 'KHEOPS focus series',
      matches: (ds) =>
        this.focusSeriesUID
          ? ds.SeriesInstanceUID === this.focusSeriesUID
          : Boolean(this.focusStudyUID && ds.StudyInstanceUID === this.focusStudyUID),
    });
    if (registered) this.registeredOn.add(hps);
  }

  /** routes[0].init. Never throws: a failure here would leave OHIF without defaultRouteInit, i.e. empty. */
  async routeInit(args: RouteInitArgs, win: RouteWindow, notify: Notify): Promise<void> {
    this.focusSeriesUID = undefined;
    this.focusStudyUID = args.studyInstanceUIDs[0];
    const services = args.servicesManager.services;
    const hps = services.hangingProtocolService;
    setMinSeriesLoaded(hps, FOCUS_PROTOCOL_ID, undefined);
    try {
      const params = new URLSearchParams(win.location.search);
      const wanted = splitParam(params, INITIAL_SERIES)[0] ?? kheopsSession(services)?.seriesUID;
      if (!wanted || !lazyLoading(args)) return;

      const series = await querySeries(args, focusFirst(wanted, ohifSeriesOrder(services)));
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
      setMinSeriesLoaded(hps, FOCUS_PROTOCOL_ID, 1);
      // The remaining series' metadata, display sets and thumbnails would otherwise compete with the clicked
      // series' first image for the network, the decoders and the main thread.
      deferRemainingSeries(hps, () => firstImageRendered(win, DEFER_MAX_MS));
      hideFromDefaultRouteInit(win);
    } catch (err) {
      console.warn('mode-kheops: focusing the clicked series failed; OHIF loads the study as usual', err);
      setMinSeriesLoaded(hps, FOCUS_PROTOCOL_ID, undefined);
    }
  }
}
