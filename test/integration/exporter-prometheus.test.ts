// Issue 13: `conndoc serve` under Debian's real Prometheus, scraped with blackbox_exporter's relabelling recipe
// unchanged; the diagnosis reaches Prometheus as a series a user can query and alert on.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startLab, type Lab } from '../../src/lab';
import { startCli, type CliHandle } from '../support/cli';
import { BINARIES, freePorts, needBinaries, scratchDir, startDaemon, type RealServer } from '../support/real-servers';

/** GET on loopback with a deadline and a byte cap. */
function get(url: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (s: string) => {
        body += s;
        if (body.length > 1 << 20) req.destroy(new Error('response over 1 MiB'));
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timed out`)));
    req.on('error', reject);
  });
}

interface Series {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(prom: string, q: string): Promise<Series[]> {
  const r = await get(`${prom}/api/v1/query?query=${encodeURIComponent(q)}`);
  const doc = JSON.parse(r.body) as { status: string; data: { result: Series[] } };
  assert.equal(doc.status, 'success', r.body);
  return doc.data.result;
}

/** Polls Prometheus until `q` returns series satisfying `ok` (bounded: 60 polls, 60 s). */
async function waitFor(prom: string, q: string, ok: (s: Series[]) => boolean): Promise<Series[]> {
  let last: Series[] = [];
  for (let i = 0; i < 60; i++) {
    last = await query(prom, q);
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`Prometheus never returned the expected series for ${q}; last: ${JSON.stringify(last)}`);
}

const portOf = (lab: Lab, name: string): number => Number(new URL(lab.cases.find((c) => c.name === name)!.url).port);

describe('conndoc serve scraped by real Prometheus (blackbox relabelling)', function () {
  this.timeout(120_000);
  let lab: Lab;
  let serve: CliHandle | undefined;
  let prometheus: RealServer | undefined;
  let exporterUrl = '';
  let promUrl = '';
  let okTarget = '';
  let resetTarget = '';
  let refusedTarget = '';

  before(async function () {
    needBinaries(this, 'exporter + prometheus', 'prometheus');
    lab = await startLab();
    okTarget = `http://127.0.0.1:${portOf(lab, 'ok-http')}/`;
    resetTarget = `https://127.0.0.1:${portOf(lab, 'tls-reset')}/`;
    refusedTarget = `http://127.0.0.1:${portOf(lab, 'tcp-refused')}/`;
    const dir = scratchDir('exporter');
    const [exporterPort, promPort] = await freePorts(2);
    const modules = path.join(dir, 'conndoc.yml');
    writeFileSync(
      modules,
      `modules:
  http_2xx:
    timeout: 2s
    allow:
      schemes: [http, https]
      cidrs: [127.0.0.0/8]
  only_public:
    allow:
      cidrs: [192.0.2.0/24]
`,
    );
    serve = startCli(['serve', '--listen', `127.0.0.1:${exporterPort}`, '--config', modules], { deadlineMs: 115_000 });
    exporterUrl = `http://127.0.0.1:${exporterPort}`;
    for (let i = 0; i < 100 && !serve.stderr().includes('/metrics'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(serve.stderr(), /conndoc serve: http:\/\/127\.0\.0\.1:\d+\/probe/, serve.stderr());

    // blackbox_exporter's README recipe, unchanged but for the exporter's address.
    const cfg = path.join(dir, 'prometheus.yml');
    writeFileSync(
      cfg,
      `global:
  scrape_interval: 3s
  scrape_timeout: 3s
scrape_configs:
  - job_name: blackbox
    metrics_path: /probe
    params:
      module: [http_2xx]
    static_configs:
      - targets:
          - ${okTarget}
          - ${resetTarget}
          - ${refusedTarget}
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: 127.0.0.1:${exporterPort}
  - job_name: conndoc_exporter
    static_configs:
      - targets: ['127.0.0.1:${exporterPort}']
`,
    );
    prometheus = await startDaemon(
      'prometheus',
      dir,
      BINARIES.prometheus.file,
      [`--config.file=${cfg}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn'],
      [promPort],
    );
    promUrl = `http://127.0.0.1:${promPort}`;
    // The port opens before the storage is ready (503 until then): wait for /-/ready, 30 s at most.
    for (let i = 0; i < 60 && (await get(`${promUrl}/-/ready`).catch(() => ({ status: 0 }))).status !== 200; i++) await new Promise((r) => setTimeout(r, 500));
  });

  after(async () => {
    await prometheus?.stop();
    if (serve && serve.child.exitCode === null) {
      serve.child.kill('SIGTERM');
      const end = await serve.done;
      assert.equal(end.code, 0, `conndoc serve should stop cleanly on SIGTERM: ${end.stderr}`);
    }
    await lab?.close();
  });

  it('Prometheus stores conndoc_diagnosis per target: the TLS reset is named, the healthy target is ok', async () => {
    const series = await waitFor(prometheus ? promUrl : '', 'conndoc_diagnosis{job="blackbox"} == 1', (s) => s.length >= 3);
    const byInstance = Object.fromEntries(series.map((s) => [s.metric.instance, s.metric]));
    assert.equal(byInstance[okTarget]?.id, 'ok');
    assert.equal(byInstance[resetTarget]?.id, 'tls.reset');
    assert.equal(byInstance[resetTarget]?.phase, 'tls');
    assert.equal(byInstance[refusedTarget]?.id, 'tcp.refused');
    const success = await query(promUrl, 'probe_success{job="blackbox"}');
    const ok = Object.fromEntries(success.map((s) => [s.metric.instance, s.value[1]]));
    assert.deepEqual(ok, { [okTarget]: '1', [resetTarget]: '0', [refusedTarget]: '0' });
  });

  it('findings and blackbox phase timings arrive as series too', async () => {
    const findings = await waitFor(promUrl, `conndoc_finding{instance="${resetTarget}"}`, (s) => s.length > 0);
    assert.ok(findings.some((s) => s.metric.name === 'immediate-reset'), JSON.stringify(findings));
    const phases = await query(promUrl, `probe_http_duration_seconds{instance="${okTarget}"}`);
    assert.deepEqual(phases.map((s) => s.metric.phase).sort(), ['connect', 'processing', 'resolve', 'tls', 'transfer']);
    const status = await query(promUrl, `probe_http_status_code{instance="${okTarget}"}`);
    assert.equal(status[0]?.value[1], '200');
  });

  it("the exporter's own /metrics is scraped: scrapes counted by module and outcome", async () => {
    const s = await waitFor(promUrl, 'conndoc_exporter_scrapes_total{job="conndoc_exporter",module="http_2xx"}', (x) => x.some((m) => m.metric.outcome === 'failure') && x.some((m) => m.metric.outcome === 'success'));
    assert.ok(s.length >= 2);
  });

  it('every query of the shipped Grafana dashboard runs in Prometheus, and the "why" table has a row per target', async () => {
    const dash = JSON.parse(readFileSync(path.resolve(__dirname, '../../../docs/grafana/conndoc-dashboard.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    for (const p of dash.panels) {
      for (const t of p.targets) {
        const expr = t.expr.replace(/\$job|\$instance/g, '.*');
        await query(promUrl, expr); // asserts status success: the expression parses and evaluates
      }
    }
    const why = dash.panels.find((p) => p.title.startsWith('Why'))!.targets[0].expr.replace(/\$job|\$instance/g, '.*');
    const rows = await query(promUrl, why);
    assert.ok(rows.length >= 3, JSON.stringify(rows));
  });

  it('a module that does not allow the target refuses it with 403 and contacts nothing', async () => {
    const before = lab.openSockets();
    const r = await get(`${exporterUrl}/probe?target=${encodeURIComponent(okTarget)}&module=only_public`);
    assert.equal(r.status, 403);
    assert.match(r.body, /outside the allowed CIDRs \(192\.0\.2\.0\/24\)/);
    assert.equal(lab.openSockets(), before);
    const unknown = await get(`${exporterUrl}/probe?target=${encodeURIComponent(okTarget)}&module=nope`);
    assert.equal(unknown.status, 400);
    assert.match(unknown.body, /Unknown module "nope"/);
  });
});
