import type { Page } from 'playwright-core';

export interface ViewportPixels {
  nonBlackFraction: number;
  distinctGreys: number;
  width: number;
  height: number;
}

/**
 * Waits until a cornerstone canvas shows a real image: more than 5 % non-black pixels and more than 10 distinct
 * grey values (reference/test-stack-recipe.md §6), in a canvas of an on-screen OHIF viewport. Resolves with the
 * milliseconds it took from the call.
 */
export async function waitForRenderedViewport(page: Page, opts: { timeout?: number } = {}): Promise<number> {
  const started = Date.now();
  await page.waitForFunction(
    () => {
      // Only on-screen viewport canvases: cornerstone also renders thumbnails into off-screen cornerstone canvases.
      const onScreen = (c: HTMLCanvasElement) => {
        const r = c.getBoundingClientRect();
        return (
          !!c.closest('[data-viewportid]') &&
          r.width > 0 &&
          r.height > 0 &&
          r.right > 0 &&
          r.bottom > 0 &&
          r.left < innerWidth &&
          r.top < innerHeight
        );
      };
      for (const canvas of Array.from(
        document.querySelectorAll<HTMLCanvasElement>('canvas.cornerstone-canvas'),
      ).filter(onScreen)) {
        if (canvas.width === 0 || canvas.height === 0) continue;
        const ctx = canvas.getContext('2d', { willReadFrequently: true });
        if (!ctx) continue;
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let nonBlack = 0;
        const greys = new Set<number>();
        for (let i = 0; i < data.length; i += 4) {
          const grey = Math.round(((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0)) / 3);
          if (grey > 8) nonBlack += 1;
          greys.add(grey);
        }
        if (nonBlack / (data.length / 4) > 0.05 && greys.size > 10) return true;
      }
      return false;
    },
    undefined,
    { polling: 50, timeout: opts.timeout ?? 30_000 },
  );
  return Date.now() - started;
}

/** The pixel statistics of every cornerstone canvas, for diagnostics. */
export async function viewportPixels(page: Page): Promise<ViewportPixels[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas.cornerstone-canvas')).map((canvas) => {
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx || canvas.width === 0)
        return { nonBlackFraction: 0, distinctGreys: 0, width: canvas.width, height: canvas.height };
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let nonBlack = 0;
      const greys = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        const grey = Math.round(((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0)) / 3);
        if (grey > 8) nonBlack += 1;
        greys.add(grey);
      }
      return {
        nonBlackFraction: nonBlack / (data.length / 4),
        distinctGreys: greys.size,
        width: canvas.width,
        height: canvas.height,
      };
    }),
  );
}
