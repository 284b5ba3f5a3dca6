// Real Debian daemons deciding the conclusions of issue 19: Apache mod_ssl demanding a client certificate (TLS 1.3
// and 1.2), Varnish and Caddy in front of a dead back end, Apache's proxy answering for one. Each one's own bytes
// decide the expected id and vendor.
import assert from 'node:assert/strict';
import { probeUrl } from '../../src/probe/probe';
import type { ProbeOptions } from '../../src/vocabulary/types';
import { describeResult } from '../support/assert-result';
import { freePort, freePorts, needBinaries, type RealServer, scratchDir, startApache, startCaddy, startNginx, startVarnish } from '../support/real-servers';
import { ThrowawayCa } from '../support/throwaway-ca';

const base: ProbeOptions = { proxy: null, timeoutMs: 5000, differential: false };

describe('real Apache mod_ssl: SSLVerifyClient require', function () {
  this.timeout(30_000);
  let apache: RealServer | undefined;
  let tls13 = 0;
  let tls12 = 0;
  let opts: ProbeOptions;

  before(async function () {
    needBinaries(this, 'real Apache mod_ssl', 'apache2', 'openssl');
    const caDir = scratchDir('apache-ca');
    const ca = new ThrowawayCa(caDir);
    opts = { ...base, ca: [ca.caPem] };
    const leaf = ca.issue('localhost', { san: ['DNS:localhost', 'IP:127.0.0.1'] });
    [tls13, tls12] = await freePorts(2);
    const vhost = (port: number, protocols: string): string => `
<VirtualHost 127.0.0.1:${port}>
  SSLEngine on
  SSLCertificateFile ${leaf.certFile}
  SSLCertificateKeyFile ${leaf.keyFile}
  SSLCACertificateFile ${ca.caFile}
  SSLVerifyClient require
  SSLProtocol ${protocols}
</VirtualHost>`;
    const dir = scratchDir('apache-mtls');
    apache = await startApache(dir, ['ssl', 'socache_shmcb'], `SSLSessionCache shmcb:${dir}/scache(512000)\n${vhost(tls13, '-all +TLSv1.3')}\n${vhost(tls12, '-all +TLSv1.2')}`, [tls13, tls12]);
  });
  after(async () => apache?.stop());

  it('TLS 1.3: certificate_required read after our Finished → tls.client-cert-required, failed in tls, alert named', async () => {
    const r = await probeUrl(`https://localhost:${tls13}/`, { ...opts, resolve: { [`localhost:${tls13}`]: ['127.0.0.1'] } });
    assert.equal(r.id, 'tls.client-cert-required', describeResult(r));
    assert.equal(r.failedPhase, 'tls', describeResult(r));
    assert.equal(r.phases.find((p) => p.phase === 'tls')?.alert, 'certificate_required');
    assert.equal(r.culprits?.[0].kind, 'client');
    assert.ok(!/crash|non-HTTP/i.test(JSON.stringify(r.culprits)), JSON.stringify(r.culprits));
  });

  it('TLS 1.2: a fatal alert right after the CertificateRequest → tls.client-cert-required', async () => {
    const r = await probeUrl(`https://localhost:${tls12}/`, { ...opts, resolve: { [`localhost:${tls12}`]: ['127.0.0.1'] } });
    assert.equal(r.id, 'tls.client-cert-required', describeResult(r));
    assert.equal(r.phases.find((p) => p.phase === 'tls')?.tlsVersion ?? 'TLSv1.2', 'TLSv1.2');
  });
});

describe('real gateways in front of a dead back end', function () {
  this.timeout(30_000);
  const servers: RealServer[] = [];
  let varnish = 0;
  let caddy = 0;
  let apache = 0;

  before(async function () {
    needBinaries(this, 'real gateways', 'varnishd', 'caddy', 'apache2');
    const dead = await freePort(); // nothing listens: every gateway's connect is refused
    [varnish, caddy, apache] = await freePorts(3);
    servers.push(await startVarnish(scratchDir('varnish'), varnish, dead));
    servers.push(await startCaddy(scratchDir('caddy'), `http://127.0.0.1:${caddy} {\n  reverse_proxy 127.0.0.1:${dead}\n}`, [caddy]));
    servers.push(await startApache(scratchDir('apache-proxy'), ['proxy', 'proxy_http'], `ProxyPass / http://127.0.0.1:${dead}/`, [apache]));
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('Varnish "Backend fetch failed" with its stock Retry-After: 5 → http.upstream-failure + vendor:varnish, never "slow down"', async () => {
    const r = await probeUrl(`http://127.0.0.1:${varnish}/`, base);
    assert.equal(r.id, 'http.upstream-failure', describeResult(r));
    assert.ok(r.findings.includes('vendor:varnish'), describeResult(r));
    assert.equal(r.rateLimit?.retryAfterSec, 5, 'the Retry-After is there and still loses to the gateway page');
    assert.ok(!r.findings.includes('rate-limit-suspected'), describeResult(r));
    assert.equal(r.culprits?.[0].kind, 'server', JSON.stringify(r.culprits));
    assert.match(r.culprits?.[0].title ?? '', /Varnish/);
  });

  it('Caddy\'s own empty 502 → http.upstream-failure + vendor:caddy, the back end behind it blamed', async () => {
    const r = await probeUrl(`http://127.0.0.1:${caddy}/`, base);
    assert.equal(r.id, 'http.upstream-failure', describeResult(r));
    assert.ok(r.findings.includes('vendor:caddy'), describeResult(r));
    assert.equal(r.culprits?.[0].kind, 'server', JSON.stringify(r.culprits));
  });

  it('Apache mod_proxy to a closed port → http.upstream-failure + vendor:apache', async () => {
    const r = await probeUrl(`http://127.0.0.1:${apache}/`, base);
    assert.equal(r.id, 'http.upstream-failure', describeResult(r));
    assert.ok(r.findings.includes('vendor:apache'), describeResult(r));
  });
});

describe('real nginx with a User-Agent rule: who asks', function () {
  this.timeout(30_000);
  let nginx: RealServer | undefined;
  let port = 0;

  before(async function () {
    needBinaries(this, 'real nginx User-Agent rule', 'nginx');
    port = await freePort();
    const dir = scratchDir('nginx-ua');
    nginx = await startNginx(
      dir,
      `  server {
    listen 127.0.0.1:${port};
    location / {
      if ($http_user_agent !~* "Mozilla/") { return 403; }
      return 200 "hello, browser\\n";
    }
    location /open { return 403; }
  }`,
      [port],
    );
  });
  after(async () => nginx?.stop());

  it('a 403 for non-browser clients, 200 for a browser → http.client-error + client-dependent, bot/client rule first', async () => {
    const r = await probeUrl(`http://127.0.0.1:${port}/`, { ...base, differential: true });
    assert.equal(r.id, 'http.client-error', describeResult(r));
    assert.ok(r.findings.includes('client-dependent'), describeResult(r));
    assert.match(r.evidence?.find((e) => e.finding === 'client-dependent')?.detail ?? '', /HTTP 200.*HTTP 403/);
    assert.match(r.verdict ?? '', /browser/);
    assert.ok(['waf', 'server'].includes(r.culprits?.[0].kind ?? ''), JSON.stringify(r.culprits));
  });

  it('a 403 for everyone → no client-dependent finding (one more request, same answer)', async () => {
    const r = await probeUrl(`http://127.0.0.1:${port}/open?token=1`, { ...base, differential: true });
    assert.equal(r.id, 'http.client-error', describeResult(r));
    assert.ok(!r.findings.includes('client-dependent'), describeResult(r));
    assert.deepEqual(r.variants?.map((v) => v.variant.split(' ')[0]), ['client=browser', 'query=none'], 'asked once as a browser and once without the query');
  });
});
