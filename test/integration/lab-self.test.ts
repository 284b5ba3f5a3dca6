// The lab checked without the engine: plain node net/tls/http/dns clients and curl confirm that each server does
// on the wire what its case claims (a RST is a RST, a FIN a FIN, an alert the right alert, …).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as dns from 'node:dns';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import * as zlib from 'node:zlib';
import { startLab, type Lab, type LabCase } from '../../src/lab';

let lab: Lab;
const byName = (name: string): LabCase => {
  const c = lab.cases.find((x) => x.name === name);
  assert.ok(c, `no lab case ${name}`);
  return c;
};

/** Where a case's URL leads: the first --resolve address (or 127.0.0.1 for lab-DNS cases). */
function target(c: LabCase, index = 0): { host: string; address: string; port: number } {
  const u = new URL(c.url);
  const port = Number(u.port);
  const addrs = c.options.resolve?.[`${u.hostname}:${port}`];
  const address = addrs?.[index] ?? (u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : '127.0.0.1');
  return { host: u.hostname, address, port };
}

type Outcome = { end: 'rst' | 'fin' | 'open'; bytes: Buffer; ms: number };

/** Sends `data` on a raw TCP socket and reports how the peer ended (RST, FIN, or still open after `waitMs`). */
function rawExchange(address: string, port: number, data: Buffer | string, waitMs = 1500): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, address);
    const chunks: Buffer[] = [];
    let sentAt = 0;
    const finish = (end: Outcome['end']): void => {
      clearTimeout(timer);
      s.destroy();
      resolve({ end, bytes: Buffer.concat(chunks), ms: performance.now() - sentAt });
    };
    const timer = setTimeout(() => finish('open'), waitMs);
    s.once('connect', () => { sentAt = performance.now(); s.write(data); });
    s.on('data', (b: Buffer) => chunks.push(b));
    s.once('end', () => finish('fin'));
    s.once('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? finish('rst') : (clearTimeout(timer), reject(e))));
  });
}

/** A real ClientHello from node's TLS stack, captured on a throwaway listener. */
async function clientHello(opts: tls.ConnectionOptions): Promise<Buffer> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  const got = new Promise<Buffer>((resolve) => srv.once('connection', (s) => s.once('data', (b: Buffer) => { resolve(b); s.destroy(); })));
  const c = tls.connect({ host: '127.0.0.1', port, ...opts });
  c.on('error', () => undefined);
  const hello = await got;
  c.destroy();
  srv.close();
  return hello;
}

/** A full TLS handshake attempt; resolves the error code, or 'ok' with the negotiated ALPN. */
function handshake(c: LabCase, opts: tls.ConnectionOptions = {}, index = 0): Promise<{ code: string; alpn?: string | false | null }> {
  const t = target(c, index);
  return new Promise((resolve) => {
    const s = tls.connect({ host: t.address, port: t.port, servername: t.host, ca: lab.caPem, ALPNProtocols: ['h2', 'http/1.1'], ...opts });
    s.setTimeout(3000, () => { s.destroy(); resolve({ code: 'TIMEOUT' }); });
    s.once('secureConnect', () => { resolve({ code: 'ok', alpn: s.alpnProtocol }); s.destroy(); });
    s.once('error', (e: NodeJS.ErrnoException) => resolve({ code: e.code ?? e.message }));
  });
}

function run(cmd: string, args: string[], timeoutMs = 15000): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '' } });
    let out = '';
    let err = '';
    const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.stdout.on('data', (b: Buffer) => (out += b));
    p.stderr.on('data', (b: Buffer) => (err += b));
    p.once('close', (code) => { clearTimeout(t); resolve({ code: code ?? -1, out, err }); });
  });
}

/** curl against a case, with its own --resolve/--cacert; returns exit code and %{http_code}. */
async function curl(c: LabCase, extra: string[] = []): Promise<{ exit: number; status: number; err: string }> {
  const args = ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '5', '--cacert', lab.caFile];
  for (const [k, v] of Object.entries(c.options.resolve ?? {})) args.push('--resolve', `${k}:${v.join(',')}`);
  const r = await run('curl', [...args, ...extra, c.url]);
  return { exit: r.code, status: Number(r.out) || 0, err: r.err };
}

function get(c: LabCase, reqPath = '/'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const t = target(c);
  return new Promise((resolve, reject) => {
    const req = http.get({ host: t.address, port: t.port, path: reqPath, headers: { host: `${t.host}:${t.port}` }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
  });
}

const REQUEST = (c: LabCase): string => `GET / HTTP/1.1\r\nHost: ${target(c).host}\r\nConnection: close\r\n\r\n`;

describe('lab (self-test, no engine)', function () {
  this.timeout(30000);
  before(async () => { lab = await startLab(); });
  after(async () => { await lab?.close(); });

  it('names are unique kebab-case and every URL leads to loopback', () => {
    const names = new Set(lab.cases.map((c) => c.name));
    assert.equal(names.size, lab.cases.length);
    for (const c of lab.cases) {
      assert.match(c.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      const addrs = Object.values(c.options.resolve ?? {}).flat();
      for (const a of addrs) assert.match(a, /^127\./, `${c.name} resolves to ${a}`);
      if (!addrs.length) assert.ok(c.options.dnsServer?.startsWith('127.0.0.1:') || /\/\/\[::1\]/.test(c.url), c.name);
      assert.ok(c.args.includes('--timeout'), c.name);
    }
  });

  it('ok cases answer 200, over http/1.1 and h2 (curl)', async () => {
    for (const name of ['ok-http', 'ok-https-h1', 'ok-h2', 'redirect-ok', 'address-good-first']) {
      const r = await curl(byName(name), ['-L']);
      assert.deepEqual([r.exit, r.status], [0, 200], `${name}: ${r.err}`);
    }
    assert.equal((await handshake(byName('ok-h2'))).alpn, 'h2');
    assert.equal((await handshake(byName('ok-https-h1'))).alpn, 'http/1.1');
    const proxy = byName('ok-proxy');
    const r = await curl(proxy, ['--proxy', proxy.options.proxy as string]);
    assert.deepEqual([r.exit, r.status], [0, 200], r.err);
  });

  it('the lab DNS server answers NXDOMAIN, NODATA, SERVFAIL, silence, and two A records in order', async () => {
    const resolver = new dns.promises.Resolver({ timeout: 300, tries: 1 });
    resolver.setServers([lab.dnsServer]);
    const code = (name: string): Promise<string> => resolver.resolve4(name).then(() => 'ok', (e: NodeJS.ErrnoException) => e.code ?? '?');
    assert.equal(await code('dns-not-found.lab.test'), 'ENOTFOUND');
    assert.equal(await code('dns-no-address.lab.test'), 'ENODATA');
    assert.equal(await code('dns-servfail.lab.test'), 'ESERVFAIL');
    assert.equal(await code('dns-timeout.lab.test'), 'ETIMEOUT');
    assert.deepEqual(await resolver.resolve4('ok-dns.lab.test'), ['127.0.0.1']);
    assert.deepEqual(await resolver.resolve4('address-dns-good-first.lab.test'), ['127.0.0.1', '127.0.0.2']);
    assert.deepEqual(await resolver.resolve4('address-dns-bad-first.lab.test'), ['127.0.0.2', '127.0.0.1']);
    assert.equal(await code('example.com'), 'EREFUSED', 'names outside lab.test are refused, never forwarded');
  });

  it('tcp-refused refuses and tcp-timeout really drops the SYN on this kernel', async () => {
    const refused = target(byName('tcp-refused'));
    await assert.rejects(rawExchange(refused.address, refused.port, ''), { code: 'ECONNREFUSED' });
    const t = target(byName('tcp-timeout'));
    const outcome = await new Promise<string>((resolve) => {
      const s = net.connect(t.port, t.address);
      const timer = setTimeout(() => { s.destroy(); resolve('no answer'); }, 1500);
      s.once('connect', () => { clearTimeout(timer); s.destroy(); resolve('connected'); });
      s.once('error', (e: NodeJS.ErrnoException) => { clearTimeout(timer); resolve(e.code ?? 'error'); });
    });
    assert.equal(outcome, 'no answer');
  });

  it('tcp-unreachable gives EHOSTUNREACH inside its throwaway netns', function () {
    const c = byName('tcp-unreachable');
    if (process.getuid?.() !== 0 || spawnSync('unshare', ['--net', 'true']).status !== 0) this.skip();
    const t = target(c);
    const script = `require('net').connect(${t.port}, '${t.address}').on('error', (e) => { console.log(e.code); process.exit(0); })`;
    const r = spawnSync('unshare', ['--net', 'sh', '-c', `${(c.netns ?? []).join(' && ')} && exec "${process.execPath}" -e "${script.replace(/"/g, '\\"')}"`], { encoding: 'utf8', timeout: 10000 });
    assert.equal(r.stdout.trim(), 'EHOSTUNREACH', r.stderr);
  });

  it('proxies: CONNECT answered 407 / 403, reset, closed', async () => {
    const connect = (name: string): Promise<Outcome> => {
      const c = byName(name);
      const p = new URL(c.options.proxy as string);
      return rawExchange(p.hostname, Number(p.port), `CONNECT ${target(c).host}:${target(c).port} HTTP/1.1\r\nHost: ${target(c).host}\r\n\r\n`);
    };
    assert.match((await connect('proxy-auth-required')).bytes.toString(), /^HTTP\/1\.1 407 [^]*Proxy-Authenticate: Basic/);
    assert.match((await connect('proxy-denied')).bytes.toString(), /^HTTP\/1\.1 403 /);
    assert.equal((await connect('proxy-reset')).end, 'rst');
    const closed = await connect('proxy-close');
    assert.deepEqual([closed.end, closed.bytes.length], ['fin', 0]);
    const unreachable = new URL(byName('proxy-unreachable').options.proxy as string);
    await assert.rejects(rawExchange(unreachable.hostname, Number(unreachable.port), ''), { code: 'ECONNREFUSED' });
  });

  it('TLS resets: RST on the ClientHello, and only for the real SNI / an h2 offer / a TLS 1.3 offer', async () => {
    const check = async (name: string, bad: tls.ConnectionOptions, good?: tls.ConnectionOptions): Promise<void> => {
      const t = target(byName(name));
      const reset = await rawExchange(t.address, t.port, await clientHello({ servername: t.host, ALPNProtocols: ['h2', 'http/1.1'], ...bad }));
      assert.equal(reset.end, 'rst', `${name}: the default ClientHello is reset`);
      assert.ok(reset.ms < 300, `${name}: immediate (${reset.ms} ms)`);
      if (good) assert.equal((await handshake(byName(name), { ...good, rejectUnauthorized: false })).code, 'ok', `${name}: the variant completes`);
    };
    await check('tls-reset', {});
    await check('tls-reset-sni', {}, { servername: '' });
    await check('tls-reset-alpn', {}, { ALPNProtocols: ['http/1.1'] });
    await check('tls-reset-version', {}, { maxVersion: 'TLSv1.2' });
    assert.equal((await handshake(byName('tls-reset'))).code, 'ECONNRESET');
  });

  it('curl sees the SNI-dependent reset with SNI and a completed handshake without it', async () => {
    const c = byName('tls-reset-sni');
    const withSni = await curl(c);
    assert.equal(withSni.exit, 35, withSni.err);
    // An IP literal URL sends no SNI: the same port then completes the handshake and answers.
    const t = target(c);
    const r = await run('curl', ['-s', '-k', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '5', `https://${t.address}:${t.port}/`]);
    assert.deepEqual([r.code, r.out], [0, '200']);
  });

  it('delayed reset comes ~800 ms after the ClientHello; FIN, silence, alerts and non-TLS bytes are what they claim', async () => {
    const hello = await clientHello({ servername: 'x.lab.test' });
    const ex = (name: string, waitMs?: number): Promise<Outcome> => { const t = target(byName(name)); return rawExchange(t.address, t.port, hello, waitMs); };
    const delayed = await ex('tls-reset-delayed');
    assert.equal(delayed.end, 'rst');
    assert.ok(delayed.ms >= 700, `delayed reset after ${delayed.ms} ms`);
    assert.deepEqual([(await ex('tls-closed')).end, (await ex('tls-closed')).bytes.length], ['fin', 0]);
    assert.equal((await ex('tls-timeout', 800)).end, 'open');
    for (const [name, alert] of [['tls-alert-protocol-version', 0x46], ['tls-alert-handshake-failure', 0x28], ['tls-alert-unrecognized-name', 0x70], ['tls-alert-no-alpn', 0x78]] as const) {
      const o = await ex(name);
      assert.deepEqual([o.end, o.bytes.toString('hex')], ['fin', Buffer.from([0x15, 3, 3, 0, 2, 2, alert]).toString('hex')], name);
    }
    assert.match((await ex('tls-not-tls-ssh')).bytes.toString(), /^SSH-2\.0-OpenSSH_9\.2p1 Debian-2\r\n/);
    assert.match((await ex('tls-not-tls-http')).bytes.toString(), /^HTTP\/1\.1 400 /);
    // and node's own TLS client maps the alerts
    assert.equal((await handshake(byName('tls-alert-unrecognized-name'))).code, 'ERR_SSL_TLSV1_UNRECOGNIZED_NAME');
  });

  it('certificates fail verification for exactly the claimed reason', async () => {
    const expectCode: Record<string, string> = {
      'cert-expired': 'CERT_HAS_EXPIRED',
      'cert-not-yet-valid': 'CERT_NOT_YET_VALID',
      'cert-hostname': 'ERR_TLS_CERT_ALTNAME_INVALID',
      'cert-self-signed': 'DEPTH_ZERO_SELF_SIGNED_CERT',
      'cert-incomplete-chain': 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    };
    for (const [name, code] of Object.entries(expectCode)) assert.equal((await handshake(byName(name))).code, code, name);
    assert.equal((await handshake(byName('ok-https-h1'))).code, 'ok');
  });

  it('address-dependent: 127.0.0.1 completes the handshake, 127.0.0.2 resets', async () => {
    const good = byName('address-good-first');
    assert.equal((await handshake(good, {}, 0)).code, 'ok');
    assert.equal((await handshake(good, {}, 1)).code, 'ECONNRESET');
    assert.equal(target(byName('address-bad-first')).address, '127.0.0.2');
  });

  it('HTTP: RST / FIN after the request, SSH banner, junk, silence, short bodies', async () => {
    const ex = (name: string, waitMs?: number): Promise<Outcome> => { const c = byName(name); const t = target(c); return rawExchange(t.address, t.port, REQUEST(c), waitMs); };
    assert.equal((await ex('http-reset')).end, 'rst');
    assert.deepEqual([(await ex('http-closed')).end, (await ex('http-closed')).bytes.length], ['fin', 0]);
    assert.match((await ex('http-not-http-ssh')).bytes.toString(), /^SSH-2\.0-/);
    const junk = await ex('http-garbage');
    assert.equal(junk.end, 'fin');
    assert.doesNotMatch(junk.bytes.toString('latin1'), /HTTP\//);
    assert.equal((await ex('http-timeout', 800)).bytes.length, 0);
    assert.equal((await curl(byName('http-body-truncated'))).exit, 18, 'curl: partial file');
    const stalled = await ex('http-body-timeout', 800);
    assert.deepEqual([stalled.end, /Content-Length: 10000/.test(stalled.bytes.toString())], ['open', true]);
    assert.equal((await curl(byName('http-reset-tls'))).exit, 56, 'curl: recv failure after TLS');
    assert.equal((await curl(byName('http-closed-tls'))).exit, 52, 'curl: empty reply after TLS');
    assert.equal((await curl(byName('http-redirect-loop'), ['-L', '--max-redirs', '5'])).exit, 47);
  });

  it('status pages: every page case answers its status with a correct length', async () => {
    const expected: Record<string, number> = {
      'http-auth-required': 401, 'http-client-error': 404, 'http-server-error': 500, 'rate-limited-429': 429,
      'rate-limited-503': 503, 'rate-limited-headers': 403, 'upstream-haproxy-503': 503, 'upstream-nginx-502': 502,
      'upstream-envoy-503': 503, 'upstream-aws-elb-504': 504, 'hostile-script-page': 403,
    };
    for (const c of lab.cases.filter((x) => x.name.startsWith('waf-'))) expected[c.name] = c.name === 'waf-modsecurity' ? 406 : 403;
    for (const [name, status] of Object.entries(expected)) {
      const r = await get(byName(name));
      assert.equal(r.status, status, name);
      assert.equal(Number(r.headers['content-length']), r.body.length, name);
    }
    const rl = await get(byName('rate-limited-429'));
    assert.equal(rl.headers['retry-after'], '30');
    assert.match(String(rl.headers['ratelimit']), /r=0/);
    assert.equal((await get(byName('waf-imperva'))).headers['set-cookie']?.length, 2);
  });

  it('repeat cases change outcome across a burst', async () => {
    const statuses = async (name: string): Promise<Array<number | string>> => {
      const out: Array<number | string> = [];
      for (let i = 0; i < 4; i++) out.push(await get(byName(name)).then((r) => r.status, (e: NodeJS.ErrnoException) => e.code ?? 'error'));
      return out;
    };
    assert.deepEqual(await statuses('rate-limit-suspected'), [200, 200, 429, 429]);
    assert.deepEqual(await statuses('intermittent-500'), [200, 500, 200, 500]);
    assert.deepEqual(await statuses('intermittent-reset'), [200, 'ECONNRESET', 200, 'ECONNRESET']);
  });

  it('hostile servers: endless headers, a 4 MiB header line, bombs, drip, never-reading, counting', async () => {
    const endless = byName('hostile-endless-headers');
    const e = target(endless);
    const first = await rawExchange(e.address, e.port, REQUEST(endless), 500);
    assert.ok(first.bytes.length > 1024 * 1024 && !first.bytes.includes('\r\n\r\n'), `endless headers: ${first.bytes.length} bytes, no blank line`);
    const huge = byName('hostile-huge-header-line');
    const h = await rawExchange(target(huge).address, target(huge).port, REQUEST(huge), 3000);
    assert.ok(h.bytes.length > 4 * 1024 * 1024, 'the 4 MiB line arrives');

    for (const [name, decode] of [['hostile-gzip-bomb', zlib.createGunzip], ['hostile-br-bomb', zlib.createBrotliDecompress]] as const) {
      const r = await get(byName(name));
      const inflater = decode();
      let inflated = 0;
      await new Promise<void>((resolve) => {
        inflater.on('data', (b: Buffer) => { inflated += b.length; if (inflated > 32 * 1024 * 1024) { inflater.destroy(); resolve(); } });
        inflater.on('end', resolve);
        inflater.end(r.body);
      });
      assert.ok(r.body.length < 2 * 1024 * 1024 && inflated > 32 * 1024 * 1024, `${name}: ${r.body.length} B → >32 MiB`);
    }

    const drip = byName('hostile-slowloris');
    const d = await rawExchange(target(drip).address, target(drip).port, REQUEST(drip), 2500);
    assert.ok(d.bytes.length >= 2 && d.bytes.length <= 4, `slowloris: ${d.bytes.length} bytes in 2.5 s`);

    const never = byName('hostile-never-reads');
    assert.equal((await rawExchange(target(never).address, target(never).port, REQUEST(never), 500)).end, 'open');

    lab.counter.reset();
    await Promise.all(Array.from({ length: 6 }, () => get(byName('hostile-connection-count'))));
    assert.ok(lab.counter.max >= 6, `max simultaneous ${lab.counter.max}`);

    const gt = byName('hostile-garbage-tls');
    const sock = tls.connect({ host: target(gt).address, port: target(gt).port, servername: target(gt).host, ca: lab.caPem });
    const junk = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      sock.once('secureConnect', () => sock.write(REQUEST(gt)));
      sock.on('data', (b: Buffer) => chunks.push(b));
      sock.once('end', () => resolve(Buffer.concat(chunks)));
      sock.once('error', reject);
    });
    assert.ok(junk.length >= 512 && !junk.includes('HTTP/'), 'junk after a verified handshake');
  });

  it('timing-delays waits 300 ms before the headers and 300 ms mid-body', async () => {
    const c = byName('timing-delays');
    const t = target(c);
    const t0 = performance.now();
    const marks = await new Promise<number[]>((resolve, reject) => {
      http.get({ host: t.address, port: t.port, agent: false }, (res) => {
        const got = [performance.now()];
        res.on('data', () => got.push(performance.now()));
        res.on('end', () => resolve(got));
      }).on('error', reject);
    });
    assert.ok(marks[0] - t0 >= 290, `headers after ${marks[0] - t0} ms`);
    assert.ok(marks[marks.length - 1] - marks[0] >= 290, `body spread over ${marks[marks.length - 1] - marks[0]} ms`);
  });

  it('close() lets the process exit by itself', async () => {
    const index = path.resolve(__dirname, '../../src/lab/index.js');
    const script = `require(${JSON.stringify(index)}).startLab().then(async (lab) => { await lab.close(); console.log('closed', lab.openSockets()); })`;
    const t0 = Date.now();
    const r = await run(process.execPath, ['-e', script], 20000);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim(), 'closed 0');
    assert.ok(Date.now() - t0 < 15000, `exited after ${Date.now() - t0} ms`);
  });
});

describe('conndoc lab', function () {
  this.timeout(30000);
  const labModule = path.resolve(__dirname, '../../src/cli/lab.js');
  const launch = (args: string[]): ReturnType<typeof spawn> =>
    spawn(process.execPath, ['-e', `require(${JSON.stringify(labModule)}).labCommand(${JSON.stringify(args)}).then((c) => { process.exitCode = c; })`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const collect = (p: ReturnType<typeof spawn>): Promise<{ code: number | null; out: string }> =>
    new Promise((resolve) => {
      let out = '';
      p.stdout?.on('data', (b: Buffer) => (out += b));
      p.once('close', (code) => resolve({ code, out }));
    });

  it('--json lists every case with the command line that reaches it, and --for ends it', async () => {
    const t0 = Date.now();
    const r = await collect(launch(['--for', '1', '--json']));
    assert.equal(r.code, 0);
    const doc = JSON.parse(r.out) as { caFile: string; dnsServer: string; cases: Array<LabCase & { command: string }> };
    assert.ok(doc.cases.length >= 90, `${doc.cases.length} cases`);
    const sni = doc.cases.find((c) => c.name === 'tls-reset-sni');
    assert.ok(sni);
    assert.match(sni.command, /^conndoc probe --resolve tls-reset-sni\.lab\.test:\d+:127\.0\.0\.1 --ca \S+lab-ca\.pem --timeout 5000 https:\/\/tls-reset-sni\.lab\.test:\d+\/$/);
    assert.ok(Date.now() - t0 < 15000);
  });

  it('prints a table and stops cleanly on SIGTERM', async () => {
    const p = launch([]);
    const done = collect(p);
    await new Promise<void>((resolve) => {
      let seen = '';
      p.stdout?.on('data', (b: Buffer) => { seen += b; if (seen.includes('Fault lab up')) resolve(); });
    });
    p.kill('SIGTERM');
    const r = await done;
    assert.equal(r.code, 0);
    assert.match(r.out, /^tcp-timeout +tcp\.timeout/m);
    assert.match(r.out, /conndoc probe .*--proxy http:\/\/127\.0\.0\.1:\d+ .*https:\/\/proxy-denied\.lab\.test/);
  });
});
