// The connect phase: the TCP three-way handshake to one address.
import { connect, type Socket } from 'node:net';
import type { PhaseResult } from '../../vocabulary/types';
import { bounded } from '../wire';

export async function connectPhase(
  p: PhaseResult,
  address: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Socket> {
  p.remoteAddress = address;
  p.remotePort = port;
  const socket = connect({ host: address, port, noDelay: true });
  const done = new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
  try {
    await bounded(done, timeoutMs, 'TCP connect', signal, () => socket.destroy());
  } catch (e) {
    socket.destroy();
    throw e;
  }
  p.localAddress = socket.localAddress;
  p.localPort = socket.localPort;
  return socket;
}
