// The blackbox_exporter contract over HTTP: GET /probe?target=<url>&module=<name> → metrics of one probe;
// GET /metrics → the exporter's own. One host limiter and one Retry-After memory serve every scrape.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { redactText } from '../vocabulary/redact';
import { HostLimiter } from '../probe/limiter';
import { DEFAULT_MODULE, type ExporterConfig } from './modules';
import { Exposition, probeMetrics } from './metrics';
import { runProbe, type ProbeRun } from './run';

/** Prometheus sends its scrape timeout; we answer half a second before it, as blackbox does. */
const SCRAPE_MARGIN_S = 0.5;
const MAX_PROBE_S = 120;
const MAX_BACKOFF_S = 3600;

export interface Exporter {
  url: string;
  close(): Promise<void>;
}

type Outcome = 'success' | 'failure' | 'denied' | 'backoff' | 'busy';

export async function startExporter(config: ExporterConfig, host: string, port: number, version = 'dev'): Promise<Exporter> {
  const limiter = new HostLimiter(config.perHost);
  const backoff = new Map<string, { until: number; text: string }>();
  const counts = new Map<string, number>();
  const started = Date.now() / 1000;
  const inflight = new Set<AbortController>();
  let active = 0;
  const waiting: (() => void)[] = [];
  let probeSeconds = 0;

  const count = (module: string, outcome: Outcome): void => {
    const key = `${module}\u0000${outcome}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };

  const slot = async (signal: AbortSignal): Promise<() => void> => {
    if (active >= config.concurrency) {
      await new Promise<void>((resolve, reject) => {
        const go = (): void => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const i = waiting.indexOf(go);
          if (i >= 0) waiting.splice(i, 1);
          reject(new Error('aborted'));
        };
        waiting.push(go);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    active++;
    return () => {
      active--;
      waiting.shift()?.();
    };
  };

  const probe = async (req: http.IncomingMessage, res: http.ServerResponse, params: URLSearchParams): Promise<void> => {
    const target = params.get('target');
    const moduleName = params.get('module') || DEFAULT_MODULE;
    const mod = config.modules.get(moduleName);
    if (!mod) return plain(res, 400, `Unknown module "${moduleName.slice(0, 64)}"`);
    if (!target) return plain(res, 400, 'Target parameter is missing');
    const hostKey = hostOf(target);
    const held = hostKey ? backoff.get(hostKey) : undefined;
    if (held && held.until > Date.now()) {
      // The target asked us to wait (Retry-After): the last answer stands and nothing is sent until then.
      count(moduleName, 'backoff');
      const e = new Exposition();
      e.add('conndoc_backoff_seconds', 'Seconds left of the Retry-After this host sent; not probed again until then', (held.until - Date.now()) / 1000);
      return metricsReply(res, held.text + e.toString());
    }
    if (active >= config.concurrency && waiting.length >= config.maxQueued) {
      count(moduleName, 'busy');
      return plain(res, 503, 'too many probes waiting; retry later');
    }
    const ctl = new AbortController();
    inflight.add(ctl);
    const scrapeTimeout = Number(req.headers['x-prometheus-scrape-timeout-seconds']);
    const budget = Number.isFinite(scrapeTimeout) && scrapeTimeout > SCRAPE_MARGIN_S ? scrapeTimeout - SCRAPE_MARGIN_S : MAX_PROBE_S;
    const timer = setTimeout(() => ctl.abort(), Math.min(budget, MAX_PROBE_S) * 1000);
    const onClose = (): void => {
      if (!res.writableFinished) ctl.abort();
    };
    res.once('close', onClose);
    let release: (() => void) | undefined;
    try {
      release = await slot(ctl.signal);
      const run: ProbeRun = await runProbe(target, mod, limiter, ctl.signal);
      probeSeconds += run.seconds;
      let text = probeMetrics(run);
      if (ctl.signal.aborted && !res.destroyed) {
        // Cut short by the scrape's deadline: the diagnosis is of an unfinished probe, and the series says so.
        const cut = new Exposition();
        cut.add('conndoc_probe_cut_short', "The scrape timeout ended the probe before it finished (raise the job's scrape_timeout)", 1);
        text += cut.toString();
      }
      if (run.denied) {
        count(moduleName, 'denied');
        // Refused by configuration: a 403 with the reason makes the scrape itself fail visibly (up == 0).
        return plain(res, 403, redactText(run.denied));
      }
      const final = run.hops[run.hops.length - 1];
      count(moduleName, final?.ok && !run.redirectProblem ? 'success' : 'failure');
      const retryAfter = final?.rateLimit?.retryAfterSec;
      if (hostKey && retryAfter !== undefined && retryAfter > 0) {
        backoff.set(hostKey, { until: Date.now() + Math.min(retryAfter, MAX_BACKOFF_S) * 1000, text });
      }
      if (params.get('debug') === 'true') return plain(res, 200, `${text}\n# results (redacted):\n${redactText(JSON.stringify(run.hops, null, 2))}`);
      return metricsReply(res, text);
    } catch {
      if (!res.headersSent) plain(res, 503, 'probe cancelled');
    } finally {
      release?.();
      clearTimeout(timer);
      inflight.delete(ctl);
      res.off('close', onClose);
      pruneBackoff(backoff);
    }
  };

  const self = (res: http.ServerResponse): void => {
    const e = new Exposition();
    e.add('conndoc_exporter_build_info', 'conndoc serve version', 1, { version });
    for (const [key, n] of counts) {
      const [module, outcome] = key.split('\u0000');
      e.add('conndoc_exporter_scrapes_total', 'Probe requests answered, by module and outcome', n, { module, outcome }, 'counter');
    }
    e.add('conndoc_exporter_probes_in_flight', 'Probes running now', active);
    e.add('conndoc_exporter_probes_waiting', 'Probe requests waiting for a slot', waiting.length);
    e.add('conndoc_exporter_probe_seconds_total', 'Time spent probing', probeSeconds, {}, 'counter');
    e.add('conndoc_exporter_hosts_backing_off', 'Hosts not probed until their Retry-After passes', [...backoff.values()].filter((b) => b.until > Date.now()).length);
    e.add('process_start_time_seconds', 'Start time of the process since unix epoch in seconds', started);
    e.add('process_resident_memory_bytes', 'Resident memory size in bytes', process.memoryUsage.rss());
    metricsReply(res, e.toString());
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://exporter.invalid');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'GET only');
    if (url.pathname === '/probe') return void probe(req, res, url.searchParams);
    if (url.pathname === '/metrics') return self(res);
    if (url.pathname === '/') {
      return plain(res, 200, `conndoc serve — blackbox_exporter-compatible prober\nmodules: ${[...config.modules.keys()].join(', ')}\nGET /probe?target=<url>&module=<name>\nGET /metrics\n`);
    }
    plain(res, 404, 'not found');
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = (MAX_PROBE_S + 10) * 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shown}:${addr.port}`,
    close: async () => {
      for (const c of inflight) c.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function hostOf(target: string): string | undefined {
  try {
    return new URL(target).host.toLowerCase();
  } catch {
    return undefined;
  }
}

function pruneBackoff(backoff: Map<string, { until: number }>): void {
  const now = Date.now();
  for (const [k, v] of backoff) if (v.until <= now) backoff.delete(k);
}

function plain(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text.endsWith('\n') ? text : `${text}\n`);
}

function metricsReply(res: http.ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  res.end(text);
}
