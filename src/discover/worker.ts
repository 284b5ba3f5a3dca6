// Worker thread entry (bundled to dist/discover-worker.js): scans the files it is sent, one batch at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { scanFile, scanToJson, type FileScan, type JsonBatch } from './file';

export interface WorkerRequest {
  batch: number;
  paths: string[];
  /** Reply with the contract's JSON entries joined by this, not with FileScan objects. */
  jsonSeparator?: string;
}
/** Replies cover the first files of the request's paths, maybe not all (see BATCH_BYTES). */
export type WorkerReply =
  /** FileScan[] as JSON: JSON.parse on the main thread is cheaper than structured-clone deserialisation. */
  | { batch: number; scans: string }
  | { batch: number; json: JsonBatch };
/** Entries of a batch still being scanned (a file of very many URLs), ahead of its reply and in order. */
export interface WorkerPart {
  batch: number;
  part: { entries: string; urls: number };
}

/**
 * Bytes a worker reads of one batch before it replies and hands the batch's other files back: batches are
 * counted in files (the walk does not stat), and a folder of big files in one batch kept one thread busy
 * for a second while the others ran dry.
 */
const BATCH_BYTES = 1 << 20;

const maxBytes = (workerData as { maxBytes: number }).maxBytes;
parentPort?.on('message', (req: WorkerRequest) => {
  if (req.jsonSeparator !== undefined) {
    const part = (entries: string, urls: number): void => parentPort!.postMessage({ batch: req.batch, part: { entries, urls } } satisfies WorkerPart);
    parentPort!.postMessage({ batch: req.batch, json: scanToJson(req.paths, maxBytes, req.jsonSeparator, BATCH_BYTES, part) } satisfies WorkerReply);
    return;
  }
  const scans: FileScan[] = [];
  for (let i = 0, read = 0; i < req.paths.length && read < BATCH_BYTES; i++) {
    scans.push(scanFile(req.paths[i], maxBytes));
    read += scans[i].bytes;
  }
  // probeUrl equals url unless there is userinfo: leave it out (JSON drops undefined) and let the main
  // thread share one string for both.
  for (const s of scans) for (const u of s.urls) if (u.probeUrl === u.url) (u as { probeUrl?: string }).probeUrl = undefined;
  parentPort!.postMessage({ batch: req.batch, scans: JSON.stringify(scans) } satisfies WorkerReply);
});
