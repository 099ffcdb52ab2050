import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { within } from '../support/deadline.js';
import { BIN } from '../support/spawn-cli.js';
import { tempDir } from '../support/temp-dir.js';

/** How often the pane is looked at while waiting for it to show something (every wait has a deadline). */
const LOOK_MS = 50;

function tmuxMissing(): string | null {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'needs tmux (Debian package tmux)';
  }
}

test('on a real terminal, sim prints its key legend and a key fires its trigger; q quits', {
  skip: tmuxMissing() ?? false,
}, async (t) => {
  const dir = tempDir(t, 'idleprobe-sim-keys-');
  // A tmux server of this test's own, so nothing of anyone else's tmux is touched.
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-S', join(dir, 'tmux.sock'), ...args], { encoding: 'utf8' });
  const rcFile = join(dir, 'rc');
  const command = `${process.execPath} ${BIN} sim --scenario steady --journal ${join(dir, 'j.ndjson')}; echo $? > ${rcFile}`;
  tmux('new-session', '-d', '-s', 'sim', '-x', '250', '-y', '60', command);
  t.after(() => {
    try {
      tmux('kill-server');
    } catch {
      // Already gone with its only session.
    }
  });
  const pane = () => tmux('capture-pane', '-p', '-t', 'sim', '-S', '-200');
  const until = (what: string, ready: () => boolean) =>
    within(
      (async () => {
        while (!ready()) await sleep(LOOK_MS);
      })(),
      what,
    );

  await until('the legend on the terminal', () => pane().includes('q quit'));
  assert.match(pane(), /Keys \(every channel\):\s+m maintenance\s+c close 1000/);
  const base = /--api-base (\S+)/.exec(pane())![1]!;
  const userToken = /--token (\S+)/.exec(pane())![1]!;
  const created = await fetch(`${base}/api/v2/notifications/channels`, {
    method: 'POST',
    headers: { authorization: `Bearer ${userToken}` },
  });
  const ws = new WebSocket(((await created.json()) as { connectUri: string }).connectUri);
  await within(once(ws, 'open'), 'the socket to open');
  await until('the open on the terminal', () => pane().includes('socket opened'));
  const closed = within(once(ws, 'close'), 'the key to close the socket');
  tmux('send-keys', '-t', 'sim', 'c');
  assert.equal((await closed)[0], 1000);
  await until('the trigger on the terminal', () => /TRIGGER close \*: key: closed 1 socket/.test(pane()));
  tmux('send-keys', '-t', 'sim', 'q');
  await until('the simulator to quit', () => existsSync(rcFile) && readFileSync(rcFile, 'utf8').trim() !== '');
  assert.equal(readFileSync(rcFile, 'utf8').trim(), '0');
});
