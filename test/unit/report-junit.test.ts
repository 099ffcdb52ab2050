import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import { renderJunit } from '../../src/report/render-junit.js';
import { CHANNEL, OTHER_CHANNEL, script } from '../support/event-builders.js';

const MIN = 60_000;

/** Tags opened and closed in order: enough to tell a well-formed document from a broken one here. */
function assertBalanced(xml: string): void {
  const stack: string[] = [];
  for (const [, closing, name, selfClosing] of xml.matchAll(/<(\/?)([a-z-]+)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes what was opened`);
    else stack.push(name as string);
  }
  assert.deepEqual(stack, []);
}

describe('the JUnit report', () => {
  const summary = analyze(
    script()
      .runStart(1, 'simulator (scenario x)')
      .at(0)
      .open(1)
      .open(2, OTHER_CHANNEL)
      .heartbeats(20)
      .warning(1)
      .after(MIN)
      .close({ reason: 'service maintenance' }, 1)
      .after(1_000)
      .close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' }, 2, OTHER_CHANNEL)
      .open(3)
      .after(5_000)
      .close({ code: 1000, reason: '', by: 'probe' }, 3)
      .runEnd()
      .build(),
  );

  test('has one test case per connection and a failure only for the unexpected closure', () => {
    const xml = renderJunit(summary);
    assertBalanced(xml);
    assert.equal(xml.match(/<testcase /g)?.length, 3);
    assert.equal(xml.match(/<failure /g)?.length, 1);
    assert.match(xml, /<testsuites name="idleprobe" tests="3" failures="1">/);
    assert.match(
      xml,
      /<failure type="intermediary" message="intermediary \(medium\): 1006 no close frame, ECONNRESET after 11m 01\.0s">/,
    );
    assert.match(xml, /<system-out>maintenance \(high, expected\)/);
  });

  test('never shows a channel id in full', () => {
    const xml = renderJunit(summary);
    assert.ok(!xml.includes(CHANNEL) && !xml.includes(OTHER_CHANNEL));
  });

  test('escapes a hostile close reason instead of breaking the XML', () => {
    const xml = renderJunit(
      analyze(script().runStart().at(0).open().heartbeats(3).close({ reason: '</failure><x a="1">&\u0001' }).build()),
    );
    assertBalanced(xml);
    assert.ok(xml.includes('&lt;/failure&gt;&lt;x a=&quot;1&quot;&gt;&amp;\uFFFD'));
  });
});
