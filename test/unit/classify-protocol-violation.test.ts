import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeClose } from '../../src/report/closure-cells.js';
import { only, opened } from '../support/closure-scripts.js';
import { CHANNEL } from '../support/event-builders.js';

const MIN = 60_000;

/** What the session logs when ws refused a close frame with code 5000. */
const INVALID_CODE = {
  event: 'close',
  channel: CHANNEL,
  conn: 1,
  code: 5000,
  reason: '',
  clean: false,
  by: 'server',
  error: 'WS_ERR_INVALID_CLOSE_CODE',
  violation: 'a close frame with code 5000, outside the codes the protocol lets a peer send (1000-1014, 3000-4999)',
} as const;

describe('a server that broke the WebSocket protocol is named, never the network', () => {
  test('a refused close frame is a protocol violation, with what arrived and ws rule in the evidence', () => {
    const row = only(opened(5 * MIN).push(INVALID_CODE));
    assert.deepEqual([row.cause, row.confidence], ['protocol-violation', 'high'], row.evidence);
    assert.match(row.evidence, /The server sent a close frame with code 5000/);
    assert.match(row.evidence, /WS_ERR_INVALID_CLOSE_CODE/);
    assert.doesNotMatch(row.evidence, /without a close frame|intermediary/);
    assert.equal(describeClose(row), '5000 protocol violation by the server, WS_ERR_INVALID_CLOSE_CODE');
  });

  test('the look-alike: a 1006 with no violation is still a connection that died on the way', () => {
    const row = only(
      opened(5 * MIN).close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' }),
    );
    assert.equal(row.cause, 'intermediary', row.evidence);
    assert.equal(row.violation, null);
    assert.equal(describeClose(row), '1006 no close frame, ECONNRESET');
  });

  test('a client stall before it does not hide it: the server sent the frame the client refused', () => {
    const row = only(
      opened(5 * MIN)
        .at(7 * MIN)
        .health(100_000, 120_000)
        .push(INVALID_CODE),
    );
    assert.equal(row.cause, 'protocol-violation', row.evidence);
  });

  test('the look-alike: the same stall before a plain 1006 is the client that stalled', () => {
    const row = only(
      opened(5 * MIN)
        .at(7 * MIN)
        .health(100_000, 120_000)
        .close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' }),
    );
    assert.equal(row.cause, 'client-stalled', row.evidence);
  });

  test('announced maintenance stays the cause, and its evidence says the close broke the protocol', () => {
    const row = only(
      opened(5 * MIN)
        .warning()
        .after(MIN)
        .push(INVALID_CODE),
    );
    assert.deepEqual([row.cause, row.confidence], ['maintenance', 'medium'], row.evidence);
    assert.match(
      row.evidence,
      /before the 5000 close, a protocol violation by the server \(WS_ERR_INVALID_CLOSE_CODE\)/,
    );
  });
});
