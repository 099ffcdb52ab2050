import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { EventBus } from '../../src/events/bus.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { RunState } from '../../src/probe/run-state.js';

function setUp(maxClosures: number | null = null) {
  const bus = new EventBus(new ManualClock());
  const events: ProbeEvent[] = [];
  bus.subscribe((event) => events.push(event));
  return { run: new RunState(maxClosures, bus), events };
}

test('a wait that ends leaves nothing listening on the stop', async () => {
  const { run } = setUp();
  for (let i = 0; i < 50; i += 1) assert.equal(await run.untilStopped(Promise.resolve(i)), i);
  await assert.rejects(run.untilStopped(Promise.reject(new Error('refused'))), /refused/);
  assert.equal(getEventListeners(run.signal, 'abort').length, 0);
});

test('a stop wakes every wait with null, and work failing afterwards troubles no one', async () => {
  const { run } = setUp();
  let fail: (error: Error) => void = () => {};
  const work = new Promise<string>((_, reject) => {
    fail = reject;
  });
  const waiting = run.untilStopped(work);
  run.stop('signal');
  assert.equal(await waiting, null);
  fail(new Error('closed before the connection was established'));
  assert.equal(await run.untilStopped(work), null, 'a wait that starts after the stop ends at once');
  assert.equal(run.signal.aborted, true);
});

test('the first stop reason wins, and --closures stops the run at its count', () => {
  const { run } = setUp(2);
  assert.equal(run.countClosure(), false);
  assert.equal(run.countClosure(), true);
  assert.equal(run.stopReason, 'closures');
  run.stop('signal');
  assert.equal(run.stopReason, 'closures');
  assert.equal(run.closures, 2);
});

test('connections are numbered across the run, from 1', () => {
  const { run } = setUp();
  assert.deepEqual([run.nextConnection(), run.nextConnection(), run.nextConnection()], [1, 2, 3]);
});

test('a bug stops the run and logs its stack once, the first one', () => {
  const { run, events } = setUp();
  run.fail(new TypeError('first'));
  run.fail(new TypeError('second'));
  assert.equal(run.stopReason, 'error');
  const errors = events.filter((e) => e.event === 'error');
  assert.equal(errors.length, 1);
  assert.ok(errors[0]?.event === 'error' && errors[0].stack?.startsWith('TypeError: first'));
  assert.match(run.failure?.message ?? '', /TypeError: first$/);
});

test("each lane's stop is its own signal, aborted with the run's, and the run's signal carries none of them", async () => {
  const { run } = setUp();
  const scopes = Array.from({ length: 20 }, () => run.scope());
  const waits = scopes.map((scope) => scope.untilStopped(new Promise(() => {})));
  assert.equal(getEventListeners(run.signal, 'abort').length, 0, 'twenty lanes put nothing on the run signal');
  for (const scope of scopes) assert.equal(getEventListeners(scope.signal, 'abort').length, 1);
  scopes[0]!.release();
  run.stop('signal');
  assert.deepEqual(await Promise.all(waits.slice(1)), Array(19).fill(null));
  assert.ok(scopes.slice(1).every((scope) => scope.signal.aborted));
  assert.equal(run.scope().signal.aborted, true, 'a scope taken after the stop is stopped already');
});
