// scanPaths: walk the paths (R1), read each file once on worker threads, extract its URLs (R2–R9).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { displayPath, scanFile, scanToJson, type FileScan, type JsonBatch } from './file';
import type { ScannedUrl } from './targets';
import { checkRoots, walk } from './walk';
import type { WorkerPart, WorkerReply, WorkerRequest } from './worker';


export interface ScanOptions {
  /** Globs (picomatch) relative to each scanned folder; a glob without "/" matches names at any depth. */
  excludes?: string[];
  /** Honour .gitignore files (opt-in). */
  gitignore?: boolean;
  /** Bytes read per file; the rest is not scanned and the file is listed in `skipped` (default 50 MiB). */
  maxFileBytes?: number;
  /** Stops the walk; the result holds what was found so far. */
  signal?: AbortSignal;
  onProgress?: (p: { files: number; urls: number }) => void;
  /** Worker threads (default: one per core, at most 4); 0 scans in this thread. */
  workers?: number;
  /**
   * Deliver the URLs as the CLI contract's JSON entries instead of objects (`urls` stays empty): each
   * `write` gets the next files' entries in walk order, joined by `separator`, with their count.
   */
  json?: { separator: string; write: (entries: string, count: number) => void };
  /**
   * Hand each file's URLs over as soon as it is scanned, in completion order, instead of collecting them
   * (`urls` stays empty): the language server registers them file by file and never holds a workspace's worth.
   */
  onFile?: (file: string, urls: ScannedUrl[]) => void;
}

export interface ScanResult {
  /** In walk order, then position in the file. */
  urls: ScannedUrl[];
  /** Files (or folders) not scanned, or only partly, and why. */
  skipped: { file: string; reason: string }[];
  /** Files read (binary ones included). */
  files: number;
}

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;
const BATCH = 16;
/** Batches walked ahead of the threads, per thread. */
const QUEUED_PER_WORKER = 4;
/**
 * Bytes scanned on this thread before worker threads start: below it, starting them costs more than it
 * saves (about 100 ms of CPU each, more than a link check of a 200-page docs folder spends scanning).
 */
const IN_THREAD_BYTES = 4 << 20;

/** The worker script next to the running code: dist/discover-worker.js in a bundle, worker.js when run by tsc output. */
function workerScript(): string | undefined {
  const bundled = join(__dirname, 'discover-worker.js');
  if (existsSync(bundled)) return bundled;
  const compiled = join(__dirname, 'worker.js');
  return __filename.endsWith('scan.js') && existsSync(compiled) ? compiled : undefined;
}

/**
 * Worker threads that take their next batch when they finish one (with one more waiting, so no thread
 * idles through the round trip): batches are not assigned when queued, so a thread that drew a batch of
 * big files does not keep others waiting behind it while the other threads run dry.
 */
class Pool {
  private readonly workers: Slot[] = [];
  private readonly queue: Job[] = [];
  private next = 0;

  constructor(script: string, size: number, maxBytes: number) {
    for (let i = 0; i < size; i++) {
      // A bounded heap keeps the process small (files are decoded in windows, so little is live at once;
      // a young generation of 2 MB kept the bench's peak near 160 MiB where 8 MB reached 190). A file too
      // big for it fails that worker, and its batches are scanned on the main thread instead (see scanPaths).
      const w = new Worker(script, { workerData: { maxBytes }, resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 2 } });
      const slot: Slot = { w, dead: false, running: new Map() };
      w.on('message', (r: WorkerReply | WorkerPart) => {
        if ('part' in r) return slot.running.get(r.batch)?.onPart?.(r.part.entries, r.part.urls);
        const job = slot.running.get(r.batch);
        slot.running.delete(r.batch);
        this.dispatch();
        job?.resolve(r);
      });
      const fail = (e: Error): void => {
        slot.dead = true;
        for (const job of slot.running.values()) job.reject(e);
        slot.running.clear();
        if (!this.size) for (const job of this.queue.splice(0)) job.reject(e);
        else this.dispatch();
      };
      w.on('error', fail);
      w.on('exit', (code) => fail(new Error(`discovery worker exited with ${code}`)));
      this.workers.push(slot);
    }
  }

  get size(): number {
    return this.workers.filter((s) => !s.dead).length;
  }

  /** Batches queued or running. */
  get pending(): number {
    return this.queue.length + this.workers.reduce((n, s) => n + s.running.size, 0);
  }

  /** `first`: ahead of the queued batches (the files a worker handed back). */
  scan(paths: string[], jsonSeparator: string | undefined, first = false, onPart?: Job['onPart']): Promise<WorkerReply> {
    if (!this.size) return Promise.reject(new Error('no discovery worker left'));
    return new Promise((resolve, reject) => {
      const job = { req: { batch: this.next++, paths, jsonSeparator }, resolve, reject, onPart };
      if (first) this.queue.unshift(job);
      else this.queue.push(job);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length) {
      // An idle thread before one that already has a batch to go on with.
      let slot: Slot | undefined;
      for (const s of this.workers) if (!s.dead && s.running.size < PER_WORKER && (!slot || s.running.size < slot.running.size)) slot = s;
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.running.set(job.req.batch, job);
      slot.w.postMessage(job.req);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((s) => s.w.terminate()));
  }
}

/** Batches a worker holds at once: the one it scans and the next, already posted. */
const PER_WORKER = 2;

interface Slot {
  w: Worker;
  dead: boolean;
  running: Map<number, Job>;
}

interface Job {
  req: WorkerRequest;
  resolve: (r: WorkerReply) => void;
  reject: (e: Error) => void;
  /** Entries the batch sent ahead of its reply. */
  onPart?: (entries: string, urls: number) => void;
}

export async function scanPaths(paths: string[], opts: ScanOptions = {}): Promise<ScanResult> {
  const roots = await checkRoots(paths);
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const signal = opts.signal;
  const json = opts.json;
  const skipped: ScanResult['skipped'] = [];
  const perFile: ScannedUrl[][] = [];
  let files = 0;
  let urlCount = 0;

  const record = (index: number, abs: string, s: FileScan): void => {
    files++;
    if (!s.skipped && !s.truncated && !s.urls.length) return;
    const file = displayPath(abs);
    if (s.skipped) skipped.push({ file, reason: s.skipped });
    if (s.truncated) skipped.push({ file, reason: s.truncated });
    if (s.urls.length) {
      for (const u of s.urls) {
        (u as ScannedUrl).file = file;
        u.probeUrl ??= u.url; // left out by the worker when the same
      }
      if (opts.onFile) opts.onFile(file, s.urls as ScannedUrl[]);
      else perFile[index] = s.urls as ScannedUrl[];
      urlCount += s.urls.length;
    }
  };
  // JSON batches are written in walk order, whichever thread finishes first. A batch of very many URLs sends
  // parts ahead of its reply: written at once when it is the next batch to write, else held until it is.
  const pendingJson = new Map<number, { batch: string[]; jb: JsonBatch }>();
  const heldParts = new Map<number, { entries: string[]; urls: number }>();
  let nextJson = 0;
  const writeJson = (entries: string, urls: number): void => {
    if (urls) json!.write(entries, urls);
    urlCount += urls;
  };
  const writeHeld = (): void => {
    const held = heldParts.get(nextJson);
    if (held === undefined) return;
    heldParts.delete(nextJson);
    writeJson(held.entries.join(json!.separator), held.urls);
  };
  // URLs each batch sent ahead: if its thread then fails, the batch is scanned again here without them.
  const sentAhead = new Map<number, number>();
  const partOf = (first: number) => (entries: string, urls: number): void => {
    sentAhead.set(first, (sentAhead.get(first) ?? 0) + urls);
    if (first === nextJson) return writeJson(entries, urls);
    const held = heldParts.get(first) ?? { entries: [], urls: 0 };
    held.entries.push(entries);
    held.urls += urls;
    heldParts.set(first, held);
  };
  const recordJson = (first: number, batch: string[], jb: JsonBatch): void => {
    pendingJson.set(first, { batch, jb });
    for (let p = pendingJson.get(nextJson); p; p = pendingJson.get(nextJson)) {
      pendingJson.delete(nextJson);
      sentAhead.delete(nextJson);
      nextJson += p.batch.length;
      p.jb.files.forEach((s, i) => record(0, p.batch[i], s));
      writeJson(p.jb.entries, p.jb.urls);
      // The next batch to write may have sent parts already (a batch's parts are held only until it is next).
      writeHeld();
    }
  };
  const progress = (): void => opts.onProgress?.({ files, urls: urlCount });
  let inThreadBytes = 0;
  const inThread = async (batch: string[], first: number): Promise<void> => {
    if (json) {
      const jb = scanToJson(batch, maxBytes, json.separator, Infinity, partOf(first), sentAhead.get(first));
      for (const f of jb.files) inThreadBytes += f.bytes;
      recordJson(first, batch, jb);
    } else {
      batch.forEach((p, i) => {
        const s = scanFile(p, maxBytes);
        inThreadBytes += s.bytes;
        record(first + i, p, s);
      });
    }
    progress();
    await new Promise((r) => setImmediate(r)); // let an abort or a progress line through
  };

  const script = opts.workers === 0 ? undefined : workerScript();
  const threads = Math.max(0, Math.min(opts.workers ?? Math.min(availableParallelism(), 4), 16));
  let pool: Pool | undefined;
  const inFlight = new Set<Promise<void>>();
  const submit = async (batch: string[], first: number, handedBack = false): Promise<void> => {
    if (!pool && script && threads > 0 && inThreadBytes >= IN_THREAD_BYTES) pool = new Pool(script, threads, maxBytes);
    if (!pool) return inThread(batch, first);
    // A few batches queued per thread keep them busy without holding the whole workspace in memory.
    while (!handedBack && inFlight.size && pool.pending >= pool.size * QUEUED_PER_WORKER) await Promise.race(inFlight);
    const p: Promise<void> = pool.scan(batch, json?.separator, handedBack, json ? partOf(first) : undefined).then(
      (r) => {
        let done: number;
        if ('json' in r) {
          done = r.json.files.length;
          recordJson(first, batch.slice(0, done), r.json);
        } else {
          const scans = JSON.parse(r.scans) as FileScan[];
          scans.forEach((s, i) => record(first + i, batch[i], s));
          done = scans.length;
        }
        // The files after a big one, for whichever thread is free first.
        if (done < batch.length) void submit(batch.slice(done), first + done, true);
        progress();
      },
      // Aborted: the batch is dropped (as an empty one, so later JSON batches still flow).
      () => (!signal?.aborted ? inThread(batch, first) : json ? recordJson(first, batch, { entries: '', urls: 0, files: [] }) : undefined),
    ).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  let queued: string[] = [];
  let index = 0;
  try {
    for (const root of roots) {
      for await (const item of walk(root, { ...opts, signal })) {
        if (signal?.aborted) break;
        if ('skipped' in item) {
          skipped.push({ file: displayPath(item.skipped), reason: item.reason });
          continue;
        }
        queued.push(item.file);
        if (queued.length === BATCH) {
          await submit(queued, index);
          index += BATCH;
          queued = [];
        }
      }
      if (signal?.aborted) break;
    }
    if (!signal?.aborted && queued.length) await submit(queued, index);
    while (inFlight.size) await Promise.race(inFlight);
  } finally {
    await pool?.close();
  }
  return { urls: perFile.flat(), skipped, files };
}
