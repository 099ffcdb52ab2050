import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rejectByRules, rejectLine } from '../../src/log/check-event.js';
import { COMMON_KINDS, fitsAtAGlance } from '../../src/log/common-kinds.js';
import { EVENT_FIELDS } from '../../src/log/event-fields.js';
import { MAX_LOGGED_MS } from '../../src/log/field-rule.js';

const STAMP = { level: 'info', time: '2026-01-01T00:00:01.000Z', mono: 1_000 };

/** A line of each common kind that fits, as the event log writes it. */
const FITTING: Record<(typeof COMMON_KINDS)[number], Record<string, unknown>> = {
  heartbeat: { channel: 'streaming-0-abc', conn: 1 },
  notification: { channel: 'streaming-0-abc', conn: 1, topic: 'v2.users.x.presence', bytes: 307 },
  ping: { channel: 'streaming-0-abc', conn: 3, kind: 'ws', payload: '' },
  pong: { channel: 'streaming-0-abc', conn: 3, kind: 'ws', rttMs: 1.5 },
  frame: { channel: 'streaming-0-abc', conn: 3, kind: 'control', bytes: 0, note: 'ping' },
};

/** Values of every sort, those each field of these kinds takes among them. */
const VALUES: unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -0,
  1,
  -7.5,
  1e300,
  Number.POSITIVE_INFINITY,
  Number.NaN,
  MAX_LOGGED_MS,
  MAX_LOGGED_MS * 1.0001,
  -MAX_LOGGED_MS,
  '',
  '1',
  'ws',
  'app',
  'text',
  'binary',
  'control',
  'WS',
  'x',
  {},
  [],
  ['ws'],
  { kind: 'ws' },
];

describe('the common kinds checked at a glance', () => {
  test('each is a kind of the event model, whose fields the test tries', () => {
    for (const kind of COMMON_KINDS) {
      assert.ok(kind in EVENT_FIELDS, kind);
      assert.deepEqual(Object.keys(FITTING[kind]).sort(), Object.keys(EVENT_FIELDS[kind]).sort(), kind);
    }
  });

  test('a line of each, as the log writes it, is accepted at a glance', () => {
    for (const kind of COMMON_KINDS) assert.equal(fitsAtAGlance(FITTING[kind], kind), true, kind);
  });

  test('whatever any field holds, a line is refused exactly as the rules refuse it, with their message', () => {
    let tried = 0;
    let refused = 0;
    for (const kind of COMMON_KINDS) {
      for (const field of Object.keys(FITTING[kind])) {
        for (const value of VALUES) {
          const fields: Record<string, unknown> = { ...FITTING[kind], [field]: value };
          if (value === undefined) delete fields[field];
          const line = { ...STAMP, event: kind, ...fields };
          const byRules = rejectByRules(line, kind);
          assert.deepEqual(rejectLine(line), byRules, `${kind}.${field} = ${String(value)}`);
          if (fitsAtAGlance(line, kind))
            assert.equal(byRules, null, `${kind}.${field} = ${String(value)} accepted at a glance only`);
          tried += 1;
          if (byRules !== null) refused += 1;
        }
      }
    }
    // The values reach both sides of every check: many lines fit, many do not.
    assert.ok(refused > tried / 3 && refused < tried, `${refused} of ${tried} refused`);
  });

  test('a kind not among them is left to the rules', () => {
    assert.equal(fitsAtAGlance({ channel: 'c', conn: 1, code: 1000 }, 'close'), false);
    assert.equal(fitsAtAGlance({ channel: 'c', conn: 1 }, 'no-such-kind'), false);
  });
});
