// A throwaway CA made with the openssl command line, for real TLS servers in tests: leaves with any
// subjectAltName and any validity window (expired, not yet valid), as real servers would present them.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Leaf {
  certFile: string;
  keyFile: string;
  /** Certificate then key in one file, as haproxy's `crt` wants it. */
  bundleFile: string;
}

export interface LeafOptions {
  /** subjectAltName entries, e.g. ["DNS:localhost", "IP:127.0.0.1"]. */
  san: string[];
  notBefore?: Date;
  notAfter?: Date;
}

const DAY = 86_400_000;
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

const CA_CNF = `[ca]
default_ca = ca_default
[ca_default]
database = ./index.txt
new_certs_dir = .
rand_serial = yes
default_md = sha256
policy = policy_any
unique_subject = no
[policy_any]
commonName = supplied
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = \${ENV::LEAF_SAN}
`;

/** openssl ca wants GeneralizedTime: YYYYMMDDHHMMSSZ. */
const asn1Time = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');

export class ThrowawayCa {
  readonly caFile: string;
  readonly caPem: string;
  readonly keyFile: string;
  private n = 0;

  /** Makes a CA in `dir` (an existing, empty scratch dir), named `subject` (an openssl -subj). */
  constructor(readonly dir: string, subject = '/CN=Connection Doctor throwaway test CA') {
    writeFileSync(path.join(dir, 'ca.cnf'), CA_CNF);
    writeFileSync(path.join(dir, 'index.txt'), '');
    this.caFile = path.join(dir, 'ca.crt');
    this.run(['req', '-x509', ...EC_KEY, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', subject,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    this.caPem = readFileSync(this.caFile, 'utf8');
    this.keyFile = path.join(dir, 'ca.key');
  }

  issue(name: string, opts: LeafOptions): Leaf {
    const base = `${name}-${++this.n}`;
    const now = Date.now();
    const notBefore = opts.notBefore ?? new Date(now - DAY);
    const notAfter = opts.notAfter ?? new Date(now + DAY);
    this.run(['req', '-new', ...EC_KEY, '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${name}`]);
    this.run(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', `${base}.csr`, '-out', `${base}.crt`,
      '-startdate', asn1Time(notBefore), '-enddate', asn1Time(notAfter), '-extensions', 'leaf', '-notext'], { LEAF_SAN: opts.san.join(',') });
    const leaf: Leaf = {
      certFile: path.join(this.dir, `${base}.crt`),
      keyFile: path.join(this.dir, `${base}.key`),
      bundleFile: path.join(this.dir, `${base}.pem`),
    };
    writeFileSync(leaf.bundleFile, readFileSync(leaf.certFile, 'utf8') + readFileSync(leaf.keyFile, 'utf8'));
    return leaf;
  }

  private run(argv: string[], env: Record<string, string> = {}): void {
    execFileSync('openssl', argv, { cwd: this.dir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  }
}
