import { Readable } from 'node:stream';
import Fastify from 'fastify';
import { Link, PacedStream, SLICE_BYTES, bytesPerMs, registerNetworkShape, serverTiming } from './shape';

describe('Link (one shared link per origin)', () => {
  it('converts kbit/s to bytes per ms', () => {
    expect(bytesPerMs(8)).toBe(1); // 8 kbit/s = 1000 bytes/s
    expect(bytesPerMs(8000)).toBe(1000);
  });

  it('lets a chunk leave after its serialisation time on an idle link', () => {
    const link = new Link(1);
    expect(link.schedule(100, 50)).toBe(150);
  });

  it('queues chunks behind each other while the link is busy, and restarts from now once idle', () => {
    const link = new Link(2);
    expect(link.schedule(0, 100)).toBe(50);
    expect(link.schedule(10, 100)).toBe(100); // waits for the first
    expect(link.schedule(500, 20)).toBe(510); // idle meanwhile
  });
});

describe('PacedStream', () => {
  it('slices big chunks and waits for each slice to leave, keeping the bytes intact', async () => {
    let now = 0;
    const waits: number[] = [];
    const stream = new PacedStream(
      new Link(1024),
      () => now,
      async (ms) => {
        waits.push(ms);
        now += ms;
      },
    );
    const body = Buffer.alloc(SLICE_BYTES * 2 + 10, 7);
    const out: Buffer[] = [];
    stream.on('data', (c: Buffer) => out.push(c));
    const done = new Promise((r) => stream.on('end', r));
    Readable.from([body]).pipe(stream);
    await done;
    expect(Buffer.concat(out).equals(body)).toBe(true);
    expect(out.map((c) => c.length)).toEqual([SLICE_BYTES, SLICE_BYTES, 10]);
    expect(waits).toEqual([16, 16, 10 / 1024]);
  });
});

async function get(app: ReturnType<typeof Fastify>) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const addr = app.server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${addr.port}/`);
    return { headers: res.headers, body: await res.text() };
  } finally {
    await app.close();
  }
}

describe('registerNetworkShape', () => {
  it('adds nothing when the shape is zero', async () => {
    const app = Fastify();
    registerNetworkShape(app, { rttMs: 0 });
    app.get('/', async () => 'hi');
    const res = await get(app);
    expect(res.headers.get('server-timing')).toBeNull();
    expect(res.body).toBe('hi');
  });

  it('reports the delay in Server-Timing and still sends the whole body, paced', async () => {
    const app = Fastify();
    registerNetworkShape(app, () => ({ rttMs: 5, bandwidthKbps: 80_000 }));
    app.get('/', async () => 'x'.repeat(40_000));
    const res = await get(app);
    expect(res.headers.get('server-timing')).toBe(serverTiming({ rttMs: 5, bandwidthKbps: 80_000 }));
    expect(res.headers.get('content-length')).toBe('40000');
    expect(res.body).toHaveLength(40_000);
  });
});
