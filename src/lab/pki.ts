// A throwaway CA and the certificates the lab serves, made fresh at every start (EC P-256: fast).
import 'reflect-metadata'; // @peculiar/x509 (tsyringe) needs the Reflect metadata polyfill loaded first
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface KeyCert {
  key: string; // PKCS#8 PEM
  cert: string; // PEM of the leaf, plus whatever chain the server sends
}

export interface LabPki {
  caPem: string;
  /** *.lab.test, valid, signed by the CA. */
  good: KeyCert;
  expired: KeyCert;
  notYetValid: KeyCert;
  /** Valid and trusted, but for another name only. */
  wrongHost: KeyCert;
  /** Self-signed, not under the lab CA. */
  selfSigned: KeyCert;
  /** Signed by an intermediate that the server does not send. */
  incompleteChain: KeyCert;
}

interface Issuer {
  name: string;
  keys: webcrypto.CryptoKeyPair;
  cert: x509.X509Certificate;
}

let serial = 1;
const nextSerial = (): string => (Date.now() * 1000 + serial++).toString(16).padStart(16, '0');

async function keyPair(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

async function keyPem(keys: webcrypto.CryptoKeyPair): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as webcrypto.CryptoKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function makeCa(name: string, parent?: Issuer): Promise<Issuer> {
  const keys = await keyPair();
  const now = Date.now();
  const extensions = [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  const common = {
    serialNumber: nextSerial(),
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 30 * DAY),
    signingAlgorithm: ALG,
    extensions,
  };
  const cert = parent
    ? await x509.X509CertificateGenerator.create({
        ...common,
        subject: `CN=${name}`,
        issuer: parent.cert.subject,
        publicKey: keys.publicKey,
        signingKey: parent.keys.privateKey,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({ ...common, name: `CN=${name}`, keys });
  return { name, keys, cert };
}

async function makeLeaf(
  issuer: Issuer | 'self',
  dnsNames: string[],
  notBefore: Date,
  notAfter: Date,
): Promise<{ keys: webcrypto.CryptoKeyPair; cert: x509.X509Certificate }> {
  const keys = await keyPair();
  const cn = `CN=${dnsNames[0]}`;
  const extensions = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension(dnsNames.map((value) => ({ type: 'dns' as const, value }))),
  ];
  const common = { serialNumber: nextSerial(), notBefore, notAfter, signingAlgorithm: ALG, extensions };
  const cert =
    issuer === 'self'
      ? await x509.X509CertificateGenerator.createSelfSigned({ ...common, name: cn, keys })
      : await x509.X509CertificateGenerator.create({
          ...common,
          subject: cn,
          issuer: issuer.cert.subject,
          publicKey: keys.publicKey,
          signingKey: issuer.keys.privateKey,
        });
  return { keys, cert };
}

export async function makePki(): Promise<LabPki> {
  const now = Date.now();
  const ca = await makeCa('Connection Doctor Lab CA (throwaway)');
  const intermediate = await makeCa('Connection Doctor Lab Intermediate (throwaway)', ca);
  const names = ['*.lab.test', 'lab.test'];
  const valid = [new Date(now - DAY), new Date(now + 30 * DAY)] as const;

  const [good, expired, notYet, wrong, self, viaIntermediate] = await Promise.all([
    makeLeaf(ca, names, ...valid),
    makeLeaf(ca, names, new Date(now - 60 * DAY), new Date(now - 30 * DAY)),
    makeLeaf(ca, names, new Date(now + 30 * DAY), new Date(now + 60 * DAY)),
    makeLeaf(ca, ['wrong-name.example'], ...valid),
    makeLeaf('self', names, ...valid),
    makeLeaf(intermediate, names, ...valid),
  ]);
  const kc = async (l: { keys: webcrypto.CryptoKeyPair; cert: x509.X509Certificate }): Promise<KeyCert> => ({
    key: await keyPem(l.keys),
    cert: l.cert.toString('pem'),
  });
  return {
    caPem: ca.cert.toString('pem'),
    good: await kc(good),
    expired: await kc(expired),
    notYetValid: await kc(notYet),
    wrongHost: await kc(wrong),
    selfSigned: await kc(self),
    incompleteChain: await kc(viaIntermediate),
  };
}
