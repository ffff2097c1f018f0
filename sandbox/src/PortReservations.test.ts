import net from 'node:net';
import { PortReservations } from './PortReservations';

const listenOn = (port: number) =>
  new Promise<net.Server>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => resolve(srv));
  });

describe('PortReservations', () => {
  it('gives distinct ports that nobody else can take until released', async () => {
    const ports = new PortReservations();
    const picked = await Promise.all([0, 0, 0, 0].map((p) => ports.reserve(p)));
    expect(new Set(picked).size).toBe(4);
    await expect(listenOn(picked[0]!)).rejects.toThrow(/EADDRINUSE/);
    await ports.release(picked[0]!);
    const server = await listenOn(picked[0]!);
    server.close();
    await Promise.all(picked.slice(1).map((p) => ports.release(p)));
  });

  it('passes a port the operator chose through without binding it', async () => {
    const ports = new PortReservations();
    const free = await listenOn(0);
    const chosen = (free.address() as net.AddressInfo).port;
    await new Promise((r) => free.close(r));
    expect(await ports.reserve(chosen)).toBe(chosen);
    const server = await listenOn(chosen);
    server.close();
  });
});
