// The error-message reader against what real clients print: curl, Node's http/https and openssl s_client are run
// against the fault lab, and what they print must be read as (among others) the id the probe finds for the same
// case. Then `conndoc why` as a user runs it: argument, stdin, --json, --probe.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { readErrorMessage } from '../../src/error-text/read';
import { startLab, type Lab, type LabCase } from '../../src/lab';
import { probeUrl } from '../../src/probe/probe';
import { missingBinaries } from '../support/real-servers';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

interface Ran {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Async on purpose: the lab's servers live in this process, and a blocked event loop would make every case a timeout. */
function run(cmd: string, args: string[], opts: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? { ...process.env, http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b));
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    child.once('error', reject);
    child.stdin.end(opts.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 15000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

function hostPort(c: LabCase): { host: string; port: number; https: boolean } {
  const u = new URL(c.url);
  const https = u.protocol === 'https:';
  return { host: u.hostname, port: Number(u.port || (https ? 443 : 80)), https };
}

async function curlSays(lab: Lab, c: LabCase): Promise<string> {
  const { host, port } = hostPort(c);
  const r = await run('curl', ['-sS', '-o', '/dev/null', '--max-time', '3', '--resolve', `${host}:${port}:127.0.0.1`, '--cacert', lab.caFile, c.url]);
  return r.stderr.trim();
}

/** Node's own http/https client, printing the error the way an uncaught one is printed (util.inspect). */
async function nodeSays(lab: Lab, c: LabCase): Promise<string> {
  const script = `
    const m = require(process.argv[1] === 'https:' ? 'https' : 'http');
    const lookup = (h, o, cb) => (o && o.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4));
    const req = m.get(process.argv[2], { lookup, ca: require('fs').readFileSync(process.argv[3]) }, (res) => {
      res.on('error', (e) => console.error(require('util').inspect(e)));
      res.resume();
    });
    req.on('error', (e) => console.error(require('util').inspect(e)));`;
  const r = await run(process.execPath, ['-e', script, new URL(c.url).protocol, c.url, lab.caFile]);
  return r.stderr.trim();
}

async function opensslSays(lab: Lab, c: LabCase): Promise<string> {
  const { host, port } = hostPort(c);
  const args = ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', host, '-CAfile', lab.caFile, '-verify_return_error', '-verify_hostname', host];
  const r = await run('openssl', args, { timeoutMs: 8000 });
  return `${r.stdout}\n${r.stderr}`.trim();
}

type Speaker = 'curl' | 'node' | 'openssl';
const SAYS: Record<Speaker, (lab: Lab, c: LabCase) => Promise<string>> = { curl: curlSays, node: nodeSays, openssl: opensslSays };

/** Which client is run against which case: every pairing where that client prints an error for it. */
const MATRIX: [string, Speaker[]][] = [
  ['tcp-refused', ['curl', 'node']],
  ['tls-reset', ['curl', 'node', 'openssl']],
  ['tls-closed', ['curl', 'node', 'openssl']],
  ['tls-timeout', ['curl']],
  ['tls-alert-protocol-version', ['curl', 'node', 'openssl']],
  ['tls-alert-handshake-failure', ['curl', 'node', 'openssl']],
  ['tls-alert-unrecognized-name', ['curl', 'node', 'openssl']],
  ['tls-alert-no-alpn', ['curl', 'node', 'openssl']],
  ['tls-not-tls-http', ['curl', 'node', 'openssl']],
  ['tls-not-tls-ssh', ['curl', 'node', 'openssl']],
  ['cert-expired', ['curl', 'node', 'openssl']],
  ['cert-not-yet-valid', ['curl', 'node', 'openssl']],
  ['cert-hostname', ['curl', 'node', 'openssl']],
  ['cert-self-signed', ['curl', 'node', 'openssl']],
  ['cert-incomplete-chain', ['curl', 'node', 'openssl']],
  ['http-reset', ['curl', 'node']],
  ['http-reset-tls', ['curl', 'node']],
  ['http-closed', ['curl', 'node']],
  ['http-closed-tls', ['curl', 'node']],
  ['http-not-http-ssh', ['curl', 'node']],
  ['http-timeout', ['curl']],
  ['http-body-truncated', ['curl', 'node']],
  ['http-redirect-loop', ['curl']],
];

describe('conndoc why: real clients against the fault lab', function () {
  this.timeout(120000);
  let lab: Lab;

  before(async function () {
    const missing = missingBinaries('curl', 'openssl');
    if (missing) {
      console.log(`      skipped: ${missing}`);
      this.skip();
    }
    lab = await startLab();
  });
  after(async () => lab?.close());

  for (const [name, speakers] of MATRIX) {
    it(`${name}: what ${speakers.join(', ')} print is read as the id the probe finds`, async function () {
      const c = lab.cases.find((x) => x.name === name);
      assert.ok(c, `no lab case ${name}`);
      // curl -L follows redirects; the others are one request.
      const probed = await probeUrl(c.url, c.options);
      assert.equal(probed.id, c.expect.id, `the probe itself: ${probed.id}`);
      for (const who of speakers) {
        const said = name === 'http-redirect-loop' ? (await run('curl', ['-sS', '-L', '-o', '/dev/null', '--max-time', '3', '--resolve', `${hostPort(c).host}:${hostPort(c).port}:127.0.0.1`, c.url])).stderr.trim() : await SAYS[who](lab, c);
        assert.ok(said.length > 0, `${who} printed nothing for ${name}`);
        const reading = readErrorMessage(said);
        assert.ok(reading.ids.includes(probed.id), `${who} printed:\n${said.slice(0, 600)}\n→ read as [${reading.ids.join(', ')}] (${reading.matches[0]?.name ?? 'no match'}), the probe found ${probed.id}`);
      }
    });
  }
});

describe('conndoc why (the command)', function () {
  this.timeout(60000);
  const cli = (args: string[], input?: string): Promise<Ran> => run(process.execPath, [CLI, ...args], { input });

  it('explains a pasted curl line: the candidates, what the message hides, the host and the probe that decides', async () => {
    const r = await cli(['why', 'curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to api.example.com:443']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /tls\.reset/);
    assert.match(r.stdout, /tls\.closed/);
    assert.match(r.stdout, /RST .* FIN|FIN .* RST|a RST \(tls\.reset\) and a FIN/);
    assert.match(r.stdout, /api\.example\.com port 443/);
    assert.match(r.stdout, /conndoc probe https:\/\/api\.example\.com\//);
  });

  it('reads a multi-line Node error from stdin (… 2>&1 | conndoc why) and prints the contract JSON', async () => {
    const text = "TypeError: fetch failed\n    at node:internal/deps/undici/undici:13502:13 {\n  [cause]: SocketError: other side closed\n      at TLSSocket.onSocketEnd {\n    code: 'UND_ERR_SOCKET'\n  }\n}";
    const r = await cli(['why', '--json'], text);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const k of ['message', 'client', 'host', 'port', 'ids', 'explanation']) assert.ok(k in doc, `missing ${k}`);
    assert.equal(doc.client, 'node');
    assert.deepEqual(doc.ids, ['http.closed', 'http.reset']);
    assert.equal(doc.message, text);
  });

  it('in colour the colours are colours, not escape codes spelled out', async () => {
    const env = { ...process.env, NO_COLOR: '', FORCE_COLOR: '1', http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '' };
    const r = await run(process.execPath, [CLI, 'why', 'curl: (7) Failed to connect to 127.0.0.1 port 1: Connection refused'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\x1b\[1mIt names:\x1b\[22m 127\.0\.0\.1 port 1/, JSON.stringify(r.stdout));
    assert.ok(!r.stdout.includes('\\x1b'), JSON.stringify(r.stdout));
  });

  it('"-" reads stdin too; an empty message is a usage error (exit 2, one line)', async () => {
    const ok = await cli(['why', '-'], 'net::ERR_CONNECTION_RESET');
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, /net::ERR_CONNECTION_RESET/);
    const empty = await cli(['why', '-'], '   \n');
    assert.equal(empty.code, 2);
    assert.equal(empty.stderr.trim().split('\n').length, 1);
    assert.match(empty.stderr, /why needs an error message/);
  });

  it('an unknown message says so and exits 1; --probe goes with why only', async () => {
    const r = await cli(['why', 'everything is fine, thank you']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Not a message Connection Doctor knows/);
    const bad = await cli(['probe', '--probe', 'http://127.0.0.1:1/']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--probe goes with 'why' only/);
  });

  it('a password in the pasted message is shown nowhere', async () => {
    const secret = 'hunter2-why';
    const msg = `fatal: unable to access 'https://deploy:${secret}@git.example.com/repo.git/': Could not resolve host: git.example.com`;
    const human = await cli(['why', msg]);
    const json = await cli(['why', '--json', msg]);
    for (const out of [human.stdout, human.stderr, json.stdout, json.stderr]) assert.ok(!out.includes(secret), out);
    assert.equal(JSON.parse(json.stdout).client, 'git');
  });

  it('--probe runs the probe that decides, and says which candidate it was', async function () {
    const lab = await startLab();
    try {
      const c = lab.cases.find((x) => x.name === 'tcp-refused')!;
      const { port } = hostPort(c);
      const r = await cli(['why', '--probe', '--json', `Error: connect ECONNREFUSED 127.0.0.1:${port}`]);
      assert.equal(r.code, 1, r.stderr);
      const doc = JSON.parse(r.stdout) as { ids: string[]; results: { id: string; url: string }[] };
      assert.deepEqual(doc.ids, ['tcp.refused', 'proxy.unreachable']);
      assert.equal(doc.results.length, 1);
      assert.equal(doc.results[0].id, 'tcp.refused');
      assert.equal(doc.results[0].url, `http://127.0.0.1:${port}/`);
      const human = await cli(['why', '--probe', `curl: (7) Failed to connect to 127.0.0.1 port ${port} after 0 ms: Couldn't connect to server`]);
      assert.match(human.stdout, /The probe from here finds tcp\.refused: that is what the message meant/);
    } finally {
      await lab.close();
    }
  });
});
