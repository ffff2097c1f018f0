import Fastify, { type FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { registerNetworkShape } from '../network/shape';
import { registerAppConfig } from './appConfigRoute';
import { DistServer } from './DistServer';
import { buildKheopsAppConfig } from './kheopsAppConfig';
import { registerPluginBundles } from './pluginBundles';
import { registerReportConfigurations } from './reportConfigurationRoutes';

/** The viewer origin: genuine OHIF with the KHEOPS extension and mode, plus its report-provider configurations. */
export function createViewerOrigin(ctx: SandboxContext): FastifyInstance {
  const app = Fastify({ logger: false });
  registerNetworkShape(app, { rttMs: ctx.options.viewerRttMs ?? 0 });
  registerAppConfig(app, () => buildKheopsAppConfig(ctx));
  // A CLI build serves /kheops-plugins/ from its own dist (OHIF copied the packages' dist/ into it).
  if (!ctx.options.cliBuild) registerPluginBundles(app, ctx.options.pluginDir);
  registerReportConfigurations(app, ctx);
  new DistServer(ctx.options.ohifDist, viewerContentSecurityPolicy(ctx)).register(app);
  return app;
}

/**
 * The CSP docs/deployment.md recommends, as the sandbox's viewer origin sends it: the page may connect only to
 * itself and to the KHEOPS origins it trusts (an --external-op issuer included), so no request — XHR included,
 * which cannot be told not to follow a redirect — reaches another origin, whatever the metadata says.
 */
export function viewerContentSecurityPolicy(ctx: Pick<SandboxContext, 'urls'>): string {
  const origins = [ctx.urls.root, ...(ctx.urls.externalIssuer ? [ctx.urls.externalIssuer] : [])].map(
    (u) => new URL(u).origin,
  );
  return `connect-src 'self' ${[...new Set(origins)].join(' ')}`;
}
