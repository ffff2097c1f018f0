import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import type { TokenService } from '../auth/TokenService';
import type { Principal } from '../types';
import { loadClientMetadata, MetadataError } from '../auth/ClientMetadata';
import { providerJson } from '../auth/ReportProviderRegistry';
import { errorResponse, requireCaller, single } from './http';

type AlbumParams = { album: string; clientId?: string };

/**
 * AS/resource/ReportProviderResource.java: @Secured @UserAccessSecured @AlbumAccessSecured
 * @AlbumPermissionSecured(MANAGE_DICOM_SR for admins | GET_DICOM_SR for members).
 */
async function guard(
  req: FastifyRequest<{ Params: AlbumParams }>,
  reply: FastifyReply,
  ctx: SandboxContext,
  tokens: TokenService,
  need: 'admin' | 'member',
): Promise<Principal | null> {
  const principal = requireCaller(req, reply);
  if (!principal) return null;
  if (principal.kind !== 'user') {
    errorResponse(reply, 403, 'Authorization error', 'User access is required');
    return null;
  }
  const albumId = req.params.album;
  if (!ctx.albums.album(albumId)) {
    errorResponse(reply, 404, 'Album not found', 'Album not found');
    return null;
  }
  const allowed =
    need === 'admin'
      ? ctx.albums.isAdmin(principal.sub, albumId)
      : ctx.albums.isMember(principal.sub, albumId);
  if (!allowed) {
    errorResponse(
      reply,
      403,
      'Authorization error',
      `You need the ${need === 'admin' ? 'MANAGE_DICOM_SR' : 'GET_DICOM_SR'} permission on this album`,
    );
    return null;
  }
  return principal;
}

/** ReportProviders.isValidConfigUrl, with the reason kept (sandbox addition: `error` in the 400 body). */
async function configProblem(ctx: SandboxContext, url: string): Promise<string | null> {
  try {
    await loadClientMetadata(url, ctx.options.profile);
    return null;
  } catch (err) {
    return err instanceof MetadataError ? err.message : 'error during request';
  }
}

function badUrl(reply: FastifyReply, problem: string): FastifyReply {
  return errorResponse(reply, 400, 'Bad Form Parameter', "'url' formparam is not valid", { error: problem });
}

export function registerReportProviders(
  app: FastifyInstance,
  ctx: SandboxContext,
  tokens: TokenService,
): void {
  const { providers } = tokens;

  app.post<{ Params: AlbumParams }>('/api/albums/:album/reportproviders', async (req, reply) => {
    if (!(await guard(req, reply, ctx, tokens, 'admin'))) return reply;
    const url = single(req.body, 'url');
    const name = single(req.body, 'name');
    if (!url || !name)
      return errorResponse(
        reply,
        400,
        'Bad Form Parameter',
        !url ? "Missing formParam 'url'" : "Missing formParam 'name'",
      );
    const problem = await configProblem(ctx, url);
    if (problem) return badUrl(reply, problem);
    return reply.code(201).send(providerJson(providers.add(req.params.album, name, url)));
  });

  app.get<{ Params: AlbumParams; Querystring: { limit?: string; offset?: string } }>(
    '/api/albums/:album/reportproviders',
    async (req, reply) => {
      if (!(await guard(req, reply, ctx, tokens, 'member'))) return reply;
      const limit = req.query.limit === undefined ? Number.MAX_SAFE_INTEGER : Number(req.query.limit);
      const offset = req.query.offset === undefined ? 0 : Number(req.query.offset);
      if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(offset) || offset < 0)
        return errorResponse(reply, 400, 'Bad Query Parameter', 'limit and offset must be >= 0');
      const all = providers.ofAlbum(req.params.album);
      return reply
        .header('X-Total-Count', String(all.length))
        .send(all.slice(offset, offset + limit).map(providerJson));
    },
  );

  const clientIdNotFound = (reply: FastifyReply) =>
    errorResponse(reply, 404, 'Client ID not found', 'Client ID not found');
  const inAlbum = (albumId: string, clientId: string) => {
    const p = providers.get(clientId);
    return p && p.albumId === albumId ? p : undefined;
  };

  app.get<{ Params: AlbumParams & { clientId: string } }>(
    '/api/albums/:album/reportproviders/:clientId',
    async (req, reply) => {
      if (!(await guard(req, reply, ctx, tokens, 'member'))) return reply;
      const p = inAlbum(req.params.album, req.params.clientId);
      return p ? providerJson(p) : clientIdNotFound(reply);
    },
  );

  app.patch<{ Params: AlbumParams & { clientId: string } }>(
    '/api/albums/:album/reportproviders/:clientId',
    async (req, reply) => {
      if (!(await guard(req, reply, ctx, tokens, 'admin'))) return reply;
      const url = single(req.body, 'url');
      const name = single(req.body, 'name');
      if (url) {
        const problem = await configProblem(ctx, url);
        if (problem) return badUrl(reply, problem);
      }
      const p = inAlbum(req.params.album, req.params.clientId);
      if (!p) return clientIdNotFound(reply);
      if (url) p.url = url;
      if (name) p.name = name;
      return providerJson(p);
    },
  );

  app.delete<{ Params: AlbumParams & { clientId: string } }>(
    '/api/albums/:album/reportproviders/:clientId',
    async (req, reply) => {
      if (!(await guard(req, reply, ctx, tokens, 'admin'))) return reply;
      const p = inAlbum(req.params.album, req.params.clientId);
      if (!p) return clientIdNotFound(reply);
      p.removed = true;
      return reply.code(204).send();
    },
  );

  // ReportProviderResource.testUri: any authenticated caller; 200 {valid, error_description?, ...metadata}.
  app.post('/api/reportproviders/metadata', async (req, reply) => {
    if (!requireCaller(req, reply)) return reply;
    const url = single(req.body, 'url');
    if (!url) return errorResponse(reply, 400, 'Bad Form Parameter', "Missing formParam 'url'");
    try {
      return { ...(await loadClientMetadata(url, ctx.options.profile)), valid: true };
    } catch (err) {
      return {
        valid: false,
        error_description: err instanceof MetadataError ? err.message : 'error during request',
      };
    }
  });
}
