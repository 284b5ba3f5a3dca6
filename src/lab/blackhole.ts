// A port whose SYNs go unanswered, on loopback, without root: a listener that never accepts, its tiny accept
// queue filled by the lab's own connections. Linux then drops further SYNs (net.ipv4.tcp_abort_on_overflow = 0),
// exactly as a firewall DROP looks to the client. Node accepts on its own whenever its event loop runs, so the
// listener lives in a worker thread whose loop is parked in Atomics.wait until close().
import { Worker } from 'node:worker_threads';
import * as net from 'node:net';
import type { Tracker } from './tracker';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const srv = net.createServer();
srv.listen({ host: workerData.host, port: 0, backlog: 1 }, () => {
  parentPort.postMessage(srv.address().port);
  // Park this thread's event loop: nothing is ever accepted. close() wakes it through the shared flag.
  const flag = new Int32Array(workerData.flag);
  Atomics.wait(flag, 0, 0);
  srv.close();
  process.exit(0);
});
`;

/** Returns the port of a listener that drops SYNs once its queue is full. */
export async function startBlackhole(tracker: Tracker, host = '127.0.0.1'): Promise<number> {
  const flag = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER, { eval: true, workerData: { host, flag } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  tracker.onClose(async () => {
    Atomics.store(new Int32Array(flag), 0, 1);
    Atomics.notify(new Int32Array(flag), 0);
    await new Promise((r) => { worker.once('exit', r); setTimeout(() => void worker.terminate(), 1000).unref(); });
  });
  // Fill the accept queue (backlog 1 admits two on Linux) so later SYNs are dropped.
  // Each filler connects only after the previous one, so none of them waits on a dropped SYN for long.
  for (let i = 0; i < 4; i++) {
    const filled = await new Promise<boolean>((resolve) => {
      const s = tracker.socket(net.connect({ host, port }));
      const t = setTimeout(() => { s.destroy(); resolve(false); }, 300);
      s.once('connect', () => { clearTimeout(t); resolve(true); });
      s.once('error', () => { clearTimeout(t); resolve(false); });
    });
    if (!filled) break; // a SYN went unanswered: the queue is full
  }
  return port;
}
