import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxContext } from '../context';
import type { TokenService } from '../auth/TokenService';
import {
  CONFIG_URL_FETCH,
  loadClientMetadata,
  MetadataError,
  type ClientMetadata,
} from '../auth/ClientMetadata';
import { isValidUid } from '../auth/ids';
import { escapeHtml } from '../html/escapeHtml';
import { errorResponse, single, values } from './http';

export interface LaunchRequest {
  sub: string;
  clientId: string;
  albumId: string;
  studyUIDs: string[];
  seriesUID?: string;
  /** ADD_SERIES on the album: implicit tokens get `read write`, else `read`. */
  canWrite: boolean;
}

/** Appends query parameters to a URL that may already have a query. */
export function withQuery(base: string, params: Array<[string, string]>): string {
  const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return `${base}${base.includes('?') ? '&' : '?'}${query}`;
}

/** PROFILE ohif item 4: the viewer route the L4 login should land on, with the study/series context. */
export function targetLinkUri(redirectUri: string, studyUIDs: string[], seriesUID?: string): string {
  let target = `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}StudyInstanceUIDs=${studyUIDs.join(',')}`;
  if (seriesUID) target += `&initialSeriesInstanceUID=${seriesUID}`;
  return target;
}

/** ReportProviderResource.newReport: the URL the meta refresh sends the browser to. */
export async function launchUrl(
  ctx: SandboxContext,
  tokens: TokenService,
  md: ClientMetadata,
  launch: LaunchRequest,
): Promise<string> {
  const { root, api } = ctx.urls;
  const profile = ctx.options.profile === 'ohif';
  const confUri = `${api}/.well-known/report-provider-configuration`;
  const returnUri = `${root}/albums/${launch.albumId}`;
  const redirectUri = md.redirect_uri!;
  const series = profile && launch.seriesUID ? launch.seriesUID : undefined;

  if (md.response_type === 'code' && profile && typeof md.initiate_login_uri === 'string') {
    // PROFILE ohif item 4 (L4): OIDC Core §4 third-party initiated login; the handle is the login_hint.
    const handle = tokens.launches.mint({
      clientId: launch.clientId,
      sub: launch.sub,
      albumId: launch.albumId,
      studyUIDs: launch.studyUIDs,
      seriesUID: series,
    });
    return withQuery(md.initiate_login_uri, [
      ['iss', api],
      ['login_hint', handle],
      ['target_link_uri', targetLinkUri(redirectUri, launch.studyUIDs, series)],
    ]);
  }

  if (md.response_type === 'code') {
    const code = await tokens.codes.issue({
      sub: launch.sub,
      clientId: launch.clientId,
      studyUIDs: launch.studyUIDs,
      redirectUri: profile ? redirectUri : undefined,
      seriesUID: series,
    });
    const params: Array<[string, string]> = [
      ['code', code],
      ['conf_uri', confUri],
      ['client_id', launch.clientId],
      ['return_uri', returnUri],
      ...launch.studyUIDs.map((s): [string, string] => ['studyUID', s]),
    ];
    if (series) params.push(['seriesUID', series]);
    return withQuery(redirectUri, params);
  }

  // response_type token (implicit): the token travels in the fragment, scope `read write` only with ADD_SERIES.
  const scope = launch.canWrite ? 'read write' : 'read';
  const access = await tokens.issueProviderAccessToken({
    sub: launch.sub,
    clientId: launch.clientId,
    studyUIDs: launch.studyUIDs,
    scope,
  });
  const fragment = [
    `access_token=${access.token}`,
    'token_type=bearer',
    `expires_in=${access.expiresIn}`,
    `scope=${encodeURIComponent(scope)}`,
    `client_id=${launch.clientId}`,
    `conf_uri=${encodeURIComponent(confUri)}`,
    `return_uri=${encodeURIComponent(returnUri)}`,
    ...launch.studyUIDs.map((s) => `studyUID=${s}`),
    ...(series ? [`seriesUID=${series}`] : []),
  ].join('&');
  return `${redirectUri.split('#')[0]}#${fragment}`;
}

function metaRefreshPage(title: string, url: string): string {
  const u = escapeHtml(url);
  return [
    ' <html xmlns="http://www.w3.org/1999/xhtml">',
    '  <head>',
    `    <title>${escapeHtml(title)}</title>`,
    `    <meta http-equiv="refresh" content="0;URL='${u}'" />`,
    '  </head>',
    '  <body>',
    '    <p>Please wait</p>',
    `    <p>Loading the report provider at <a href="${u}">${escapeHtml(title)}</a>.</p>`,
    '  </body>',
    '</html>',
  ].join('\n');
}

/** AS/resource/ReportProviderResource.java newReport: POST /api/report. */
export function registerReport(app: FastifyInstance, ctx: SandboxContext, tokens: TokenService): void {
  app.post('/api/report', async (req, reply): Promise<FastifyReply> => {
    const body = req.body;
    const accessToken = single(body, 'access_token');
    const clientId = single(body, 'client_id') ?? '';
    const studyUIDs = values(body, 'studyUID');
    if (!accessToken || studyUIDs.length === 0)
      return errorResponse(reply, 400, 'Bad Form Parameter', "'access_token' and 'studyUID' are required");
    if (!studyUIDs.every(isValidUid))
      return errorResponse(reply, 400, 'Bad Form Parameter', "'studyUID' formparam is not valid");
    let seriesUID: string | undefined;
    if (ctx.options.profile === 'ohif' && values(body, 'seriesUID').length > 0) {
      // PROFILE ohif item 2: a launch from a series thumbnail carries the series.
      seriesUID = single(body, 'seriesUID');
      if (!seriesUID || !isValidUid(seriesUID))
        return errorResponse(reply, 400, 'Bad Form Parameter', "'seriesUID' formparam is not valid");
    }

    const check = await tokens.verifyAccessToken(accessToken);
    if (!check.ok) return errorResponse(reply, 401, 'Authorization error', 'error with the access_token');
    const principal = check.principal;
    if (principal.kind !== 'user')
      return errorResponse(
        reply,
        403,
        'Authorization error',
        'The token is not a user capability token or a keycloak token',
      );

    const provider = tokens.providers.get(clientId);
    if (!provider) return errorResponse(reply, 404, 'Client ID not found', 'Client ID not found');
    if (!ctx.albums.isMember(principal.sub, provider.albumId)) return reply.code(403).send();
    const album = ctx.albums.album(provider.albumId)!;
    // ReportProviderResource.newReport: each study must be in the album, i.e. the album holds one of its series.
    if (!studyUIDs.every((uid) => ctx.albums.albumHoldsStudy(album.id, uid)))
      return errorResponse(
        reply,
        404,
        'Study not found',
        "The study does not exist or you don't have access",
      );

    let md: ClientMetadata;
    try {
      // callConfigURL: re-fetched on every launch, no cache, no client timeout
      md = await loadClientMetadata(provider.url, ctx.options.profile, CONFIG_URL_FETCH);
    } catch (err) {
      return errorResponse(
        reply,
        400,
        'error',
        err instanceof MetadataError ? err.message : 'report provider uri not valid',
      );
    }
    const canWrite = ctx.albums.isAdmin(principal.sub, album.id) || album.addSeries;
    const url = await launchUrl(ctx, tokens, md, {
      sub: principal.sub,
      clientId,
      albumId: album.id,
      studyUIDs,
      seriesUID,
      canWrite,
    });
    return reply
      .code(200)
      .header('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(metaRefreshPage(provider.name, url));
  });
}
