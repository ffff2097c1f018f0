import type { FastifyInstance } from 'fastify';

// KHEOPS answers every /api request with permissive CORS
// (Authorization/.../filter/CORSFilter.java, ExposeHeadersFilter.java; DICOMwebProxy/.../filter/CORSFilter.java).
const ALLOW_HEADERS =
  'origin, content-type, accept, authorization, frontend, accept-charset, X-Authorization-Source';
const ALLOW_METHODS = 'GET, PATCH, POST, PUT, DELETE, OPTIONS, HEAD';

export function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api')) return;
    reply.header('Access-Control-Allow-Origin', '*');
    reply.header('Access-Control-Allow-Headers', ALLOW_HEADERS);
    reply.header('Access-Control-Allow-Methods', ALLOW_METHODS);
    reply.header('Access-Control-Expose-Headers', 'X-Total-Count, Content-Type, Content-Length, Warning');
    reply.header('Access-Control-Max-Age', '600');
    if (req.method === 'OPTIONS') {
      reply.code(200).send();
      return reply;
    }
  });
}
