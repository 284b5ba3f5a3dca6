// A loopback TCP server for the back ends real proxies talk to in tests: one that never answers, one that
// answers garbage. close() destroys every open connection, so no test leaves a socket behind.
import net from 'node:net';

export interface TinyTcpServer {
  port: number;
  close(): Promise<void>;
}

export async function tinyTcpServer(onSocket: (socket: net.Socket) => void = () => undefined): Promise<TinyTcpServer> {
  const open = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    open.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => open.delete(socket));
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
