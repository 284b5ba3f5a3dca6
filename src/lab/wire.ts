// Raw HTTP/1.1 bytes for servers that must write exactly what a middlebox would, not what node:http would.

export type HeaderList = Array<[string, string]>;

/** A whole response with a correct Content-Length (unless the headers already carry one). */
export function rawResponse(status: number, reason: string, headers: HeaderList, body: string | Buffer = ''): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  const hasLength = headers.some(([k]) => k.toLowerCase() === 'content-length');
  const all: HeaderList = hasLength ? headers : [...headers, ['Content-Length', String(b.length)]];
  const head = `HTTP/1.1 ${status} ${reason}\r\n` + all.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
  return Buffer.concat([Buffer.from(head, 'latin1'), b]);
}

/** Calls `fn` once a full request head (up to the blank line, or 64 KiB) has arrived. */
export function onRequestHead(socket: import('node:net').Socket, fn: (head: string) => void): void {
  let buf = '';
  const onData = (chunk: Buffer): void => {
    buf += chunk.toString('latin1');
    if (buf.includes('\r\n\r\n') || buf.length > 64 * 1024) {
      socket.off('data', onData);
      fn(buf);
    }
  };
  socket.on('data', onData);
}

/** A raw socket handler that acts once the request head is in. */
export function afterRequest(act: (s: import('node:net').Socket) => void): (s: import('node:net').Socket) => void {
  return (s) => onRequestHead(s, () => act(s));
}

/** Sends a TCP RST, also under TLS (a TLSSocket cannot reset itself; its TCP socket can). */
export function resetSocket(s: import('node:net').Socket): void {
  const raw = (s as { _parent?: import('node:net').Socket })._parent ?? s;
  raw.resetAndDestroy();
  if (raw !== s) s.destroy();
}
