import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { BIN } from '../support/spawn-cli.js';
import { quote, TmuxPane, tmuxSkipReason } from '../support/tmux.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/logs/idle-timeout.ndjson', import.meta.url));
const IDLEPROBE = `${quote(process.execPath)} ${quote(BIN)}`;
/** A line of the live view: the run's line, or a lane's. */
/** Colour codes as tmux shows them with -e: escape, bracket, numbers, m. */
const SGR = new RegExp(`${String.fromCharCode(0x1b)}\\[[0-9;]*m`);
const BOLD = new RegExp(`${String.fromCharCode(0x1b)}\\[1m`);
const LIVE_LINE = /^(idleprobe \d[\dhms. ]* · | {2}lane \d+, keepalive )/;

const panes: TmuxPane[] = [];
after(() => {
  for (const pane of panes) pane.close();
});

async function inPane(command: string, columns: number, env: Record<string, string> = {}) {
  const { pane, code } = await TmuxPane.run(command, { columns, env });
  panes.push(pane);
  return { pane, code, screen: pane.screen() };
}

function tooWide(lines: readonly string[], columns: number): string[] {
  return lines.filter((line) => [...line].length > columns);
}

describe('in a real terminal (tmux)', { skip: tmuxSkipReason() }, () => {
  test('at 80 columns the report fits: one block per closure, nothing wider than the pane', async () => {
    const { pane, code, screen } = await inPane(`${IDLEPROBE} report ${quote(FIXTURE)}`, 80);
    assert.equal(code, 0, screen.join('\n'));
    assert.deepEqual(tooWide(screen, 80), []);
    assert.ok(screen.includes('Closures:'), screen.join('\n'));
    assert.equal(screen.filter((line) => /^conn \d+ on …\w+, keepalive /.test(line)).length, 5);
    assert.ok(screen.some((line) => /^ {2}evidence: +The server closed it after 14m 59\.0s/.test(line)));
    assert.ok(!screen.some((line) => line.startsWith('┌')), 'no table');
    // On a terminal, colour: the header is bold.
    assert.match(pane.screen({ escapes: true }).join('\n'), BOLD);
  });

  test('at 200 columns the full table, and the cause lines wrapped within the pane', async () => {
    const { code, screen } = await inPane(`${IDLEPROBE} report ${quote(FIXTURE)}`, 200);
    assert.equal(code, 0, screen.join('\n'));
    assert.deepEqual(tooWide(screen, 200), []);
    assert.ok(
      screen.some((line) => /^│ channel │ conn │ opened/.test(line)),
      screen.join('\n'),
    );
    assert.equal(screen.filter((line) => /^│ …\w+ │ \d+ /.test(line)).length, 5);
    assert.ok(screen.includes('Causes:'));
    assert.ok(!screen.includes('Closures:'));
  });

  test('--wide keeps the table at 80 columns; NO_COLOR and --no-color leave the text plain', async () => {
    const wide = await inPane(`${IDLEPROBE} report --wide ${quote(FIXTURE)}`, 80);
    assert.ok(wide.screen.some((line) => line.startsWith('┌')));
    const plain = await inPane(`${IDLEPROBE} report ${quote(FIXTURE)}`, 80, { NO_COLOR: '1' });
    assert.doesNotMatch(plain.pane.screen({ escapes: true }).join('\n'), SGR);
    const flag = await inPane(`${IDLEPROBE} report --no-color ${quote(FIXTURE)}`, 80);
    assert.doesNotMatch(flag.pane.screen({ escapes: true }).join('\n'), SGR);
  });

  for (const columns of [80, 200]) {
    test(`a run at ${columns} columns shows a live view within the width, cleared before the summary`, async () => {
      const command = `${IDLEPROBE} run --sim --time-scale 600 --closures 1 --keepalive none --keepalive ping:5m`;
      const { pane, code, screen } = await inPane(command, columns);
      assert.equal(code, 0, screen.join('\n'));
      // What was drawn: every frame of the live view, taken from the bytes the run wrote.
      const drawn = pane
        .raw()
        .split(/[\r\n]/)
        .map((line) => stripVTControlCharacters(line))
        .filter((line) => LIVE_LINE.test(line));
      assert.ok(
        drawn.some((line) => /^idleprobe .* · \d+ closures? · \d+ heartbeats? · blind /.test(line)),
        pane.raw(),
      );
      // Drawn as the connection opened, not only on the next tick.
      assert.ok(drawn.some((line) => /^ {2}lane 2, keepalive ping:5m: open #\d/.test(line)));
      assert.deepEqual(tooWide(drawn, columns - 1), []);
      // What stays: the summary alone, no frame of the view left on the screen or in its history.
      assert.deepEqual(tooWide(screen, columns), []);
      assert.deepEqual(
        screen.filter((line) => LIVE_LINE.test(line)),
        [],
      );
      assert.ok(screen.some((line) => /^Run against simulator/.test(line)));
      assert.ok(screen.some((line) => /^Event log: /.test(line)));
      assert.ok(screen.includes(columns === 80 ? 'Closures:' : 'Causes:'), screen.join('\n'));
    });
  }
});
