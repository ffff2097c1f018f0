import { Session, type Transport } from '../session/Session';
import type { TokenRefresher } from '../session/TokenSet';
import { MemoryOutbox } from './Outbox';
import { SaveQueue } from './SaveQueue';
import { stowOverFetch } from './stowOverFetch';

// End to end through the save path as the runtime wires it: SaveQueue → stowOverFetch → Session.request → transport.
describe('a STOW answered 401 once', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('causes exactly one refresh and exactly one re-send, and the report is stored', async () => {
    const sent: Array<{ url: string; auth: string | null }> = [];
    const statuses = [401];
    const transport: Transport = async (url, init) => {
      sent.push({ url, auth: new Headers(init.headers).get('Authorization') });
      return new Response('{}', { status: statuses.shift() ?? 200 });
    };
    const refresher: TokenRefresher & { calls: number } = {
      calls: 0,
      async refresh() {
        this.calls += 1;
        return { accessToken: `renewed-${this.calls}`, expiresAt: Date.now() + 300_000 };
      },
    };
    const session = new Session(
      { accessToken: 'first', expiresAt: Date.now() + 300_000 },
      refresher,
      undefined,
      transport,
    );
    const outbox = new MemoryOutbox();
    const queue = new SaveQueue(
      'scope',
      outbox,
      stowOverFetch('https://kheops.example/api', (u, i) => session.request(u, i)),
      session,
    );
    const saved = queue.save({
      id: 'sr1',
      studyUID: '1.2.3',
      bytes: new Uint8Array([1, 2]).buffer,
      contentType: 'multipart/related',
    });
    await jest.advanceTimersByTimeAsync(30_000);
    expect(await saved).toEqual({ state: 'stored' });
    expect(refresher.calls).toBe(1);
    expect(sent).toEqual([
      { url: 'https://kheops.example/api/studies', auth: 'Bearer first' },
      { url: 'https://kheops.example/api/studies', auth: 'Bearer renewed-1' },
    ]);
    expect(outbox.items.size).toBe(0);
    queue.dispose();
    await session.end();
  });
});
