import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { callerOf } from '../auth/requestCaller';

/**
 * One RequestLogEntry per DICOMweb request of this scope, denied ones included (GET /sandbox/requests). The caller
 * hook verified the token up front, so even requests answered without a check (404s) log its validity.
 */
export function addRequestLog(app: FastifyInstance, ctx: SandboxContext): void {
  app.addHook('onResponse', async (req, reply) => {
    if (req.method === 'OPTIONS') return;
    const auth = callerOf(req);
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
