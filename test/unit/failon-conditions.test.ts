import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import { evaluateFailOn, FAIL_ON_EXIT_CODES, parseFailOn } from '../../src/ci/fail-on.js';
import { OTHER_CHANNEL, script } from '../support/event-builders.js';

const MIN = 60_000;

/** A maintenance closure at 11 min, and an intermediary reset at 100 s after a missed heartbeat on another channel. */
const summary = analyze(
  script()
    .runStart()
    .at(0)
    .open(1)
    .open(2, OTHER_CHANNEL)
    .at(30_000)
    .heartbeat(1)
    .at(60_000)
    .heartbeat(1)
    .at(90_000)
    .heartbeat(1)
    .at(100_000)
    .heartbeat(2, OTHER_CHANNEL)
    .at(100_300)
    .close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' }, 2, OTHER_CHANNEL)
    .heartbeats(19, 30_000, 1)
    .warning(1)
    .after(MIN)
    .close({ reason: 'service maintenance' }, 1)
    .runEnd()
    .build(),
);
const quiet = analyze(
  script().runStart().at(0).open().heartbeats(10).close({ by: 'probe', code: 1000, reason: '' }).runEnd().build(),
);

describe('--fail-on', () => {
  test('parses comma-separated and repeated conditions', () => {
    assert.deepEqual(parseFailOn(['closure,age<20m', 'cause:intermediary', ' watchdog ']), [
      { kind: 'closure' },
      { kind: 'age', underMs: 20 * MIN },
      { kind: 'cause', cause: 'intermediary' },
      { kind: 'watchdog' },
    ]);
  });

  test('refuses an unknown condition or cause and says what is accepted', () => {
    assert.throws(() => parseFailOn(['closures']), /IDLEPROBE_ERR_USAGE|not known: use closure \(unexpected\)/);
    assert.throws(() => parseFailOn(['cause:proxy']), /the cause "proxy" is not known; use one of maintenance/);
    assert.throws(() => parseFailOn(['age<soon']), /write it as 30s, 15m or 1h30m/);
  });

  test('an unexpected closure fails with its own exit code; announced maintenance alone does not', () => {
    assert.equal(evaluateFailOn(summary, parseFailOn(['closure'])).exitCode, FAIL_ON_EXIT_CODES.closure);
    const maintenanceOnly = analyze(
      script().runStart().at(0).open().heartbeats(20).warning().after(MIN).close({ reason: 'm' }).build(),
    );
    assert.deepEqual(evaluateFailOn(maintenanceOnly, parseFailOn(['closure'])), { exitCode: 0, reasons: [] });
    assert.equal(evaluateFailOn(maintenanceOnly, parseFailOn(['any-closure'])).exitCode, FAIL_ON_EXIT_CODES.closure);
  });

  test('a closure younger than the age, a missed heartbeat and a cause each fail and are named', () => {
    const outcome = evaluateFailOn(summary, parseFailOn(['age<5m', 'missed-heartbeat', 'cause:maintenance']));
    assert.equal(outcome.exitCode, FAIL_ON_EXIT_CODES.closure, 'the lowest code of those met');
    assert.deepEqual(outcome.reasons, [
      '--fail-on: closure younger than 5m 00.0s x1 (conn 2).',
      '--fail-on: connection with missed heartbeats x1 (conn 2).',
      '--fail-on: closure caused by maintenance x1 (conn 1).',
    ]);
    assert.equal(
      evaluateFailOn(summary, parseFailOn(['missed-heartbeat'])).exitCode,
      FAIL_ON_EXIT_CODES.missedHeartbeat,
    );
  });

  test('a quiet run meets no condition, and a run without connections meets no-connection', () => {
    assert.equal(
      evaluateFailOn(quiet, parseFailOn(['closure', 'age<1h', 'missed-heartbeat', 'watchdog', 'no-connection']))
        .exitCode,
      0,
    );
    assert.equal(
      evaluateFailOn(analyze(script().runStart().runEnd('error').build()), parseFailOn(['no-connection'])).exitCode,
      FAIL_ON_EXIT_CODES.noConnection,
    );
  });
});
