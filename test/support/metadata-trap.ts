// Runs INSIDE a throwaway network namespace (`unshare --net node metadata-trap.js <cli.js>`): traps on the
// metadata, private and loopback addresses a hostile server redirects to, iptables counters on every trap
// address, a hostile "public" server (198.51.100.1, a documentation address that exists only in this
// namespace), then the real conndoc probing that server. Prints one JSON line: the CLI's output and how many
// packets and connections reached each trap.
import { execFileSync, spawn } from 'node:child_process';
import * as http from 'node:http';

const cli = process.argv[2];
const extraArgs = process.argv.slice(3);
const sh = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' });

const PUBLIC = '198.51.100.1';
const PRIVATE_TRAP = '10.77.0.1';
const LOOPBACK_TRAP_PORT = 8081;
const IPV4_TRAPS = ['169.254.0.0/16', `${PRIVATE_TRAP}/32`];
const IPV6_TRAPS = ['fd00:ec2::254/128', 'fe80::/10'];

/** Where the hostile server sends each path: every spelling of the metadata service, and private ranges. */
export const LOCATIONS: Record<string, string> = {
  literal: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
  decimal: 'http://2852039166/latest/meta-data/',
  hex: 'http://0xa9fea9fe/latest/meta-data/',
  octal: 'http://0251.0376.0251.0376/latest/meta-data/',
  'trailing-dot': 'http://169.254.169.254./latest/meta-data/',
  mapped: 'http://[::ffff:169.254.169.254]/latest/meta-data/',
  'mapped-hex': 'http://[::ffff:a9fe:a9fe]/latest/meta-data/',
  'scheme-relative': '//169.254.169.254/latest/meta-data/',
  'aws-ipv6': 'http://[fd00:ec2::254]/latest/meta-data/',
  'gcp-name': 'http://metadata.google.internal/computeMetadata/v1/',
  rebinding: 'http://rebind.trap.test/latest/meta-data/',
  'to-private': `http://${PRIVATE_TRAP}/admin`,
  'to-loopback': `http://127.0.0.1:${LOOPBACK_TRAP_PORT}/admin`,
  'to-file': 'file:///etc/passwd',
  // A public-to-public redirect is followed: the policy blocks places, not redirects.
  allowed: `http://${PUBLIC}/landed`,
};

async function main(): Promise<void> {
  sh('ip', ['link', 'set', 'lo', 'up']);
  // The namespace's own loopback carries every address (no dummy/veth module needed); nothing routes out.
  for (const a of ['169.254.169.254/32', `${PRIVATE_TRAP}/32`, `${PUBLIC}/32`]) sh('ip', ['addr', 'add', a, 'dev', 'lo']);
  sh('ip', ['-6', 'addr', 'add', 'fd00:ec2::254/128', 'dev', 'lo', 'nodad']);
  // Counters: one rule per trap range in OUTPUT (every packet the prober sends), target-less so it only counts.
  for (const d of IPV4_TRAPS) sh('iptables', ['-I', 'OUTPUT', '-d', d]);
  sh('iptables', ['-I', 'OUTPUT', '-d', '127.0.0.1', '-p', 'tcp', '--dport', String(LOOPBACK_TRAP_PORT)]);
  for (const d of IPV6_TRAPS) sh('ip6tables', ['-I', 'OUTPUT', '-d', d]);

  const trapHits: string[] = [];
  const creds = (where: string) => (req: http.IncomingMessage, res: http.ServerResponse): void => {
    trapHits.push(`${where} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"Code":"Success","AccessKeyId":"ASIATRAPTRAPTRAPTRAP","SecretAccessKey":"trap/secret/KEY","Token":"trap"}');
  };
  const listen = (host: string, port: number, h: http.RequestListener): Promise<http.Server> =>
    new Promise((resolve) => { const s = http.createServer(h); s.listen(port, host, () => resolve(s)); });
  const servers = [
    await listen('169.254.169.254', 80, creds('169.254.169.254')),
    await listen('fd00:ec2::254', 80, creds('fd00:ec2::254')),
    await listen(PRIVATE_TRAP, 80, creds(PRIVATE_TRAP)),
    await listen('127.0.0.1', LOOPBACK_TRAP_PORT, creds('loopback')),
  ];
  const hostile = await listen(PUBLIC, 80, (req, res) => {
    const key = (req.url ?? '').slice(1);
    if (key === 'landed') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('landed safely');
      return;
    }
    res.writeHead(302, { location: LOCATIONS[key] ?? '/landed', 'content-length': '0' });
    res.end();
  });
  servers.push(hostile);

  const urls = Object.keys(LOCATIONS).map((k) => `http://${PUBLIC}/${k}`);
  const args = [
    cli, 'probe', '--json', '--proxy', '', '--timeout', '3000',
    '--resolve', 'rebind.trap.test:80:169.254.169.254', '--resolve', 'metadata.google.internal:80:169.254.169.254',
    ...extraArgs, ...urls,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(kill);

  const counted = (tool: string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const line of sh(tool, ['-L', 'OUTPUT', '-v', '-n', '-x']).split('\n').slice(2)) {
      const f = line.trim().split(/\s+/);
      if (f.length >= 8) out[`${f[7]}${f.includes('dpt:8081') ? ':8081' : ''}`] = Number(f[0]);
    }
    return out;
  };
  const packets = { ...counted('iptables'), ...counted('ip6tables') };
  for (const s of servers) s.close();
  process.stdout.write(`${JSON.stringify({ code, stdout, stderr, packets, trapHits })}\n`);
}

if (require.main === module) {
  main().then(() => process.exit(0), (e: unknown) => {
    process.stderr.write(`metadata-trap: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(3);
  });
}
