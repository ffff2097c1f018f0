import Fastify, { type FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { registerAppConfig } from './appConfigRoute';
import { DistServer } from './DistServer';
import { buildKheopsAppConfig } from './kheopsAppConfig';
import { registerPluginBundles } from './pluginBundles';
import {
  REPORT_CONFIGURATION_PATHS,
  codeReportConfiguration,
  implicitReportConfiguration,
  thirdPartyReportConfiguration,
} from './reportConfigurations';

/** The viewer origin: genuine OHIF with the KHEOPS extension and mode, plus its report-provider configurations. */
export function createViewerOrigin(ctx: SandboxContext): FastifyInstance {
  const app = Fastify({ logger: false });
  const viewer = ctx.urls.viewer;
  registerAppConfig(app, () => buildKheopsAppConfig(ctx));
  registerPluginBundles(app, ctx.options.pluginDir);
  app.get(REPORT_CONFIGURATION_PATHS.code, async () => codeReportConfiguration(viewer));
  app.get(REPORT_CONFIGURATION_PATHS.implicit, async () => implicitReportConfiguration(viewer));
  app.get(REPORT_CONFIGURATION_PATHS.thirdParty, async () => thirdPartyReportConfiguration(viewer));
  new DistServer(ctx.options.ohifDist).register(app);
  return app;
}
