import { Session, type Transport } from '../session/Session';
import { stowOverFetch } from './stowOverFetch';

const item = { id: 'sr1', scope: 's', studyUID: '1.2.3', bytes: new Uint8Array([1]), createdAt: 0 };
const failed = (code: number) => ({
  '00081198': {
    vr: 'SQ',
    Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3.9'] }, '00081197': { vr: 'US', Value: [code] } }],
  },
});

function answering(status: number, body: unknown) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const transport: Transport = async (url, init) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  };
  const session = new Session(
    { accessToken: 't', expiresAt: Date.now() + 3_600_000 },
    null,
    undefined,
    transport,
  );
  return { calls, stow: stowOverFetch('https://kheops.example/api', (u, i) => session.request(u, i)) };
}

describe('stowOverFetch', () => {
  it('posts the SR to {endpoint}/studies through the session: bearer, no cookies, Referer or redirect', async () => {
    const { calls, stow } = answering(200, {});
    expect(await stow(item as never)).toEqual({ status: 200, detail: undefined });
    expect(calls[0]!.url).toBe('https://kheops.example/api/studies');
    expect(calls[0]!.init).toMatchObject({
      method: 'POST',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      redirect: 'error',
    });
    const headers = new Headers(calls[0]!.init.headers);
    expect(headers.get('Content-Type')).toMatch(/^multipart\/related/);
    expect(headers.get('Authorization')).toBe('Bearer t');
  });

  it("reads KHEOPS's failure reason from FailedSOPSequence on 409 and 202", async () => {
    expect(await answering(409, failed(0x0106)).stow(item as never)).toEqual({
      status: 409,
      detail: 'attribute values differ from the study in KHEOPS (0x0106)',
    });
    expect(await answering(202, failed(0xc123)).stow(item as never)).toEqual({
      status: 202,
      detail: 'failure (0xc123)',
    });
  });

  it('reads a part KHEOPS could not read from OtherFailuresSequence (no SOP UIDs there)', async () => {
    const other = { '0008119A': { vr: 'SQ', Value: [{ '00081197': { vr: 'US', Value: [0x0110] } }] } };
    expect(await answering(409, other).stow(item as never)).toEqual({
      status: 409,
      detail: 'processing failure (0x0110)',
    });
  });

  it('copes with an answer that has no body or no JSON', async () => {
    expect(await answering(503, undefined).stow(item as never)).toEqual({ status: 503, detail: undefined });
  });

  it('does not follow a redirect off KHEOPS: the SR is not posted to the target, the save fails', async () => {
    const reached: string[] = [];
    const transport: Transport = async (url, init) => {
      if (init.redirect === 'error') throw new TypeError('Failed to fetch (redirect refused)');
      reached.push(url);
      return new Response('{}', { status: 200 });
    };
    const session = new Session(
      { accessToken: 't', expiresAt: Date.now() + 3_600_000 },
      null,
      undefined,
      transport,
    );
    const stow = stowOverFetch('https://kheops.example/api', (u, i) => session.request(u, i));
    await expect(stow(item as never)).rejects.toThrow(TypeError);
    expect(reached).toEqual([]);
  });
});
