// Real proxies for the environment suites: squid doing ssl-bump with its own CA (and a TLS https_port), and
// dante's SOCKS daemon — each on 127.0.0.1 with its own config, certificate database and logs in a scratch dir.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startDaemon, startSquid, type RealServer } from './real-servers';
import type { ThrowawayCa } from './throwaway-ca';

export const CERTGEN = '/usr/lib/squid/security_file_certgen';
export const DANTED = '/usr/sbin/danted';

function proxyUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const name = spawnSync('id', ['-u', 'proxy']).status === 0 ? 'proxy' : 'nobody';
  const id = (flag: string): number => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }));
  return { name, uid: id('-u'), gid: id('-g') };
}

function chownTree(dir: string, uid: number, gid: number): void {
  chownSync(dir, uid, gid);
  for (const n of readdirSync(dir)) {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) chownTree(p, uid, gid);
    else chownSync(p, uid, gid);
  }
}

export interface BumpPorts {
  /** http_port with ssl-bump: every CONNECT is bumped and re-signed with `bumpCa`. */
  bump: number;
  /** https_port: a forward proxy the client reaches over TLS (an https:// proxy), tunnels untouched. */
  tls: number;
  /** http_port that asks for Basic, Digest and NTLM logins. */
  auth: number;
  /** plain http_port, tunnels untouched. */
  open: number;
}

/**
 * squid-openssl: `bump` re-signs with `bumpCa` (certificates minted by security_file_certgen into its own
 * ssl_db), `tls` is an https_port with `proxyCert`, names come from a hosts file (no DNS), the origins' CA is
 * trusted for the upstream side.
 */
export async function startBumpingSquid(
  dir: string,
  ports: BumpPorts,
  opts: { bumpCa: ThrowawayCa; originCaFile: string; proxyCert: { certFile: string; keyFile: string }; hosts: string[]; authHelper: string; digestFile: string },
): Promise<RealServer> {
  const user = proxyUser();
  const bumpPem = path.join(dir, 'bump-ca.pem');
  writeFileSync(bumpPem, opts.bumpCa.caPem + readFileSync(opts.bumpCa.keyFile, 'utf8'));
  const proxyPem = path.join(dir, 'proxy.pem');
  writeFileSync(proxyPem, readFileSync(opts.proxyCert.certFile, 'utf8') + readFileSync(opts.proxyCert.keyFile, 'utf8'));
  const hostsFile = path.join(dir, 'hosts');
  writeFileSync(hostsFile, opts.hosts.map((h) => `127.0.0.1 ${h}\n`).join(''));
  const sslDb = path.join(dir, 'ssl_db');
  execFileSync(CERTGEN, ['-c', '-s', sslDb, '-M', '4MB'], { stdio: 'ignore' });
  if (user) chownTree(dir, user.uid, user.gid);
  // startSquid writes the http_port lines for `bump`, `auth` and `open`; the bump port is re-declared below
  // with ssl-bump, so it is handed over under another name and declared here.
  const rules = `http_port 127.0.0.1:${ports.bump} name=bump ssl-bump tls-cert=${bumpPem} generate-host-certificates=on dynamic_cert_mem_cache_size=4MB
https_port 127.0.0.1:${ports.tls} name=tls tls-cert=${proxyPem}
sslcrtd_program ${CERTGEN} -s ${sslDb} -M 4MB
sslcrtd_children 2 startup=1 idle=1
hosts_file ${hostsFile}
tls_outgoing_options cafile=${opts.originCaFile}
acl step1 at_step SslBump1
ssl_bump peek step1
ssl_bump bump all
auth_param basic program ${opts.authHelper}
auth_param basic children 1 startup=1 idle=1
auth_param basic realm conndoc-test
auth_param digest program /usr/lib/squid/digest_file_auth ${opts.digestFile}
auth_param digest children 1 startup=1 idle=1
auth_param digest realm conndoc-digest
auth_param ntlm program /usr/lib/squid/ntlm_fake_auth
auth_param ntlm children 1 startup=1 idle=1
acl port_auth myportname auth
acl authed proxy_auth REQUIRED
http_access deny port_auth !authed
http_access allow all
`;
  const server = await startSquid(dir, { open: ports.open, auth: ports.auth }, rules);
  await server.waitForPorts([ports.bump, ports.tls]);
  return server;
}

/** dante's danted on 127.0.0.1:port, SOCKS 4 and 5 without authentication, loopback destinations only. */
export async function startDante(dir: string, port: number): Promise<RealServer> {
  const user = proxyUser();
  const conf = path.join(dir, 'danted.conf');
  writeFileSync(
    conf,
    `logoutput: stderr
internal: 127.0.0.1 port = ${port}
external: 127.0.0.1
clientmethod: none
socksmethod: none
${user ? `user.privileged: root\nuser.unprivileged: ${user.name}\n` : ''}client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }
socks pass { from: 127.0.0.0/8 to: 127.0.0.0/8 }
socks block { from: 0.0.0.0/0 to: 0.0.0.0/0 }
`,
  );
  return startDaemon('danted', dir, DANTED, ['-f', conf, '-p', path.join(dir, 'danted.pid'), '-N', '1'], [port]);
}

export const haveProxyDaemons = (): string | undefined =>
  [CERTGEN, DANTED, '/usr/bin/gsettings'].filter((f) => !existsSync(f)).map((f) => path.basename(f)).join(', ') || undefined;
