import type { FastifyInstance } from 'fastify';
import { DEMO_ALBUM_ID, DEMO_USER } from '../albums';
import type { SandboxContext } from '../context';
import { renderAlbumPage } from './albumPage';
import { escapeHtml } from './html';
import { defaultLaunchStyle, launchStylesFor } from './launchStyles';

// Inline script and style only; the page may talk to its own origin (the API) and nothing else.
const CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; " +
  "img-src 'self' blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** The "KHEOPS UI": the demo user's album page, from which viewers are launched. */
export async function registerUi(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
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
}

function errorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>KHEOPS</title></head><body><h1>${escapeHtml(message)}</h1></body></html>`;
}
