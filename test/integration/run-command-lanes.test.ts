import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type WebSocket from 'ws';
import { defaultWebSocketFactory } from '../../src/channel/session.js';
import type { OutputStream } from '../../src/cli/cli-io.js';
import { runCommand } from '../../src/cli/commands/run.js';
import { systemClock } from '../../src/clock/system-clock.js';
import { within } from '../support/deadline.js';
import { THIS_PROCESS } from '../support/lock-owner.js';
import { tempDir } from '../support/temp-dir.js';

describe('the run command and a lane that cannot connect', () => {
  // A gateway that answers every upgrade 503, but only once the other lane is open: a lane whose first
  // attempts fail before any connection opened would end the run, and this test is about one that goes on.
  let firstOpen: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    firstOpen = resolve;
  });
  let refusing: Server;
  let refusingWs: string;
  before(async () => {
    refusing = createServer((_request, response) => {
      void opened.then(() => {
        response.writeHead(503, { 'content-type': 'text/plain' });
        response.end('upstream unavailable');
      });
    });
    await within(new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve)), 'the gateway to listen');
    refusingWs = `ws://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
  });
  after(async () => {
    refusing.closeAllConnections();
    await within(new Promise<void>((resolve) => refusing.close(() => resolve())), 'the gateway to close');
  });

  test('names the lane on stderr when it starts retrying, and the summary counts its blind time', async (t) => {
    const cwd = tempDir(t, 'lanes');
    const stdout: string[] = [];
    const stderr: string[] = [];
    const stream = (into: string[]): OutputStream => ({ write: (text: string) => into.push(text) });
    // The first channel's upgrades reach the service; every other channel's go to the gateway.
    let first: string | null = null;
    const connect = (url: string): WebSocket => {
      first ??= url;
      if (url !== first) return defaultWebSocketFactory(`${refusingWs}${new URL(url).pathname}`);
      const ws = defaultWebSocketFactory(url);
      ws.once('open', () => firstOpen());
      return ws;
    };
    const code = await runCommand(
      {
        sim: true,
        scenario: 'steady',
        timeScale: '60',
        duration: '3m',
        channels: '2',
        log: `${cwd}/run.ndjson`,
        status: false,
      },
      {
        stdout: stream(stdout),
        stderr: stream(stderr),
        env: {},
        cwd,
        clock: systemClock,
        stdin: Readable.from([]),
        self: THIS_PROCESS,
        onStopSignal: () => () => {},
      },
      { connect },
    );
    assert.equal(code, 0, stderr.join(''));
    const notices = stderr
      .join('')
      .split('\n')
      .filter((line) => / cannot connect /.test(line));
    assert.equal(notices.length, 1, 'one line for the streak, however many attempts');
    assert.match(
      notices[0] ?? '',
      /^idleprobe: lane [12] cannot connect \(HTTP 503\): WebSocket upgrade answered HTTP 503/,
    );
    const lane = /lane ([12]) cannot/.exec(notices[0] ?? '')?.[1];
    assert.match(
      stdout.join(''),
      new RegExp(
        `Lane ${lane} \\(keepalive none\\): blind for [^(]+ \\(\\d+ failed attempts?: HTTP 503( x\\d+)?\\); it never connected\\.`,
      ),
    );
  });
});
