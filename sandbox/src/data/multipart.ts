import { randomBytes } from 'node:crypto';

/** A multipart/related; type="application/dicom" body (STOW-RS request) from Part 10 files. */
export function multipartRelated(
  parts: Buffer[],
  type = 'application/dicom',
): { body: Buffer; contentType: string } {
  const boundary = `kheopsSandbox${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${type}\r\n\r\n`), part, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(chunks),
    contentType: `multipart/related; type="${type}"; boundary=${boundary}`,
  };
}
