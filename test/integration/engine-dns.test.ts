// The dns phase against a tiny DNS server: every address, the CNAME chain, and the dns.* ids.
import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import * as packet from 'dns-packet';
import { probeUrl } from '../../src/probe/probe';

type Answer = packet.Answer;

describe('engine: dns phase', function () {
  this.timeout(10000);
  let server: dgram.Socket;
  let dnsServer = '';
  let mongoPort = 0;
  const mongo = net.createServer((c) => c.destroy());
  before(async () => {
    await new Promise<void>((r) => mongo.listen(0, '127.0.0.1', r));
    mongoPort = (mongo.address() as net.AddressInfo).port;
    server = dgram.createSocket('udp4');
    server.on('message', (msg, rinfo) => {
      const q = packet.decode(msg);
      const question = q.questions![0];
      let rcode = 0; // the low four bits of the flags: 2 SERVFAIL, 3 NXDOMAIN
      const answers: Answer[] = [];
      if (question.name === 'www.cd.test') {
        answers.push({ type: 'CNAME', name: 'www.cd.test', ttl: 60, data: 'edge.cd.test' });
        if (question.type === 'A') {
          answers.push({ type: 'A', name: 'edge.cd.test', ttl: 60, data: '127.0.0.1' }, { type: 'A', name: 'edge.cd.test', ttl: 60, data: '127.0.0.2' });
        }
      } else if (question.name === '_mongodb._tcp.cluster.cd.test' && question.type === 'SRV') {
        answers.push({ type: 'SRV', name: question.name, ttl: 60, data: { priority: 0, weight: 0, port: mongoPort, target: 'node1.cd.test' } });
      } else if (question.name === 'node1.cd.test') {
        if (question.type === 'A') answers.push({ type: 'A', name: 'node1.cd.test', ttl: 60, data: '127.0.0.1' });
      } else if (question.name === 'broken.cd.test') rcode = 2;
      else if (question.name !== 'empty.cd.test') rcode = 3;
      const reply = packet.encode({ id: q.id, type: 'response', flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | rcode, questions: q.questions, answers } as packet.Packet);
      server.send(reply, rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', r));
    dnsServer = `127.0.0.1:${server.address().port}`;
  });
  after(() => {
    server.close();
    mongo.close();
  });

  const opts = () => ({ dnsServer, timeoutMs: 1000, proxy: null, differential: false });

  it('records every address and the CNAME chain', async () => {
    const r = await probeUrl('http://www.cd.test:1/', opts());
    const dns = r.phases.find((p) => p.phase === 'dns')!;
    assert.equal(dns.status, 'ok');
    assert.deepEqual(dns.addresses?.map((a) => a.address), ['127.0.0.1', '127.0.0.2']);
    assert.deepEqual(dns.cname, ['edge.cd.test']);
    assert.equal(dns.resolver, dnsServer);
  });

  it('NXDOMAIN, no records and SERVFAIL are three different ids', async () => {
    assert.equal((await probeUrl('http://nope.cd.test/', opts())).id, 'dns.not-found');
    assert.equal((await probeUrl('http://empty.cd.test/', opts())).id, 'dns.no-address');
    assert.equal((await probeUrl('http://broken.cd.test/', opts())).id, 'dns.failure');
  });

  it('mongodb+srv: the SRV record names the host and port that are connected to', async () => {
    const r = await probeUrl('mongodb+srv://app:pw@cluster.cd.test/db', opts());
    assert.equal(r.id, 'ok', r.error);
    assert.equal(r.url, 'mongodb+srv://app:***@cluster.cd.test/db');
    const connect = r.phases.find((p) => p.phase === 'connect')!;
    assert.equal(connect.remotePort, mongoPort);
    assert.match(r.phases[0].note ?? '', /node1\.cd\.test/);
  });
});
