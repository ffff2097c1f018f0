import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { onlyReachableSeries, requireAuthServerRead, requireProxyRead } from './access';
import { apiBaseFor, rewriteToGateway } from './gatewayUrls';
import { fixQuery, orthancRequest, readAll } from './orthancHttp';
import { paramValues, rawQuery, withoutParams } from './query';
import { authenticate } from './requestAuth';
import { authServerUnauthorized } from './replies';
import type { Principal } from '../types';

type DicomJson = Record<string, { Value?: unknown[] }>;
type StudyParams = { study: string; series?: string };

// KHEOPS-only parameters (AS/resource/QIDOResource.java) that Orthanc must not see.
const KHEOPS_PARAMS = ['album', 'inbox', 'favorite', 'offset', 'limit'];

async function orthancQido(ctx: SandboxContext, path: string, query: string): Promise<DicomJson[] | number> {
  const q = fixQuery(query);
  const res = await orthancRequest(ctx.urls.orthanc, 'GET', `/dicom-web${path}${q ? `?${q}` : ''}`, {
    headers: { Accept: 'application/dicom+json' },
  });
  const text = (await readAll(res.body)).toString('utf8');
  if (res.status === 204 || (res.status === 200 && text.trim() === '')) return [];
  if (res.status !== 200) return res.status;
  return JSON.parse(text) as DicomJson[];
}

/** AS/filter/AlbumAccessSecuredFilter.java: `album=` naming an album out of the token's reach -> 404. */
function albumParam(
  ctx: SandboxContext,
  principal: Principal,
  query: string,
  reply: FastifyReply,
): { album?: string; refused: boolean } {
  const album = paramValues(query, 'album')[0];
  if (album === undefined || ctx.albums.hasAlbumAccess(principal, album)) return { album, refused: false };
  reply.code(404).send({ error: 'Album not found' });
  return { album, refused: true };
}

/**
 * AS/study/Studies.java findAttributesByUserPK counts only the series in reach (countDistinct over albumSeries):
 * for a partly reachable study, NumberOfStudyRelatedSeries/Instances and ModalitiesInStudy describe those series.
 */
async function countReachableSeries(
  ctx: SandboxContext,
  principal: Principal,
  study: DicomJson,
): Promise<void> {
  const studyUID = String(study['0020000D']?.Value?.[0] ?? '');
  const reach = ctx.albums.seriesInReach(principal, studyUID);
  if (!study['00201206'] && !study['00201208'] && !study['00080061']) return;
  if (Number(study['00201206']?.Value?.[0] ?? NaN) === reach.size) return;
  const series = await orthancQido(ctx, `/studies/${studyUID}/series`, 'includefield=00201209');
  if (typeof series === 'number') return;
  const shown = series.filter((se) => reach.has(String(se['0020000E']?.Value?.[0] ?? '')));
  const modalities = [
    ...new Set(shown.map((se) => String(se['00080060']?.Value?.[0] ?? '')).filter(Boolean)),
  ];
  const instances = shown.reduce((n, se) => n + Number(se['00201209']?.Value?.[0] ?? 0), 0);
  const set = (tag: string, vr: string, value: unknown[]) => {
    if (study[tag]) study[tag] = { ...study[tag], vr, Value: value } as DicomJson[string];
  };
  set('00201206', 'IS', [shown.length]);
  set('00201208', 'IS', [instances]);
  set('00080061', 'CS', modalities);
}

function page(query: string): { offset: number; limit: number } {
  const offset = Number(paramValues(query, 'offset')[0] ?? 0);
  const limit = Number(paramValues(query, 'limit')[0] ?? Infinity);
  return { offset: Number.isInteger(offset) && offset > 0 ? offset : 0, limit: limit > 0 ? limit : Infinity };
}

/** AS/resource/QIDOResource.java: empty -> 204 with X-Total-Count 0; else the page and X-Total-Count. */
function sendQido(
  ctx: SandboxContext,
  req: FastifyRequest,
  reply: FastifyReply,
  all: DicomJson[],
  query: string,
): FastifyReply {
  const { offset, limit } = page(query);
  reply.header('Cache-Control', 'private, no-cache').header('X-Total-Count', String(all.length));
  const shown = all.slice(offset, offset + limit);
  if (shown.length === 0) return reply.code(204).send();
  const remaining = all.length - offset - shown.length;
  if (remaining > 0)
    reply.header(
      'Warning',
      `299 ${ctx.urls.root}: There are ${remaining} additional results that can be requested`,
    );
  const text = rewriteToGateway(JSON.stringify(shown), ctx.urls.orthanc, apiBaseFor(ctx, req));
  return reply.code(200).type('application/dicom+json').send(text);
}

export function registerQidoRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  // AS/resource/QIDOResource.java getStudies: only the studies the token reaches (album= narrows to one album).
  app.get('/studies', async (req, reply) => {
    const principal = await authenticate(ctx, req);
    if (!principal) return authServerUnauthorized(reply);
    const query = rawQuery(req.url);
    const { album, refused } = albumParam(ctx, principal, query, reply);
    if (refused) return reply;
    let visible = ctx.albums.visibleStudies(principal);
    // A study is in an album when the album holds one of its series (Study.findByStudyAndAlbum).
    if (album !== undefined)
      visible = new Set([...visible].filter((s) => ctx.albums.albumHoldsStudy(album, s)));
    const found = await orthancQido(ctx, '/studies', withoutParams(query, KHEOPS_PARAMS));
    if (typeof found === 'number') return reply.code(found).send();
    const studies = found.filter((s) => visible.has(String(s['0020000D']?.Value?.[0] ?? '')));
    await Promise.all(studies.map((s) => countReachableSeries(ctx, principal, s)));
    return sendQido(ctx, req, reply, studies, query);
  });

  // AS/resource/QIDOResource.java getSeries: a study out of reach is "not found"; the answer holds only the series
  // the token reaches (availableSeriesUIDs: the token's album, or all the user's albums), `album=` narrows it.
  app.get<{ Params: StudyParams }>('/studies/:study/series', async (req, reply) => {
    const query = rawQuery(req.url);
    const principal = await authenticate(ctx, req);
    if (principal && albumParam(ctx, principal, query, reply).refused) return reply;
    if (!(await requireAuthServerRead(ctx, req, reply, req.params.study))) return reply;
    const { study } = req.params;
    const album = paramValues(query, 'album')[0];
    const found = await orthancQido(ctx, `/studies/${study}/series`, withoutParams(query, KHEOPS_PARAMS));
    if (typeof found === 'number') return reply.code(found).send();
    const series = onlyReachableSeries(ctx, principal!, study, found).filter(
      (s) =>
        album === undefined || ctx.albums.albumHoldsSeries(album, study, String(s['0020000E']?.Value?.[0])),
    );
    return sendQido(ctx, req, reply, series, query);
  });

  // PX (instances QIDO goes through the DICOMweb proxy): denial is a 401. Series level: the pep exchange for that
  // series (PX/wadors/WadoRSSeriesInstances.java); study level: only the series the token reaches
  // (PX/wadors/WadoRSStudyInstance.java walks the Authorization server's series list).
  const instances = async (req: FastifyRequest<{ Params: StudyParams }>, reply: FastifyReply) => {
    const { study, series } = req.params;
    const principal = await requireProxyRead(ctx, req, reply, study, series);
    if (!principal) return reply;
    const query = rawQuery(req.url);
    const path = series ? `/studies/${study}/series/${series}/instances` : `/studies/${study}/instances`;
    const found = await orthancQido(ctx, path, withoutParams(query, KHEOPS_PARAMS));
    if (typeof found === 'number') return reply.code(found).send();
    return sendQido(
      ctx,
      req,
      reply,
      series ? found : onlyReachableSeries(ctx, principal, study, found),
      query,
    );
  };
  app.get('/studies/:study/instances', instances);
  app.get('/studies/:study/series/:series/instances', instances);
}
