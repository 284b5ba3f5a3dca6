// Issue 13: the exporter's module file, listen address and text format, checked without sockets.
import assert from 'node:assert/strict';
import { parseListen } from '../../src/cli/serve-command';
import { escapeLabel, probeMetrics } from '../../src/exporter/metrics';
import { ConfigError, configFrom, duration } from '../../src/exporter/modules';
import { hostMatches } from '../../src/exporter/policy';
import { applyKnowledge } from '../../src/probe/knowledge';

describe('exporter: configuration', () => {
  it('reads modules with Go-style durations, allow lists and limits', () => {
    const c = configFrom({ per_host: 2, modules: { web: { timeout: '1500ms', repeat: 3, proxy: '', allow: { schemes: ['HTTPS:'], hosts: ['*.example.com'], cidrs: ['10.0.0.0/8', 'fd00::/8'] } } } });
    const m = c.modules.get('web')!;
    assert.equal(c.perHost, 2);
    assert.equal(m.timeoutMs, 1500);
    assert.equal(m.repeat, 3);
    assert.equal(m.proxy, null);
    assert.deepEqual(m.allow.schemes, ['https']);
    assert.ok(m.allow.cidrs?.check('10.1.2.3', 'ipv4'));
    assert.ok(!m.allow.cidrs?.check('192.168.1.1', 'ipv4'));
    assert.ok(m.allow.cidrs?.check('fd00::1', 'ipv6'));
    assert.equal(duration('2m', 'x'), 120_000);
  });

  it('says what is wrong in one line: unknown keys, bad CIDRs, bad durations, no modules', () => {
    assert.throws(() => configFrom({ modules: { a: { timout: '5s' } } }), /module a: unknown key 'timout'/);
    assert.throws(() => configFrom({ modules: { a: { allow: { cidrs: ['10.0.0.0/33'] } } } }), /'10.0.0.0\/33' is not a CIDR/);
    assert.throws(() => configFrom({ modules: { a: { timeout: 'soon' } } }), /not a duration/);
    assert.throws(() => configFrom({ modules: {} }), ConfigError);
    assert.throws(() => configFrom({ modules: { a: { prober: 'icmp' } } }), /only prober: http/);
  });

  it('host patterns match like certificate wildcards: any subdomain, not the apex', () => {
    assert.ok(hostMatches('api.example.com', '*.example.com'));
    assert.ok(hostMatches('a.b.example.com', '*.example.com'));
    assert.ok(!hostMatches('example.com', '*.example.com'));
    assert.ok(!hostMatches('evilexample.com', '*.example.com'));
    assert.ok(hostMatches('example.com', 'example.com'));
  });

  it('--listen needs an explicit host (no silent every-interface bind)', () => {
    assert.deepEqual(parseListen('127.0.0.1:9115'), { host: '127.0.0.1', port: 9115 });
    assert.deepEqual(parseListen('[::1]:9115'), { host: '::1', port: 9115 });
    assert.throws(() => parseListen(':9115'), /0\.0\.0\.0:9115 to listen on every interface/);
    assert.throws(() => parseListen('127.0.0.1:70000'));
  });
});

describe('exporter: text format', () => {
  it('escapes label values and names the diagnosis and findings of a failed probe', () => {
    assert.equal(escapeLabel('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
    const r = applyKnowledge({
      url: 'https://h.test/',
      id: 'tls.reset',
      ok: false,
      findings: ['sni-dependent', 'vendor:cloudflare'],
      phases: [
        { phase: 'dns', status: 'ok', ms: 2 },
        { phase: 'connect', status: 'ok', ms: 3 },
        { phase: 'tls', status: 'failed', ms: 4 },
      ],
      title: '',
      explanation: '',
      remediation: [],
      failedPhase: 'tls',
    });
    const text = probeMetrics({ hops: [r], lookupMs: [], seconds: 0.02 });
    assert.match(text, /^probe_success 0$/m);
    assert.match(text, /^conndoc_diagnosis\{id="tls.reset",phase="tls"\} 1$/m);
    assert.match(text, /^conndoc_finding\{name="sni-dependent"\} 1$/m);
    assert.match(text, /^conndoc_finding\{name="vendor:cloudflare"\} 1$/m);
    assert.match(text, /^probe_http_duration_seconds\{phase="connect"\} 0.003$/m);
    const denied = probeMetrics({ hops: [], lookupMs: [], seconds: 0, denied: 'no' });
    assert.match(denied, /^conndoc_target_denied 1$/m);
  });
});
