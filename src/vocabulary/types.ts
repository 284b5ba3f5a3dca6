// A probe result is plain data (the CLI contract's `Result`); every surface renders this same shape.
import type { DiagnosisId, Finding, PhaseName } from './ids';
import type { CaptureEvidence, TraceEvidence } from './capture';

export type PhaseStatus = 'ok' | 'failed' | 'skipped';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface CertInfo {
  subject: string;
  issuer: string;
  /** subjectAltName entries, e.g. ["DNS:example.com", "IP Address:127.0.0.1"] */
  san: string[];
  validFrom: string; // ISO 8601
  validTo: string; // ISO 8601
  fingerprint256: string;
  serialNumber?: string;
  selfSigned?: boolean;
}

/**
 * One phase. `start`/`end` are absolute epoch milliseconds with sub-millisecond precision
 * (performance.timeOrigin + performance.now()); `ms` = end - start. Skipped phases have ms 0 and no start.
 */
export interface PhaseResult {
  phase: PhaseName;
  status: PhaseStatus;
  ms: number;
  start?: number;
  end?: number;
  /** Raw error code and message when the phase failed (ECONNRESET, ERR_TLS_CERT_ALTNAME_INVALID, alert name, …). */
  errorCode?: string;
  error?: string;
  /** Why a phase was skipped when that is not just "an earlier phase failed" (e.g. "not applicable to redis://"). */
  note?: string;

  // dns
  host?: string;
  addresses?: ResolvedAddress[];
  cname?: string[];
  resolver?: string; // "system", "8.8.8.8:53", "--resolve"
  // connect (to the address actually used; the proxy's when one is used)
  remoteAddress?: string;
  remotePort?: number;
  localAddress?: string;
  localPort?: number;
  // proxy
  proxy?: string; // redacted proxy URL
  proxyStatus?: number;
  /** Which source chose the proxy (option, vscode, env, pac, system) and why (a PAC's return value). */
  proxySource?: string;
  proxyReason?: string;
  /** Proxy-Authenticate challenges of a 407, e.g. ["Basic realm=\"corp\"", "NTLM", "Negotiate"]. */
  proxyAuthenticate?: string[];
  /** Who answered the CONNECT: Via / Proxy-Agent / Server header lines. */
  proxyAgent?: string[];
  /** https:// proxy: the TLS session to the proxy itself. */
  proxyTls?: { version?: string; issuer?: string; certError?: string };
  /** SOCKS proxy: what the handshake ended with. */
  socksReply?: string;
  // tls
  sni?: string | null;
  alpnOffered?: string[];
  alpn?: string | null;
  tlsVersion?: string;
  cipher?: string;
  alert?: string; // TLS alert description received, e.g. "unrecognized_name"
  certificates?: CertInfo[];
  certError?: string; // the verification error even when --insecure let the handshake pass
  // request / response / body
  method?: string;
  httpVersion?: string;
  /** HTTP status code (`status` is the phase status). */
  httpStatus?: number;
  statusText?: string;
  headers?: Record<string, string | string[]>;
  headersTruncated?: boolean;
  bytes?: number; // body bytes received (decoded)
  /** The body phase stopped at our byte cap: truncated by us, not by the server. */
  cappedByUs?: boolean;
  bodySample?: string; // the first bytes of the body kept for fingerprinting (capped)
  /** Bytes seen on the wire that were not the expected protocol (hex-escaped, first 64). */
  unexpectedBytes?: string;
}

/** Evidence behind one finding: the same name as in `findings`, with what was seen. */
export interface FindingEvidence {
  finding: Finding;
  detail: string;
}

/** One differential or per-address probe: a variant of the handshake and what it gave. */
export interface VariantProbe {
  variant: string; // "sni=none", "sni=decoy.invalid", "alpn=http/1.1", "alpn=none", "tls<=1.2", "address=10.0.0.2"
  address: string;
  id: DiagnosisId | 'ok';
  ms: number;
  detail?: string;
}

export interface RedirectHop {
  url: string; // redacted
  status: number;
  location: string; // redacted
}

export interface RateLimitInfo {
  status?: number;
  retryAfterSec?: number;
  limit?: number;
  remaining?: number;
  resetSec?: number;
  policy?: string;
  /** Which headers said so, e.g. ["retry-after", "ratelimit"]. */
  sources: string[];
}

export interface Culprit {
  /** waf | load-balancer | rate-limiter | proxy | firewall | server | dns | client | network | certificate */
  kind: string;
  title: string;
  /** Why this culprit is ranked where it is: the evidence in this result. */
  why: string;
  score: number;
}

export interface ConfirmStep {
  label: string;
  command: string;
}

export interface Result {
  url: string; // credentials redacted (user:***@)
  id: DiagnosisId;
  ok: boolean;
  findings: Finding[];
  phases: PhaseResult[];
  title: string;
  /**
   * One sentence that answers the user from this result's evidence (measured facts → most likely culprit), for
   * the line under the headline on every surface: CLI, hover, diagnostic message, explanation page. Failures only.
   */
  verdict?: string;
  explanation: string;
  remediation: string[];
  /** The same steps grouped by the culprit kind they address (waf, load-balancer, …), ranked; optional. */
  remediationGroups?: { kind: string; steps: string[] }[];
  attempts?: Omit<Result, 'attempts'>[];

  // Beyond the contract's minimum: evidence every surface can show.
  scheme?: string;
  host?: string;
  port?: number;
  /** The phase that failed, if any (for `http.reset`: request or response). */
  failedPhase?: PhaseName;
  startedAt?: number; // epoch ms
  totalMs?: number;
  /** The underlying error message, one line, redacted. */
  error?: string;
  evidence?: FindingEvidence[];
  variants?: VariantProbe[];
  redirects?: RedirectHop[];
  rateLimit?: RateLimitInfo;
  resetTiming?: { afterLastWriteMs: number; connectRttMs: number };
  culprits?: Culprit[];
  confirm?: ConfirmStep[];
  /** With ProbeOptions.lifetime: how long the connection lived idle, and how it ended. */
  lifetime?: LifetimeReport;
  /** --capture: the packets of the probe's connection (TTL, flags) */
  capture?: CaptureEvidence;
  /** --trace: a TCP traceroute to the URL's port */
  trace?: TraceEvidence;
}

/** How an idle connection (or a held WebSocket / SSE stream) ended. */
export interface LifetimeClose {
  /** Seconds the connection had been idle (no bytes either way) when it was closed or failed on reuse. */
  afterSec: number;
  /** FIN / RST / a WebSocket close frame while idle; or what a reuse after the gap met. */
  how: 'FIN' | 'RST' | 'close-frame' | 'reset-on-reuse' | 'closed-on-reuse' | 'no-answer-on-reuse';
  detail: string;
}

export interface LifetimeStep {
  /** The idle gap (or hold time) of this step, seconds. */
  idleSec: number;
  outcome: 'reused' | 'held' | 'closed';
  /** WebSocket runs: our pings' spacing; undefined = no pings. */
  pingEverySec?: number;
  detail?: string;
}

export interface LifetimeReport {
  kind: 'http' | 'websocket' | 'sse';
  idleMaxSec: number;
  /** The longest the probe was going to take, announced before it started (s). */
  plannedSec: number;
  elapsedSec: number;
  /** The server's `Keep-Alive` header on the first response, and the timeout it announced. */
  keepAlive?: string;
  announcedTimeoutSec?: number;
  steps: LifetimeStep[];
  closed?: LifetimeClose;
  cancelled?: boolean;
  /** Why no lifetime probe ran (the one-shot probe failed, a close-delimited response …). */
  skipped?: string;
  summary: string;
  /** Advice that follows from the measured numbers. */
  advice: string[];
}

export interface LifetimeProgress {
  /** The URL (redacted). */
  url?: string;
  elapsedSec: number;
  plannedSec: number;
  step: string;
}

export interface ProbeOptions {
  /** Timeout of each phase, ms (default 10000). */
  timeoutMs?: number;
  /** curl-style --resolve: key "host:port" → addresses. */
  resolve?: Record<string, string[]>;
  /** "ip" or "ip:port" ("[v6]:port"); undefined = system resolver. */
  dnsServer?: string;
  /** Extra trusted CA certificates, PEM text. */
  ca?: string[];
  /** Proxy URL; undefined = from the environment (HTTPS_PROXY/HTTP_PROXY/NO_PROXY); '' or null = none. */
  proxy?: string | null;
  insecure?: boolean;
  /** The TLS name to send and to verify the certificate against instead of the URL's host (kubeconfig tls-server-name). */
  serverName?: string;
  /** Attempts per URL (default 1). */
  repeat?: number;
  /** Body bytes kept (default 64 KiB); the body is read no further than this. */
  maxBodyBytes?: number;
  /** Response header bytes accepted (default 64 KiB). */
  maxHeaderBytes?: number;
  /** Run differential / per-address probes on failures (default true). */
  differential?: boolean;
  /** Resolved addresses checked (default 8). */
  maxAddresses?: number;
  /** Redirects followed (default 10; 0 = none). */
  maxRedirects?: number;
  /** Who gave `proxy`: the command line (default) or VS Code's http.proxy. */
  proxySource?: 'option' | 'vscode';
  /** A PAC file (http(s) URL or path) that picks the proxy per URL. */
  pac?: string;
  /** Read the operating system's proxy settings when nothing else names a proxy (default true). */
  systemProxy?: boolean;
  /** When a proxied probe fails, also probe direct (default true; off in an untrusted workspace). */
  allowDirect?: boolean;
  /** Environment for proxy variables (default process.env). */
  env?: Record<string, string | undefined>;
  /** Keep the body sample in the Result (`--include-body`); by default it never leaves the engine. */
  includeBody?: boolean;
  signal?: AbortSignal;
  /** Also keep the connection and reuse it after growing idle gaps (hold a WebSocket / SSE stream). */
  lifetime?: boolean;
  /** The longest idle gap a lifetime probe waits, seconds (default 65). */
  idleMaxSec?: number;
  /** Lifetime probes take long: told how far along they are. */
  onProgress?: (p: LifetimeProgress) => void;
  /** Capture the probe connection's packets (tcpdump) when the machine permits it. */
  capture?: boolean;
  /** TCP traceroute to the URL's port after the probe. */
  trace?: boolean;
}

export interface ScheduleOptions {
  /** Probes in flight at once (default 16). */
  concurrency?: number;
  /** Probes in flight per host (default 4). */
  perHost?: number;
}
