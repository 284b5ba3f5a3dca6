// The connect → TLS sequence a probe and every variant probe share: a per-host slot, the TCP connection with
// its wire watched from the first byte, the TLS session over it, and one close() that gives all three back.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { PhaseName } from '../../vocabulary/ids';
import type { PhaseResult } from '../../vocabulary/types';
import type { FailureFacts } from '../classify';
import type { HostLimiter } from '../limiter';
import { Wire, watchSocket } from '../wire';
import { connectPhase } from './connect';
import { tlsPhase, type TlsParams } from './tls';

export class Handshake {
  readonly wire = new Wire();
  socket?: Socket;
  secure?: TLSSocket;
  private release?: () => void;

  /** Waits for a connection slot for `host` (no limiter: no wait). */
  async slot(limiter: HostLimiter | undefined, host: string, signal?: AbortSignal): Promise<void> {
    this.release = await limiter?.acquire(host, signal);
  }

  /** One TCP connect; on success the wire records the socket's bytes, FIN and RST from here on. */
  async connect(p: PhaseResult, address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<Socket> {
    const socket = await connectPhase(p, address, port, timeoutMs, signal);
    this.socket = socket;
    watchSocket(socket, this.wire);
    return socket;
  }

  /** The TLS handshake over the connected socket. */
  async tls(p: PhaseResult, params: TlsParams): Promise<TLSSocket> {
    if (!this.socket) throw new Error('TLS before a connection');
    this.secure = await tlsPhase(p, this.socket, params);
    return this.secure;
  }

  /** What the wire saw when `phase` failed with `err`, as classifyFailure reads it. */
  facts(phase: PhaseName, err: Error & { code?: string }, viaProxy: boolean, more: Partial<FailureFacts> = {}): FailureFacts {
    const { wire } = this;
    return { phase, code: err.code, message: err.message, reset: wire.reset, fin: wire.fin, firstBytes: wire.firstBytes, viaProxy, ...more };
  }

  close(): void {
    this.secure?.destroy();
    this.socket?.destroy();
    this.release?.();
  }
}
