// Reads a TLS ClientHello off a raw socket (RFC 8446 §4.1.2) so a lab server can act on SNI, ALPN and versions
// before any TLS library sees the bytes — as a middlebox inspecting the ClientHello does.
import type * as net from 'node:net';

export interface ClientHello {
  sni: string | null;
  alpn: string[];
  /** supported_versions (0x0304 = TLS 1.3); empty when the extension is absent (TLS ≤ 1.2 client). */
  versions: number[];
  /** Every byte read so far, to unshift back before handing the socket on. */
  raw: Buffer;
}

const MAX_HELLO = 16 * 1024 + 5;

/** Parses a complete ClientHello record; null if more bytes are needed; throws if the bytes are not one. */
export function parseClientHello(buf: Buffer): Omit<ClientHello, 'raw'> | null {
  if (buf.length < 5) return null;
  if (buf[0] !== 0x16) throw new Error('not a TLS handshake record');
  const recLen = buf.readUInt16BE(3);
  if (buf.length < 5 + recLen) return null;
  let p = 5;
  if (buf[p] !== 1) throw new Error('not a ClientHello');
  const end = Math.min(5 + recLen, p + 4 + buf.readUIntBE(p + 1, 3));
  p += 4 + 2 + 32; // handshake header, legacy_version, random
  p += 1 + buf[p]; // session id
  p += 2 + buf.readUInt16BE(p); // cipher suites
  p += 1 + buf[p]; // compression methods
  const out: Omit<ClientHello, 'raw'> = { sni: null, alpn: [], versions: [] };
  if (p + 2 > end) return out;
  const extEnd = Math.min(end, p + 2 + buf.readUInt16BE(p));
  p += 2;
  while (p + 4 <= extEnd) {
    const type = buf.readUInt16BE(p);
    const len = buf.readUInt16BE(p + 2);
    const body = buf.subarray(p + 4, p + 4 + len);
    p += 4 + len;
    if (type === 0x0000 && body.length >= 5 && body[2] === 0) {
      out.sni = body.subarray(5, 5 + body.readUInt16BE(3)).toString('latin1');
    } else if (type === 0x0010 && body.length >= 2) {
      for (let q = 2; q < body.length; q += 1 + body[q]) out.alpn.push(body.subarray(q + 1, q + 1 + body[q]).toString('latin1'));
    } else if (type === 0x002b && body.length >= 1) {
      const listEnd = Math.min(body.length, 1 + body[0]);
      for (let q = 1; q + 2 <= listEnd; q += 2) out.versions.push(body.readUInt16BE(q));
    }
  }
  return out;
}

/** Waits for the ClientHello on a fresh socket. Resolves null when the peer sent something else or went away. */
export function readClientHello(socket: net.Socket): Promise<ClientHello | null> {
  return new Promise((resolve) => {
    let raw = Buffer.alloc(0);
    const done = (v: ClientHello | null): void => {
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(v);
    };
    const onData = (chunk: Buffer): void => {
      raw = Buffer.concat([raw, chunk]);
      try {
        const hello = parseClientHello(raw);
        if (hello) done({ ...hello, raw });
        else if (raw.length > MAX_HELLO) done(null);
      } catch {
        done(null);
      }
    };
    const onClose = (): void => done(null);
    socket.on('data', onData);
    socket.on('close', onClose);
  });
}

/** Gives the socket, ClientHello bytes included, to a real TLS (or HTTP) server. */
export function handOver(server: net.Server, socket: net.Socket, hello: ClientHello): void {
  socket.pause();
  socket.unshift(hello.raw);
  server.emit('connection', socket);
  // tls.Server wraps the socket and reads it itself; resume so a paused stream cannot stall it.
  process.nextTick(() => socket.resume());
}
