import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ReportCard } from '../../src/grade/report-card.js';
import { renderCard } from '../../src/report/render-card.js';

const card: ReportCard = {
  schema: 1,
  clients: [
    {
      client: 'good',
      checks: [
        {
          id: 'reconnect-after-warning',
          result: 'pass',
          evidence: 'After 1 socket_closing warning a new socket opened.',
        },
        { id: 'half-open-detected', result: 'not-exercised', evidence: 'No socket of this client went half-open.' },
      ],
    },
    {
      client: 'naive <&>',
      checks: [
        {
          id: 'same-channel-after-warning',
          result: 'fail',
          evidence: 'Reconnected on streaming-0-bbbbbbbbbbbbbbbbbbbbbbbbbb | not on the warned one.',
        },
      ],
    },
  ],
};

describe('the report card renderers', () => {
  test('JSON is exactly the contract shape, with channel ids shortened', () => {
    const parsed = JSON.parse(renderCard(card, 'json', { color: false }));
    assert.deepEqual(Object.keys(parsed), ['schema', 'clients']);
    assert.equal(parsed.schema, 1);
    assert.deepEqual(Object.keys(parsed.clients[0]), ['client', 'checks']);
    assert.deepEqual(Object.keys(parsed.clients[0].checks[0]), ['id', 'result', 'evidence']);
    assert.equal(parsed.clients[1].checks[0].evidence, 'Reconnected on …bbbbbb | not on the warned one.');
  });

  test('JUnit: a test case per check, failure for fail, skipped for not-exercised, escaped', () => {
    const xml = renderCard(card, 'junit', { color: false });
    assert.match(xml, /<testsuites name="idleprobe report card" tests="3" failures="1" skipped="1">/);
    assert.equal(xml.match(/<testcase /g)?.length, 3);
    assert.match(xml, /name="same-channel-after-warning">\n\s+<failure type="same-channel-after-warning"/);
    assert.match(xml, /name="half-open-detected">\n\s+<skipped message="No socket/);
    assert.match(xml, /report card: naive &lt;&amp;&gt;/);
    assert.doesNotMatch(xml, /bbbbbbbbbbbb/);
  });

  test('markdown: a table per client with the pipe escaped', () => {
    const md = renderCard(card, 'markdown', { color: false });
    assert.match(md, /## Report card: good\n\n1 passed, 0 failed, 1 not exercised\./);
    assert.match(md, /\| `same-channel-after-warning` \| \*\*fail\*\* \| Reconnected on …bbbbbb \\\| not/);
  });

  test('table: every check on its line, and no escape code without colour', () => {
    const text = renderCard(card, 'table', { color: false });
    for (const id of ['reconnect-after-warning', 'half-open-detected', 'same-channel-after-warning'])
      assert.ok(text.includes(id), id);
    assert.match(text, /FAIL/);
    assert.ok(!text.includes('\u001b['));
    assert.ok(renderCard(card, 'table', { color: true }).includes('\u001b[31mFAIL'));
    assert.equal(
      renderCard({ schema: 1, clients: [] }, 'table', { color: false }),
      'No client used the simulator: nothing to grade.\n',
    );
  });
});
