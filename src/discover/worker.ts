// Worker thread entry (bundled to dist/discover-worker.js): scans the files it is sent, one batch at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { scanFile, type FileScan } from './file';

export interface WorkerRequest {
  batch: number;
  paths: string[];
}
export interface WorkerReply {
  batch: number;
  /** FileScan[] as JSON: JSON.parse on the main thread is cheaper than structured-clone deserialisation. */
  scans: string;
}

const maxBytes = (workerData as { maxBytes: number }).maxBytes;
parentPort?.on('message', (req: WorkerRequest) => {
  const scans = req.paths.map((p) => scanFile(p, maxBytes));
  // probeUrl equals url unless there is userinfo: leave it out (JSON drops undefined) and let the main
  // thread share one string for both.
  for (const s of scans) for (const u of s.urls) if (u.probeUrl === u.url) (u as { probeUrl?: string }).probeUrl = undefined;
  const reply: WorkerReply = { batch: req.batch, scans: JSON.stringify(scans) };
  parentPort!.postMessage(reply);
});
