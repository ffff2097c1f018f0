import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { DEMO_ALBUM_ID, DEMO_USER } from '../albums';
import type { SandboxContext } from '../context';
import type { TokenService } from '../auth/TokenService';
import { renderAlbumPage } from './albumPage';
import { escapeHtml } from '../html/escapeHtml';
import { defaultLaunchStyle, launchStylesFor } from './launchStyles';

// Inline script and style only; the page may talk to its own origin (the API) and nothing else.
const CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; " +
  "img-src 'self' blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** The album's read-only sharing link, `{root}/view/{capability token}` (the KHEOPS UI's route for it). */
export function albumSharingLink(ctx: SandboxContext, albumId: string): { url: string; token: string } {
  const album = ctx.albums.album(albumId);
  const admin = album && [...album.members].find(([, m]) => m.admin)?.[0];
  if (!admin) throw new Error(`album ${albumId} has no admin`);
  const token = (ctx.tokens as TokenService).capabilities.readOnlyLink(albumId, admin);
  return { url: `${ctx.urls.root}/view/${token}`, token };
}

/** The "KHEOPS UI": the demo user's album page, from which viewers are launched. */
const uiPlugin: FastifyPluginAsync = async (app) => {
  const ctx = app.sandbox;
  registerSharingLinkPage(app, ctx);

  app.get('/', async (req, reply) => {
    const q = req.url.indexOf('?');
    return reply.redirect(`/albums/${DEMO_ALBUM_ID}${q < 0 ? '' : req.url.slice(q)}`);
  });

  app.get<{ Params: { albumId: string }; Querystring: { launch?: string; issuer?: string } }>(
    '/albums/:albumId',
    async (req, reply) => {
      reply
        .header('Cache-Control', 'no-store')
        .header('Content-Security-Policy', CSP)
        .type('text/html; charset=utf-8');
      const album = ctx.albums.album(req.params.albumId);
      if (!album) return reply.code(404).send(errorPage('Album not found'));
      if (!ctx.albums.isMember(DEMO_USER.sub, album.id))
        return reply.code(403).send(errorPage('You are not a member of this album'));
      const styles = launchStylesFor(ctx.options.profile, ctx.clients);
      return renderAlbumPage({
        api: ctx.urls.api,
        viewer: ctx.urls.viewer,
        albumId: album.id,
        albumName: album.name,
        userName: DEMO_USER.name,
        userToken: await ctx.tokens.issueUserToken(DEMO_USER.sub),
        profile: ctx.options.profile,
        // UI/src/mixins/tokens.js setScope: write only where the album lets members add series.
        viewerScope: album.addSeries ? 'viewer read write' : 'viewer read',
        viewerSource: { type: 'album', id: album.id },
        sharingLink: ctx.albums.isAdmin(DEMO_USER.sub, album.id)
          ? albumSharingLink(ctx, album.id).url
          : undefined,
        returnUri: `${ctx.urls.root}/albums/${album.id}`,
        launchStyles: styles,
        launch: defaultLaunchStyle(ctx.options.profile, styles, req.query.launch),
        // --external-op: `?issuer=external` makes L4 start at the external OpenID provider.
        ...(req.query.issuer === 'external' && ctx.urls.externalIssuer
          ? { externalL4: { issuer: ctx.urls.externalIssuer, loginHint: DEMO_USER.sub } }
          : {}),
      });
    },
  );
};

/** The "KHEOPS UI" pages: the album page and the sharing-link page. */
export const ui = fp(uiPlugin, { name: 'kheops-ui', fastify: '5.x', dependencies: ['kheops-context'] });

/**
 * UI/src/components/withoutlogin/ViewWithoutLogin.vue: the album of a sharing link, without signing in. The page
 * holds the capability token like the real UI; L1 launches exchange it with no source and scope `viewer read`
 * (setSource({}), UI/src/mixins/tokens.js setScope), so OHIF opens read-only.
 */
function registerSharingLinkPage(app: FastifyInstance, ctx: SandboxContext): void {
  app.get<{ Params: { token: string } }>('/view/:token', async (req, reply) => {
    reply
      .header('Cache-Control', 'no-store')
      .header('Content-Security-Policy', CSP)
      .header('Referrer-Policy', 'no-referrer')
      .type('text/html; charset=utf-8');
    const { token } = req.params;
    const capability = (ctx.tokens as TokenService).capabilities.find(token);
    const album = capability ? ctx.albums.album(capability.albumId) : undefined;
    // An inactive token (unknown, revoked, expired, its creator no longer admin) -> "sharinglink.invalidtoken".
    if (!capability || !album || !capability.readPermission || !ctx.albums.isAdmin(capability.sub, album.id))
      return reply.code(404).send(errorPage('This sharing link is not valid'));
    const styles = launchStylesFor(ctx.options.profile, ctx.clients).map((s) =>
      s.id === 'L1'
        ? s
        : {
            id: s.id,
            label: s.label,
            enabled: false,
            // ReportProviderResource.newReport answers 403 to an album capability token.
            reason: 'a report provider needs a signed-in KHEOPS user',
          },
    );
    return renderAlbumPage({
      api: ctx.urls.api,
      viewer: ctx.urls.viewer,
      albumId: album.id,
      albumName: album.name,
      userName: '',
      userToken: token,
      profile: ctx.options.profile,
      viewerScope: 'viewer read',
      viewerSource: null,
      returnUri: `${ctx.urls.root}/view/${token}`,
      launchStyles: styles,
      launch: 'L1',
    });
  });
}

function errorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>KHEOPS</title></head><body><h1>${escapeHtml(message)}</h1></body></html>`;
}

export default ui;
