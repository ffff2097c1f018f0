import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { requireProxyRead } from './access';
import { proxyToOrthanc } from './orthancProxy';
import { paramValues, rawQuery } from './query';

/** WADO-URI at {api}/wado: ReverseProxy/locations.conf checks requestType, PX/wadouri/WadoUriResource.java the UIDs. */
export function registerWadoUriRoute(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/wado', async (req, reply) => {
    const query = rawQuery(req.url);
    if (paramValues(query, 'requestType')[0] !== 'WADO')
      return reply.code(400).type('text/plain').send('requestType must be WADO');
    const studies = paramValues(query, 'studyUID');
    const series = paramValues(query, 'seriesUID');
    if (studies.length !== 1 || series.length !== 1)
      return reply.code(400).type('text/plain').send('Exactly one studyUID and one seriesUID are required');
    // PX/wadouri/WadoUriResource.java: the pep exchange is for that study and series.
    if (!(await requireProxyRead(ctx, req, reply, studies[0]!, series[0]!))) return reply;
    return proxyToOrthanc(ctx, req, reply, `/wado?${query}`);
  });
}
