import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { authenticate, authOf } from './requestAuth';

/** One RequestLogEntry per DICOMweb request of this scope, denied ones included (GET /sandbox/requests). */
export function addRequestLog(app: FastifyInstance, ctx: SandboxContext): void {
  // Verify the token up front so that even requests answered without a check (404s) log its validity.
  app.addHook('preHandler', async (req) => {
    if (req.method !== 'OPTIONS') await authenticate(ctx, req);
  });
  app.addHook('onResponse', async (req, reply) => {
    if (req.method === 'OPTIONS') return;
    const auth = authOf(req);
    const check = auth.check;
    const path = req.url.split('?')[0]!.replace(/^\/api\/link\/[^/]+/, '/api/link/{token}');
    ctx.state.logRequest({
      at: new Date().toISOString(),
      method: req.method,
      path,
      status: reply.statusCode,
      tokenVia: auth.via,
      tokenPresent: auth.token !== null,
      tokenValid: check?.ok === true || (check?.ok === false && check.reason === 'expired'),
      tokenUnexpired: check?.ok === true,
      origin: typeof req.headers.origin === 'string' ? req.headers.origin : null,
      ...(check?.ok ? { tokenKind: check.principal.kind } : {}),
    });
  });
}
