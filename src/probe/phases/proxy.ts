// The proxy phase: an HTTP CONNECT tunnel through the configured proxy.
import type { Socket } from 'node:net';
import type { PhaseResult } from '../../vocabulary/types';
import { ProbeError, bounded } from '../wire';

const MAX_CONNECT_RESPONSE = 16 * 1024;

/** Credentials of a proxy URL as a Proxy-Authorization value. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const creds = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return 'Basic ' + Buffer.from(creds).toString('base64');
}

/** Asks the proxy for a tunnel to host:port; resolves once a 2xx came back, with the socket paused. */
export async function tunnelPhase(
  p: PhaseResult,
  socket: Socket,
  proxy: URL,
  authority: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const auth = proxyAuthorization(proxy);
  const request =
    `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\nUser-Agent: conndoc\r\n` +
    (auth ? `Proxy-Authorization: ${auth}\r\n` : '') +
    '\r\n';
  const answer = new Promise<void>((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const finish = (err?: Error): void => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > MAX_CONNECT_RESPONSE) finish(new ProbeError('EPROXYHEADER', 'proxy answer too large'));
        return;
      }
      const head = buf.subarray(0, end).toString('latin1');
      const m = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?/.exec(head);
      if (!m) return finish(new ProbeError('EPROXYPROTO', `proxy did not answer HTTP: ${head.slice(0, 40)}`));
      p.proxyStatus = Number(m[1]);
      p.statusText = m[2];
      if (p.proxyStatus < 200 || p.proxyStatus > 299) {
        return finish(new ProbeError('EPROXYSTATUS', `proxy answered CONNECT with ${p.proxyStatus} ${m[2] ?? ''}`.trim()));
      }
      socket.pause();
      const rest = buf.subarray(end + 4);
      if (rest.length) socket.unshift(rest);
      finish();
    };
    const onEnd = (): void => finish(new ProbeError('EPROXYCLOSED', 'proxy closed the connection during CONNECT'));
    const onError = (e: Error): void => finish(e);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onError);
    socket.write(request);
  });
  await bounded(answer, timeoutMs, 'proxy CONNECT', signal, () => socket.destroy());
}
