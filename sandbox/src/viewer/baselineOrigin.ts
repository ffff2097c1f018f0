import Fastify, { type FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { proxyToOrthanc } from '../gateway/orthancProxy';
import { registerNetworkShape, type Shape } from '../network/shape';
import { registerAppConfig } from './appConfigRoute';
import { buildBaselineAppConfig } from './baselineAppConfig';
import { DistServer } from './DistServer';

/** The baseline origin: plain OHIF reading the same Orthanc through an unauthenticated same-origin pass-through. */
export function createBaselineOrigin(ctx: SandboxContext): FastifyInstance {
  const app = Fastify({ logger: false });
  // The pass-through pays the KHEOPS network (--rtt, --bandwidth), OHIF's static files the viewer's (--viewer-rtt).
  const passThrough: Shape = { rttMs: ctx.options.rttMs ?? 0, bandwidthKbps: ctx.options.bandwidthKbps };
  const staticFiles: Shape = { rttMs: ctx.options.viewerRttMs ?? 0 };
  registerNetworkShape(app, (req) =>
    /^\/(dicom-web\/|wado(\?|$))/.test(req.url) ? passThrough : staticFiles,
  );
  const baseline = ctx.urls.baseline;
  registerAppConfig(app, () => buildBaselineAppConfig(baseline));
  app.get('/dicom-web/*', (req, reply) =>
    proxyToOrthanc(ctx, req, reply, req.url, { rewriteBase: `${baseline}/dicom-web` }),
  );
  app.get('/wado', (req, reply) => proxyToOrthanc(ctx, req, reply, req.url));
  new DistServer(ctx.options.ohifDist).register(app);
  return app;
}
