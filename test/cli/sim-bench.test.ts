import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { within } from '../support/deadline.js';
import { startCli } from '../support/spawn-cli.js';
import { tempDir } from '../support/temp-dir.js';

/** Starts `idleprobe sim` with these flags; resolves once it has printed its banner, with what it printed so far. */
async function startSimCli(args: string[], cwd: string) {
  const started = startCli(['sim', ...args], { cwd });
  let out = '';
  const waiters: Array<() => void> = [];
  started.child.stdout!.on('data', (chunk: Buffer | string) => {
    out += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  /** Resolves once the simulator's terminal shows text matching `pattern`. */
  const shown = (pattern: RegExp): Promise<void> =>
    within(
      (async () => {
        while (!pattern.test(out)) await new Promise<void>((wake) => waiters.push(wake));
      })(),
      `the simulator's terminal to show ${pattern}`,
    );
  await shown(/Ctrl-C/);
  return { ...started, shown, output: () => out };
}

test('sim --journal writes every record as NDJSON (mode 0600, no secret) and its terminal shows them line by line', async (t) => {
  const cwd = tempDir(t, 'idleprobe-sim-journal-');
  const sim = await startSimCli(['--scenario', 'steady', '--journal', 'journal.ndjson'], cwd);
  const base = /--api-base (\S+)/.exec(sim.output())![1]!;
  const clientId = /--client-id (\S+)/.exec(sim.output())![1]!;
  const clientSecret = /--client-secret (\S+)/.exec(sim.output())![1]!;
  const userToken = /--token (\S+)/.exec(sim.output())![1]!;

  const login = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
  const token = ((await login.json()) as { access_token: string }).access_token;
  const created = await fetch(`${base}/api/v2/notifications/channels`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  const channel = (await created.json()) as { id: string; connectUri: string };
  const ws = new WebSocket(channel.connectUri);
  await within(once(ws, 'open'), 'the socket to open');
  ws.send(JSON.stringify({ message: 'ping' }));
  await sim.shown(/-> pong/);
  const closed = within(once(ws, 'close'), 'the socket to be closed');
  const endpoint = /curl -X POST (\S+)/.exec(sim.output())?.[1];
  assert.equal(endpoint, `${base}/_idleprobe/trigger`, 'the banner names the control endpoint');
  const answer = await fetch(endpoint, {
    method: 'POST',
    body: JSON.stringify({ action: 'close', channel: channel.id, code: 4000, reason: 'from curl' }),
  });
  assert.equal(answer.status, 200);
  assert.equal((await closed)[0], 4000);
  await sim.shown(/TRIGGER close/);
  sim.child.kill('SIGINT');
  const result = await sim.result;
  assert.equal(result.code, 0, result.stderr);

  const path = join(cwd, 'journal.ndjson');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const text = readFileSync(path, 'utf8');
  for (const secret of [clientSecret, userToken, token]) assert.equal(text.includes(secret), false, 'no secret');
  const records = text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.deepEqual(
    records.map((record) => record.kind),
    ['token', 'rest', 'channel-created', 'rest', 'open', 'client-frame', 'pong', 'close', 'trigger'],
  );
  for (const record of records) {
    assert.ok(!Number.isNaN(Date.parse(record.t)), 't is a wall-clock time');
    assert.equal(Object.keys(record)[0], 't');
  }
  assert.deepEqual(records.at(-2), {
    ...records.at(-2),
    code: 4000,
    reason: 'from curl',
    by: 'server',
    channel: channel.id,
  });

  const shown = result.stdout;
  for (const line of [
    /\d\d:\d\d:\d\d\.\d{3} \+00:00:\d\d \S+ +POST \/oauth\/token -> 200\n/,
    /channel …\w{6} created \(expires in 24h\)/,
    /#1 …\w{6} socket opened/,
    /#1 …\w{6} <- ping/,
    /#1 …\w{6} closed 4000 "from curl" by server \(trigger:close\), after 0 heartbeats\n/,
    /TRIGGER close …\w{6}: endpoint: closed 1 socket with 4000/,
  ])
    assert.match(shown, line);
  assert.equal(shown.includes(channel.id), false, 'the terminal shows channel ids shortened');
  assert.equal(shown.includes(token), false);
});
