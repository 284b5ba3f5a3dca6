// TLS-inspecting products, recognised by the names their re-signing CAs carry (issuer / subject CN and O).
// Data only: each pattern with where the name is documented. Admins can rename the CA; the generic
// evidence (a private issuer signing the requested name, one issuer for unrelated hosts) covers that.

export interface Interceptor {
  /** vendor:<name> finding, lowercase-hyphen. */
  name: string;
  label: string;
  /** Matched against each certificate's issuer and subject (the DN text, "CN=…, O=…"). */
  patterns: RegExp[];
  source: string;
}

export const INTERCEPTORS: Interceptor[] = [
  { name: 'zscaler', label: 'Zscaler', patterns: [/\bzscaler\b/i], source: 'Zscaler Help "Choosing the CA Certificate for SSL Inspection": the default intermediate is "Zscaler Intermediate Root CA (zscaler.net)", root "Zscaler Root CA", O=Zscaler Inc.' },
  { name: 'netskope', label: 'Netskope', patterns: [/\bnetskope\b/i], source: 'Netskope docs "Netskope Certificates": re-signing CA "caNetskope…" with O=Netskope' },
  { name: 'paloalto', label: 'Palo Alto Networks', patterns: [/palo ?alto networks/i, /\bPAN-?OS\b/], source: 'PAN-OS admin guide "Keys and Certificates for Decryption Policies": forward-trust CA, default O=Palo Alto Networks' },
  { name: 'fortinet', label: 'Fortinet FortiGate', patterns: [/\bfortinet\b/i, /\bfortigate\b/i, /Fortinet_CA_SSL/i], source: 'FortiOS docs "Deep inspection": default CA Fortinet_CA_SSL, O=Fortinet' },
  { name: 'bluecoat', label: 'Blue Coat / Symantec ProxySG', patterns: [/blue ?coat/i, /\bProxySG\b/i], source: 'Symantec ProxySG SSL interception docs: default issuer "Blue Coat … CA"; microsoft/vscode#17187' },
  { name: 'cisco-umbrella', label: 'Cisco Umbrella', patterns: [/cisco umbrella/i, /\bOpenDNS\b/i], source: 'Cisco Umbrella docs "Install the Cisco Umbrella root certificate": CN=Cisco Umbrella Primary SubCA / Cisco Umbrella Root CA' },
  { name: 'squid', label: 'Squid (ssl-bump)', patterns: [/\bsquid\b/i], source: 'Squid wiki "SslBump": the CA is the admin\'s own; commonly named after squid' },
  { name: 'mitmproxy', label: 'mitmproxy', patterns: [/\bmitmproxy\b/i], source: 'docs.mitmproxy.org "About Certificates": CA CN=mitmproxy, O=mitmproxy' },
  { name: 'sophos', label: 'Sophos', patterns: [/\bsophos\b/i], source: 'Sophos Firewall docs "HTTPS decryption": default "Sophos_CA"' },
  { name: 'kaspersky', label: 'Kaspersky', patterns: [/\bkaspersky\b/i], source: 'Kaspersky support: "Kaspersky Anti-Virus Personal Root Certificate" for encrypted connection scanning' },
  { name: 'avast', label: 'Avast / AVG', patterns: [/avast.*(shield|root)/i, /\bAVG\b.*(shield|root)/i], source: 'Avast support: "Avast Web/Mail Shield Root" for HTTPS scanning' },
  { name: 'eset', label: 'ESET', patterns: [/\bESET SSL Filter\b/i], source: 'ESET knowledge base: "ESET SSL Filter CA" for SSL/TLS protocol filtering' },
  { name: 'fiddler', label: 'Fiddler', patterns: [/DO_NOT_TRUST_FiddlerRoot/i, /\bfiddler\b/i], source: 'Fiddler docs: root CN=DO_NOT_TRUST_FiddlerRoot' },
  { name: 'charles', label: 'Charles Proxy', patterns: [/charles proxy/i], source: 'Charles docs "SSL Certificates": "Charles Proxy CA"' },
];

export function interceptorIn(dn: string): Interceptor | undefined {
  return INTERCEPTORS.find((i) => i.patterns.some((p) => p.test(dn)));
}
