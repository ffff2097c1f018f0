import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { KHEOPS_EXTENSION_URL, KHEOPS_MODE_URL } from './kheopsAppConfig';

/** Serves the runtime ESM bundles of extension-kheops and mode-kheops, read fresh on each request (rebuilds apply). */
export function registerPluginBundles(app: FastifyInstance, pluginDir: string): void {
  const bundles: Array<[string, string, string]> = [
    [KHEOPS_EXTENSION_URL, 'extension-kheops', 'extension-kheops.mjs'],
    [KHEOPS_MODE_URL, 'mode-kheops', 'mode-kheops.mjs'],
  ];
  for (const [url, pkg, file] of bundles) {
    const filePath = path.join(pluginDir, pkg, 'dist', 'kheops-plugins', file);
    app.get(url, async (_req, reply) => {
      let body: Buffer;
      try {
        body = await fs.promises.readFile(filePath);
      } catch {
        return reply
          .code(404)
          .type('text/plain; charset=utf-8')
          .send(`${pkg} runtime bundle not built: expected ${filePath} (run "npm run build -w ${pkg}")`);
      }
      return reply.header('Cache-Control', 'no-cache').type('text/javascript; charset=utf-8').send(body);
    });
  }
}
