import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { orthancRequest, readAll } from './orthancHttp';
import { rawQuery } from './query';

function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** The body parts (headers and content, without delimiters) of a multipart body. */
export function multipartBodyParts(body: Buffer, boundary: string): Buffer[] {
  const first = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  const parts: Buffer[] = [];
  let pos = body.indexOf(first);
  while (pos >= 0) {
    const after = pos + first.length;
    if (body.subarray(after, after + 2).toString('latin1') === '--') break;
    const lineEnd = body.indexOf('\r\n', after);
    if (lineEnd < 0) break;
    const end = body.indexOf(next, lineEnd + 2);
    if (end < 0) break;
    parts.push(body.subarray(lineEnd + 2, end));
    pos = end + 2;
  }
  return parts;
}

/**
 * PX/wadors/WadoRSStudy.java: a study retrieve is the retrieve of each series the token reaches, written one after
 * the other into one multipart answer (the other series of a partly shared study are not sent).
 */
export async function retrieveSeriesOfStudy(
  ctx: SandboxContext,
  req: FastifyRequest,
  reply: FastifyReply,
  studyUID: string,
  seriesUIDs: string[],
): Promise<FastifyReply> {
  const headers: Record<string, string> = {};
  if (typeof req.headers.accept === 'string') headers.accept = req.headers.accept;
  const query = rawQuery(req.url);
  const boundary = `kheopsSandboxStudy${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  let contentType: string | undefined;
  for (const seriesUID of seriesUIDs) {
    const path = `/dicom-web/studies/${studyUID}/series/${seriesUID}${query ? `?${query}` : ''}`;
    let res;
    try {
      res = await orthancRequest(ctx.urls.orthanc, 'GET', path, { headers });
    } catch (err) {
      return reply.code(502).send({ error: `Orthanc unreachable: ${(err as Error).message}` });
    }
    const body = await readAll(res.body);
    const type = String(res.headers['content-type'] ?? '');
    const own = boundaryOf(type);
    if (res.status !== 200 || !own) {
      reply.code(res.status);
      if (type) reply.header('content-type', type);
      return reply.send(body);
    }
    contentType ??= type.replace(/;\s*boundary=(?:"[^"]+"|[^;\s]+)/i, `; boundary=${boundary}`);
    for (const part of multipartBodyParts(body, own))
      chunks.push(Buffer.from(`--${boundary}\r\n`), part, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  // WadoRSStudy.java: a CacheControl with noCache (and JAX-RS's default noTransform).
  return reply
    .code(200)
    .header('Cache-Control', 'no-cache, no-transform')
    .header(
      'content-type',
      contentType ?? `multipart/related; type="application/dicom"; boundary=${boundary}`,
    )
    .send(Buffer.concat(chunks));
}
