// The fault lab: local servers on loopback that reproduce every diagnosis id and finding, each with the URL and
// options that reach it. An independent adversary: nothing here comes from the engine but its vocabulary.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CaseContext, LabCase } from './case';
import { startDns } from './dns-server';
import { hostileCases, ConnectionCounter } from './hostile-cases';
import { httpCases } from './http-cases';
import { lifetimeCases } from './lifetime-cases';
import { labZone, netCases } from './net-cases';
import { makePki } from './pki';
import { tlsCases } from './tls-cases';
import { Tracker } from './tracker';

export type { LabCase } from './case';
export { ConnectionCounter } from './hostile-cases';

export interface Lab {
  cases: LabCase[];
  caPem: string;
  caFile: string;
  dnsServer: string;
  /** Simultaneous connections seen by the `hostile-connection-count` server. */
  counter: ConnectionCounter;
  /** Connections the lab holds open right now (for leak checks). */
  openSockets(): number;
  close(): Promise<void>;
}

async function canListen(host: string): Promise<boolean> {
  const s = net.createServer();
  return new Promise((resolve) => {
    s.once('error', () => resolve(false));
    s.listen(0, host, () => s.close(() => resolve(true)));
  });
}

export async function startLab(opts: { host?: string; tmpDir?: string } = {}): Promise<Lab> {
  const host = opts.host ?? '127.0.0.1';
  const tracker = new Tracker();
  try {
    const [pki, ipv6] = await Promise.all([makePki(), canListen('::1')]);
    const dir = fs.mkdtempSync(path.join(opts.tmpDir ?? os.tmpdir(), 'conndoc-lab-'));
    const caFile = path.join(dir, 'lab-ca.pem');
    fs.writeFileSync(caFile, pki.caPem);
    tracker.onClose(() => fs.rmSync(dir, { recursive: true, force: true }));

    const dns = await startDns(tracker, labZone(), host);
    const env = process.env;
    const ctx: CaseContext = {
      tracker, pki, host, caFile, dnsServer: dns.server,
      envHasProxy: ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => !!env[k]),
    };
    const counter = new ConnectionCounter();
    const groups = await Promise.all([netCases(ctx, ipv6), tlsCases(ctx), httpCases(ctx), hostileCases(ctx, counter), lifetimeCases(ctx)]);
    const cases = groups.flat();
    const seen = new Set<string>();
    for (const c of cases) {
      if (seen.has(c.name)) throw new Error(`lab: duplicate case name ${c.name}`);
      seen.add(c.name);
    }
    return {
      cases,
      caPem: pki.caPem,
      caFile,
      dnsServer: dns.server,
      counter,
      openSockets: () => tracker.openSockets(),
      close: () => tracker.close(),
    };
  } catch (e) {
    await tracker.close();
    throw e;
  }
}
