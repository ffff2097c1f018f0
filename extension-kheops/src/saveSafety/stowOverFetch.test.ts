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
  const fetchFn = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  return { calls, stow: stowOverFetch('https://kheops.example/api', fetchFn) };
}

describe('stowOverFetch', () => {
  it('posts the SR to {endpoint}/studies without cookies and reports a plain 200', async () => {
    const { calls, stow } = answering(200, {});
    expect(await stow(item as never)).toEqual({ status: 200, detail: undefined });
    expect(calls[0]!.url).toBe('https://kheops.example/api/studies');
    expect(calls[0]!.init).toMatchObject({ method: 'POST', credentials: 'omit' });
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toMatch(/^multipart\/related/);
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
    const fetchFn = (async (url: string, init: RequestInit) => {
      if (init.redirect === 'error') throw new TypeError('Failed to fetch (redirect refused)');
      reached.push(url);
      return new Response('{}', { status: 200 });
    }) as unknown as typeof fetch;
    await expect(stowOverFetch('https://kheops.example/api', fetchFn)(item as never)).rejects.toThrow(
      TypeError,
    );
    expect(reached).toEqual([]);
  });
});
