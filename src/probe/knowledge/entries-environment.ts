// Knowledge for the findings about the user's own environment: interception, trust stores, proxy paths.
import type { CulpritKind, Entry } from './entry';
import { C } from './confirm';
import { BROWSER_PROXY_STEP } from './common-steps';

/** What each tool needs to trust a CA the OS (or IT) has: the fix a trust-store-dependent chain asks for. */
export const TRUST_FIXES: string[] = [
  'Node: NODE_EXTRA_CA_CERTS=/path/corp-ca.pem (read at start), or node --use-system-ca (Node ≥ 23.8 / 22.15) to use the OS store',
  'npm: npm config set cafile /path/corp-ca.pem (never strict-ssl=false)',
  'git: git config --global http.sslCAInfo /path/corp-ca.pem (Windows: git config --global http.sslBackend schannel)',
  'pip: pip config set global.cert /path/corp-ca.pem (or PIP_CERT); Python requests: REQUESTS_CA_BUNDLE=/path/bundle.pem (pip ≥ 24.2 with truststore uses the OS store)',
  'Java: keytool -importcert -alias corp-ca -file corp-ca.pem -cacerts (JDK ≥ 9; the password is changeit by default)',
  'Docker daemon: /etc/docker/certs.d/<registry>/ca.crt, or add the CA to the OS store and restart dockerd; inside images, COPY the CA and run update-ca-certificates',
  'curl: --cacert /path/corp-ca.pem or CURL_CA_BUNDLE; on Linux, install the CA with update-ca-certificates',
  'VS Code: http.systemCertificates (on by default) lets extensions use the OS store; install the CA in the OS store and restart VS Code',
];

export const ENVIRONMENT_ENTRIES = [
  {
    id: 'tls-interception',
    title: 'TLS interception: something on your side re-signs the traffic',
    explanation:
      'The certificate chain that reached this machine was not issued by the server\'s CA. Its issuer names a ' +
      'TLS-inspecting product (a corporate proxy such as Zscaler, Netskope, Palo Alto, Fortinet, Blue Coat, ' +
      'Cisco Umbrella, Squid ssl-bump; an antivirus; a debugging proxy such as mitmproxy or Fiddler).\n\n' +
      'Or a private CA signed the requested name through a proxy tunnel, or one private CA signed ' +
      'certificates for unrelated hosts.\n\n' +
      'The server is probably fine. Tools that trust only their bundled roots (Node, npm, pip with certifi, ' +
      'Java, Docker) fail with "self signed certificate in certificate chain" or "unable to get local issuer ' +
      'certificate", while the browser, which uses the OS store where IT installed the inspection root, works.',
    culprits: [
      { kind: 'proxy', title: 'TLS-inspecting proxy or security software re-signing the connection', why: 'the chain was issued by an inspection CA, not by the server\'s', score: 90 },
    ],
    remediation: {
      proxy: [
        'Ask IT for the inspection root certificate (PEM) and install it for each tool that fails (see trust-store-dependent for the per-tool settings), or ask IT to exempt this host from inspection (bypass list) — say which host and that certificate pinning or a non-browser client breaks.',
        'Confirm from another network (phone hotspot): the issuer there is the server\'s public CA.',
      ],
    },
    confirm: [C.opensslCerts],
  },
  {
    id: 'trust-store-dependent',
    title: 'Trusted by one trust store, not by another',
    explanation:
      'The same chain verifies against one of this machine\'s trust stores and not against another. The most ' +
      'common split: the operating system\'s store has a corporate or private root (installed by IT or a ' +
      'package) that Node\'s bundled Mozilla roots lack, so the browser and curl work while Node, npm and ' +
      'extensions fail. The evidence names the stores on each side.',
    culprits: [
      { kind: 'client', title: 'The failing tool uses a trust store without this CA', why: 'another store on this machine trusts the chain', score: 60 },
    ],
    remediation: { client: TRUST_FIXES },
    confirm: [C.opensslCerts],
  },
  {
    id: 'proxy-dependent',
    title: 'The outcome depends on the proxy path',
    explanation:
      'The same URL gave a different outcome through the proxy than directly (or through the proxy the ' +
      'environment names versus the one the PAC file or system settings name). Tools disagree about which ' +
      'proxy applies: curl and Node read HTTPS_PROXY / NO_PROXY, browsers and VS Code follow the PAC file or ' +
      'the system settings, and Node\'s fetch ignores the environment unless NODE_USE_ENV_PROXY=1.',
    culprits: [
      { kind: 'proxy', title: 'The proxy path (or its absence) decides the outcome', why: 'direct and proxied probes of the same URL differ', score: 55 },
    ],
    remediation: {
      proxy: [
        'Make every tool take the same path: set HTTPS_PROXY / NO_PROXY to match what the PAC file returns, or add the host to the proxy\'s bypass list.',
        BROWSER_PROXY_STEP,
        'If only the direct path works, the proxy blocks or breaks this host: ask its owners with the evidence; if only the proxied path works, direct traffic is firewalled and the tool needs the proxy.',
      ],
    },
    confirm: [
      { label: 'The same request through the proxy and directly', command: "curl -sv -o /dev/null --proxy {proxy} {url}; curl -sv -o /dev/null --noproxy '*' {url}" },
    ],
  },
] satisfies Entry[];

export const ENVIRONMENT_PENALTIES: Partial<Record<'tls-interception', Partial<Record<CulpritKind, number>>>> = {
  // A re-signed chain is not the server's chain: "the server forgot its intermediate" does not apply.
  'tls-interception': { server: -40, certificate: -20 },
};
