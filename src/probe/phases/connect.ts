// The connect phase: the TCP three-way handshake to one address.
import { connect, type Socket } from 'node:net';
import type { PhaseResult } from '../../vocabulary/types';
import { forbiddenAddress } from '../destination-policy';
import { ProbeError, bounded } from '../wire';

export async function connectPhase(
  p: PhaseResult,
  address: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
  localPort?: number,
): Promise<Socket> {
  p.remoteAddress = address;
  p.remotePort = port;
  // Every connection the engine opens passes here (differential variants, proxies, redirects): the last guard.
  const forbidden = forbiddenAddress(address);
  if (forbidden) throw new ProbeError('DESTINATION_BLOCKED', `not connected: ${forbidden} (destination policy)`);
  const socket = connect({ host: address, port, noDelay: true, ...(localPort ? { localPort } : {}) });
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
