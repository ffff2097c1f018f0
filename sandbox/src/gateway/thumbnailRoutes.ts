import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { requireProxyRead } from './access';
import { proxyToOrthanc } from './orthancProxy';

type Params = { study: string; series: string; instance?: string; frame?: string };

// DICOMweb plugin 1.7 has no /thumbnail (test-stack-recipe.md §3); its /rendered, scaled down, stands in.
const THUMBNAIL_QUERY = 'viewport=128,128';

/** PX/wadors/WadoRsResource.java thumbnails (series, instance, frame level): pep exchange for the series -> 401. */
export function registerThumbnailRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const thumbnail = async (req: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
    const { study, series, instance, frame } = req.params;
    if (frame !== undefined && !/^[0-9]+$/.test(frame)) return reply.code(404).send({ error: 'Not found' });
    if (!(await requireProxyRead(ctx, req, reply, study, series))) return reply;
    let path = `/dicom-web/studies/${study}/series/${series}`;
    if (instance) path += `/instances/${instance}`;
    if (frame) path += `/frames/${frame}`;
    const accept =
      /image\/png/.test(req.headers.accept ?? '') && !/image\/jpeg/.test(req.headers.accept ?? '')
        ? 'image/png'
        : 'image/jpeg';
    return proxyToOrthanc(ctx, req, reply, `${path}/rendered?${THUMBNAIL_QUERY}`, { accept });
  };
  app.get('/studies/:study/series/:series/thumbnail', thumbnail);
  app.get('/studies/:study/series/:series/instances/:instance/thumbnail', thumbnail);
  app.get('/studies/:study/series/:series/instances/:instance/frames/:frame/thumbnail', thumbnail);
}
