import assert from 'node:assert/strict';
import { whyUnprobeable } from '../../src/probe/validate';

describe('which URLs can be probed', () => {
  it('accepts every scheme discovery reports', () => {
    for (const s of ['http', 'https', 'ws', 'wss', 'postgres', 'postgresql', 'mysql', 'redis', 'rediss', 'amqp', 'amqps', 'mongodb', 'mongodb+srv', 'nats']) {
      assert.equal(whyUnprobeable(`${s}://h.example:1/`), null, s);
    }
  });

  it('names what is wrong in one line', () => {
    assert.equal(whyUnprobeable('ftp://h.example/'), "unsupported scheme 'ftp:'");
    assert.equal(whyUnprobeable('constructor://h.example/'), "unsupported scheme 'constructor:'"); // not a prototype key
    assert.equal(whyUnprobeable('http://h.example:99999/'), 'port 99999 is out of range (1-65535)');
    assert.equal(whyUnprobeable('h.example:80'), 'not a URL (expected scheme://host…)');
    assert.equal(whyUnprobeable('http://h.example:0/'), 'port 0 cannot be probed');
  });
});
