// Owns every server, socket and timer the lab starts, so close() can leave the process able to exit.
import type * as net from 'node:net';
import * as dgram from 'node:dgram';

type Closable = net.Server | dgram.Socket;

export class Tracker {
  private readonly servers = new Set<Closable>();
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly cleanups: Array<() => Promise<void> | void> = [];
  closed = false;

  /** Tracks a server and every connection it accepts (TLS servers fed by emit('connection') included). */
  server<T extends net.Server>(server: T): T {
    this.servers.add(server);
    server.on('connection', (s: net.Socket) => this.socket(s));
    // A client that vanishes mid-handshake must not crash the lab.
    server.on('tlsClientError', () => undefined);
    server.on('error', () => undefined);
    return server;
  }

  socket<T extends net.Socket>(s: T): T {
    this.sockets.add(s);
    s.on('error', () => undefined);
    s.once('close', () => this.sockets.delete(s));
    return s;
  }

  udp(sock: dgram.Socket): dgram.Socket {
    this.servers.add(sock);
    sock.on('error', () => undefined);
    return sock;
  }

  /** setTimeout that close() clears. */
  after(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  clear(t: NodeJS.Timeout): void {
    clearTimeout(t);
    this.timers.delete(t);
  }

  onClose(fn: () => Promise<void> | void): void {
    this.cleanups.push(fn);
  }

  /** Listens on host:port (0 = ephemeral) and resolves the port actually bound. */
  listen(server: net.Server, host: string, port = 0, backlog?: number): Promise<number> {
    this.server(server);
    return new Promise((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      server.once('error', onError);
      server.listen({ host, port, backlog }, () => {
        server.off('error', onError);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  openSockets(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const waits: Promise<unknown>[] = [];
    for (const srv of this.servers) {
      if (srv instanceof dgram.Socket) {
        waits.push(new Promise<void>((r) => { try { srv.close(() => r()); } catch { r(); } }));
      } else {
        waits.push(new Promise<void>((r) => srv.close(() => r())));
      }
    }
    this.servers.clear();
    for (const fn of this.cleanups.splice(0)) waits.push(Promise.resolve(fn()).catch(() => undefined));
    await Promise.all(waits);
  }
}
