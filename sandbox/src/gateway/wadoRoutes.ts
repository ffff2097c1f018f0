import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { onlyReachableSeries, requireAuthServerRead, requireProxyRead } from './access';
import { retrieveSeriesOfStudy } from './studyRetrieve';
import { apiBaseFor, rewriteToGateway } from './gatewayUrls';
import { proxyToOrthanc } from './orthancProxy';
import { rawQuery } from './query';

type Params = { study: string; series?: string; instance?: string; frame?: string; '*'?: string };
type Req = FastifyRequest<{ Params: Params }>;

function orthancPathOf(p: Params): string {
  let path = `/dicom-web/studies/${p.study}`;
  if (p.series) path += `/series/${p.series}`;
  if (p.instance) path += `/instances/${p.instance}`;
  return path;
}

export function registerWadoRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const rewrite = (req: Req) => ({
    rewriteText: (text: string) => rewriteToGateway(text, ctx.urls.orthanc, apiBaseFor(ctx, req)),
  });
  const withQuery = (req: Req, path: string) => {
    const q = rawQuery(req.url);
    return q ? `${path}?${q}` : path;
  };

  // PX/wadors/WadoRsResource.java: series/instance retrieval, streamed; the pep exchange for the series fails
  // for a series out of reach -> 401.
  const retrieve = async (req: Req, reply: FastifyReply) => {
    if (!(await requireProxyRead(ctx, req, reply, req.params.study, req.params.series))) return reply;
    return proxyToOrthanc(ctx, req, reply, withQuery(req, orthancPathOf(req.params)));
  };
  // PX/wadors/WadoRSStudy.java: the study is the series the token reaches, one after the other.
  app.get<{ Params: Params }>('/studies/:study', async (req, reply) => {
    const principal = await requireProxyRead(ctx, req, reply, req.params.study);
    if (!principal) return reply;
    const series = [...ctx.albums.seriesInReach(principal, req.params.study)];
    return retrieveSeriesOfStudy(ctx, req, reply, req.params.study, series);
  });
  app.get('/studies/:study/series/:series', retrieve);
  app.get('/studies/:study/series/:series/instances/:instance', retrieve);

  // AS/resource/QIDOResource.java getStudiesMetadata (Authorization server): no access -> 404; the answer holds
  // only the instances of the series the token reaches (availableSeriesUIDs).
  app.get<{ Params: Params }>('/studies/:study/metadata', async (req, reply) => {
    const principal = await requireAuthServerRead(ctx, req, reply, req.params.study);
    if (!principal) return reply;
    const base = rewrite(req).rewriteText;
    return proxyToOrthanc(ctx, req, reply, withQuery(req, `${orthancPathOf(req.params)}/metadata`), {
      rewriteText: (text) => {
        const datasets = JSON.parse(text) as Array<Record<string, { Value?: unknown[] }>>;
        if (!Array.isArray(datasets)) return base(text);
        return base(JSON.stringify(onlyReachableSeries(ctx, principal, req.params.study, datasets)));
      },
    });
  });

  // PX/wadors/WadoRsMetadata.java: series and instance metadata, pep exchange for the series -> 401.
  const metadata = async (req: Req, reply: FastifyReply) => {
    if (!(await requireProxyRead(ctx, req, reply, req.params.study, req.params.series))) return reply;
    return proxyToOrthanc(
      ctx,
      req,
      reply,
      withQuery(req, `${orthancPathOf(req.params)}/metadata`),
      rewrite(req),
    );
  };
  app.get('/studies/:study/series/:series/metadata', metadata);
  app.get('/studies/:study/series/:series/instances/:instance/metadata', metadata);

  // PX: frames/{frame:[0-9]+}, a single frame number only; anything else matches no route.
  app.get<{ Params: Params }>(
    '/studies/:study/series/:series/instances/:instance/frames/:frame',
    async (req, reply) => {
      if (!/^[0-9]+$/.test(req.params.frame ?? '')) return reply.code(404).send({ error: 'Not found' });
      if (!(await requireProxyRead(ctx, req, reply, req.params.study, req.params.series))) return reply;
      return proxyToOrthanc(ctx, req, reply, `${orthancPathOf(req.params)}/frames/${req.params.frame}`);
    },
  );

  // PX: bulkdata/{path:[a-fA-F0-9/]+} (PR #69); Orthanc names the same resource `bulk/`.
  const bulk = async (req: Req, reply: FastifyReply) => {
    const path = req.params['*'] ?? '';
    if (!/^[a-fA-F0-9/]+$/.test(path)) return reply.code(404).send({ error: 'Not found' });
    if (!(await requireProxyRead(ctx, req, reply, req.params.study, req.params.series))) return reply;
    return proxyToOrthanc(ctx, req, reply, `${orthancPathOf(req.params)}/bulk/${path}`);
  };
  app.get('/studies/:study/series/:series/bulkdata/*', bulk);
  app.get('/studies/:study/series/:series/instances/:instance/bulkdata/*', bulk);

  // kheops-api.md §2.6: /rendered is not implemented by KHEOPS.
  const notImplemented = async (_req: FastifyRequest, reply: FastifyReply) =>
    reply.code(404).send({ error: 'Not found' });
  app.get('/studies/:study/rendered', notImplemented);
  app.get('/studies/:study/series/:series/rendered', notImplemented);
  app.get('/studies/:study/series/:series/instances/:instance/rendered', notImplemented);
  app.get('/studies/:study/series/:series/instances/:instance/frames/:frame/rendered', notImplemented);
}
