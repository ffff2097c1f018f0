import type { Page } from 'playwright-core';

export interface OhifWindowInfo {
  origin: string;
  windowName: string;
  hasRoot: boolean;
  /** window.config as loaded from /app-config.js, reduced to what tests compare. */
  config: { name?: string; dataSourceNamespaces: string[]; extensions: unknown[]; modes: unknown[] } | null;
}

/** Is this the genuine OHIF app shell with its app-config loaded? */
export async function ohifWindowInfo(page: Page): Promise<OhifWindowInfo> {
  await page.waitForSelector('#root', { state: 'attached', timeout: 30_000 });
  return page.evaluate(() => {
    const cfg = (window as unknown as { config?: Record<string, unknown> }).config;
    const dataSources = (cfg?.dataSources as Array<{ namespace: string }> | undefined) ?? [];
    return {
      origin: window.location.origin,
      windowName: window.name,
      hasRoot: !!document.getElementById('root'),
      config: cfg
        ? {
            name: cfg.name as string | undefined,
            dataSourceNamespaces: dataSources.map((d) => d.namespace),
            extensions: (cfg.extensions as unknown[]) ?? [],
            modes: (cfg.modes as unknown[]) ?? [],
          }
        : null,
    };
  });
}

/** SeriesInstanceUIDs shown in OHIF's viewports, read from its services (window.services, set by the cornerstone extension). */
export async function displayedSeriesUIDs(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type DisplaySet = { SeriesInstanceUID?: string };
    type Viewport = { displaySetInstanceUIDs?: string[] };
    const services = (window as unknown as { services?: Record<string, any> }).services;
    if (!services) return [];
    const state = services.viewportGridService.getState();
    const viewports: Viewport[] =
      state.viewports instanceof Map ? [...state.viewports.values()] : Object.values(state.viewports ?? {});
    return viewports
      .flatMap((vp) => vp.displaySetInstanceUIDs ?? [])
      .map(
        (uid) =>
          (services.displaySetService.getDisplaySetByUID(uid) as DisplaySet | undefined)?.SeriesInstanceUID,
      )
      .filter((uid): uid is string => !!uid);
  });
}

/** SeriesInstanceUIDs of every display set OHIF loaded (what the study browser lists). */
export const loadedSeriesUIDs = (page: Page) => loadedDisplaySetUIDs(page, 'SeriesInstanceUID');

/** StudyInstanceUIDs of every display set OHIF loaded (a multi-study launch lists each of its studies). */
export const loadedStudyUIDs = (page: Page) => loadedDisplaySetUIDs(page, 'StudyInstanceUID');

async function loadedDisplaySetUIDs(
  page: Page,
  key: 'SeriesInstanceUID' | 'StudyInstanceUID',
): Promise<string[]> {
  return page.evaluate((k) => {
    const services = (window as unknown as { services?: Record<string, any> }).services;
    const sets = (services?.displaySetService.getActiveDisplaySets() ?? []) as Array<Record<string, unknown>>;
    return [...new Set(sets.map((s) => s[k]).filter((uid): uid is string => typeof uid === 'string' && !!uid))];
  }, key);
}
