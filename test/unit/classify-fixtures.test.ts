import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { summarizeLogs } from '../../src/analysis/summarize-logs.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/logs/', import.meta.url));

interface Expectation {
  cause: string | null;
  confidence: string[];
  keepaliveSurvivors?: string[];
}

const expected = JSON.parse(readFileSync(`${FIXTURES}expected-causes.json`, 'utf8')) as Record<string, Expectation>;
const logs = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.ndjson'))
  .sort();

describe('recorded runs of each simulator scenario are classified as the cause the scenario stands for', () => {
  test('every fixture log has a hand-written expectation, and every expectation a log', () => {
    assert.deepEqual(
      logs.map((name) => name.replace(/\.ndjson$/, '')).sort(),
      Object.keys(expected)
        .filter((key) => key !== '//')
        .sort(),
    );
  });

  for (const log of logs) {
    const name = log.replace(/\.ndjson$/, '');
    const want = expected[name] as Expectation;
    test(`${name}: ${want.cause ?? 'no closure'}${want.cause ? ` (${want.confidence.join(' or ')})` : ''}, with evidence`, async () => {
      const summary = await summarizeLogs([`${FIXTURES}${log}`], { sourceName: (path) => basename(path) });
      if (want.cause === null) {
        assert.equal(summary.closures.length, 0);
        return;
      }
      assert.ok(summary.closures.length > 0, 'the fixture holds closures');
      for (const row of summary.closures) {
        assert.equal(row.cause, want.cause, `conn ${row.connection}: ${row.evidence}`);
        assert.ok(
          want.confidence.includes(row.confidence),
          `conn ${row.connection} is ${row.confidence}: ${row.evidence}`,
        );
        assert.ok(row.evidence.length > 20 && row.evidence.endsWith('.'), 'a sentence of evidence');
      }
      if (want.keepaliveSurvivors) assert.deepEqual(summary.patterns.keepalive?.survivors, want.keepaliveSurvivors);
    });
  }
});
