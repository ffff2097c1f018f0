import { startSandbox, type RunningSandbox } from '../src/testing/startSandbox';
import { bearer, userToken } from './helpers/dicomweb';

// --rtt / --viewer-rtt (sandbox/src/network/shape.ts): the KHEOPS origin and the baseline pass-through pay the
// round trip, the static viewer files their own. Relative to an unshaped sandbox in the same test, not absolute.
let plain: RunningSandbox;
let shaped: RunningSandbox;

beforeAll(async () => {
  [plain, shaped] = await Promise.all([startSandbox(), startSandbox(['--rtt', '100', '--viewer-rtt', '30'])]);
}, 120_000);
afterAll(() => Promise.all([plain?.stop(), shaped?.stop()]), 30_000);

/** Elapsed ms of each of `n` GETs after one warm-up (keep-alive connection open, as in the browser). */
async function timed(url: string, headers: Record<string, string>, n = 3) {
  const first = await fetch(url, { headers });
  await first.arrayBuffer();
  const runs: number[] = [];
  let timing: string | null = null;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    runs.push(performance.now() - t);
    expect(res.ok).toBe(true);
    timing = res.headers.get('server-timing');
  }
  return { min: Math.min(...runs), timing };
}

it('holds every gateway answer for --rtt, and says so in Server-Timing', async () => {
  const a = await timed(`${plain.api}/studies`, bearer(await userToken(plain)));
  const b = await timed(`${shaped.api}/studies`, bearer(await userToken(shaped)));
  expect(a.timing).toBeNull();
  expect(b.timing).toBe('shape;dur=100');
  expect(b.min).toBeGreaterThanOrEqual(100);
  expect(b.min).toBeGreaterThan(a.min);
});

it('shapes the baseline pass-through like the gateway, and the static OHIF files with --viewer-rtt', async () => {
  const passThrough = await timed(`${shaped.baseline}/dicom-web/studies`, {}, 1);
  expect(passThrough.timing).toBe('shape;dur=100');
  expect(passThrough.min).toBeGreaterThanOrEqual(100);
  for (const origin of [shaped.baseline, shaped.viewer]) {
    const files = await timed(`${origin}/app-config.js`, {}, 1);
    expect(files.timing).toBe('shape;dur=30');
    expect(files.min).toBeGreaterThanOrEqual(30);
  }
  expect((await timed(`${plain.baseline}/dicom-web/studies`, {}, 1)).timing).toBeNull();
});

it('shapes the album page of the KHEOPS origin too', async () => {
  const res = await fetch(`${shaped.root}/`);
  await res.arrayBuffer();
  expect(res.headers.get('server-timing')).toBe('shape;dur=100');
});
