import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fastScenario } from '../support/probe-harness.js';
import { probeThroughBox } from '../support/probe-through-box.js';
import { squidSkipReason, startSquid } from '../support/squid.js';

/**
 * Squid forwards a WebSocket upgrade only when `http_upgrade_request_protocols` allows it, and allows
 * nothing by default: wherever it reads the requests itself (inside a bumped, TLS-inspected tunnel, or as
 * a reverse proxy, as here) it drops `Upgrade` and passes a plain GET on, which the streaming host answers
 * 404. Debian's `squid` is the GnuTLS build, without ssl-bump, so the test stands Squid in front of the
 * simulator as a reverse proxy: the same request handling, minus the TLS.
 */
const skip = squidSkipReason();

describe('through a real Squid that strips Upgrade', { skip }, () => {
  test('the refused upgrade of a channel created a moment ago is put down to the path, not to a channel gone', async () => {
    const { outcome, events } = await probeThroughBox(
      {
        start: (port, upstreamPort) => startSquid({ port, reverseProxyTo: upstreamPort }),
        url: (port) => `http://127.0.0.1:${port}`,
      },
      fastScenario({ heartbeatIntervalMs: 300 }),
      { maxClosures: 1, durationMs: 5_000, reconnect: 'same', watchdogMs: 60_000 },
    );
    assert.equal(
      events.filter((event) => event.event === 'open').length,
      0,
      'no upgrade got through Squid: the test shows what it means to',
    );
    const check = events.find((event) => event.event === 'channel-check');
    assert.ok(check?.event === 'channel-check' && check.exists, 'the probe asked (HEAD) and the channel exists');
    const said = [
      outcome.error?.message ?? '',
      ...events.flatMap((event) => (event.event === 'error' ? [event.message] : [])),
    ];
    for (const text of said) assert.doesNotMatch(text, /no longer exists/);
    assert.ok(
      said.some((text) => /Upgrade/.test(text) && /proxy|path/i.test(text)),
      `something names the path stripping Upgrade: ${JSON.stringify(said)}`,
    );
  });
});
