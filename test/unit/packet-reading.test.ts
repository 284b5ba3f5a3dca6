// Reading packet evidence: hop estimates, the reset-injected rule, traceroute output, the capture filter.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { captureFilter } from '../../src/probe/capture/tcpdump';
import { parseTraceroute } from '../../src/probe/capture/trace';
import { hopEstimate, injectedEvidence } from '../../src/probe/capture/ttl';
import { readPcap } from '../../src/probe/capture/pcap';
import type { CaptureEvidence } from '../../src/vocabulary/capture';

describe('packet evidence: reading it', () => {
  it('hop estimate = nearest usual initial TTL at or above the observed one, minus it', () => {
    assert.equal(hopEstimate(64), 0);
    assert.equal(hopEstimate(63), 1); // the seed case: a box in your own network
    assert.equal(hopEstimate(52), 12);
    assert.equal(hopEstimate(117), 11); // a Windows sender
    assert.equal(hopEstimate(245), 10); // network gear
  });

  it('reset-injected only when a RST or ICMP error comes from another distance than the SYN-ACK', () => {
    const ev = (ender: CaptureEvidence['ender'], synAck: CaptureEvidence['synAck']): CaptureEvidence => ({ status: 'captured', packets: [], ender, synAck });
    const synAck = { ttl: 52, hops: 12, src: '192.0.2.1' };
    assert.match(injectedEvidence(ev({ flags: 'RST', ttl: 63, hops: 1, src: '192.0.2.1' }, synAck))?.detail ?? '', /your own network/);
    assert.match(injectedEvidence(ev({ flags: 'RST', ttl: 54, hops: 10, src: '192.0.2.1' }, synAck))?.detail ?? '', /closer than the server/);
    assert.equal(injectedEvidence(ev({ flags: 'RST', ttl: 52, hops: 12, src: '192.0.2.1' }, synAck)), undefined);
    assert.equal(injectedEvidence(ev({ flags: 'FIN', ttl: 63, hops: 1, src: '192.0.2.1' }, synAck)), undefined);
    assert.equal(injectedEvidence(ev({ flags: 'RST', ttl: 63, hops: 1, src: '192.0.2.1' }, undefined)), undefined);
  });

  it('reads traceroute -n -q 1 output, marking the destination', () => {
    const out = 'traceroute to 10.77.4.2 (10.77.4.2), 20 hops max, 60 byte packets\n 1  10.77.1.2  0.081 ms\n 2  *\n 3  10.77.3.2  0.107 ms\n 4  10.77.4.2  0.151 ms\n';
    assert.deepEqual(parseTraceroute(out, '10.77.4.2'), [
      { hop: 1, address: '10.77.1.2', rttMs: 0.081 },
      { hop: 2 },
      { hop: 3, address: '10.77.3.2', rttMs: 0.107 },
      { hop: 4, address: '10.77.4.2', rttMs: 0.151, reached: true },
    ]);
  });

  it('rejects a file that is not pcap, and reads an empty capture as no packets', () => {
    assert.throws(() => readPcap(Buffer.alloc(24)), /not a pcap/);
    const header = Buffer.alloc(24);
    header.writeUInt32LE(0xa1b2c3d4, 0);
    header.writeUInt32LE(276, 20);
    assert.deepEqual(readPcap(header), []);
  });

  it('the capture filter compiles with the real tcpdump, IPv4 and IPv6', function () {
    for (const addr of ['127.0.0.1', '::1']) {
      try {
        execFileSync('tcpdump', ['-d', '-i', 'any', captureFilter(addr, 443, 40000)], { stdio: 'pipe', timeout: 10_000 });
      } catch (e) {
        const err = String((e as { stderr?: Buffer }).stderr ?? e);
        if (/ENOENT|permission|not permitted/i.test(err)) {
          console.log(`    skipping filter compile: ${err.split('\n')[0]}`);
          this.skip();
        }
        throw new Error(`filter for ${addr} rejected: ${err}`);
      }
    }
  });
});
