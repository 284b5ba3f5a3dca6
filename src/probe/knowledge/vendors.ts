// Who answered: WAF, CDN, load balancer and proxy fingerprints as data (facts from ../shared/field-notes.md C.1–C.6).
// Headers can be rewritten, so every signature is weighted evidence; a vendor is named when its weights add up.
import { ALB_ONLY_STATUSES, CLOUDFLARE_STATUSES } from './vendor-status';

export type VendorRole = 'cdn' | 'waf' | 'load-balancer' | 'api-gateway' | 'proxy' | 'server';

/** What a matching signature says beyond "this vendor is in the path". */
export type SignatureMeaning =
  | 'presence' // the vendor answered or relayed this response
  | 'block' // a WAF / bot-protection block or challenge page
  | 'upstream' // the vendor answered for a failed back end
  | 'rate-limit'; // the vendor's rate-limit page

export interface Signature {
  on: 'header' | 'cookie' | 'body' | 'status';
  /** Header name (lowercase) or cookie-name prefix (case-insensitive). */
  name?: string;
  /** Lowercase substring of the header value or body; for headers, absent = the header's presence is enough. */
  contains?: string;
  /** The whole trimmed, lowercased value or body equals this. */
  equals?: string;
  /** Cookie names matching this anchored pattern (kept simple: no nested quantifiers). */
  pattern?: RegExp;
  /** Only for these statuses. */
  status?: number[];
  /** Only when this header is absent (e.g. Traefik's default pages carry no `server`). */
  without?: string;
  /** 0–1: how strongly this alone names the vendor. Weights combine as 1 − Π(1 − w); a vendor is named at 0.5. */
  weight: number;
  means?: SignatureMeaning;
  /** Human-readable label for evidence, when the matched text is not self-explanatory. */
  label?: string;
}

export interface Vendor {
  /** Lowercase-hyphen; VENDORS (ids.ts) lists the ones with a lab case, this table may know more. */
  name: string;
  label: string;
  /** Primary role first. */
  roles: VendorRole[];
  signatures: Signature[];
  /** Where the facts come from (field-notes.md rows, with their sources). */
  source: string;
}

const CF_UPSTREAM = [...CLOUDFLARE_STATUSES];

export const VENDOR_DATA: Vendor[] = [
  {
    name: 'cloudflare',
    label: 'Cloudflare',
    roles: ['cdn', 'waf'],
    signatures: [
      { on: 'header', name: 'server', equals: 'cloudflare', weight: 0.9 },
      { on: 'header', name: 'cf-ray', weight: 0.9 },
      { on: 'header', name: 'cf-cache-status', weight: 0.5 },
      { on: 'header', name: 'cf-error-type', weight: 0.9, label: 'Cloudflare-generated error page' },
      { on: 'header', name: 'cf-error-type', status: [403], weight: 0.9, means: 'block', label: 'Cloudflare-generated 403' },
      { on: 'header', name: 'cf-mitigated', contains: 'challenge', weight: 0.9, means: 'block', label: 'managed challenge' },
      { on: 'cookie', name: '__cf_bm', weight: 0.6 },
      { on: 'cookie', name: 'cf_clearance', weight: 0.6 },
      { on: 'status', status: CF_UPSTREAM, weight: 0.4, means: 'upstream', label: 'Cloudflare 52x/530 status' },
      // Generic phrases stay under 0.5: alone they name no one, next to a header they confirm.
      { on: 'body', contains: 'attention required! | cloudflare', weight: 0.9, means: 'block' },
      { on: 'body', contains: 'sorry, you have been blocked', weight: 0.45, means: 'block' },
      { on: 'body', contains: 'why have i been blocked?', weight: 0.4, means: 'block' },
      { on: 'body', contains: 'checking your browser before accessing', weight: 0.45, means: 'block' },
      { on: 'body', contains: 'window._cf_chl_opt', weight: 0.9, means: 'block' },
      { on: 'body', contains: '/cdn-cgi/challenge-platform/', weight: 0.9, means: 'block' },
      { on: 'body', contains: '<title>just a moment...</title>', weight: 0.4, means: 'block' },
      { on: 'body', contains: 'error code 1020', weight: 0.6, means: 'block', label: 'error 1020 (firewall rule)' },
      { on: 'body', contains: 'you are being rate limited', weight: 0.6, means: 'rate-limit', label: 'error 1015 page' },
      { on: 'body', contains: 'ray id:', weight: 0.3 },
    ],
    source:
      'field-notes C.1/C.2/C.6: cloudflare-docs cloudflare-error-headers.mdx, 5xx and 1xxx error pages, ' +
      '"Detect a Challenge Page response"; wafw00f plugins/cloudflare.py; FlareSolverr ACCESS_DENIED_TITLES',
  },
  {
    name: 'akamai',
    label: 'Akamai',
    roles: ['cdn', 'waf'],
    signatures: [
      { on: 'header', name: 'server', contains: 'akamaighost', weight: 0.9 },
      { on: 'header', name: 'akamai-cache-status', weight: 0.8 },
      { on: 'header', name: 'akamai-grn', weight: 0.8 },
      { on: 'header', name: 'x-reference-error', weight: 0.6 },
      { on: 'body', contains: 'errors.edgesuite.net', weight: 0.9, means: 'block' },
      { on: 'body', contains: 'reference #18.', weight: 0.7, means: 'block', status: [403] },
      // Akamai's pages are entity-encoded on the wire.
      { on: 'body', contains: 'reference&#32;&#35;18&#46;', weight: 0.7, means: 'block', label: 'Reference #18.… (entity-encoded)' },
      { on: 'body', contains: 'errors&#46;edgesuite&#46;net', weight: 0.9, means: 'block', label: 'errors.edgesuite.net (entity-encoded)' },
    ],
    source: 'field-notes C.1/C.6: wafw00f kona.py; WhatWaf issues #1116, #1162; netbird #3670',
  },
  {
    name: 'imperva',
    label: 'Imperva (Incapsula)',
    roles: ['waf', 'cdn'],
    signatures: [
      { on: 'cookie', name: 'visid_incap_', weight: 0.9 },
      { on: 'cookie', name: 'incap_ses_', weight: 0.9 },
      { on: 'cookie', name: 'nlbi_', weight: 0.7 },
      { on: 'cookie', name: 'reese84', weight: 0.5 },
      { on: 'header', name: 'x-iinfo', weight: 0.8 },
      { on: 'header', name: 'x-cdn', contains: 'imperva', weight: 0.9 },
      { on: 'header', name: 'x-cdn', contains: 'incapsula', weight: 0.9 },
      { on: 'body', contains: 'incapsula incident id', weight: 0.9, means: 'block' },
      { on: 'body', contains: 'powered by incapsula', weight: 0.8, means: 'block' },
      { on: 'body', contains: '/_incapsula_resource', weight: 0.9, means: 'block' },
    ],
    source: 'field-notes C.1/C.6: wafw00f incapsula.py; zendriver-imperva detect.js (header names unverified)',
  },
  {
    name: 'aws-cloudfront',
    label: 'Amazon CloudFront',
    roles: ['cdn'],
    signatures: [
      { on: 'header', name: 'via', contains: 'cloudfront', weight: 0.9 },
      { on: 'header', name: 'x-amz-cf-id', weight: 0.9 },
      { on: 'header', name: 'x-amz-cf-pop', weight: 0.9 },
      { on: 'header', name: 'x-cache', contains: 'cloudfront', weight: 0.8 },
      { on: 'body', contains: 'generated by cloudfront (cloudfront)', weight: 0.9 },
      { on: 'body', contains: 'request blocked.', weight: 0.3, means: 'block', status: [403] },
    ],
    source: 'field-notes C.1: wafw00f cloudfront.py; lychee #799 capture',
  },
  {
    name: 'aws-elb',
    label: 'AWS Elastic Load Balancing (ALB/ELB)',
    roles: ['load-balancer'],
    signatures: [
      { on: 'header', name: 'server', contains: 'awselb', weight: 0.95 },
      { on: 'cookie', name: 'awsalb', weight: 0.8 },
      { on: 'cookie', name: 'awselb', weight: 0.8 },
      { on: 'status', status: [...ALB_ONLY_STATUSES], weight: 0.4, means: 'upstream', label: 'ALB-only status' },
    ],
    source: 'field-notes C.1/C.3: wafw00f awswaf.py; awsdocs ALB load-balancer-troubleshooting.md',
  },
  {
    name: 'aws-api-gateway',
    label: 'Amazon API Gateway',
    roles: ['api-gateway'],
    signatures: [
      { on: 'header', name: 'x-amz-apigw-id', weight: 0.9 },
      { on: 'header', name: 'x-amzn-errortype', weight: 0.6 },
      { on: 'header', name: 'x-amzn-requestid', weight: 0.3 },
      { on: 'body', contains: 'missing authentication token', weight: 0.6 },
      { on: 'body', contains: '"message":"forbidden"', weight: 0.3, status: [403] },
      { on: 'body', contains: 'limit exceeded', weight: 0.3, means: 'rate-limit', status: [429] },
      { on: 'body', contains: '"message":"too many requests"', weight: 0.3, means: 'rate-limit', status: [429] },
    ],
    source: 'field-notes C.1/C.5: captures via find_string; AWS re:Post api-gateway-429-limit',
  },
  {
    name: 'aws-waf',
    label: 'AWS WAF',
    roles: ['waf'],
    signatures: [
      { on: 'header', name: 'x-blocked-by-waf', weight: 0.9, means: 'block' },
      { on: 'header', name: 'x-amzn-waf-action', weight: 0.9, means: 'block' },
      { on: 'cookie', name: 'aws-waf-token', weight: 0.6 },
      // The ALB itself answers 403 only when a WAF web ACL blocked the request (ALB troubleshooting doc).
      { on: 'header', name: 'server', contains: 'awselb', status: [403], weight: 0.6, means: 'block', label: 'ALB 403 (WAF web ACL)' },
    ],
    source:
      'field-notes C.1/C.3: wafw00f awswaf.py; ALB troubleshooting doc (403 = WAF web ACL); ' +
      'x-amzn-waf-action from AWS WAF CAPTCHA/Challenge docs (not in field-notes)',
  },
  {
    name: 'azure-front-door',
    label: 'Azure Front Door',
    roles: ['cdn', 'waf'],
    signatures: [
      { on: 'header', name: 'x-azure-ref', weight: 0.9 },
      { on: 'body', contains: 'the request is blocked.', weight: 0.2, means: 'block', status: [403], label: 'WAF block text' }, // unverified against a live Front Door
    ],
    source: 'field-notes C.1: wafw00f frontdoor.py (block text unverified)',
  },
  {
    name: 'azure-app-gateway',
    label: 'Azure Application Gateway',
    roles: ['load-balancer', 'waf'],
    signatures: [
      { on: 'header', name: 'server', contains: 'microsoft-azure-application-gateway', weight: 0.95 },
      { on: 'body', contains: '<center>microsoft-azure-application-gateway', weight: 0.9, status: [403], means: 'block' },
      { on: 'body', contains: '<center>microsoft-azure-application-gateway', weight: 0.9, label: 'Application Gateway error page' },
    ],
    source: 'field-notes C.1: wafw00f applicationgateway.py',
  },
  {
    name: 'google',
    label: 'Google Front End / Cloud Load Balancing (Cloud Armor)',
    roles: ['load-balancer', 'cdn', 'waf'],
    signatures: [
      { on: 'header', name: 'via', contains: '1.1 google', weight: 0.8 },
      { on: 'header', name: 'server', equals: 'google frontend', weight: 0.6 },
      {
        on: 'body',
        contains: 'the server encountered a temporary error and could not complete your request',
        weight: 0.4,
        status: [502],
        means: 'upstream',
        label: 'GFE 502 page', // not in field-notes
      },
    ],
    source: 'field-notes C.1: wafw00f gcparmor.py; GFE 502 page text is common knowledge, unverified here',
  },
  {
    name: 'fastly',
    label: 'Fastly',
    roles: ['cdn'],
    signatures: [
      { on: 'header', name: 'x-fastly-request-id', weight: 0.9 },
      { on: 'header', name: 'x-served-by', contains: 'cache-', weight: 0.7 },
      { on: 'header', name: 'fastly-debug-digest', weight: 0.8 },
      { on: 'body', contains: 'fastly error: unknown domain', weight: 0.9, label: 'unknown domain page' }, // not in field-notes
    ],
    source: 'field-notes C.1: wafw00f fastly.py',
  },
  {
    name: 'f5',
    label: 'F5 BIG-IP (LTM / ASM)',
    roles: ['load-balancer', 'waf'],
    signatures: [
      { on: 'cookie', name: 'bigipserver', weight: 0.9, label: 'BIGipServer cookie (LTM; may encode the pool member address)' },
      { on: 'cookie', pattern: /^TS[0-9a-f]{6,16}$/i, weight: 0.6, label: 'TS… cookie (ASM)' },
      { on: 'header', name: 'server', contains: 'bigip', weight: 0.9 },
      { on: 'header', name: 'server', contains: 'big-ip', weight: 0.9 },
      { on: 'body', contains: 'the requested url was rejected. please consult with your administrator', weight: 0.95, means: 'block' },
      { on: 'body', contains: 'your support id is', weight: 0.4, means: 'block' },
    ],
    source: 'field-notes C.1/C.6: wafw00f f5bigipltm.py, f5bigipasm.py; testssl.sh BIG-IP cookie decoding',
  },
  {
    name: 'citrix',
    label: 'Citrix NetScaler (ADC / AppFirewall)',
    roles: ['load-balancer', 'waf'],
    signatures: [
      { on: 'header', name: 'via', contains: 'ns-cache', weight: 0.8 },
      { on: 'header', name: 'cneonction', weight: 0.8, label: 'mangled "Cneonction" header' },
      { on: 'header', name: 'nncoection', weight: 0.8, label: 'mangled "nnCoection" header' },
      { on: 'cookie', name: 'ns_af', weight: 0.8 },
      { on: 'cookie', name: 'citrix_ns_id', weight: 0.9 },
      { on: 'cookie', name: 'nsc_', weight: 0.8 },
      { on: 'body', contains: 'ns transaction id', weight: 0.8, means: 'block' },
      { on: 'body', contains: 'appfw session id', weight: 0.8, means: 'block' },
      { on: 'body', contains: 'violation category', weight: 0.4, means: 'block' },
    ],
    source: 'field-notes C.1: wafw00f netscaler.py',
  },
  {
    name: 'sucuri',
    label: 'Sucuri Website Firewall',
    roles: ['waf', 'cdn'],
    signatures: [
      { on: 'header', name: 'server', contains: 'sucuri', weight: 0.95 },
      { on: 'header', name: 'x-sucuri-id', weight: 0.9 },
      { on: 'header', name: 'x-sucuri-cache', weight: 0.8 },
      { on: 'header', name: 'x-sucuri-block', weight: 0.9, means: 'block' },
      { on: 'body', contains: 'access denied - sucuri website firewall', weight: 0.95, means: 'block' },
      { on: 'body', contains: 'sucuri-firewall-block.css', weight: 0.95, means: 'block' },
    ],
    source: 'field-notes C.1/C.6: wafw00f sucuri.py; lychee client.rs comment',
  },
  {
    name: 'modsecurity',
    label: 'ModSecurity',
    roles: ['waf'],
    signatures: [
      { on: 'header', name: 'server', contains: 'mod_security', weight: 0.9 },
      { on: 'header', name: 'server', equals: 'noyb', weight: 0.7 },
      { on: 'body', contains: 'this error was generated by mod_security', weight: 0.95, means: 'block' },
      { on: 'body', contains: 'modsecurity action', weight: 0.8, means: 'block' },
    ],
    source: 'field-notes C.1: wafw00f modsecurity.py',
  },
  {
    name: 'envoy',
    label: 'Envoy (Istio and other meshes / gateways)',
    roles: ['proxy', 'load-balancer'],
    signatures: [
      { on: 'header', name: 'server', equals: 'envoy', weight: 0.9 },
      { on: 'header', name: 'server', equals: 'istio-envoy', weight: 0.9 },
      { on: 'header', name: 'x-envoy-upstream-service-time', weight: 0.9, label: 'an upstream answered through Envoy' },
      { on: 'header', name: 'x-envoy-overloaded', weight: 0.9, means: 'upstream', label: 'circuit breaker open' },
      { on: 'header', name: 'x-envoy-ratelimited', weight: 0.9, means: 'rate-limit' },
      { on: 'header', name: 'x-envoy-decorator-operation', weight: 0.7 },
      { on: 'body', contains: 'upstream connect error or disconnect/reset before headers', weight: 0.9, means: 'upstream' },
      { on: 'body', equals: 'no healthy upstream', weight: 0.9, means: 'upstream' },
      { on: 'body', equals: 'upstream request timeout', weight: 0.9, means: 'upstream' },
      { on: 'body', equals: 'rbac: access denied', weight: 0.8, means: 'block', label: 'RBAC filter denial' },
    ],
    source:
      'field-notes C.1/C.4: wafw00f envoy.py; envoyproxy/envoy grpc_web integration test; Envoy access-log flags; ' +
      'tetrate TSB gateway troubleshooting',
  },
  {
    name: 'nginx',
    label: 'nginx',
    roles: ['server', 'proxy'],
    signatures: [
      { on: 'header', name: 'server', equals: 'nginx', weight: 0.9 },
      { on: 'header', name: 'server', contains: 'nginx/', weight: 0.9 },
      { on: 'header', name: 'server', contains: 'openresty', weight: 0.8, label: 'OpenResty (nginx)' },
      { on: 'body', contains: '<center>nginx', weight: 0.8, label: 'nginx default error page' },
      { on: 'body', contains: 'the plain http request was sent to https port', weight: 0.9, label: '497: HTTP sent to HTTPS port' },
    ],
    source: 'field-notes C.1: nginx src/http/ngx_http_special_response.c',
  },
  {
    name: 'varnish',
    label: 'Varnish Cache',
    roles: ['proxy', 'cdn'],
    // Its stock error is synthetic: "503 Backend fetch failed" with `Retry-After: 5` (builtin.vcl vcl_backend_error),
    // a gateway failure page, not a rate limit.
    signatures: [
      { on: 'header', name: 'x-varnish', weight: 0.9 },
      { on: 'header', name: 'via', contains: '(varnish/', weight: 0.9 },
      // Fastly (Varnish inside) sends `via: 1.1 varnish` too: alone it does not name Varnish.
      { on: 'header', name: 'via', contains: 'varnish', weight: 0.3 },
      { on: 'header', name: 'server', equals: 'varnish', weight: 0.9 },
      { on: 'body', contains: 'backend fetch failed', weight: 0.9, means: 'upstream', label: '"Backend fetch failed" (no usable back end)' },
      { on: 'body', contains: 'guru meditation', weight: 0.8, label: 'Varnish "Guru Meditation" error page' },
    ],
    source:
      'varnish-cache bin/varnishd/builtin.vcl (vcl_backend_error: 503 "Backend fetch failed", Retry-After: 5; vcl_synth ' +
      '"Guru Meditation"); headers and page as Debian varnish 7.1 sends them in front of a dead back end',
  },
  {
    name: 'caddy',
    label: 'Caddy',
    roles: ['proxy', 'server'],
    // Caddy's reverse_proxy answers a dead upstream with an empty 502 and nothing but `Server: Caddy`.
    signatures: [{ on: 'header', name: 'server', equals: 'caddy', weight: 0.95 }],
    source: 'caddy modules/caddyhttp/server.go (Server: Caddy), reverseproxy statusError (502 on dial failure); as Debian caddy 2.6 sends it',
  },
  {
    name: 'apache',
    label: 'Apache httpd',
    roles: ['server', 'proxy'],
    signatures: [
      { on: 'header', name: 'server', equals: 'apache', weight: 0.9 },
      { on: 'header', name: 'server', contains: 'apache/', weight: 0.9 },
      { on: 'body', contains: 'the proxy server received an invalid', weight: 0.9, means: 'upstream', label: 'mod_proxy "Proxy Error" page (502)' },
      { on: 'body', contains: 'the proxy server could not handle the request', weight: 0.9, means: 'upstream', label: 'mod_proxy "Proxy Error" page' },
      { on: 'body', contains: 'the server is temporarily unable to service your', weight: 0.4, label: 'Apache default 503 page' },
    ],
    source: 'httpd modules/http/http_protocol.c (ap_send_error_response: default error bodies), modules/proxy/mod_proxy.c; as Debian apache2 2.4 sends them',
  },
  {
    name: 'haproxy',
    label: 'HAProxy',
    roles: ['load-balancer', 'proxy'],
    signatures: [
      { on: 'body', contains: 'no server is available to handle this request', weight: 0.9, means: 'upstream' },
      { on: 'body', contains: 'the server returned an invalid or incomplete response', weight: 0.9, means: 'upstream' },
      { on: 'body', contains: "the server didn't respond in time", weight: 0.9, means: 'upstream' },
      { on: 'body', contains: 'you have sent too many requests in a given amount of time', weight: 0.9, means: 'rate-limit' },
      { on: 'body', contains: 'request forbidden by administrative rules', weight: 0.9, means: 'block', status: [403] },
    ],
    source: 'field-notes C.1: haproxy src/http.c http_err_msgs',
  },
  {
    name: 'traefik',
    label: 'Traefik',
    roles: ['proxy', 'load-balancer'],
    // Traefik sends no `server` header and Go's plain-text defaults; any bare Go server looks the same, so these
    // only just reach the threshold and are reported as such.
    signatures: [
      { on: 'cookie', name: '_traefik_backend', weight: 0.9, label: 'Traefik v1 sticky-session cookie' },
      { on: 'body', equals: '404 page not found', status: [404], without: 'server', weight: 0.5, label: 'bare "404 page not found" (no route)' },
      { on: 'body', equals: 'bad gateway', status: [502], without: 'server', weight: 0.5, means: 'upstream', label: 'bare "Bad Gateway"' },
      { on: 'body', equals: 'gateway timeout', status: [504], without: 'server', weight: 0.5, means: 'upstream', label: 'bare "Gateway Timeout"' },
      { on: 'body', equals: 'service unavailable', status: [503], without: 'server', weight: 0.5, means: 'upstream', label: 'bare "Service Unavailable"' },
    ],
    source: 'traefik docs getting-started/faq.md (404 when no router matches); Go net/http defaults; field-notes C.1 has no row',
  },
  {
    name: 'vercel',
    label: 'Vercel',
    roles: ['cdn', 'waf'],
    signatures: [
      { on: 'header', name: 'server', equals: 'vercel', weight: 0.9 },
      { on: 'header', name: 'x-vercel-id', weight: 0.9 },
      { on: 'header', name: 'x-vercel-cache', weight: 0.7 },
      { on: 'header', name: 'x-vercel-mitigated', weight: 0.9, means: 'block' },
      { on: 'body', contains: 'vercel security checkpoint', weight: 0.95, means: 'block' },
      { on: 'body', contains: '/vercel/security/', weight: 0.7, means: 'block' },
    ],
    source: 'field-notes C.1/C.6: wafw00f vercel.py (x-vercel-* headers not in field-notes)',
  },
  {
    name: 'perimeterx',
    label: 'PerimeterX (HUMAN)',
    roles: ['waf'],
    signatures: [
      { on: 'body', contains: 'whywasiblocked', weight: 0.9, means: 'block' },
      { on: 'body', contains: 'denied because we believe you are using automation tools', weight: 0.9, means: 'block' },
      { on: 'body', contains: 'pardon our interruption', weight: 0.5, means: 'block' },
      { on: 'cookie', name: '_px', weight: 0.4 },
    ],
    source: 'field-notes C.1/C.6: wafw00f perimeterx.py',
  },
  {
    name: 'barracuda',
    label: 'Barracuda WAF',
    roles: ['waf', 'load-balancer'],
    signatures: [
      { on: 'cookie', name: 'barra_counter_session', weight: 0.9 },
      { on: 'cookie', name: 'bni__barracuda_lb_cookie', weight: 0.9 },
    ],
    source: 'field-notes C.1: wafw00f barracuda.py',
  },
  {
    name: 'radware',
    label: 'Radware AppWall',
    roles: ['waf'],
    signatures: [
      { on: 'header', name: 'x-sl-compstate', weight: 0.9 },
      { on: 'body', contains: 'unauthorized request blocked', weight: 0.7, means: 'block' },
    ],
    source: 'field-notes C.1: wafw00f radware.py',
  },
  {
    name: 'fortiweb',
    label: 'Fortinet FortiWeb',
    roles: ['waf'],
    signatures: [
      { on: 'cookie', name: 'fortiwafsid', weight: 0.9 },
      { on: 'body', contains: 'web page blocked', weight: 0.4, means: 'block' },
      { on: 'body', contains: 'attack id', weight: 0.3, means: 'block' },
    ],
    source: 'field-notes C.1: wafw00f fortiweb.py',
  },
];

export function vendorByName(name: string): Vendor | undefined {
  return VENDOR_DATA.find((v) => v.name === name);
}
