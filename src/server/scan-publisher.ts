// A workspace scan touches every file with a URL: 200,000 files are 400,000 notifications. Sent in one go
// they queue ahead of every request's answer (a hover waited minutes) and sit in memory until the client
// reads them. Here they go out in batches — per BATCH_FILES files or per BATCH_MS, whichever comes first —
// and each batch is written out before the next starts, with a turn of the event loop between: a request
// that arrives meanwhile is answered behind at most one batch.

export const BATCH_FILES = 256;
export const BATCH_MS = 100;

/**
 * Sends every URI's messages with `send` (which returns the write promises), batch by batch; stops early
 * when `signal` aborts (the scan was cancelled: the client no longer wants them). `written` resolves when
 * the transport has written what was sent (over IPC the write promises resolve before that: ipc-writes.ts).
 */
export async function publishInBatches(
  uris: Iterable<string>,
  send: (uri: string) => Promise<void>[],
  signal?: AbortSignal,
  written?: () => Promise<void>,
): Promise<number> {
  let pending: Promise<void>[] = [];
  let files = 0;
  let sent = 0;
  let started = performance.now();
  const drain = async (): Promise<void> => {
    await Promise.all(pending);
    await written?.();
    pending = [];
    files = 0;
    // setImmediate, not a microtask: incoming requests are read and answered before the next batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    started = performance.now();
  };
  for (const uri of uris) {
    if (signal?.aborted) break;
    pending.push(...send(uri));
    files++;
    sent++;
    if (files >= BATCH_FILES || performance.now() - started >= BATCH_MS) await drain();
  }
  await Promise.all(pending);
  return sent;
}
