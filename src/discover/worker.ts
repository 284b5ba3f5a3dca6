// Worker thread entry (bundled to dist/discover-worker.js): scans the files it is sent, one batch at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { scanFile, type FileScan } from './file';

export interface WorkerRequest {
  batch: number;
  paths: string[];
}
export interface WorkerReply {
  batch: number;
  scans: FileScan[];
}

const maxBytes = (workerData as { maxBytes: number }).maxBytes;
parentPort?.on('message', (req: WorkerRequest) => {
  const reply: WorkerReply = { batch: req.batch, scans: req.paths.map((p) => scanFile(p, maxBytes)) };
  parentPort!.postMessage(reply);
});
