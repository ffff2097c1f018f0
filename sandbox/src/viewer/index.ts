import type { SandboxContext } from '../context';
import { createBaselineOrigin } from './baselineOrigin';
import { createViewerOrigin } from './viewerOrigin';

/** Starts the viewer origin (OHIF + KHEOPS extension) and the baseline origin (plain OHIF), both on loopback. */
export async function startViewerOrigins(ctx: SandboxContext): Promise<{ close(): Promise<void> }> {
  const viewer = createViewerOrigin(ctx);
  const baseline = createBaselineOrigin(ctx);
  await viewer.listen({ port: ctx.options.viewerPort, host: '127.0.0.1' });
  await baseline.listen({ port: ctx.options.baselinePort, host: '127.0.0.1' });
  ctx.log(`viewer origin ${ctx.urls.viewer}/, baseline origin ${ctx.urls.baseline}/`);
  return {
    close: async () => {
      await Promise.all([viewer.close(), baseline.close()]);
    },
  };
}
