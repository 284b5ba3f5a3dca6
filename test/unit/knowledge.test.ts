import * as assert from 'node:assert/strict';
import { DIAGNOSIS_IDS, FINDINGS, VENDORS, type DiagnosisId, type Finding } from '../../src/vocabulary/ids';
import type { FindingEvidence, PhaseResult, Result } from '../../src/vocabulary/types';
import { allEntries, applyKnowledge, explainEntry, formatExplain, fullKnowledge, knowledgeEntry } from '../../src/probe/knowledge/index';
import { CULPRIT_KINDS } from '../../src/probe/knowledge/entry';
import { clauses, clip, paragraphs } from '../../src/vocabulary/text';
import { distinctSteps } from '../../src/probe/knowledge/steps';

function result(id: DiagnosisId, opts: { findings?: Finding[]; phases?: PhaseResult[]; url?: string; evidence?: FindingEvidence[]; rateLimit?: Result['rateLimit'] } = {}): Result {
  return {
    url: opts.url ?? 'https://api.example.com/v1/items',
    id,
    ok: id === 'ok',
    findings: opts.findings ?? [],
    phases: opts.phases ?? [
      { phase: 'dns', status: 'ok', ms: 1, addresses: [{ address: '192.0.2.10', family: 4 }] },
      { phase: 'connect', status: 'ok', ms: 1, remoteAddress: '192.0.2.10', remotePort: 443 },
      { phase: 'tls', status: 'failed', ms: 1, sni: 'api.example.com' },
    ],
    title: '',
    explanation: '',
    remediation: [],
    evidence: opts.evidence,
    rateLimit: opts.rateLimit,
  };
}

describe('knowledge', () => {
  it('has a complete entry for every diagnosis id', () => {
    for (const id of DIAGNOSIS_IDS) {
      const e = knowledgeEntry(id);
      assert.ok(e, `no knowledge for ${id}`);
      assert.ok(e.title.length > 3 && e.title.length <= 50, `${id}: title "${e.title}"`);
      assert.ok(e.explanation.length >= 150, `${id}: explanation too thin`);
      assert.ok(Object.values(e.remediation).flat().length >= 1, `${id}: no remediation`);
      assert.ok(e.confirm.length >= 1, `${id}: no confirm command`);
      if (id !== 'ok') assert.ok(e.culprits.length >= 1, `${id}: no culprits`);
      for (const c of e.culprits) assert.ok((CULPRIT_KINDS as readonly string[]).includes(c.kind), `${id}: kind ${c.kind}`);
    }
  });

  it('has a complete entry for every finding and every vendor finding', () => {
    for (const f of [...FINDINGS, ...VENDORS.map((v) => `vendor:${v}`)]) {
      const e = explainEntry(f);
      assert.ok(e, `no knowledge for ${f}`);
      assert.ok(e.title.length > 3 && e.explanation.length >= 100, `${f}: thin entry`);
      assert.ok(e.remediation.length >= 1, `${f}: no remediation`);
      assert.ok((knowledgeEntry(f)?.culprits.length ?? 0) >= 1, `${f}: points at nothing`);
    }
  });

  it('lists every id and finding for `conndoc explain` in the contract shape', () => {
    const entries = allEntries();
    const ids = entries.map((e) => e.id);
    for (const id of [...DIAGNOSIS_IDS, ...FINDINGS]) assert.ok(ids.includes(id), `${id} missing from allEntries()`);
    assert.deepEqual(ids.slice(0, DIAGNOSIS_IDS.length), [...DIAGNOSIS_IDS]);
    for (const e of entries) assert.deepEqual(Object.keys(e).sort(), ['explanation', 'id', 'remediation', 'title']);
    assert.equal(explainEntry('no.such-id'), undefined);
  });

  it('explains the seed facts where they belong', () => {
    const reset = knowledgeEntry('tls.reset')?.explanation ?? '';
    assert.match(reset, /SSL_ERROR_SYSCALL/);
    assert.match(reset, /OpenSSL 3/);
    assert.match(reset, /64.*128.*255/s);
    const timeout = knowledgeEntry('tcp.timeout')?.explanation ?? '';
    assert.match(timeout, /1, 3, 7/);
    assert.match(timeout, /75–130 s/);
    assert.match(knowledgeEntry('tcp.refused')?.explanation ?? '', /fast/);
  });

  it('states no conclusion the evidence cannot carry (review 3.3, 3.7, 3.9)', () => {
    const reset = knowledgeEntry('tls.reset')!;
    // Matching TTLs mean "the box that accepted TCP", which behind any full proxy is not the server.
    assert.doesNotMatch(reset.explanation, /if they match, the server end/);
    assert.match(reset.explanation, /1–2 hops away comes from your own network's edge/);
    assert.doesNotMatch(reset.culprits.map((c) => c.why).join(' '), /the signature of/);
    // No paragraph ends mid-sentence (the first one is what the report prints).
    for (const p of paragraphs(reset.explanation)) assert.match(p, /[.:)]$/, `cut paragraph: …${p.slice(-40)}`);
    const tlsTimeout = knowledgeEntry('tls.timeout')!;
    assert.doesNotMatch(JSON.stringify(tlsTimeout), /ClientHello is the first full-size packet/);
    assert.match(tlsTimeout.culprits.map((c) => c.title).join(' '), /certificate flight/);
    assert.ok(tlsTimeout.confirm.some((c) => c.command.startsWith('tracepath')));
    const refused = knowledgeEntry('tcp.refused')!;
    assert.doesNotMatch(refused.explanation, /the host is up/);
    assert.match(refused.explanation, /ICMP port-unreachable/);
    assert.match(refused.culprits.map((c) => c.title).join(' '), /Kubernetes Service with no ready endpoints/);
  });

  it('writes explanations in short paragraphs: on the wire first, then what tools print, then who sends it', () => {
    for (const e of allEntries()) {
      for (const p of paragraphs(e.explanation)) assert.ok(p.length <= 420, `${e.id}: a ${p.length}-character paragraph`);
    }
    const reset = paragraphs(knowledgeEntry('tls.reset')?.explanation ?? '');
    assert.ok(reset.length >= 4, `tls.reset in ${reset.length} paragraphs`);
    assert.match(reset[0], /RST came back instead of a ServerHello/);
    const tools = reset.findIndex((p) => p.startsWith('curl prints'));
    const senders = reset.findIndex((p) => p.startsWith('Typical senders'));
    assert.ok(tools > 0 && senders > tools, `order: ${reset.map((p) => p.slice(0, 20)).join(' | ')}`);
    // The CLI keeps the blank line between paragraphs.
    assert.match(formatExplain(explainEntry('tls.reset')!, { color: false }), /turns into a RST\.\n\ncurl prints/);
  });

  describe('culprit ranking follows the evidence', () => {
    it('tls.reset without findings: a WAF/IPS on the ClientHello first', () => {
      assert.equal(applyKnowledge(result('tls.reset')).culprits?.[0].kind, 'waf');
    });

    // Review 3.23: SNI-keyed resets come mostly from the client side's egress filtering or an SNI-routed front
    // end; a server-side WAF comes last.
    it('sni-dependent reset: an egress filter keyed on the name first, with the evidence as the reason', () => {
      const r = applyKnowledge(
        result('tls.reset', { findings: ['sni-dependent'], evidence: [{ finding: 'sni-dependent', detail: 'sni=decoy.invalid completed the handshake' }] }),
      );
      assert.equal(r.culprits?.[0].kind, 'firewall');
      assert.match(r.culprits?.[0].title ?? '', /server name/);
      assert.match(r.culprits?.[0].why ?? '', /decoy\.invalid/);
      assert.ok(r.confirm?.some((c) => c.command.includes('-noservername')));
    });

    it('sni-dependent reset with a load balancer fingerprinted: the SNI-routing front end first', () => {
      const r = applyKnowledge(
        result('tls.reset', {
          findings: ['sni-dependent', 'vendor:aws-elb'],
          evidence: [{ finding: 'sni-dependent', detail: 'sni=decoy.invalid completed the handshake' }],
        }),
      );
      assert.equal(r.culprits?.[0].kind, 'load-balancer');
      assert.notEqual(r.culprits?.[0].kind, 'waf');
    });

    it('aws-elb in front and a reset right after the TCP handshake: the load balancer first', () => {
      const r = applyKnowledge(result('tls.reset', { findings: ['vendor:aws-elb'] }));
      assert.equal(r.culprits?.[0].kind, 'load-balancer');
      assert.match(r.culprits?.[0].title ?? '', /no healthy TLS back end/);
      // The vantage test comes first for a reset (review 3.7.5); the load balancer's own step right after it.
      assert.match(r.remediation[0], /^You: probe from another network/);
      assert.match(r.remediation[1], /^The site's owner \(ALB\)/);
      // A finding that asks for another network already is not asked twice.
      const sni = applyKnowledge(result('tls.reset', { findings: ['sni-dependent'] })).remediation;
      assert.equal(sni.filter((x) => /^You: probe from another network/.test(x)).length, 1, sni.join('\n'));
    });

    it('rate-limit evidence names the limiter first', () => {
      const plain = applyKnowledge(result('http.reset'));
      assert.notEqual(plain.culprits?.[0].kind, 'rate-limiter');
      const limited = applyKnowledge(
        result('http.reset', { findings: ['rate-limit-suspected'], rateLimit: { status: 429, retryAfterSec: 30, sources: ['status 429', 'retry-after'] } }),
      );
      assert.equal(limited.culprits?.[0].kind, 'rate-limiter');
      assert.match(limited.culprits?.[0].why ?? '', /retry after 30 s/);
      const envoy = applyKnowledge(
        result('http.rate-limited', { findings: ['vendor:envoy'], rateLimit: { status: 429, sources: ['status 429', 'x-envoy-ratelimited'] } }),
      );
      assert.match(envoy.culprits?.[0].title ?? '', /Envoy/);
    });

    it('each culprit says the one or two reasons that moved it, this result\'s evidence first, none repeated', () => {
      const r = applyKnowledge(
        result('http.waf-blocked', {
          findings: ['vendor:cloudflare'],
          evidence: [{ finding: 'vendor:cloudflare', detail: 'server: cloudflare; cf-ray: 8f00-LAB; body "attention required! | cloudflare"' }],
        }),
      );
      // The vendor named once: in the title, not again at the start of its reason.
      assert.equal(r.culprits?.[0].title, 'WAF / bot protection rule matched this request — Cloudflare');
      assert.equal(r.culprits?.[0].why, 'fingerprint (server: cloudflare); the response is a security layer\'s block or challenge page');
      const reset = applyKnowledge(
        result('tls.reset', { findings: ['immediate-reset'], evidence: [{ finding: 'immediate-reset', detail: 'RST 0.6 ms after our last bytes; TCP connect took 0.4 ms' }] }),
      );
      const clauses = (reset.culprits ?? []).flatMap((c) => c.why.split('; '));
      for (const c of reset.culprits ?? []) assert.ok(c.why.split('; ').length <= 2, `${c.kind}: ${c.why}`);
      assert.equal(new Set(clauses).size, clauses.length, clauses.join('\n'));
      assert.match(reset.culprits?.find((c) => c.kind === 'firewall')?.why ?? '', /^immediate-reset: RST 0\.6 ms after our last bytes, TCP connect took 0\.4 ms/);
    });

    it('a signature label holding "; " stays whole in the reason: parentheses balanced, the label not cut', () => {
      const r = applyKnowledge(
        result('http.waf-blocked', {
          findings: ['vendor:f5'],
          evidence: [{ finding: 'vendor:f5', detail: 'cookie BIGipServerpool_lab (BIGipServer cookie (LTM; may encode the pool member address)); cookie TS01ab23cd (TS… cookie (ASM))' }],
        }),
      );
      const why = r.culprits?.[0].why ?? '';
      assert.match(why, /^fingerprint \(cookie BIGipServerpool_lab \(BIGipServer cookie \(LTM; may encode the pool member address\)\)\)/, why);
      assert.equal((why.match(/\(/g) ?? []).length, (why.match(/\)/g) ?? []).length, why);
      assert.equal(clauses(why)[0], 'fingerprint (cookie BIGipServerpool_lab (BIGipServer cookie (LTM; may encode the pool member address)))');
      assert.equal(clip('via 1.1 abc.cloudfront.net (CloudFront)', 32), 'via 1.1 abc.cloudfront.net (Clou…)');
    });

    it('a vendor finding names that vendor', () => {
      const r = applyKnowledge(result('http.waf-blocked', { findings: ['vendor:cloudflare'] }));
      assert.equal(r.culprits?.[0].kind, 'waf');
      assert.match(r.culprits?.[0].title ?? '', /Cloudflare/);
      assert.ok(r.remediation.some((s) => s.includes('Ray ID')));
    });

    it('address-dependent names one bad back end or address family', () => {
      const r = applyKnowledge(result('tcp.timeout', { findings: ['address-dependent'] }));
      assert.equal(r.culprits?.[0].kind, 'server');
      assert.match(r.culprits?.[0].title ?? '', /back end/);
      assert.ok(r.culprits?.slice(0, 3).some((c) => c.kind === 'network'));
    });

    it('immediate vs delayed reset moves "device in line" against "waited on an upstream"', () => {
      const quick = applyKnowledge(result('http.reset', { findings: ['immediate-reset'] })).culprits ?? [];
      const slow = applyKnowledge(result('http.reset', { findings: ['delayed-reset'] })).culprits ?? [];
      const rank = (list: typeof quick, kind: string): number => {
        const i = list.findIndex((c) => c.kind === kind);
        return i < 0 ? Infinity : i;
      };
      assert.ok(['waf', 'firewall'].includes(quick[0].kind), JSON.stringify(quick));
      assert.ok(['load-balancer', 'proxy', 'server'].includes(slow[0].kind), JSON.stringify(slow));
      assert.ok(rank(quick, 'load-balancer') > rank(slow, 'load-balancer'));
    });
  });

  it('orders remediation by the ranked culprits and keeps it short', () => {
    for (const id of DIAGNOSIS_IDS) {
      const r = applyKnowledge(result(id, { findings: ['vendor:cloudflare', 'intermittent'] }));
      assert.ok(r.remediation.length >= 1 && r.remediation.length <= 8, `${id}: ${r.remediation.length} steps`);
      assert.equal(new Set(r.remediation).size, r.remediation.length, `${id}: repeated step`);
      assert.ok(r.title.length > 0 && r.explanation.length > 0);
    }
    const up = applyKnowledge({
      ...result('http.upstream-failure', { findings: ['vendor:cloudflare'] }),
      phases: [{ phase: 'response', status: 'ok', ms: 1, httpStatus: 522 }],
    });
    assert.match(up.remediation.join('\n'), /Cloudflare 522/);
  });

  describe('remediation steps', () => {
    it('say the same advice once when the id and a finding both give it (tls.reset + immediate-reset: one TTL comparison)', () => {
      const steps = applyKnowledge(result('tls.reset', { findings: ['immediate-reset'] })).remediation;
      assert.equal(steps.filter((s) => /RST's TTL with the SYN-ACK's/.test(s)).length, 1, steps.join('\n'));
      // The rest of the later step stays: capturing on both ends is advice of its own.
      assert.ok(steps.some((s) => /capture on both ends/.test(s)), steps.join('\n'));
    });

    it('come grouped by the culprit they address, in culprit order, each step once, the flat list inside the groups', () => {
      const r = applyKnowledge(result('tls.reset', { findings: ['immediate-reset'] }));
      const groups = r.remediationGroups ?? [];
      const ranked = (r.culprits ?? []).map((c) => c.kind);
      assert.deepEqual(groups.map((g) => g.kind).slice(0, ranked.length), ranked);
      assert.equal(groups[0].kind, 'waf');
      assert.match(groups[0].steps[0], /WAF\/IPS to search its logs/);
      const all = groups.flatMap((g) => g.steps);
      assert.equal(new Set(all).size, all.length, 'a step in two groups');
      for (const step of r.remediation) assert.ok(all.includes(step), `flat step not in a group: ${step}`);
      // A vendor's own steps lead the group of the kind it plays.
      const cf = applyKnowledge(result('http.waf-blocked', { findings: ['vendor:cloudflare'] })).remediationGroups ?? [];
      assert.equal(cf[0].kind, 'waf');
      assert.match(cf[0].steps[0], /Cloudflare/);
    });

    it('say each step once for every id: a short sentence ("Nothing to fix.") is not said again', () => {
      assert.deepEqual(applyKnowledge(result('ok')).remediation, ['You: nothing to fix. If it felt slow, compare the phase durations over a few runs (--repeat 5).']);
      for (const id of DIAGNOSIS_IDS) {
        const steps = applyKnowledge(result(id)).remediation;
        for (const [i, step] of steps.entries()) {
          const said = steps.slice(0, i).find((earlier) => earlier.includes(step.replace(/^[^:]{1,40}: /, '')));
          assert.equal(said, undefined, `${id}: '${step}' repeats '${said}'`);
        }
      }
    });

    it('keep sentences that only share a few words with an earlier step', () => {
      assert.deepEqual(distinctSteps(['Check the server logs.', 'Check the proxy logs for the time of the probe.']), ['Check the server logs.', 'Check the proxy logs for the time of the probe.']);
      assert.deepEqual(distinctSteps(['Compare the RST\'s TTL with the SYN-ACK\'s to see who sent it.', 'Capture both ends. Compare the RST\'s TTL with the SYN-ACK\'s.']), ['Compare the RST\'s TTL with the SYN-ACK\'s to see who sent it.', 'Capture both ends.']);
    });
  });

  describe('healthy results', () => {
    const ok = (url: string, extra: Partial<Result> = {}, phases: PhaseResult[] = []): Result => ({
      ...result('ok', { url, phases: [{ phase: 'dns', status: 'ok', ms: 1, addresses: [{ address: '192.0.2.10', family: 4 }] }, { phase: 'connect', status: 'ok', ms: 1, remoteAddress: '192.0.2.10', remotePort: 443 }, ...phases] }),
      ...extra,
    });
    const response = (status: number, headers: Record<string, string>): PhaseResult => ({ phase: 'response', status: 'ok', ms: 2, httpStatus: status, headers });

    it('get from the quick path exactly what the full path gives them, target by target', () => {
      const cases: Result[] = [
        ok('http://127.0.0.1:8080/item/1', {}, [response(200, { 'content-type': 'text/plain' })]),
        ok('https://user:secret@api.example.com/v1?token=abc', {}, [{ phase: 'tls', status: 'ok', ms: 3, sni: 'api.example.com', certificates: [] }, response(204, { server: 'cloudflare', via: '1.1 varnish' })]),
        ok('https://[2001:db8::1]:8443/', {}, [response(301, { location: 'https://example.com/' })]),
        ok('http://proxied.example/', {}, [{ phase: 'proxy', status: 'ok', ms: 1, proxy: 'http://proxy.corp:3128' }, response(200, {})]),
        ok('https://example.com/redirected', { redirects: [{ url: 'https://example.com/a', status: 302, location: 'https://example.com/redirected' }] as Result['redirects'] }),
        ok('wss://example.com/socket', {}, [response(101, { upgrade: 'websocket' })]),
      ];
      for (const r of cases) {
        const full = fullKnowledge(structuredClone(r));
        // The first healthy result fills the quick path's memory; every later one is served from it.
        for (let i = 0; i < 2; i++) assert.equal(JSON.stringify(applyKnowledge(structuredClone(r))), JSON.stringify(full), r.url);
      }
    });

    it('take the full path as soon as anything was found: a finding brings its own steps and culprits', () => {
      const idle = applyKnowledge(ok('https://example.com/', { findings: ['idle-close'], evidence: [{ finding: 'idle-close', detail: 'closed after 60 s idle' }] }));
      assert.ok((idle.remediation ?? []).length > 1, idle.remediation.join('\n'));
      const limited = applyKnowledge(ok('https://example.com/', { rateLimit: { remaining: 0, limit: 100, sources: ['ratelimit-remaining'] } as Result['rateLimit'] }));
      assert.ok((limited.culprits ?? []).some((c) => c.kind === 'rate-limiter'), JSON.stringify(limited.culprits));
    });

    it('are each the caller\'s own: changing one result\'s steps leaves the next one whole', () => {
      const a = applyKnowledge(ok('http://127.0.0.1/a'));
      a.remediation.push('changed');
      a.remediationGroups?.[0].steps.push('changed');
      const b = applyKnowledge(ok('http://127.0.0.1/b'));
      assert.ok(!b.remediation.includes('changed') && !b.remediationGroups?.[0].steps.includes('changed'));
    });
  });

  describe('confirm commands', () => {
    it('say "reset" only for ids that are a reset: a tunnel that fails by FIN or RST gets the neutral capture', () => {
      const resetLabels = (id: string): string[] => (knowledgeEntry(id)?.confirm ?? []).map((c) => c.label).filter((l) => /capture the reset/i.test(l));
      for (const id of ['proxy.tunnel-failed', 'tls.closed', 'http.closed']) assert.deepEqual(resetLabels(id), [], id);
      assert.equal(resetLabels('tls.reset').length, 1);
    });

    it('carry this result\'s host, address, port and URL, and never the password', () => {
      const r = applyKnowledge(
        result('tls.reset', {
          url: 'https://alice:s3cret@api.example.com:8443/v1/items?x=1&y=2',
          phases: [
            { phase: 'dns', status: 'ok', ms: 1, addresses: [{ address: '198.51.100.7', family: 4 }] },
            { phase: 'connect', status: 'ok', ms: 1, remoteAddress: '198.51.100.7', remotePort: 8443 },
            { phase: 'tls', status: 'failed', ms: 1, sni: 'api.example.com' },
          ],
        }),
      );
      const all = (r.confirm ?? []).map((c) => c.command).join('\n');
      assert.match(all, /tcpdump .*'host 198\.51\.100\.7 and port 8443 and \(tcp\[tcpflags\] & tcp-rst != 0 or \(ip6 and ip6\[53\] & 0x04 != 0\)\)'/);
      assert.match(all, /openssl s_client -connect 198\.51\.100\.7:8443 -servername api\.example\.com/);
      assert.match(all, /openssl s_client -connect 198\.51\.100\.7:8443 -noservername/);
      assert.match(all, /curl -v --resolve api\.example\.com:8443:198\.51\.100\.7 'https:\/\/api\.example\.com:8443\/v1\/items\?x=1&y=2'/);
      assert.doesNotMatch(all, /s3cret|alice/);
      assert.doesNotMatch(all, /\{(host|address|port|url|sni|endpoint|resolveAddress|proxy)\}/);
    });

    it('bracket IPv6 addresses where the tool needs it, and only there', () => {
      const r = applyKnowledge(
        result('tls.reset', {
          url: 'https://v6.example.com/',
          phases: [
            { phase: 'connect', status: 'ok', ms: 1, remoteAddress: '2001:db8::7', remotePort: 443 },
            { phase: 'tls', status: 'failed', ms: 1, sni: 'v6.example.com' },
          ],
        }),
      );
      const all = (r.confirm ?? []).map((c) => c.command).join('\n');
      assert.match(all, /-connect \[2001:db8::7\]:443/);
      assert.match(all, /--resolve v6\.example\.com:443:\[2001:db8::7\]/);
      assert.match(all, /'host 2001:db8::7 and port 443/);
    });

    it('point proxy ids at the proxy, without its credentials', () => {
      const r = applyKnowledge(
        result('proxy.auth-required', {
          url: 'https://api.example.com/',
          phases: [
            { phase: 'connect', status: 'ok', ms: 1, remoteAddress: '10.0.0.3', remotePort: 3128 },
            { phase: 'proxy', status: 'failed', ms: 1, proxy: 'http://bob:***@proxy.corp:3128', proxyStatus: 407 },
          ],
        }),
      );
      const all = (r.confirm ?? []).map((c) => c.command).join('\n');
      assert.match(all, /curl -v -x http:\/\/proxy\.corp:3128\/? https:\/\/api\.example\.com\//);
      assert.doesNotMatch(all, /bob|\*\*\*/);
    });

    it('offer no curl command for non-HTTP URLs', () => {
      const r = applyKnowledge({
        ...result('tcp.refused', { url: 'postgres://app:pw@db.internal:5432/main', phases: [{ phase: 'connect', status: 'failed', ms: 1, remoteAddress: '127.0.0.1', remotePort: 5432 }] }),
        scheme: 'postgres',
      });
      const all = (r.confirm ?? []).map((c) => c.command).join('\n');
      assert.match(all, /nc -vz -w 5 127\.0\.0\.1 5432/);
      assert.doesNotMatch(all, /curl|pw/);
    });

    it('drop --resolve and -servername for an IP-literal URL', () => {
      const r = applyKnowledge(
        result('tls.reset', {
          url: 'https://[::1]:8443/',
          phases: [
            { phase: 'connect', status: 'ok', ms: 1, remoteAddress: '::1', remotePort: 8443 },
            { phase: 'tls', status: 'failed', ms: 1, sni: null },
          ],
        }),
      );
      const all = (r.confirm ?? []).map((c) => c.command).join('\n');
      assert.match(all, /openssl s_client -connect \[::1\]:8443/);
      assert.doesNotMatch(all, /--resolve|-servername/);
    });

    it('add a pinned request for each failing address when the failure is address-dependent', () => {
      const r = applyKnowledge({
        ...result('tcp.timeout', { findings: ['address-dependent'] }),
        variants: [
          { variant: 'address=192.0.2.10', address: '192.0.2.10', id: 'ok', ms: 3 },
          { variant: 'address=192.0.2.99', address: '192.0.2.99', id: 'tcp.timeout', ms: 10000 },
        ],
      });
      const all = (r.confirm ?? []).map((c) => c.command).join('\n');
      assert.match(all, /--resolve api\.example\.com:443:192\.0\.2\.99 /);
    });

    it('never put a host name with shell syntax on a command line (hosts come from scanned files)', () => {
      for (const url of ["https://a;b$(touch${IFS}x).example/", "https://it's.example/", 'https://a`id`.example/']) {
        const r = applyKnowledge(result('dns.not-found', { url, phases: [{ phase: 'dns', status: 'failed', ms: 1, errorCode: 'ENOTFOUND' }] }));
        const t = applyKnowledge(result('tls.reset', { url, phases: [{ phase: 'connect', status: 'ok', ms: 1, remoteAddress: '192.0.2.1', remotePort: 443 }] }));
        for (const c of [...(r.confirm ?? []), ...(t.confirm ?? [])]) {
          // Anything unusual may appear only inside the single-quoted URL argument.
          const outsideQuotes = c.command.replace(/'(?:[^']|'\\'')*'/g, '');
          assert.doesNotMatch(outsideQuotes, /\$\(|`|;.*touch|it's/, c.command);
        }
        assert.ok((t.confirm ?? []).some((c) => c.command.startsWith('sudo tcpdump')), 'address-only commands stay');
      }
    });

    it('use only the name for DNS failures', () => {
      const r = applyKnowledge(result('dns.not-found', { url: 'https://nope.example/', phases: [{ phase: 'dns', status: 'failed', ms: 1, errorCode: 'ENOTFOUND' }] }));
      assert.ok(r.confirm?.every((c) => !c.command.includes('undefined')));
      assert.ok(r.confirm?.some((c) => c.command.startsWith('dig') && c.command.includes('nope.example')));
    });
  });

  describe('formatExplain', () => {
    it('shows no internal provenance (where a fact was sourced stays in the code)', () => {
      for (const e of allEntries()) {
        const text = formatExplain(e, { color: false });
        assert.doesNotMatch(text, /field-notes|unverified|wafw00f|WhatWaf|Signatures:|issues? #\d/i, e.id);
      }
      assert.match(formatExplain(explainEntry('vendor:cloudflare')!, { color: false }), /Recognised by the server header, the cf-ray header/);
    });

    it('prints headings, culprits, steps and commands with <placeholders>, within 88 columns', () => {
      const text = formatExplain(explainEntry('tls.reset')!, { color: false });
      assert.match(text, /^tls\.reset — TLS handshake reset/);
      for (const h of ['Likely culprits', 'Evidence that changes the ranking', 'What to do', 'Confirm it']) assert.ok(text.includes(`\n${h}\n`), h);
      assert.match(text, /sni-dependent → Egress filter on your side keyed on the server name/);
      assert.match(text, /openssl s_client -connect <address>:<port> -servername <sni>/);
      assert.match(text, /tcpdump .*host <address> and port <port>/);
      assert.doesNotMatch(text, /\x1b\[/);
      for (const line of text.split('\n')) if (!line.trimStart().startsWith('$')) assert.ok(line.length <= 88, `too wide: ${line}`);
    });

    it('lists what moves the ranking only for diagnosis ids', () => {
      assert.doesNotMatch(formatExplain(explainEntry('sni-dependent')!, { color: false }), /changes the ranking/);
      assert.match(formatExplain(explainEntry('http.upstream-failure')!, { color: false }), /changes the ranking/);
    });

    it('colours headings only when asked', () => {
      assert.match(formatExplain(explainEntry('sni-dependent')!, { color: true }), /\x1b\[1m/);
    });
  });
});

describe('knowledge: the review\'s smaller facts (3.2, 3.5, 3.6, 3.8, 3.21, 3.22)', () => {
  const text = (id: DiagnosisId): string => {
    const e = knowledgeEntry(id)!;
    return [e.explanation, ...e.culprits.map((c) => `${c.title} ${c.why}`), ...Object.values(e.remediation).flat()].join('\n');
  };
  const rows: [DiagnosisId, RegExp][] = [
    ['dns.failure', /ERR_NAME_RESOLUTION_FAILED/],
    ['dns.failure', /dig \+tcp \/ \+bufsize=1232/],
    ['tcp.unreachable', /EPERM\/EACCES is this machine refusing to send/],
    ['tcp.unreachable', /ENETDOWN/],
    ['proxy.auth-required', /percent-encoding special characters \(@ → %40/],
    ['proxy.auth-required', /--proxy-ntlm/],
    ['proxy.auth-required', /shell history/],
    ['tls.closed', /filter_chain_not_found/],
    ['http.client-error', /421 Misdirected Request/],
    ['http.client-error', /Request Header Or Cookie Too Large/],
  ];
  for (const [id, fact] of rows) it(`${id}: ${fact.source}`, () => assert.match(text(id), fact));
});
