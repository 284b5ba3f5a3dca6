// Worker thread entry (bundled to dist/discover-worker.js): scans the files it is sent, one batch at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { scanFile, scanToJson, type JsonBatch } from './file';

export interface WorkerRequest {
  batch: number;
  paths: string[];
  /** Reply with the contract's JSON entries joined by this, not with FileScan objects. */
  jsonSeparator?: string;
}
export type WorkerReply =
  /** FileScan[] as JSON: JSON.parse on the main thread is cheaper than structured-clone deserialisation. */
  | { batch: number; scans: string }
  | { batch: number; json: JsonBatch };

const maxBytes = (workerData as { maxBytes: number }).maxBytes;
parentPort?.on('message', (req: WorkerRequest) => {
  if (req.jsonSeparator !== undefined) {
    parentPort!.postMessage({ batch: req.batch, json: scanToJson(req.paths, maxBytes, req.jsonSeparator) } satisfies WorkerReply);
    return;
  }
  const scans = req.paths.map((p) => scanFile(p, maxBytes));
  // probeUrl equals url unless there is userinfo: leave it out (JSON drops undefined) and let the main
  // thread share one string for both.
  for (const s of scans) for (const u of s.urls) if (u.probeUrl === u.url) (u as { probeUrl?: string }).probeUrl = undefined;
  parentPort!.postMessage({ batch: req.batch, scans: JSON.stringify(scans) } satisfies WorkerReply);
});
