import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { DEMO_ALBUM_ID, DEMO_USER } from '../albums';
import type { TokenService } from '../auth/TokenService';
import { HOSTILE_TOKEN_MODES, type HostileTokenMode } from '../state';
import { albumSharingLink } from '../ui';
import { registerHostileStudy } from './hostileStudy';
import { registerMisconfigure } from './misconfigure';

function seconds(v: unknown, name: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 86400)
    throw new Error(`${name} must be a number of seconds between 0 and 86400`);
  return n;
}

/**
 * Test-only routes (off unless --test-routes): fault injection and the DICOMweb request log.
 * Each fault is a POST with a JSON body; every route answers the resulting state.
 */
const testRoutesPlugin: FastifyPluginAsync = async (app) => {
  const ctx = app.sandbox;
  const { state, clock } = ctx;
  registerMisconfigure(app, ctx);
  registerHostileStudy(app, ctx);
  const faults = () => ({
    tokenEndpointDownForMs: Math.max(0, state.tokenEndpointDownUntil - Date.now()),
    tokenEndpointSlowForMs: Math.max(0, state.tokenEndpointSlowUntil - Date.now()),
    tokenEndpointSlowMs: state.tokenEndpointSlowMs,
    stowFailuresLeft: state.stowFailuresLeft,
    stowLossesLeft: state.stowLossesLeft,
    stowFailureStatus: state.stowFailureStatus,
    stowDelaysLeft: state.stowDelaysLeft,
    stowDelayMs: state.stowDelayMs,
    viewerConfigDownForMs: Math.max(0, state.viewerConfigDownUntil - Date.now()),
  });

  app.get('/sandbox/requests', async () => state.requests);
  app.delete('/sandbox/requests', async (_req, reply) => {
    state.requests.length = 0;
    return reply.code(204).send();
  });

  app.get('/sandbox/user-token', async () => ({
    access_token: await ctx.tokens.issueUserToken(DEMO_USER.sub),
  }));

  // The demo album's read-only sharing link, as its album page shows it (/view/{token}).
  app.get('/sandbox/album-link', async () => albumSharingLink(ctx, DEMO_ALBUM_ID));

  // A new album capability of the demo album with the permissions asked for (a write sharing link, say).
  app.post<{ Body: { read?: boolean; write?: boolean } }>('/sandbox/album-link', async (req) => {
    const { token } = (ctx.tokens as TokenService).capabilities.create({
      title: 'test capability',
      albumId: DEMO_ALBUM_ID,
      sub: DEMO_USER.sub,
      readPermission: req.body?.read ?? true,
      writePermission: req.body?.write ?? false,
      downloadPermission: false,
      appropriatePermission: false,
    });
    return { url: `${ctx.urls.root}/view/${token}`, token };
  });

  app.get('/sandbox/faults', async () => faults());

  /** POST {seconds}: the fault lasts that long from now (0 ends it). */
  const outage = (route: string, setUntil: (until: number) => void) =>
    app.post<{ Body: { seconds?: number } }>(route, async (req, reply) => {
      try {
        setUntil(Date.now() + seconds(req.body?.seconds, 'seconds') * 1000);
      } catch (err) {
        return reply.code(400).send({ error: (err as Error).message });
      }
      return faults();
    });

  // The next `count` token responses come from a hostile or broken authorization server.
  app.post<{ Body: { mode?: string; count?: number } }>(
    '/sandbox/token-endpoint/hostile',
    async (req, reply) => {
      const mode = req.body?.mode as HostileTokenMode;
      if (!HOSTILE_TOKEN_MODES.includes(mode))
        return reply.code(400).send({ error: `mode must be one of ${HOSTILE_TOKEN_MODES.join(', ')}` });
      state.tokenEndpointHostile = { mode, left: Math.max(0, Math.floor(Number(req.body?.count ?? 1))) };
      return state.tokenEndpointHostile;
    },
  );

  // KHEOPS restarted: viewer tokens (L1 links, sharing links) issued before are no longer valid.
  app.post('/sandbox/restart-kheops', async () => {
    (ctx.tokens as TokenService).restart();
    return { restarted: true };
  });

  outage('/sandbox/token-endpoint/down', (until) => (state.tokenEndpointDownUntil = until));
  // KHEOPS re-fetches the viewer's configuration server-to-server on launch, code exchange and every STOW.
  outage('/sandbox/viewer-config/down', (until) => (state.viewerConfigDownUntil = until));

  app.post<{ Body: { seconds?: number; delayMs?: number } }>(
    '/sandbox/token-endpoint/slow',
    async (req, reply) => {
      try {
        state.tokenEndpointSlowUntil = Date.now() + seconds(req.body?.seconds, 'seconds') * 1000;
        state.tokenEndpointSlowMs = seconds(req.body?.delayMs ?? 0, 'delayMs');
      } catch (err) {
        return reply.code(400).send({ error: (err as Error).message });
      }
      return faults();
    },
  );

  app.post('/sandbox/revoke-all', async () => {
    ctx.tokens.revokeAll();
    return { revoked: true };
  });

  app.post<{ Body: { count?: number; status?: number } }>('/sandbox/stow/fail-next', async (req, reply) => {
    const count = Number(req.body?.count ?? 1);
    const status = Number(req.body?.status ?? 503);
    if (!Number.isInteger(count) || count < 0 || count > 1000)
      return reply.code(400).send({ error: 'count must be 0..1000' });
    if (!Number.isInteger(status) || status < 400 || status > 599)
      return reply.code(400).send({ error: 'status must be 4xx or 5xx' });
    state.stowFailuresLeft = count;
    state.stowFailureStatus = status;
    return faults();
  });

  // The PACS answers the next STOWs as stored and loses the instances right after (loseInstances.ts).
  app.post<{ Body: { count?: number } }>('/sandbox/stow/lose-next', async (req, reply) => {
    const count = Number(req.body?.count ?? 1);
    if (!Number.isInteger(count) || count < 0 || count > 1000)
      return reply.code(400).send({ error: 'count must be 0..1000' });
    state.stowLossesLeft = count;
    return faults();
  });

  // The next `count` STOWs that are not failed on purpose wait `delayMs` after their token is checked.
  app.post<{ Body: { count?: number; delayMs?: number } }>('/sandbox/stow/slow-next', async (req, reply) => {
    const count = Number(req.body?.count ?? 1);
    const delayMs = Number(req.body?.delayMs ?? 0);
    if (!Number.isInteger(count) || count < 0 || count > 1000)
      return reply.code(400).send({ error: 'count must be 0..1000' });
    if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 120_000)
      return reply.code(400).send({ error: 'delayMs must be 0..120000' });
    state.stowDelaysLeft = count;
    state.stowDelayMs = delayMs;
    return faults();
  });

  // The sandbox clock (Clock.ts): GET where it is, POST {advanceMs} to move it forward (tokens, codes, links expire).
  const clockState = () => ({ now: clock.now(), aheadMs: clock.aheadMs });
  app.get('/sandbox/clock', async () => clockState());
  app.post<{ Body: { advanceMs?: number } }>('/sandbox/clock', async (req, reply) => {
    const ms = Number(req.body?.advanceMs);
    if (!Number.isInteger(ms) || ms < 0 || ms > 366 * 86_400_000)
      return reply.code(400).send({ error: 'advanceMs must be a whole number of milliseconds, 0 to a year' });
    clock.advance(ms);
    return clockState();
  });

  app.post('/sandbox/reset', async () => {
    state.tokenEndpointDownUntil = 0;
    state.tokenEndpointSlowUntil = 0;
    state.tokenEndpointSlowMs = 0;
    state.stowFailuresLeft = 0;
    state.stowLossesLeft = 0;
    state.stowDelaysLeft = 0;
    state.viewerConfigDownUntil = 0;
    state.tokenEndpointHostile = { mode: 'html-500', left: 0 };
    state.requests.length = 0;
    return faults();
  });
};

/** The /sandbox/* routes (only with --test-routes). */
export default fp(testRoutesPlugin, {
  name: 'kheops-test-routes',
  fastify: '5.x',
  dependencies: ['kheops-context'],
});
