/** The STOW request OHIF built: the multipart body and its content type (the bearer is deliberately not kept). */
export interface StowPayload {
  contentType: string;
  body: ArrayBuffer;
}

function toArrayBuffer(body: unknown): ArrayBuffer {
  if (body instanceof ArrayBuffer) return body;
  if (ArrayBuffer.isView(body))
    return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  throw new Error('unexpected STOW body');
}

/**
 * Stands in for the XMLHttpRequest that dicomweb-client accepts as `options.request`: OHIF's data source builds
 * the Part 10 file and the multipart STOW body as usual, and this object takes them instead of sending them,
 * answering 200 so OHIF's code carries on. The save queue then owns the upload, its retries and the outbox —
 * without bundling a DICOM writer of our own.
 */
export class CapturingRequest {
  readyState = 0;
  status = 0;
  response: unknown = null;
  responseType = '';
  withCredentials = false;
  onreadystatechange: (() => void) | null = null;
  onloadstart: (() => void) | null = null;
  onloadend: (() => void) | null = null;
  onprogress: (() => void) | null = null;
  readonly upload = { addEventListener: () => undefined };
  readonly payload: Promise<StowPayload>;
  private resolve!: (p: StowPayload) => void;
  private contentType = '';

  constructor() {
    this.payload = new Promise((r) => (this.resolve = r));
  }

  open(): void {
    this.readyState = 1;
  }

  setRequestHeader(name: string, value: string): void {
    if (name.toLowerCase() === 'content-type') this.contentType = value;
  }

  getResponseHeader(): null {
    return null;
  }

  addEventListener(): void {}

  abort(): void {}

  send(body?: unknown): void {
    this.resolve({ contentType: this.contentType, body: toArrayBuffer(body) });
    this.readyState = 4;
    this.status = 200;
    this.onreadystatechange?.();
  }
}
