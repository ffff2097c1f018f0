import net from 'node:net';

/**
 * Picks free loopback ports and keeps each one bound until its real server is about to listen on it.
 * Probing a port and closing it at once lets the kernel hand the same port to the next probe, or to any
 * outgoing connection, in the seconds before the server binds (Orthanc starts first).
 */
export class PortReservations {
  private readonly held = new Map<number, net.Server>();

  /** `preferred` when it is not 0, else a free port held until `release`. */
  async reserve(preferred: number): Promise<number> {
    if (preferred !== 0) return preferred;
    const srv = net.createServer();
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', resolve);
    });
    const { port } = srv.address() as net.AddressInfo;
    this.held.set(port, srv);
    return port;
  }

  /** Frees a held port for its server; a port that was not picked here is left alone. */
  async release(port: number): Promise<void> {
    const srv = this.held.get(port);
    if (!srv) return;
    this.held.delete(port);
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }
}
