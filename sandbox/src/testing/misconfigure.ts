import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';

/**
 * Test-only (with --test-routes): make the sandbox answer like a misconfigured KHEOPS, so that the probe
 * (probe/) can be shown to fail. Off by default; `POST /sandbox/misconfigure {"mode":"none"}` switches it off.
 * - `cors-without-authorization`: the preflight's Access-Control-Allow-Headers lacks `authorization` (a reverse
 *   proxy answering OPTIONS itself with a hand-written header list, say) — no browser can send the bearer.
 * - `link-roots-without-api`: ohifservermetadata names roots without /api (KHEOPS's root URL set to the bare host).
 */
export const MISCONFIGURATIONS = ['none', 'cors-without-authorization', 'link-roots-without-api'] as const;
export type Misconfiguration = (typeof MISCONFIGURATIONS)[number];

export function registerMisconfigure(app: FastifyInstance, ctx: SandboxContext): void {
  let mode: Misconfiguration = 'none';

  app.post<{ Body: { mode?: string } }>('/sandbox/misconfigure', async (req, reply) => {
    const asked = req.body?.mode as Misconfiguration;
    if (!MISCONFIGURATIONS.includes(asked))
      return reply.code(400).send({ error: `mode must be one of ${MISCONFIGURATIONS.join(', ')}` });
    mode = asked;
    return { mode };
  });

  // onSend runs for every answer, the CORS hook's early OPTIONS answers included.
  app.addHook('onSend', async (req, reply, payload) => {
    if (mode === 'cors-without-authorization') {
      const allowed = reply.getHeader('access-control-allow-headers');
      if (typeof allowed === 'string')
        reply.header(
          'access-control-allow-headers',
          allowed
            .split(',')
            .map((h) => h.trim())
            .filter((h) => h.toLowerCase() !== 'authorization')
            .join(', '),
        );
    }
    if (
      mode === 'link-roots-without-api' &&
      typeof payload === 'string' &&
      /^\/api\/link\/[^/]+\/ohifservermetadata(\?|$)/.test(req.url)
    )
      return payload.split(`${ctx.urls.api}/`).join(`${ctx.urls.root}/`);
    return payload;
  });
}
