// Over --node-ipc, vscode-jsonrpc's writer resolves each write at once: process.send hands the message to libuv,
// which queues it in this process until the client reads it. A scan's 400,000 notifications then sat here
// (peak RSS ~450 MiB) however the batches were paced. Counting the sends whose callback has not come yet tells
// how far the client is behind, so bulk publishing can wait for it (scan-publisher.ts).

type Send = NonNullable<NodeJS.Process['send']>;

export interface IpcWrites {
  /** Messages handed to process.send and not yet written to the channel. */
  pending(): number;
  /** Resolves once at most `low` messages are pending, or after `maxMs` (a client that stopped reading). */
  drained(low?: number, maxMs?: number): Promise<void>;
}

export function trackIpcWrites(proc: NodeJS.Process = process): IpcWrites | undefined {
  const original = proc.send;
  if (typeof original !== 'function') return undefined;
  let pending = 0;
  const send = original.bind(proc) as (...args: unknown[]) => boolean;
  proc.send = ((message: unknown, ...rest: unknown[]) => {
    // Node's own overloads: the callback is whichever trailing argument is a function.
    const at = rest.findIndex((a) => typeof a === 'function');
    const callback = at >= 0 ? (rest[at] as (e: Error | null) => void) : undefined;
    const args = at >= 0 ? rest.slice(0, at) : rest.slice(0, 2);
    while (args.length < 2) args.push(undefined);
    pending++;
    return send(message, ...args, (e: Error | null) => {
      pending--;
      callback?.(e);
    });
  }) as Send;
  return {
    pending: () => pending,
    async drained(low = 64, maxMs = 5000) {
      for (const end = Date.now() + maxMs; pending > low && Date.now() < end;) await new Promise((r) => setTimeout(r, 2));
    },
  };
}
