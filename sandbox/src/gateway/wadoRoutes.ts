import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import {
  onlyReachableSeries,
  requireAuthServer,
  requireAuthServerRead,
  requireProxyHeader,
  requireProxyRead,
  studySeriesListOutcome,
} from './access';
import { orthancRequest, readAll } from './orthancHttp';
import { albumXorInbox, proxyUnauthorized } from './replies';
import { retrieveSeriesOfStudy } from './studyRetrieve';
import { apiBaseFor, rewriteToGateway } from './gatewayUrls';
import { proxyToOrthanc } from './orthancProxy';
import { paramValues, rawQuery } from './query';

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
  // PX/wadors/WadoRSStudy.java: the study is the series the token reaches, one after the other. The proxy first
  // asks the Authorization server for the study's series with the caller's header: its 401 ->
  // NotAuthorizedException("Bearer", "Basic"), its 403 -> 403, anything else unsuccessful (404 for a study out
  // of reach) -> 502.
  app.get<{ Params: Params }>('/studies/:study', async (req, reply) => {
    if (!requireProxyHeader(req, reply)) return reply;
    const list = await studySeriesListOutcome(ctx, req, req.params.study);
    if (!list.ok) {
      if (list.status === 401) return proxyUnauthorized(reply);
      return reply.code(list.status === 403 ? 403 : 502).send();
    }
    const series = [...ctx.albums.seriesInReach(list.principal, req.params.study)];
    return retrieveSeriesOfStudy(ctx, req, reply, req.params.study, series);
  });
  app.get('/studies/:study/series/:series', retrieve);
  app.get('/studies/:study/series/:series/instances/:instance', retrieve);

  // AS/resource/QIDOResource.java getStudiesMetadata (Authorization server): `album` with `inbox` -> 400; no
  // access -> 404 with an ErrorResponse; an unsuccessful PACS answer -> 502. The PACS's datasets are re-written
  // (dcm4che JSONReader -> JSONWriter) keeping only the series the token reaches (availableSeriesUIDs), and
  // nothing in them is changed: BulkDataURIs keep pointing at the PACS (here Orthanc's own /dicom-web URLs),
  // unlike the proxy's series and instance metadata (PX/wadors/WadoRsMetadata.java BulkDataVisitor).
  app.get<{ Params: Params }>('/studies/:study/metadata', async (req, reply) => {
    const query = rawQuery(req.url);
    const principal = await requireAuthServer(ctx, req, reply);
    if (!principal) return reply;
    if (paramValues(query, 'album').length && paramValues(query, 'inbox').length)
      return albumXorInbox(reply, "Use only 'album' xor 'inbox' not both");
    const { study } = req.params;
    if (!(await requireAuthServerRead(ctx, req, reply, study, 'errorResponse'))) return reply;
    let res;
    try {
      res = await orthancRequest(ctx.urls.orthanc, 'GET', `/dicom-web/studies/${study}/metadata`, {
        headers: { Accept: 'application/dicom+json' },
      });
    } catch {
      return reply.code(502).send();
    }
    const text = (await readAll(res.body)).toString('utf8');
    if (res.status < 200 || res.status > 299) return reply.code(502).send();
    const datasets = text.trim() ? (JSON.parse(text) as Array<Record<string, { Value?: unknown[] }>>) : [];
    return reply
      .code(200)
      .type('application/dicom+json')
      .send(JSON.stringify(onlyReachableSeries(ctx, principal, study, datasets)));
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
