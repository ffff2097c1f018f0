import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { kheopsService } from './kheopsServices';

// Each KHEOPS service adds its own CORS headers to every answer, preflights included
// (Authorization/.../filter/CORSFilter.java + ExposeHeadersFilter.java; DICOMwebProxy/.../filter/CORSFilter.java);
// nginx decides which service answers (kheopsServices.ts). The proxy allows neither PATCH nor
// X-Authorization-Source, and only the Authorization server exposes X-Total-Count, when it sends one.
const CORS = {
  authorization: {
    headers: 'origin, content-type, accept, authorization, frontend, accept-charset, X-Authorization-Source',
    methods: 'GET, PATCH, POST, PUT, DELETE, OPTIONS, HEAD',
  },
  proxy: {
    headers: 'origin, content-type, accept, authorization, frontend, accept-charset',
    methods: 'GET, POST, PUT, DELETE, OPTIONS, HEAD',
  },
};

const corsPlugin: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api')) return;
    const path = req.url.split('?')[0]!.replace(/^\/api\/link\/[^/]+/, '/api');
    const service = kheopsService(req.method, path, String(req.headers.accept ?? ''));
    const cors = CORS[service === 'authorization' ? 'authorization' : 'proxy'];
    reply.header('Access-Control-Allow-Origin', '*');
    reply.header('Access-Control-Allow-Headers', cors.headers);
    reply.header('Access-Control-Allow-Methods', cors.methods);
    reply.header('Access-Control-Allow-Credentials', 'true');
    reply.header('Access-Control-Max-Age', '86400');
    if (req.method === 'OPTIONS') {
      reply.code(200).send();
      return reply;
    }
  });
  // ExposeHeadersFilter: the Authorization server exposes X-Total-Count on the answers that carry it.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api') && reply.hasHeader('X-Total-Count'))
      reply.header('Access-Control-Expose-Headers', 'X-Total-Count');
  });
};

/** KHEOPS's per-service CORS answers on every /api path (a global hook: fastify-plugin skips encapsulation). */
export default fp(corsPlugin, { name: 'kheops-cors', fastify: '5.x' });
