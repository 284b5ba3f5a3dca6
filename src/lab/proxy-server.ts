// HTTP proxies on loopback: a working CONNECT tunnel (and absolute-form GET), and the ways a proxy refuses.
// Every tunnel goes to 127.0.0.1, whatever host was asked for: the lab never opens a connection elsewhere.
import * as http from 'node:http';
import * as net from 'node:net';
import type { Tracker } from './tracker';
import { rawResponse } from './wire';

export type ProxyMode = 'ok' | 'auth-required' | 'denied' | 'reset' | 'close';

/** Only lab names and loopback are tunnelled; anything else is refused as a real policy proxy would. */
function labTarget(hostPort: string): { port: number } | null {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(hostPort);
  if (!m) return null;
  const host = m[1].toLowerCase();
  const ok = host === 'localhost' || host === '127.0.0.1' || host === 'lab.test' || host.endsWith('.lab.test');
  return ok ? { port: Number(m[2]) } : null;
}

export async function startProxy(tracker: Tracker, mode: ProxyMode, host = '127.0.0.1'): Promise<number> {
  const server = http.createServer((req, res) => {
    // absolute-form request (plain http:// through the proxy)
    let target: URL | null = null;
    try { target = new URL(req.url ?? ''); } catch { /* origin-form: not a proxy request */ }
    const dest = target ? labTarget(`${target.hostname}:${target.port || 80}`) : null;
    if (mode !== 'ok' || !target || !dest) {
      res.writeHead(mode === 'auth-required' ? 407 : 403, mode === 'auth-required' ? { 'proxy-authenticate': 'Basic realm="lab proxy"' } : {});
      res.end();
      return;
    }
    const up = http.request({ host: '127.0.0.1', port: dest.port, path: target.pathname + target.search, method: req.method, headers: req.headers });
    up.on('response', (r) => { res.writeHead(r.statusCode ?? 502, r.headers); r.pipe(res); });
    up.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(up);
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    tracker.socket(socket);
    switch (mode) {
      case 'reset':
        socket.resetAndDestroy();
        return;
      case 'close':
        socket.end();
        return;
      case 'auth-required':
        socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="lab proxy"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      case 'denied':
        socket.end(rawResponse(403, 'Forbidden', [['Content-Type', 'text/plain'], ['Connection', 'close']], 'Blocked by lab proxy policy'));
        return;
      case 'ok': {
        const dest = labTarget(req.url ?? '');
        if (!dest) {
          socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
          return;
        }
        const up = tracker.socket(net.connect(dest.port, '127.0.0.1'));
        up.once('connect', () => {
          socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          if (head.length) up.write(head);
          up.pipe(socket);
          socket.pipe(up);
        });
        up.once('error', () => socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
        socket.once('close', () => up.destroy());
        up.once('close', () => socket.destroy());
        return;
      }
    }
  });
  return tracker.listen(server, host);
}
