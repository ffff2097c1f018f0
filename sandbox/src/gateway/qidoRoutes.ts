import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { requireAuthServer, requireProxyHeader, requireProxyRead, studySeriesListOutcome } from './access';
import { apiBaseFor, rewriteToGateway } from './gatewayUrls';
import { fixQuery, orthancRequest, readAll } from './orthancHttp';
import { paramValues, rawQuery, withoutParams } from './query';
import { albumXorInbox, errorResponse, studyNotFound } from './replies';
import type { Principal } from '../types';

type DicomJson = Record<string, { Value?: unknown[] }>;
type StudyParams = { study: string; series?: string };

// KHEOPS-only parameters (AS/resource/QIDOResource.java) that Orthanc must not see.
const KHEOPS_PARAMS = ['album', 'inbox', 'favorite', 'offset', 'limit'];
// PX/wadors/WadoRSSeriesInstances.java passes every parameter to the PACS, offset and limit included; the
// KHEOPS album parameters stay out of Orthanc's query.
const SANDBOX_ONLY_PARAMS = ['album', 'inbox', 'favorite'];
const UID_RE = /^[0-9]+(\.[0-9]+)*$/;

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

/**
 * A JAX-RS `@QueryParam Integer`: absent -> undefined; a value Integer.valueOf refuses -> Jersey answers 404
 * (the parameter conversion failure of a query parameter is a NotFoundException).
 */
function integerParam(query: string, name: string): number | undefined | 'bad' {
  const v = paramValues(query, name)[0];
  if (v === undefined || v === '') return undefined;
  if (!/^[+-]?[0-9]+$/.test(v)) return 'bad';
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : 'bad';
}

// javax.ws.rs.core.CacheControl starts with noTransform = true, so Jersey always adds `no-transform`.
const PRIVATE_NO_CACHE = 'private, no-cache, no-transform';
const NO_CACHE = 'no-cache, no-transform';

const toGateway = (ctx: SandboxContext, req: FastifyRequest, shown: DicomJson[]) =>
  rewriteToGateway(JSON.stringify(shown), ctx.urls.orthanc, apiBaseFor(ctx, req));

/**
 * AS/resource/QIDOResource.java getStudies: empty page -> 204 with X-Total-Count only; otherwise 200 with
 * X-Total-Count, `Cache-Control: private, no-cache` and, when more remain, the literal
 * `Warning: 299 {+service}: …` value KHEOPS writes (its "TODO fix {+service}").
 */
function sendStudies(
  ctx: SandboxContext,
  req: FastifyRequest,
  reply: FastifyReply,
  all: DicomJson[],
  query: string,
): FastifyReply {
  const { offset, limit } = page(query);
  reply.header('X-Total-Count', String(all.length));
  const shown = all.slice(offset, offset + limit);
  if (shown.length === 0) return reply.code(204).send();
  const remaining = all.length - offset - shown.length;
  if (remaining > 0)
    reply.header(
      'Warning',
      `Warning: 299 {+service}: There are ${remaining} additional results that can be requested`,
    );
  reply.header('Cache-Control', PRIVATE_NO_CACHE);
  return reply
    .code(200)
    .type('application/dicom+json')
    .send(toGateway(ctx, req, shown));
}

/** The DICOMweb proxy's answer when the PACS fails (PX/wadors/WadoRSSeriesInstances.java, WadoRSStudyInstance). */
const badGateway = (reply: FastifyReply) => reply.code(502).send();

export function registerQidoRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  // AS/resource/QIDOResource.java getStudies: only the studies the token reaches (album= narrows to one album).
  app.get('/studies', async (req, reply) => {
    const principal = await requireAuthServer(ctx, req, reply);
    if (!principal) return reply;
    const query = rawQuery(req.url);
    const { album, refused } = albumParam(ctx, principal, query, reply);
    if (refused) return reply;
    if (album !== undefined && paramValues(query, 'inbox').length)
      return albumXorInbox(reply, "Use only 'album' xor 'inbox' not both");
    let visible = ctx.albums.visibleStudies(principal);
    // A study is in an album when the album holds one of its series (Study.findByStudyAndAlbum).
    if (album !== undefined)
      visible = new Set([...visible].filter((s) => ctx.albums.albumHoldsStudy(album, s)));
    const found = await orthancQido(ctx, '/studies', withoutParams(query, KHEOPS_PARAMS));
    if (typeof found === 'number') return reply.code(found).send();
    const studies = found.filter((s) => visible.has(String(s['0020000D']?.Value?.[0] ?? '')));
    await Promise.all(studies.map((s) => countReachableSeries(ctx, principal, s)));
    return sendStudies(ctx, req, reply, studies, query);
  });

  // AS/resource/QIDOResource.java getSeries: a study out of reach is a bare 404; no series in reach
  // (availableSeriesUIDs: the token's album, or all the user's albums; `album=` narrows it) -> 204 with
  // X-Total-Count 0; otherwise 200 even when the page (offset, limit, a PACS filter) is empty, with no
  // Cache-Control and `Warning: 299 {+service}: …` when more remain.
  app.get<{ Params: StudyParams }>('/studies/:study/series', async (req, reply) => {
    const principal = await requireAuthServer(ctx, req, reply);
    if (!principal) return reply;
    const query = rawQuery(req.url);
    const { album, refused } = albumParam(ctx, principal, query, reply);
    if (refused) return reply;
    const offsetParam = integerParam(query, 'offset');
    const limitParam = integerParam(query, 'limit');
    if (offsetParam === 'bad' || limitParam === 'bad') return reply.code(404).send();
    const inbox = paramValues(query, 'inbox').length > 0;
    if (album !== undefined && inbox) return albumXorInbox(reply, "Use only 'album' or 'inbox' not both");
    if (album === undefined && !inbox) {
      const includes = paramValues(query, 'includefield');
      if (includes.includes('00012345') || includes.includes('favorite'))
        return albumXorInbox(
          reply,
          'when including field favorite(0x0001,2345), you must specify inbox=true OR album={album_id} as a query param',
        );
      if (paramValues(query, 'favorite').length)
        return albumXorInbox(
          reply,
          'If favorite is set, you must specify inbox=true OR album={album_ID} as query param',
        );
    }
    const { study } = req.params;
    if (!UID_RE.test(study) || !ctx.albums.canRead(principal, study)) return studyNotFound(reply, 'empty');
    const available = new Set(
      [...ctx.albums.seriesInReach(principal, study)].filter(
        (se) => album === undefined || ctx.albums.albumHoldsSeries(album, study, se),
      ),
    );
    if (available.size === 0) return reply.code(204).header('X-Total-Count', '0').send();
    const found = await orthancQido(ctx, `/studies/${study}/series`, withoutParams(query, KHEOPS_PARAMS));
    if (typeof found === 'number')
      return reply
        .code(502)
        .type('application/json')
        .send(errorResponse('PACS error', 'Error getting the list of series from the DCM server'));
    const series = found.filter((s) => available.has(String(s['0020000E']?.Value?.[0] ?? '')));
    const offset = offsetParam ?? 0;
    const limit = limitParam ?? 2147483647;
    const shown = series.slice(Math.max(offset, 0)).slice(0, Math.max(limit, 0));
    reply.header('X-Total-Count', String(series.length));
    if (series.length > shown.length + offset)
      reply.header(
        'Warning',
        `299 {+service}: There are ${series.length - (offset + shown.length)} additional results that can be requested`,
      );
    return reply
      .code(200)
      .type('application/dicom+json')
      .send(toGateway(ctx, req, shown));
  });

  // PX/wadors/WadoRSSeriesInstances.java (series-level instance QIDO goes through the DICOMweb proxy): the pep
  // exchange for that series, then the PACS's list as it is, [] included -> always 200 with
  // `Cache-Control: no-cache` and no X-Total-Count; RetrieveURLs rewritten to {root}/api[/link/{token}].
  app.get<{ Params: StudyParams }>('/studies/:study/series/:series/instances', async (req, reply) => {
    const { study, series } = req.params;
    if (!(await requireProxyRead(ctx, req, reply, study, series))) return reply;
    const query = rawQuery(req.url);
    const found = await orthancQido(
      ctx,
      `/studies/${study}/series/${series}/instances`,
      withoutParams(query, SANDBOX_ONLY_PARAMS),
    );
    if (typeof found === 'number') return badGateway(reply);
    return reply
      .code(200)
      .header('Cache-Control', NO_CACHE)
      .type('application/dicom+json')
      .send(toGateway(ctx, req, found));
  });

  // PX/wadors/WadoRSStudyInstance.java: the proxy asks the Authorization server for the study's series with the
  // caller's header (its 401 -> bare 401, 404 -> 404, anything else -> 502), then each series's instances;
  // offset/limit over the whole list; nothing -> 204, more -> `Warning: 299 {+service}: There are unknown …`;
  // `Cache-Control: no-cache`, no X-Total-Count. The instances are the PACS's own: KHEOPS leaves their
  // RetrieveURLs pointing at the PACS.
  app.get<{ Params: StudyParams }>('/studies/:study/instances', async (req, reply) => {
    const { study } = req.params;
    if (!requireProxyHeader(req, reply)) return reply;
    const query = rawQuery(req.url);
    const offsetParam = integerParam(query, 'offset');
    const limitParam = integerParam(query, 'limit');
    if (offsetParam === 'bad' || limitParam === 'bad') return reply.code(404).send();
    const list = await studySeriesListOutcome(ctx, req, study);
    if (!list.ok) {
      if (list.status === 401) return reply.code(401).send();
      if (list.status === 404) return reply.code(404).send();
      return badGateway(reply);
    }
    const { album, refused } = albumParam(ctx, list.principal, query, reply);
    if (refused) return reply;
    const available = new Set(
      [...ctx.albums.seriesInReach(list.principal, study)].filter(
        (se) => album === undefined || ctx.albums.albumHoldsSeries(album, study, se),
      ),
    );
    const found = await orthancQido(ctx, `/studies/${study}/instances`, withoutParams(query, KHEOPS_PARAMS));
    if (typeof found === 'number') return badGateway(reply);
    const instances = found.filter((i) => available.has(String(i['0020000E']?.Value?.[0] ?? '')));
    const offset = Math.max(offsetParam ?? 0, 0);
    const limit = limitParam ?? 2147483647;
    const shown = instances.slice(offset).slice(0, Math.max(limit, 0));
    reply.header('Cache-Control', NO_CACHE);
    if (shown.length === 0) return reply.code(204).send();
    if (instances.length > offset + shown.length)
      reply.header('Warning', '299 {+service}: There are unknown additional results that can be requested');
    return reply.code(200).type('application/dicom+json').send(JSON.stringify(shown));
  });
}
