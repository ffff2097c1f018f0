/** Parameter of a Content-Type header (boundary, type), unquoted. */
export function contentTypeParam(contentType: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*("([^"]*)"|[^;\\s]+)`, 'i').exec(contentType);
  return m ? (m[2] ?? m[1]) : undefined;
}

/**
 * The DICOM parts of a STOW request: a single application/dicom body, or the application/dicom parts of a
 * multipart/related body (PX/stow/resource/Resource.java accepts both). Throws on a malformed body.
 */
export function parseStowBody(contentType: string, body: Buffer): Buffer[] {
  if (/^application\/dicom\s*(;|$)/i.test(contentType)) return [body];
  const boundary = contentTypeParam(contentType, 'boundary');
  if (!boundary) throw new Error('multipart/related without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('no multipart boundary found in the body');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new Error('multipart part without headers');
    const headers = body.subarray(pos, headerEnd).toString('latin1');
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) throw new Error('multipart body is not terminated');
    const end = body[next - 2] === 0x0d && body[next - 1] === 0x0a ? next - 2 : next;
    const type = /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim().toLowerCase();
    if (type && type !== 'application/dicom') throw new Error(`unsupported part type ${type}`);
    parts.push(body.subarray(headerEnd + 4, end));
    pos = next;
  }
  return parts;
}
