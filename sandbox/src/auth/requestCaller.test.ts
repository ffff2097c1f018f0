import Fastify from 'fastify';
import type { SandboxContext } from '../context';
import contextPlugin from '../contextPlugin';
import callerPlugin, { callerOf } from './requestCaller';

async function appWith(verified: string[]) {
  const ctx = {
    tokens: {
      verifyAccessToken: async (token: string) => {
        verified.push(token);
        return token === 'good'
          ? { ok: true, principal: { kind: 'user', sub: 'u', scopes: [], studyUIDs: null } }
          : { ok: false, reason: 'invalid' };
      },
    },
  } as unknown as SandboxContext;
  const app = Fastify();
  await app.register(contextPlugin, { ctx });
  await app.register(callerPlugin);
  const report = (req: Parameters<typeof callerOf>[0]) => {
    const c = callerOf(req);
    return { via: c.via, token: c.token, ok: c.check?.ok ?? null, sub: c.principal?.sub ?? null };
  };
  app.get('/api/thing', async (req) => report(req));
  app.get('/api/link/:linkToken/thing', async (req) => report(req));
  app.post('/api/token', { config: { clientAuthentication: true } }, async (req) => report(req));
  app.get('/albums/x', async (req) => report(req));
  return app;
}

test('the caller is read and verified once per /api request, before the handler', async () => {
  const verified: string[] = [];
  const app = await appWith(verified);
  const res = await app.inject({ url: '/api/thing', headers: { authorization: 'Bearer good' } });
  expect(res.json()).toEqual({ via: 'bearer', token: 'good', ok: true, sub: 'u' });
  const bad = await app.inject({ url: '/api/thing', headers: { authorization: 'Bearer nope' } });
  expect(bad.json()).toEqual({ via: 'bearer', token: 'nope', ok: false, sub: null });
  const link = await app.inject({ url: '/api/link/good/thing' });
  expect(link.json()).toEqual({ via: 'link', token: 'good', ok: true, sub: 'u' });
  expect(verified).toEqual(['good', 'nope', 'good']);
});

test('client credentials and non-/api paths are never verified as caller tokens', async () => {
  const verified: string[] = [];
  const app = await appWith(verified);
  const basic = `Basic ${Buffer.from('dicomwebproxy:secret').toString('base64')}`;
  const token = await app.inject({ method: 'POST', url: '/api/token', headers: { authorization: basic } });
  expect(token.json()).toEqual({ via: 'basic', token: 'secret', ok: null, sub: null });
  const ui = await app.inject({ url: '/albums/x', headers: { authorization: 'Bearer good' } });
  expect(ui.json()).toMatchObject({ ok: null, sub: null });
  expect((await app.inject({ url: '/api/thing' })).json()).toEqual({
    via: 'none',
    token: null,
    ok: null,
    sub: null,
  });
  expect(verified).toEqual([]);
});
