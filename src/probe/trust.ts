// Trust stores, and which of them trust a chain the server actually sent: Node's bundled Mozilla roots
// (what Node, npm and many CLIs use), the operating system's store (what browsers, curl and Python with
// certifi-less setups use), NODE_EXTRA_CA_CERTS, and --ca / connectionDoctor.caFile.
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as tls from 'node:tls';
import type { PhaseResult } from '../vocabulary/types';

export type StoreName = 'bundled' | 'system' | 'node-extra' | 'option';

export interface TrustStore {
  name: StoreName;
  /** Where it came from: "Node's bundled Mozilla roots", "/etc/ssl/certs/ca-certificates.crt + /etc/ssl/certs", … */
  from: string;
  certs: X509Certificate[];
}

const MAX_DIR_FILES = 4000;
const MAX_STORE_BYTES = 32 * 1024 * 1024;

/** The raw chain a TLS phase received, kept beside the phase (not in the JSON result). */
const chains = new WeakMap<PhaseResult, Buffer[]>();

export function rememberChain(p: PhaseResult, socket: tls.TLSSocket): void {
  const out: Buffer[] = [];
  let cert = socket.getPeerCertificate(true) as tls.DetailedPeerCertificate | undefined;
  const seen = new Set<string>();
  while (cert?.raw && !seen.has(cert.fingerprint256) && out.length < 10) {
    seen.add(cert.fingerprint256);
    out.push(cert.raw);
    cert = cert.issuerCertificate;
  }
  chains.set(p, out);
}

export function receivedChain(p: PhaseResult): X509Certificate[] {
  return (chains.get(p) ?? []).flatMap((raw) => {
    try {
      return [new X509Certificate(raw)];
    } catch {
      return [];
    }
  });
}

/** Every PEM certificate in a text. */
export function parsePem(text: string): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const m of text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)) {
    try {
      out.push(new X509Certificate(m[0]));
    } catch {
      /* not a certificate we can read: skipped, as OpenSSL does */
    }
  }
  return out;
}

const cache = new Map<string, TrustStore>();

function cached(key: string, make: () => TrustStore): TrustStore {
  let s = cache.get(key);
  if (!s) {
    s = make();
    if (cache.size > 16) cache.clear();
    cache.set(key, s);
  }
  return s;
}

export function bundledStore(): TrustStore {
  return cached('bundled', () => ({ name: 'bundled', from: "Node's bundled Mozilla roots", certs: parsePem(tls.rootCertificates.join('\n')) }));
}

const LINUX_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Alpine
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem', // macOS, Alpine, BSD
];

/**
 * The operating system's store. Node ≥ 23.8 / 22.15 can say it (tls.getCACertificates('system')); elsewhere on
 * Linux/BSD it is OpenSSL's default file and directory, honouring SSL_CERT_FILE and SSL_CERT_DIR as OpenSSL does.
 */
export function systemStore(env: Record<string, string | undefined> = process.env): TrustStore {
  const getCa = (tls as unknown as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  const file = env.SSL_CERT_FILE || LINUX_BUNDLES.find((f) => existsSync(f));
  const dir = env.SSL_CERT_DIR ?? (existsSync('/etc/ssl/certs') ? '/etc/ssl/certs' : undefined);
  const key = `system\0${file}\0${dir}`;
  return cached(key, () => {
    if (typeof getCa === 'function' && !env.SSL_CERT_FILE && !env.SSL_CERT_DIR) {
      try {
        return { name: 'system', from: "the operating system's store (tls.getCACertificates('system'))", certs: parsePem(getCa('system').join('\n')) };
      } catch {
        /* fall through to the files */
      }
    }
    const from: string[] = [];
    const certs: X509Certificate[] = [];
    if (file) {
      const text = readCapped(file);
      if (text !== undefined) {
        certs.push(...parsePem(text));
        from.push(env.SSL_CERT_FILE ? `SSL_CERT_FILE=${file}` : file);
      }
    }
    for (const d of (dir ?? '').split(path.delimiter).filter(Boolean)) {
      let names: string[];
      try {
        names = readdirSync(d).filter((n) => /^[0-9a-f]{8}\.\d+$/.test(n)).slice(0, MAX_DIR_FILES);
      } catch {
        continue;
      }
      for (const n of names) {
        const text = readCapped(path.join(d, n));
        if (text !== undefined) certs.push(...parsePem(text));
      }
      from.push(env.SSL_CERT_DIR ? `SSL_CERT_DIR=${d}` : d);
    }
    return { name: 'system', from: from.join(' + ') || 'no system store found', certs: dedupe(certs) };
  });
}

export function extraStore(env: Record<string, string | undefined> = process.env): TrustStore | undefined {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return undefined;
  return cached(`extra\0${file}`, () => ({ name: 'node-extra', from: `NODE_EXTRA_CA_CERTS=${file}`, certs: parsePem(readCapped(file) ?? '') }));
}

export function optionStore(ca: string[] | undefined): TrustStore | undefined {
  if (!ca?.length) return undefined;
  return { name: 'option', from: '--ca / connectionDoctor.caFile', certs: parsePem(ca.join('\n')) };
}

function readCapped(file: string): string | undefined {
  try {
    if (statSync(file).size > MAX_STORE_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function dedupe(certs: X509Certificate[]): X509Certificate[] {
  const seen = new Set<string>();
  return certs.filter((c) => !seen.has(c.fingerprint256) && !!seen.add(c.fingerprint256));
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/**
 * Whether the received chain leads to a certificate in the store: each certificate is either in the store,
 * signed by one in it, or signed by the next one the server sent. Validity dates and names are the TLS
 * phase's verdict, not this one's.
 */
export function chainTrustedBy(chain: X509Certificate[], store: TrustStore): boolean {
  const bySubject = new Map<string, X509Certificate[]>();
  for (const c of store.certs) bySubject.set(c.subject, [...(bySubject.get(c.subject) ?? []), c]);
  const inStore = new Set(store.certs.map((c) => c.fingerprint256));
  let cert = chain[0];
  for (let depth = 0; cert && depth < 10; depth++) {
    if (inStore.has(cert.fingerprint256)) return true;
    if ((bySubject.get(cert.issuer) ?? []).some((root) => issuedBy(cert, root))) return true;
    const next = chain.find((c) => c !== cert && issuedBy(cert, c));
    if (!next) return false;
    cert = next;
  }
  return false;
}

/** The stores a probe checks: bundled and system always; NODE_EXTRA_CA_CERTS and --ca when set. */
export function storesFor(ca: string[] | undefined, env: Record<string, string | undefined>): TrustStore[] {
  return [bundledStore(), systemStore(env), extraStore(env), optionStore(ca)].filter((s): s is TrustStore => !!s);
}

/** Which of the stores trust the chain. */
export function trustVerdicts(chain: X509Certificate[], stores: TrustStore[]): { store: TrustStore; trusted: boolean }[] {
  return stores.map((store) => ({ store, trusted: chainTrustedBy(chain, store) }));
}

export const STORE_LABEL: Record<StoreName, string> = {
  bundled: "Node's bundled Mozilla roots (Node, npm, yarn, many CLIs)",
  system: "the operating system's store (browsers, curl, git, pip with the system bundle)",
  'node-extra': 'NODE_EXTRA_CA_CERTS',
  option: '--ca / connectionDoctor.caFile',
};

/** The DER bytes of the authorityKeyIdentifier extension's OID, 2.5.29.35. */
const AKI_OID = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x23]);

/**
 * Which CA key signed `cert`: its issuer name plus the authorityKeyIdentifier when present. Two throwaway or
 * internal CAs share a name far more often than a key, and "one CA signing unrelated hosts" means one key.
 */
export function issuerIdentity(cert: X509Certificate): string {
  const raw = cert.raw;
  const at = raw.indexOf(AKI_OID);
  if (at < 0) return cert.issuer;
  let i = at + AKI_OID.length;
  if (raw[i] === 0x01) i += 3; // the optional "critical" BOOLEAN
  if (raw[i] !== 0x04) return cert.issuer; // the extension value is an OCTET STRING
  let len = raw[i + 1];
  let start = i + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 2) return cert.issuer;
    len = n === 1 ? raw[i + 2] : raw.readUInt16BE(i + 2);
    start += n;
  }
  return `${cert.issuer}#${raw.subarray(start, Math.min(start + len, raw.length)).toString('hex')}`;
}
