// What a proxy's Proxy-Authenticate challenges ask of the client, scheme by scheme.

const SCHEMES: Record<string, string> = {
  basic: 'Basic: user and password in the proxy URL (http://user:pass@proxy:port) or VS Code http.proxyAuthorization; sent in clear to the proxy',
  digest: 'Digest: a password hashed per challenge; curl --proxy-digest supports it, Node and most CLIs do not — use Basic if the proxy also offers it',
  ntlm: 'NTLM: a Windows domain login; curl --proxy-ntlm and browsers can, Node/npm/Git cannot — run a local relay (cntlm, or px which uses the Windows login) and point HTTPS_PROXY at it',
  negotiate: 'Negotiate: Kerberos (or NTLM) from the OS login; VS Code can (http.proxyKerberosServicePrincipal), curl --proxy-negotiate with a ticket (kinit); elsewhere px or cntlm as a local relay',
};

/** One line per scheme the proxy offers, e.g. "NTLM: …; Basic: …". */
export function explainProxyAuth(challenges: string[]): string {
  const schemes = [...new Set(challenges.map((c) => c.trim().split(/\s+/)[0]).filter(Boolean))];
  const said = schemes.map((s) => SCHEMES[s.toLowerCase()] ?? `${s}: a scheme this tool does not know`);
  return `the proxy asks for ${schemes.join(', ')} — ${said.join('; ')}`;
}
