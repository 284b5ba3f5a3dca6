// Tiny loopback servers that misbehave on purpose, for the engine's own tests. Every server and
// connection is tracked so a test can stop them all.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';

export class Servers {
  private readonly servers: net.Server[] = [];
  readonly sockets = new Set<net.Socket>();

  /** A raw TCP server on 127.0.0.1 (or `host`); resolves with its port. */
  async raw(onSocket: (s: net.Socket) => void, host = '127.0.0.1', port = 0): Promise<number> {
    const server = net.createServer((s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
      onSocket(s);
    });
    this.servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
    return (server.address() as net.AddressInfo).port;
  }

  /** Answers every request with `answer(head)` once the request head is in. */
  http(answer: (s: net.Socket, head: string) => void, host = '127.0.0.1'): Promise<number> {
    return this.raw((s) => {
      let head = '';
      const onData = (c: Buffer): void => {
        head += c.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        s.off('data', onData);
        answer(s, head);
      };
      s.on('data', onData);
    }, host);
  }

  /** A TLS server that completes handshakes and answers a tiny 200. */
  async tls(pki: { key: string; cert: string }): Promise<number> {
    const server = tls.createServer({ key: pki.key, cert: pki.cert }, (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
      s.resume().end(OK_RESPONSE);
    });
    server.on('tlsClientError', () => undefined);
    this.servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as net.AddressInfo).port;
  }

  /** Forwards `s` (with `first`, already read) to a local port, both ways. */
  pipeTo(s: net.Socket, port: number, first: Buffer): void {
    const up = net.connect(port, '127.0.0.1');
    this.sockets.add(up);
    up.on('close', () => this.sockets.delete(up));
    up.on('error', () => s.destroy());
    s.on('error', () => up.destroy());
    up.write(first);
    s.pipe(up).pipe(s);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((srv) => new Promise((r) => srv.close(r))));
  }
}

/** A self-signed certificate for localhost and 127.0.0.1, made with the openssl CLI. */
export function selfSigned(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conndoc-engine-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ], { stdio: 'ignore' });
    return { key: fs.readFileSync(path.join(dir, 'k.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'c.pem'), 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const OK_RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok';
