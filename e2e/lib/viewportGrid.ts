import type { Page } from 'playwright-core';

export interface ViewportRender {
  viewportId: string;
  /** Cornerstone's viewport type as OHIF's grid state has it ('stack', 'volume', 'volume3d', …). */
  viewportType: string;
  orientation?: string;
  seriesInstanceUIDs: string[];
  nonBlackFraction: number;
  distinctGreys: number;
  width: number;
  height: number;
}

/**
 * For every viewport of OHIF's grid: its type, series and the pixel statistics of its on-screen cornerstone
 * canvas (the same grey/non-black measure as waitForRenderedViewport).
 */
export async function viewportRenders(page: Page): Promise<ViewportRender[]> {
  return page.evaluate(() => {
    const services = (window as unknown as { services?: Record<string, any> }).services;
    if (!services) return [];
    const state = services.viewportGridService.getState();
    const viewports: any[] =
      state.viewports instanceof Map ? [...state.viewports.values()] : Object.values(state.viewports ?? {});
    return viewports.map((vp) => {
      const id: string = vp.viewportId;
      const canvas = document.querySelector<HTMLCanvasElement>(
        `[data-viewportid="${id}"] canvas.cornerstone-canvas`,
      );
      let nonBlack = 0;
      const greys = new Set<number>();
      let pixels = 0;
      if (canvas && canvas.width > 0 && canvas.height > 0) {
        const ctx = canvas.getContext('2d', { willReadFrequently: true });
        const data = ctx?.getImageData(0, 0, canvas.width, canvas.height).data;
        if (data) {
          pixels = data.length / 4;
          for (let i = 0; i < data.length; i += 4) {
            const grey = Math.round(((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0)) / 3);
            if (grey > 8) nonBlack += 1;
            greys.add(grey);
          }
        }
      }
      const csViewport = services.cornerstoneViewportService?.getCornerstoneViewport?.(id);
      return {
        viewportId: id,
        viewportType: String(csViewport?.type ?? vp.viewportOptions?.viewportType ?? ''),
        orientation: vp.viewportOptions?.orientation,
        seriesInstanceUIDs: (vp.displaySetInstanceUIDs ?? [])
          .map((uid: string) => services.displaySetService.getDisplaySetByUID(uid)?.SeriesInstanceUID)
          .filter(Boolean),
        nonBlackFraction: pixels ? nonBlack / pixels : 0,
        distinctGreys: greys.size,
        width: canvas?.width ?? 0,
        height: canvas?.height ?? 0,
      };
    });
  });
}
