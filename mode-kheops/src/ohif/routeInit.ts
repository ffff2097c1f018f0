import type { RouteInitArgs, SeriesComparator, SeriesRetrieval, Services } from './types';

/** OHIF's viewer URL parameters the mode reads (lower case: OHIF reads them case-insensitively). */
export const INITIAL_SERIES = 'initialseriesinstanceuid';
export const INITIAL_SOP = 'initialsopinstanceuid';

export interface RouteWindow {
  location: { search: string; href: string };
  history: { state: unknown; replaceState(data: unknown, unused: string, url?: string): void };
  setTimeout(fn: () => void, ms: number): unknown;
  document?: Pick<Document, 'addEventListener' | 'removeEventListener'>;
}

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

/**
 * defaultRouteInit (3.13, platform/app/src/routes/Mode/defaultRouteInit.ts) reads initialSeriesInstanceUID from
 * window.location.search synchronously, right after routes[0].init resolves, and when it is present starts
 * every series and waits for all of them before hanging. The mode does the focusing itself, so it takes the
 * parameter out of the address for exactly that synchronous read and puts the identical URL back on the next
 * task: the address bar, the router and isDisplaySetFromUrl see it as before.
 */
export function hideFromDefaultRouteInit(win: RouteWindow): void {
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

/** The series order OHIF's customization ('sortingCriteria') sets, when it is a comparator. */
export function ohifSeriesOrder(services: Services): SeriesComparator | undefined {
  const base = services.customizationService.getCustomization('sortingCriteria');
  return typeof base === 'function' ? (base as SeriesComparator) : undefined;
}

/** Does the data source load a study series by series (DicomWebDataSource's enableStudyLazyLoad, on by default)? */
export function lazyLoading(args: RouteInitArgs): boolean {
  const getConfig = args.dataSource.getConfig as (() => Record<string, unknown>) | undefined;
  return getConfig?.()?.enableStudyLazyLoad !== false;
}

/**
 * The launch's series as lazily started retrievals, in `order`. The DICOMweb data source caches this promise per
 * study, so defaultRouteInit then gets the same list, in that order, with nothing fetched twice. A study whose
 * query fails contributes nothing (OHIF's own path reports it).
 */
export async function querySeries(args: RouteInitArgs, order: SeriesComparator): Promise<SeriesRetrieval[]> {
  const lists = await Promise.allSettled(
    args.studyInstanceUIDs.map((StudyInstanceUID) =>
      args.dataSource.retrieve.series.metadata({
        StudyInstanceUID,
        filters: args.filters,
        sortCriteria: order,
        returnPromises: true,
      }),
    ),
  );
  return lists.flatMap((r) =>
    r.status === 'fulfilled' && Array.isArray(r.value) ? (r.value as SeriesRetrieval[]) : [],
  );
}
