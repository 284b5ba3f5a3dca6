import * as assert from 'node:assert/strict';
import { fingerprint, isUpstreamFailure, isWafBlock, isRateLimitedResponse } from '../../src/probe/fingerprint';
import { VENDORS } from '../../src/vocabulary/ids';
import { VENDOR_DATA } from '../../src/probe/knowledge/vendors';

type Headers = Record<string, string | string[]>;
interface Case {
  vendor: string;
  status: number;
  headers: Headers;
  body?: string;
  block?: boolean;
  upstream?: boolean;
}

// Realistic responses, shaped after the captures cited in field-notes.md.
const CASES: Case[] = [
  {
    vendor: 'cloudflare',
    status: 200,
    headers: { Server: 'cloudflare', 'CF-RAY': '8a1b2c3d4e5f6789-AMS', 'cf-cache-status': 'DYNAMIC', 'Content-Type': 'text/html' },
  },
  {
    vendor: 'cloudflare',
    status: 403,
    headers: { server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f6789-FRA' },
    body: '<!DOCTYPE html><title>Attention Required! | Cloudflare</title><h1>Sorry, you have been blocked</h1><p>Cloudflare Ray ID: 8a1b2c3d4e5f6789</p>',
    block: true,
  },
  {
    vendor: 'akamai',
    status: 403,
    headers: { Server: 'AkamaiGHost', 'Content-Type': 'text/html', 'Mime-Version': '1.0' },
    body: '<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n You don\'t have permission to access "http&#58;&#47;&#47;www&#46;example&#46;com&#47;" on this server.<P>\nReference&#32;&#35;18&#46;5f2e3b17&#46;1700000000&#46;1a2b3c4d\n<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;5f2e3b17\n</BODY>\n</HTML>\n',
    block: true, // the page is entity-encoded on the wire
  },
  {
    vendor: 'akamai',
    status: 403,
    headers: { Server: 'AkamaiGHost' },
    body: '<H1>Access Denied</H1> You don\'t have permission to access "/" on this server.<P> Reference #18.5f2e3b17.1700000000.1a2b3c4d <P>https://errors.edgesuite.net/18.5f2e3b17',
    block: true,
  },
  {
    vendor: 'imperva',
    status: 403,
    headers: { 'Set-Cookie': ['visid_incap_123456=abcdef; expires=Fri, 01 Jan 2027 00:00:00 GMT; path=/', 'incap_ses_789_123456=xyz; path=/'], 'X-CDN': 'Imperva', 'X-Iinfo': '12-3456789-0 0NNN RT(1700000000000 0)' },
    body: '<html><head><META NAME="robots" CONTENT="noindex,nofollow"></head><body>Request unsuccessful. Incapsula incident ID: 1234000560012345678-123456789012345678</body></html>',
    block: true,
  },
  {
    vendor: 'aws-cloudfront',
    status: 200,
    headers: { Via: '1.1 0a1b2c3d4e5f6a7b8c9d.cloudfront.net (CloudFront)', 'X-Amz-Cf-Id': 'q0oGzZcB3nZ1xw==', 'X-Amz-Cf-Pop': 'FRA56-P1', 'X-Cache': 'Miss from cloudfront' },
  },
  {
    vendor: 'aws-elb',
    status: 200,
    headers: { Server: 'awselb/2.0', 'Set-Cookie': 'AWSALB=abc; Expires=Tue, 01 Dec 2026 00:00:00 GMT; Path=/' },
  },
  {
    vendor: 'aws-elb',
    status: 502,
    headers: { Server: 'awselb/2.0', 'Content-Type': 'text/html' },
    body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
    upstream: true,
  },
  {
    vendor: 'aws-api-gateway',
    status: 403,
    headers: { 'x-amzn-RequestId': '5f2e3b17-1a2b-4c3d-8e9f-0a1b2c3d4e5f', 'x-amzn-ErrorType': 'MissingAuthenticationTokenException', 'x-amz-apigw-id': 'Abc12EFgHiJ=' },
    body: '{"message":"Missing Authentication Token"}',
  },
  {
    vendor: 'aws-waf',
    status: 403,
    headers: { Server: 'awselb/2.0', 'Content-Type': 'text/html' },
    body: '<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center></body></html>',
    block: true,
  },
  {
    vendor: 'aws-waf',
    status: 403,
    headers: { 'X-Blocked-By-WAF': 'Blocked_by_custom_response_for_AWSManagedRulesCommonRuleSet', 'x-amzn-RequestId': 'abc' },
    block: true,
  },
  { vendor: 'azure-front-door', status: 200, headers: { 'X-Azure-Ref': '20261122T133000Z-16f9c8b7d5-abcde', 'X-Cache': 'TCP_MISS' } },
  {
    vendor: 'azure-app-gateway',
    status: 403,
    headers: { Server: 'Microsoft-Azure-Application-Gateway/v2', 'Content-Type': 'text/html' },
    body: '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>Microsoft-Azure-Application-Gateway/v2</center>\r\n</body>\r\n</html>\r\n',
    block: true,
  },
  { vendor: 'google', status: 200, headers: { Via: '1.1 google', 'Alt-Svc': 'h3=":443"; ma=2592000' } },
  { vendor: 'fastly', status: 200, headers: { 'X-Served-By': 'cache-fra-eddf8230045-FRA', 'X-Cache': 'HIT', 'X-Timer': 'S1700000000.1,VS0,VE1' } },
  {
    vendor: 'f5',
    status: 200,
    headers: { 'Set-Cookie': ['BIGipServerpool_web=1677787402.20480.0000; path=/; Httponly', 'TS01a2b3c4=01abcdef; Path=/'] },
    body: '<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with your administrator.<br><br>Your support ID is: 1234567890123456789</body></html>',
    block: true,
  },
  {
    vendor: 'citrix',
    status: 200,
    headers: { Via: 'NS-CACHE-10.0: 1', Cneonction: 'close', 'Set-Cookie': 'citrix_ns_id=AAI7; Domain=.example.com; Path=/' },
  },
  {
    vendor: 'sucuri',
    status: 403,
    headers: { Server: 'Sucuri/Cloudproxy', 'X-Sucuri-ID': '17012', 'X-Sucuri-Block': 'BLK-XSS01' },
    body: '<title>Sucuri WebSite Firewall - Access Denied</title><link rel="stylesheet" href="https://cdn.sucuri.net/sucuri-firewall-block.css">',
    block: true,
  },
  {
    vendor: 'modsecurity',
    status: 406,
    headers: { Server: 'Apache' },
    body: '<html><body><h1>Not Acceptable!</h1><p>An appropriate representation of the requested resource could not be found on this server. This error was generated by Mod_Security.</p></body></html>',
    block: true,
  },
  {
    vendor: 'envoy',
    status: 503,
    headers: { server: 'envoy', 'content-type': 'text/plain', 'content-length': '91' },
    body: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure',
    upstream: true,
  },
  { vendor: 'envoy', status: 503, headers: { 'content-type': 'text/plain' }, body: 'no healthy upstream', upstream: true },
  { vendor: 'envoy', status: 200, headers: { server: 'istio-envoy', 'x-envoy-upstream-service-time': '12' } },
  {
    vendor: 'nginx',
    status: 502,
    headers: { Server: 'nginx/1.25.3', 'Content-Type': 'text/html' },
    body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n',
    upstream: true,
  },
  {
    vendor: 'haproxy',
    status: 503,
    headers: { 'content-length': '107', 'cache-control': 'no-cache', 'content-type': 'text/html' },
    body: '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n',
    upstream: true,
  },
  { vendor: 'traefik', status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }, body: '404 page not found\n' },
  { vendor: 'traefik', status: 502, headers: { 'Content-Length': '11' }, body: 'Bad Gateway', upstream: true },
  {
    vendor: 'vercel',
    status: 429,
    headers: { Server: 'Vercel', 'X-Vercel-Id': 'fra1::abcde-1700000000000-0123456789ab', 'X-Vercel-Mitigated': 'challenge' },
    body: '<!DOCTYPE html><html><head><title>Vercel Security Checkpoint</title></head></html>',
    block: true,
  },
  {
    vendor: 'perimeterx',
    status: 403,
    headers: { 'Set-Cookie': '_pxhd=abc; path=/' },
    body: '<h1>Access to this page has been denied because we believe you are using automation tools to browse the website.</h1><a href="https://www.perimeterx.com/whywasiblocked">',
    block: true,
  },
];

const NEUTRAL: { name: string; status: number; headers: Headers; body: string }[] = [
  { name: 'Apache 200', status: 200, headers: { Server: 'Apache/2.4.58 (Debian)', 'Content-Type': 'text/html' }, body: '<html><body>It works!</body></html>' },
  { name: 'Express JSON', status: 200, headers: { 'X-Powered-By': 'Express', 'Content-Type': 'application/json' }, body: '{"ok":true}' },
  { name: 'Node 404 with server header', status: 404, headers: { Server: 'gunicorn' }, body: '404 page not found' },
  { name: 'plain 403', status: 403, headers: { 'Content-Type': 'text/plain' }, body: 'Forbidden' },
  { name: 'blog post about WAFs', status: 200, headers: { Server: 'Caddy' }, body: 'Why have I been blocked? A post about access denied pages and rate limits.' },
];

describe('fingerprint', () => {
  for (const c of CASES) {
    it(`recognises ${c.vendor} from a ${c.status} response${c.block ? ' with its block page' : ''}`, () => {
      const fp = fingerprint({ status: c.status, headers: c.headers, body: c.body ?? '' });
      const names = fp.vendors.map((v) => v.name);
      assert.ok(names.includes(c.vendor), `expected ${c.vendor} in ${JSON.stringify(fp.vendors)}`);
      const evidence = fp.vendors.find((v) => v.name === c.vendor)?.evidence ?? '';
      assert.ok(evidence.length > 0);
      if (c.block !== undefined) assert.equal(isWafBlock(c.status, fp), c.block, JSON.stringify(fp));
      if (c.block) assert.ok(fp.blockPage?.signature, 'block page signature named');
      assert.equal(isUpstreamFailure(c.status, fp), c.upstream ?? false, JSON.stringify(fp.upstreamFailure));
    });
  }

  it('has a realistic case for every vendor of the contract', () => {
    for (const v of VENDORS) assert.ok(CASES.some((c) => c.vendor === v), `no test case for ${v}`);
    for (const v of VENDORS) assert.ok(VENDOR_DATA.some((d) => d.name === v && d.source.length > 0), `no data for ${v}`);
  });

  for (const n of NEUTRAL) {
    it(`names no vendor and no block for a neutral response (${n.name})`, () => {
      const fp = fingerprint({ status: n.status, headers: n.headers, body: n.body });
      assert.deepEqual(fp.vendors, []);
      assert.equal(fp.blockPage, undefined);
      assert.equal(isWafBlock(n.status, fp), false);
    });
  }

  it('names nginx as the responder on a plain 200 without calling it a WAF', () => {
    const fp = fingerprint({ status: 200, headers: { Server: 'nginx' }, body: '<html>hello</html>' });
    assert.deepEqual(fp.vendors.map((v) => v.name), ['nginx']);
    assert.equal(fp.vendors[0].evidence, 'server: nginx');
    assert.equal(isWafBlock(200, fp), false);
    assert.equal(isWafBlock(403, fingerprint({ status: 403, headers: { Server: 'nginx' }, body: '<center>nginx</center>' })), false);
  });

  it('writes evidence a human can read', () => {
    const fp = fingerprint({ status: 200, headers: { server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f6789-AMS' }, body: '' });
    assert.equal(fp.vendors[0].evidence, 'server: cloudflare; cf-ray: 8a1b2c3d4e5f6789-AMS');
  });

  it('treats a Cloudflare 429 with cf-mitigated: challenge as a challenge, not a rate limit', () => {
    const fp = fingerprint({
      status: 429,
      headers: { server: 'cloudflare', 'cf-ray': '8a1b', 'cf-mitigated': 'challenge' },
      body: '<title>Just a moment...</title><script>window._cf_chl_opt={}</script>',
    });
    assert.equal(isWafBlock(429, fp), true);
    assert.equal(isRateLimitedResponse(429, fp), false);
  });

  it('reads Cloudflare 52x as upstream failures and says which hop broke', () => {
    const fp = fingerprint({ status: 522, headers: { server: 'cloudflare', 'cf-ray': '8a1b', 'cf-error-type': '522' }, body: 'Connection timed out Error code 522' });
    assert.equal(isUpstreamFailure(522, fp), true);
    assert.equal(fp.upstreamFailure?.vendor, 'cloudflare');
    assert.match(fp.upstreamFailure?.detail ?? '', /SYN\+ACK/);
    assert.equal(isWafBlock(522, fp), false);
  });

  it('reads ALB-only statuses and Envoy flags', () => {
    assert.equal(isUpstreamFailure(460, fingerprint({ status: 460, headers: { server: 'awselb/2.0' }, body: '' })), true);
    const uh = fingerprint({ status: 503, headers: { server: 'envoy' }, body: 'no healthy upstream' });
    assert.match(uh.upstreamFailure?.detail ?? '', /UH/);
    const uf = fingerprint({ status: 503, headers: {}, body: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure' });
    assert.match(uf.upstreamFailure?.detail ?? '', /UF/);
    assert.equal(uf.upstreamFailure?.vendor, 'envoy');
  });

  it('treats 502/503/504 from an unnamed server as upstream failures, 500 not', () => {
    assert.equal(isUpstreamFailure(504, fingerprint({ status: 504, headers: {}, body: '' })), true);
    assert.equal(isUpstreamFailure(500, fingerprint({ status: 500, headers: {}, body: 'oops' })), false);
  });

  it('picks up rate limits from headers and from vendor rate-limit pages', () => {
    const gh = fingerprint({ status: 403, headers: { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0' }, body: '' });
    assert.equal(gh.rateLimit?.remaining, 0);
    assert.equal(isRateLimitedResponse(403, gh), true);
    const ha = fingerprint({ status: 429, headers: {}, body: '<html><body><h1>429 Too Many Requests</h1>\nYou have sent too many requests in a given amount of time.\n</body></html>' });
    assert.ok(ha.vendors.some((v) => v.name === 'haproxy'));
    assert.ok(ha.rateLimit?.sources.some((s) => s.startsWith('haproxy')));
    assert.equal(isRateLimitedResponse(429, ha), true);
  });

  it('reads only the first 16 KiB of a body', () => {
    const late = `${'x'.repeat(20 * 1024)}This error was generated by Mod_Security`;
    assert.deepEqual(fingerprint({ status: 403, headers: {}, body: late }).vendors, []);
    const early = `${'x'.repeat(10 * 1024)}This error was generated by Mod_Security`;
    assert.deepEqual(fingerprint({ status: 403, headers: {}, body: early }).vendors.map((v) => v.name), ['modsecurity']);
  });
});
