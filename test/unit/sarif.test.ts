import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { toSarif } from '../../src/cli/sarif';
import type { Result } from '../../src/vocabulary/types';

// The official SARIF 2.1.0 schema (rtm.5, JSON Schema draft-04), as shipped by Microsoft's sarif-js-sdk.
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
// unicodeRegExp: false because the schema's language pattern ("…]?$") is not valid with the u flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function result(id: Result['id'], ok: boolean, url: string): Result {
  return {
    url, id, ok, findings: [], phases: [], title: ok ? 'Reachable' : `Title of ${id}`,
    explanation: `Why ${id} happens.`, remediation: ok ? [] : ['Check the firewall.', 'Run curl -v.'],
  };
}

describe('toSarif', () => {
  const log = toSarif([
    {
      target: 'https://api.example.com/',
      locations: [{ file: '.env', line: 1, column: 9 }, { file: 'deploy/my app/values.yaml', line: 12, column: 3 }],
      result: result('tls.reset', false, 'https://user:***@api.example.com/'),
    },
    { target: 'http://ok.example/', locations: [{ file: 'a.md', line: 1, column: 1 }], result: result('ok', true, 'http://ok.example/') },
    { target: 'redis://cache:6379', locations: [{ file: '/abs/config.ini', line: 4, column: 7 }], result: result('tcp.refused', false, 'redis://cache:6379') },
    { target: 'https://b.example/', locations: [{ file: 'b.yml', line: 2, column: 5 }], result: result('tls.reset', false, 'https://b.example/') },
  ]);

  it('validates against the official SARIF 2.1.0 schema', () => {
    const valid = validate(log);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
  });

  it('has one result per failing location, rule id = diagnosis id, message = title and redacted URL', () => {
    const run = log.runs[0];
    assert.deepEqual(run.results!.map((r) => [r.ruleId, r.message.text]), [
      ['tls.reset', 'Title of tls.reset: https://user:***@api.example.com/'],
      ['tls.reset', 'Title of tls.reset: https://user:***@api.example.com/'],
      ['tcp.refused', 'Title of tcp.refused: redis://cache:6379'],
      ['tls.reset', 'Title of tls.reset: https://b.example/'],
    ]);
    assert.deepEqual(run.tool.driver.rules!.map((r) => [r.id, r.shortDescription?.text]), [
      ['tls.reset', 'Title of tls.reset'], ['tcp.refused', 'Title of tcp.refused'],
    ]);
    assert.deepEqual(run.results!.map((r) => r.ruleIndex), [0, 0, 1, 0]);
  });

  it('locations are relative URIs with line and column (code points)', () => {
    const run = log.runs[0];
    const locs = run.results!.map((r) => r.locations![0].physicalLocation!);
    assert.deepEqual(locs.map((l) => [l.artifactLocation!.uri, l.region!.startLine, l.region!.startColumn]), [
      ['.env', 1, 9], ['deploy/my%20app/values.yaml', 12, 3], ['file:///abs/config.ini', 4, 7], ['b.yml', 2, 5],
    ]);
    assert.equal(run.columnKind, 'unicodeCodePoints');
  });

  it('no failure, no result — still a valid log', () => {
    const empty = toSarif([{ target: 'http://ok.example/', locations: [{ file: 'a', line: 1, column: 1 }], result: result('ok', true, 'http://ok.example/') }]);
    assert.ok(validate(empty), JSON.stringify(validate.errors));
    assert.deepEqual(empty.runs[0].results, []);
  });

  it('a log with a schema violation is rejected (the validator is not a no-op)', () => {
    const broken = JSON.parse(JSON.stringify(log));
    broken.runs[0].results[0].level = 'fatal';
    assert.equal(validate(broken), false);
  });
});
