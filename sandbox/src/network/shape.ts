// Network shaping for the sandbox's origins (--rtt, --bandwidth, --viewer-rtt): every response of an origin is
// held for one round trip before its first byte leaves, and with a bandwidth its body is paced through one shared
// link per origin. The model: one request = one round trip (HTTP/1.1 keep-alive, so no extra TCP handshake per
// request once a connection is open; Chromium's six connections per host are held busy for the round trip, as on
// a real network), plus the body's serialisation time on a link shared by all responses of that origin.
import { Readable, Transform, type TransformCallback } from 'node:stream';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface Shape {
  /** Round-trip time in ms added to every response (0 = none). */
  rttMs: number;
  /** Link bandwidth in kilobits per second (1 kbit = 1000 bits); 0 or undefined = unlimited. */
  bandwidthKbps?: number;
}

/** Bytes per millisecond of a link of `kbps` kilobits per second. */
export function bytesPerMs(kbps: number): number {
  return (kbps * 1000) / 8 / 1000;
}

/**
 * One link shared by the responses of an origin: chunks leave in the order they are queued, each after the
 * previous one finished serialising. Pure scheduling (the clock is passed in), so it is unit-testable.
 */
export class Link {
  private freeAt = 0;

  constructor(private readonly rate: number /* bytes per ms */) {}

  /** When a chunk of `bytes` queued at `now` has fully left the link (ms, same clock as `now`). */
  schedule(now: number, bytes: number): number {
    const start = Math.max(now, this.freeAt);
    this.freeAt = start + bytes / this.rate;
    return this.freeAt;
  }
}

/** Slices larger chunks so that pacing is smooth (a 16 KiB slice at 1 Mbit/s is ~131 ms). */
export const SLICE_BYTES = 16 * 1024;

/** A Transform that lets each slice through only once the link says it has left. */
export class PacedStream extends Transform {
  constructor(
    private readonly link: Link,
    private readonly clock: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = delay,
  ) {
    super();
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    void (async () => {
      for (let i = 0; i < buf.length; i += SLICE_BYTES) {
        const slice = buf.subarray(i, i + SLICE_BYTES);
        const leaves = this.link.schedule(this.clock(), slice.length);
        const wait = leaves - this.clock();
        if (wait > 0) await this.sleep(wait);
        this.push(slice);
      }
    })().then(() => done(), done);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The Server-Timing entry the sandbox adds, so that clients and tests can see the configured delay. */
export function serverTiming(shape: Shape): string {
  return `shape;dur=${shape.rttMs}${shape.bandwidthKbps ? `;desc="${shape.bandwidthKbps} kbit/s"` : ''}`;
}

/**
 * Registers the shaping on an origin (before its routes). `shapeFor` picks the shape per request, for an origin
 * that serves both API-like answers and static files (the baseline origin); an origin with one shape passes it.
 * A shape with rttMs 0 and no bandwidth leaves the response untouched (no header either).
 */
export function registerNetworkShape(
  app: FastifyInstance,
  shapeFor: Shape | ((req: FastifyRequest) => Shape),
): void {
  const pick = typeof shapeFor === 'function' ? shapeFor : () => shapeFor;
  const links = new Map<number, Link>();
  const linkFor = (kbps: number) => {
    let link = links.get(kbps);
    if (!link) links.set(kbps, (link = new Link(bytesPerMs(kbps))));
    return link;
  };
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const shape = pick(req);
    if (!shape.rttMs && !shape.bandwidthKbps) return payload;
    reply.header('Server-Timing', serverTiming(shape));
    if (shape.rttMs) await delay(shape.rttMs);
    if (!shape.bandwidthKbps || payload === null || payload === undefined) return payload;
    let source: Readable;
    if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
      if (!reply.hasHeader('content-length')) reply.header('Content-Length', Buffer.byteLength(payload));
      source = Readable.from([Buffer.from(payload)]);
    } else if (payload instanceof Readable) source = payload;
    else return payload;
    const paced = new PacedStream(linkFor(shape.bandwidthKbps));
    source.on('error', (err) => paced.destroy(err));
    return source.pipe(paced);
  });
}

/** The shaping as a plugin for an origin with one shape (the KHEOPS origin): a global onSend hook. */
export const networkShapePlugin = fp(
  async (app: FastifyInstance, opts: { shape: Shape }) => registerNetworkShape(app, opts.shape),
  { name: 'kheops-network-shape', fastify: '5.x' },
);
