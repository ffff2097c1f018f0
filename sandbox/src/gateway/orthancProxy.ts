import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { fixQuery, orthancRequest, readAll } from './orthancHttp';

export interface ProxyOptions {
  /** Replace Orthanc's `{orthancUrl}/dicom-web` in JSON/XML answers (BulkDataURI, RetrieveURL) with this. */
  rewriteBase?: string;
  /** Extra rewrite of the answer text after rewriteBase (e.g. Orthanc's `/bulk/` to KHEOPS's `/bulkdata/`). */
  rewriteText?: (text: string) => string;
  /** Accept header to send instead of the client's. */
  accept?: string;
}

const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'content-length'];
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'etag',
  'last-modified',
];

function isText(contentType: string | undefined): boolean {
  return !!contentType && /(json|xml)/i.test(contentType) && !/multipart/i.test(contentType);
}

export function rewriteOrthancUrls(text: string, orthancUrl: string, base: string): string {
  return text.split(`${orthancUrl}/dicom-web`).join(base);
}

/** Let a Fastify scope receive STOW bodies (multipart/related, application/dicom) as raw Buffers. */
export function addRawDicomBodyParsers(app: FastifyInstance): void {
  app.addContentTypeParser(
    ['multipart/related', 'application/dicom'],
    { parseAs: 'buffer' },
    (_req, body, done) => done(null, body),
  );
}

/**
 * Unauthenticated pass-through to Orthanc: the request goes to `orthancPath` (path + query, e.g.
 * `/dicom-web/studies?includefield=...`), with the %2C fix. Binary answers are streamed; JSON/XML answers are
 * buffered only when URLs in them must be rewritten.
 */
export async function proxyToOrthanc(
  ctx: SandboxContext,
  req: FastifyRequest,
  reply: FastifyReply,
  orthancPath: string,
  opts: ProxyOptions = {},
): Promise<FastifyReply> {
  const q = orthancPath.indexOf('?');
  const target = q < 0 ? orthancPath : orthancPath.slice(0, q) + fixQuery(orthancPath.slice(q));
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const v = req.headers[name];
    if (typeof v === 'string') headers[name] = v;
  }
  if (opts.accept) headers.accept = opts.accept;
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let body: Buffer | NodeJS.ReadableStream | undefined;
  if (hasBody) {
    if (Buffer.isBuffer(req.body)) body = req.body;
    else if (typeof req.body === 'string') body = Buffer.from(req.body);
    else if (req.body === undefined || req.body === null) body = req.raw;
    else body = Buffer.from(JSON.stringify(req.body));
    if (Buffer.isBuffer(body)) headers['content-length'] = String(body.length);
  } else delete headers['content-length'];

  let res;
  try {
    res = await orthancRequest(ctx.urls.orthanc, req.method, target, { headers, body });
  } catch (err) {
    return reply.code(502).send({ error: `Orthanc unreachable: ${(err as Error).message}` });
  }
  reply.code(res.status);
  const contentType = res.headers['content-type'];
  const rewrite = (opts.rewriteBase !== undefined || opts.rewriteText) && isText(contentType);
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const v = res.headers[name];
    if (v === undefined || (rewrite && name === 'content-length')) continue;
    reply.header(name, v);
  }
  if (!rewrite) return reply.send(res.body);
  let text = (await readAll(res.body)).toString('utf8');
  if (opts.rewriteBase !== undefined) text = rewriteOrthancUrls(text, ctx.urls.orthanc, opts.rewriteBase);
  if (opts.rewriteText) text = opts.rewriteText(text);
  return reply.send(text);
}
