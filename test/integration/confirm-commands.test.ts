// The "confirm it" commands as a user pastes them: every tcpdump filter compiles for an IPv4 and an IPv6 target
// (tcpdump -d, no capture), and each catches what its label promises.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { C } from '../../src/probe/knowledge/confirm';
import { fillCommand, PLACEHOLDER_TARGET } from '../../src/probe/knowledge/fill';
import { needBinaries } from '../support/real-servers';

const TARGETS = [
  { ...PLACEHOLDER_TARGET, host: 'api.example.com', address: '192.0.2.10', port: '443', sni: 'api.example.com', url: 'https://api.example.com/' },
  { ...PLACEHOLDER_TARGET, host: 'api.example.com', address: '2001:db8::10', port: '443', sni: 'api.example.com', url: 'https://api.example.com/' },
];

/** The quoted filter of a filled tcpdump command. */
function filterOf(command: string): string {
  const m = /'([^']+)'\s*$/.exec(command);
  assert.ok(m, command);
  return m[1];
}

/** tcpdump -d: the compiled BPF program, or the compile error. */
function compile(filter: string): string {
  try {
    return execFileSync('/usr/bin/tcpdump', ['-d', '-y', 'EN10MB', filter], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
  } catch (e) {
    const err = e as { stderr?: string };
    throw new Error(`tcpdump rejects ${filter}: ${err.stderr ?? String(e)}`);
  }
}

describe('confirm commands: tcpdump filters', function () {
  before(function () {
    needBinaries(this, 'tcpdump filters', 'tcpdump');
  });

  const templates = Object.entries(C).filter(([, t]) => t.command.includes('tcpdump'));

  for (const [name, t] of templates) {
    for (const target of TARGETS) {
      it(`${name} compiles for ${target.address}, and does not reject every packet`, () => {
        const filter = filterOf(fillCommand(t.command, target, true) ?? '');
        const program = compile(filter);
        // "expression rejects all packets" compiles to a single `ret #0`: the IPv6 failure the review found.
        assert.ok(program.split('\n').filter(Boolean).length > 1, `${filter}\n${program}`);
      });
    }
  }

  it('the reset capture matches the RST flag for IPv4 and IPv6, the close capture the FIN flag', () => {
    assert.match(C.rstCapture.command, /tcp-rst/);
    assert.match(C.rstCapture.command, /ip6\[53\] & 0x04/);
    assert.match(C.closeCapture.command, /tcp-fin/);
    assert.match(C.closeCapture.command, /ip6\[53\] & 0x01/);
    assert.match(C.rstCapture.label, /reset/);
    assert.match(C.closeCapture.label, /FIN/);
  });

  it('the SYN capture keeps ICMP errors from routers (not only from the target)', () => {
    const filter = filterOf(fillCommand(C.synCapture.command, TARGETS[0], true) ?? '');
    assert.match(filter, /^\(host 192\.0\.2\.10 and port 443\) or icmp or icmp6$/);
  });

  it('openssl s_client keeps the verify result, and the raw-bytes test sends a request', () => {
    assert.match(C.opensslCerts.command, /Verify return code/);
    assert.doesNotMatch(C.opensslCerts.command, /\| openssl x509/);
    for (const t of [C.rawBytes, C.rawBytesTls]) assert.match(t.command, /^printf 'HEAD \/ HTTP\/1\.0/);
  });
});
