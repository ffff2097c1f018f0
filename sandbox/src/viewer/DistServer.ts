import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contentTypeFor } from './mimeTypes';

/**
 * Serves OHIF's prebuilt dist the way its serve.json asks: files as they are, every non-asset path → index.html.
 * Both viewer origins use this class so that benchmarks compare identical serving (headers, caching, streaming).
 * No COOP/COEP: the viewer's popup re-auth flow needs window.opener.
 */
export class DistServer {
  private readonly root: string;

  /**
   * @param contentSecurityPolicy sent with every file (the HTML, and the scripts workers start from, whose own
   *   response policy applies inside the worker); the plain-OHIF baseline origin sends none.
   */
  constructor(
    distDir: string,
    private readonly contentSecurityPolicy?: string,
  ) {
    this.root = path.resolve(distDir);
  }

  /** Registers the catch-all route; more specific routes registered on the same app win. */
  register(app: FastifyInstance): void {
    app.get('/*', (req, reply) => this.serve(req, reply));
  }

  private async serve(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const urlPath = this.pathOf(req.url);
    if (urlPath === undefined) return reply.code(400).type('text/plain').send('Bad path');
    const assetType = contentTypeFor(urlPath);
    const file = urlPath === '/' ? undefined : this.fileFor(urlPath);
    if (file) return this.sendFile(req, reply, file, assetType ?? 'application/octet-stream');
    if (assetType) return reply.code(404).type('text/plain').send(`Not found: ${urlPath}`);
    return this.sendFile(req, reply, path.join(this.root, 'index.html'), 'text/html; charset=utf-8');
  }

  private pathOf(url: string): string | undefined {
    const raw = url.split('?')[0] ?? '/';
    try {
      const decoded = decodeURIComponent(raw);
      return decoded.includes('\0') ? undefined : decoded;
    } catch {
      return undefined;
    }
  }

  private fileFor(urlPath: string): string | undefined {
    const file = path.resolve(this.root, `.${urlPath}`);
    if (!file.startsWith(this.root + path.sep)) return undefined;
    try {
      return fs.statSync(file).isFile() ? file : undefined;
    } catch {
      return undefined;
    }
  }

  private sendFile(req: FastifyRequest, reply: FastifyReply, file: string, type: string): FastifyReply {
    const stat = fs.statSync(file);
    const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    reply
      .header('Cache-Control', 'no-cache')
      .header('ETag', etag)
      .header('X-Content-Type-Options', 'nosniff')
      // A launch URL carries a code or token until the extension scrubs it; no Referer may repeat it.
      .header('Referrer-Policy', 'no-referrer');
    if (this.contentSecurityPolicy) reply.header('Content-Security-Policy', this.contentSecurityPolicy);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    reply.type(type).header('Content-Length', stat.size);
    return reply.send(fs.createReadStream(file));
  }
}
