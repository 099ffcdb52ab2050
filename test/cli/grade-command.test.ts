import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { within } from '../support/deadline.js';
import { runCli, startCli } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('grade');
const A = 'streaming-0-aaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'streaming-0-bbbbbbbbbbbbbbbbbbbbbbbbbb';

/** A journal as `sim --journal` writes it: a client that waited for the maintenance close and moved channel. */
function naiveJournal(): string {
  const lines = [
    { at: 0, scenarioMs: 0, kind: 'channel-created', channel: A, client: 'app', expiresInMs: 86_400_000 },
    { at: 1, scenarioMs: 1_000, kind: 'open', channel: A, client: 'app', socket: 1 },
    {
      at: 2,
      scenarioMs: 300_000,
      kind: 'warning',
      channel: A,
      client: 'app',
      socket: 1,
      detail: 'v2.system.socket_closing',
    },
    { at: 3, scenarioMs: 360_000, kind: 'close', channel: A, client: 'app', socket: 1, by: 'server', code: 1001 },
    { at: 4, scenarioMs: 361_000, kind: 'channel-created', channel: B, client: 'app', expiresInMs: 86_400_000 },
    { at: 5, scenarioMs: 362_000, kind: 'open', channel: B, client: 'app', socket: 2 },
  ];
  return `${lines.map((line) => JSON.stringify({ t: '2026-01-01T00:00:00.000Z', ...line })).join('\n')}\n`;
}

test('grade JOURNAL prints the card as the JSON contract and exits 9 when a check failed', async () => {
  const file = join(tempDir(), 'journal.ndjson');
  writeFileSync(file, naiveJournal());
  const result = await runCli(['grade', file, '--format', 'json']);
  assert.equal(result.code, 9, result.stderr);
  const card = JSON.parse(result.stdout);
  assert.equal(card.schema, 1);
  assert.equal(card.clients[0].client, 'app');
  const byId = Object.fromEntries(card.clients[0].checks.map((c: { id: string; result: string }) => [c.id, c.result]));
  assert.equal(byId['reconnect-after-warning'], 'fail');
  assert.equal(byId['same-channel-after-warning'], 'fail');
  assert.equal(byId['channel-leak'], 'fail');
  assert.ok(!result.stdout.includes(A), 'channel ids are shortened');

  const junit = await runCli(['grade', file, '--format', 'junit']);
  assert.equal(junit.code, 9);
  assert.match(junit.stdout, /<failure type="channel-leak"/);
});

test('grade refuses a run log and a broken line, saying what it wants', async () => {
  const dir = tempDir();
  const runLog = join(dir, 'run.ndjson');
  writeFileSync(runLog, '{"event":"run-start","time":"2026-01-01T00:00:00.000Z","mono":0}\n');
  const refused = await runCli(['grade', runLog]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /line 1 is an event of an idleprobe run log, not a simulator journal.*idleprobe report/);

  const broken = join(dir, 'broken.ndjson');
  writeFileSync(broken, `not json\n${naiveJournal()}`);
  const bad = await runCli(['grade', broken]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /line 1 is not JSON\. Give a journal written by idleprobe sim --journal FILE/);

  const usage = await runCli(['sim', '--format', 'json']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--format is the report card's format: add --grade/);
});

test('sim --grade prints the JUnit card of the client that used it when it stops, exit 0 with nothing failed', async () => {
  const { child, result } = startCli(['sim', '--grade', '--format', 'junit', '--scenario', 'steady']);
  const { token, clientId } = await useOnce(child, { pings: 0 });
  child.kill('SIGINT');
  const stopped = await result;
  assert.equal(stopped.code, 0, stopped.stderr);
  // Standard output holds the card alone, ready for a CI's JUnit reader.
  assert.ok(stopped.stdout.startsWith('<?xml'), stopped.stdout.slice(0, 200));
  const card = stopped.stdout;
  assert.match(
    card,
    new RegExp(`<testsuite name="report card: ${clientId}" tests="9" failures="0" errors="0" skipped="9">`),
  );
  assert.ok(!card.includes(token), 'no token in the card');
});

test('the journal file of sim --journal grades offline to the very card sim --grade printed', async () => {
  const file = join(tempDir(), 'bench.ndjson');
  const { child, result } = startCli(['sim', '--grade', '--format', 'json', '--journal', file, '--scenario', 'steady']);
  await useOnce(child, { pings: 3 });
  child.kill('SIGINT');
  const live = await result;
  assert.equal(live.code, 0, live.stderr);
  const offline = await runCli(['grade', file, '--format', 'json']);
  assert.equal(offline.code, 0, offline.stderr);
  assert.deepEqual(JSON.parse(offline.stdout), JSON.parse(live.stdout));
  const ping = JSON.parse(live.stdout).clients[0].checks.find((c: { id: string }) => c.id === 'ping-cadence');
  assert.equal(ping.result, 'pass');
  assert.match(ping.evidence, /^3 \{"message":"ping"\} frames/);
});

/**
 * Waits for the simulator's banner (on standard error under --grade), then uses it once as an app would:
 * a token, a channel, a socket that sends `pings` pings, each answered, and closes.
 */
async function useOnce(child: ChildProcess, options: { pings: number }): Promise<{ token: string; clientId: string }> {
  let banner = '';
  await within(
    new Promise<void>((resolve) => {
      child.stderr!.on('data', (chunk: Buffer | string) => {
        banner += chunk.toString();
        if (banner.includes('Ctrl-C')) resolve();
      });
    }),
    'the simulator banner on stderr',
  );
  const base = /--api-base (\S+)/.exec(banner)?.[1];
  const clientId = /--client-id (\S+)/.exec(banner)?.[1];
  const secret = /--client-secret (\S+)/.exec(banner)?.[1];
  assert.ok(base && clientId && secret, banner);
  const login = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const token = ((await login.json()) as { access_token: string }).access_token;
  const created = await fetch(`${base}/api/v2/notifications/channels`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  const channel = (await created.json()) as { connectUri: string };
  const ws = new WebSocket(channel.connectUri);
  await within(once(ws, 'open'), 'the socket to open');
  for (let i = 0; i < options.pings; i++) {
    ws.send('{"message":"ping"}');
    await within(
      new Promise<void>((resolve) => {
        const onMessage = (data: Buffer) => {
          if (!data.toString().includes('pong')) return;
          ws.off('message', onMessage);
          resolve();
        };
        ws.on('message', onMessage);
      }),
      'a pong',
    );
  }
  ws.close(1000, 'done');
  await within(once(ws, 'close'), 'the socket to close');
  return { token, clientId };
}
