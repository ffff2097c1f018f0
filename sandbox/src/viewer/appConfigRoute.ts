import type { FastifyInstance } from 'fastify';

/** /app-config.js, rendered per request; identical headers on both origins. */
export function registerAppConfig(app: FastifyInstance, render: () => string): void {
  app.get('/app-config.js', async (_req, reply) =>
    reply.header('Cache-Control', 'no-store').type('text/javascript; charset=utf-8').send(render()),
  );
}
