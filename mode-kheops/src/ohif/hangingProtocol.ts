import type {
  DisplaySet,
  HangingProtocol,
  HangingProtocolService,
  RequiredSeries,
  SeriesRetrieval,
} from './types';

/**
 * Registers a copy of OHIF's 'default' protocol (the 1×1 stack) under `id`, whose display-set selectors also
 * prefer the display sets for which `matches` is true (a custom attribute named `attribute`). Returns false when
 * the app has no 'default' protocol (without OHIF's default extension the mode cannot hang anything anyway).
 */
export function registerPreferringProtocol(
  hps: HangingProtocolService,
  id: string,
  attribute: { name: string; label: string; matches: (ds: DisplaySet) => boolean },
): boolean {
  let base: HangingProtocol | undefined;
  try {
    base = hps.getProtocolById('default');
  } catch {
    base = undefined;
  }
  if (!base) return false;
  const protocol = structuredClone(base) as HangingProtocol;
  protocol.id = id;
  protocol.name = 'KHEOPS';
  protocol.hpInitiationCriteria = {};
  for (const selector of Object.values(protocol.displaySetSelectors)) {
    selector.seriesMatchingRules = [
      ...(selector.seriesMatchingRules ?? []),
      { attribute: attribute.name, weight: 40, constraint: { equals: true } },
    ];
  }
  hps.addCustomAttribute(attribute.name, attribute.label, attribute.matches);
  hps.addProtocol(id, protocol);
  return true;
}

/** How many series defaultRouteInit loads before it hangs the protocol (undefined: all of them, OHIF's default). */
export function setMinSeriesLoaded(hps: HangingProtocolService, id: string, n: number | undefined): void {
  let protocol: HangingProtocol | undefined;
  try {
    protocol = hps.getProtocolById(id);
  } catch {
    return;
  }
  if (protocol) protocol.hpInitiationCriteria = n ? { minSeriesLoaded: n } : {};
}

/**
 * defaultRouteInit starts the series the protocol does not need right after hanging. For this one route start,
 * filterSeriesRequiredForRun hands back the same split with the remaining series' start() held until the gate
 * (opened only when OHIF has the method to wrap) resolves; OHIF's own method is back in place after that.
 */
export function deferRemainingSeries(hps: HangingProtocolService, openGate: () => Promise<void>): void {
  const original = hps.filterSeriesRequiredForRun;
  if (
    typeof original !== 'function' ||
    Object.prototype.hasOwnProperty.call(hps, 'filterSeriesRequiredForRun')
  )
    return;
  const gate = openGate();
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
