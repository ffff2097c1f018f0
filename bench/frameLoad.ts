// A steady frame load from inside a viewer window: N loops that fetch the frames of one series through the page's
// own window.fetch (the request guard sends them through Session.request, the product's one token choke point),
// each request timed in the page. Start it, let it run, stop it and collect what it recorded.
import type { Page } from 'playwright-core';

/** One frame request as the page saw it. */
export interface FrameSample {
  /** Epoch ms when the page called fetch (performance.timeOrigin + performance.now(): Date.now()'s clock). */
  at: number;
  /** From the fetch call to the last byte of the body. */
  ms: number;
  /** HTTP status; 0 when fetch rejected. */
  status: number;
  error?: string;
}

export interface FrameLoadOptions {
  /** The DICOMweb root the launch handed OHIF (the sandbox's /api). */
  api: string;
  study: string;
  series: string;
  concurrency: number;
}

// What OHIF's image loader asks for a frame.
const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

/** Lists the series' instances (a QIDO through the guard) and starts the loops; resolves with the instance count. */
export async function startFrameLoad(page: Page, opts: FrameLoadOptions): Promise<number> {
  return page.evaluate(
    async ({ api, study, series, concurrency, accept }) => {
      const base = `${api}/studies/${study}/series/${series}`;
      const qido = await window.fetch(`${base}/instances`, { headers: { Accept: 'application/dicom+json' } });
      if (qido.status !== 200) throw new Error(`instance QIDO answered ${qido.status}`);
      const list = (await qido.json()) as Array<Record<string, { Value?: string[] }>>;
      const sops = list.map((i) => i['00080018']?.Value?.[0]).filter((u): u is string => !!u);
      if (!sops.length) throw new Error('the series lists no instance');
      const state = { stop: false, samples: [] as unknown[], next: 0, loops: [] as Promise<void>[] };
      const loop = async () => {
        while (!state.stop) {
          const sop = sops[state.next++ % sops.length];
          const t0 = performance.now();
          const at = performance.timeOrigin + t0;
          try {
            const res = await window.fetch(`${base}/instances/${sop}/frames/1`, {
              headers: { Accept: accept },
            });
            await res.arrayBuffer();
            state.samples.push({ at, ms: performance.now() - t0, status: res.status });
          } catch (err) {
            state.samples.push({ at, ms: performance.now() - t0, status: 0, error: String(err) });
          }
        }
      };
      for (let i = 0; i < concurrency; i++) state.loops.push(loop());
      (window as unknown as { __frameLoad: typeof state }).__frameLoad = state;
      return sops.length;
    },
    { ...opts, accept: FRAME_ACCEPT },
  );
}

/** Stops the loops, waits for the requests under way, and returns every sample. */
export async function stopFrameLoad(page: Page): Promise<FrameSample[]> {
  return page.evaluate(async () => {
    const state = (
      window as unknown as { __frameLoad: { stop: boolean; loops: Promise<void>[]; samples: unknown[] } }
    ).__frameLoad;
    state.stop = true;
    await Promise.all(state.loops);
    return state.samples;
  }) as Promise<FrameSample[]>;
}

/** How many samples the page holds so far (for progress lines). */
export async function frameLoadCount(page: Page): Promise<number> {
  return page.evaluate(
    () => (window as unknown as { __frameLoad: { samples: unknown[] } }).__frameLoad.samples.length,
  );
}
