import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import {
  REPORT_CONFIGURATION_PATHS,
  codeReportConfiguration,
  implicitReportConfiguration,
  thirdPartyReportConfiguration,
} from './reportConfigurations';

/**
 * The viewer's report-provider configuration documents, which KHEOPS re-fetches server-to-server on launch, code
 * exchange and every STOW; 503 while the viewer-config fault is on (POST /sandbox/viewer-config/down).
 */
export function registerReportConfigurations(app: FastifyInstance, ctx: SandboxContext): void {
  const documents: Array<[string, (viewer: string) => Record<string, unknown>]> = [
    [REPORT_CONFIGURATION_PATHS.code, codeReportConfiguration],
    [REPORT_CONFIGURATION_PATHS.implicit, implicitReportConfiguration],
    [REPORT_CONFIGURATION_PATHS.thirdParty, thirdPartyReportConfiguration],
  ];
  for (const [path, document] of documents)
    app.get(path, async (_req, reply) =>
      Date.now() < ctx.state.viewerConfigDownUntil
        ? reply.code(503).send({ error: 'configuration document made unreachable (test route)' })
        : document(ctx.urls.viewer),
    );
}
