import assert from 'node:assert/strict';
import { test } from 'node:test';
import { within } from '../support/deadline.js';
import { startCli } from '../support/spawn-cli.js';

/**
 * A Ctrl-C the moment the banner shows (a person, or a script that waits for the banner) stops the
 * simulator cleanly: the handler is in place before the banner is written. Sent on the banner's first
 * bytes, a few times over, since a handler installed after it loses that race most of the time.
 */
test('sim stops cleanly on a Ctrl-C sent as soon as its banner shows', async () => {
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const { child, result } = startCli(['sim']);
    await within(new Promise((resolve) => child.stdout!.once('data', resolve)), `the banner of attempt ${attempt}`);
    child.kill('SIGINT');
    const ended = await result;
    assert.equal(ended.signal, null, `attempt ${attempt}: killed by ${ended.signal} rather than stopped`);
    assert.equal(ended.code, 0, ended.stderr);
  }
});
