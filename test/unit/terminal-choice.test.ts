import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canRedraw, colorWanted, outputWidth } from '../../src/cli/terminal-choice.js';

const TTY = { write: () => true, isTTY: true, columns: 100 };
const PIPE = { write: () => true };

describe('colour, by the conventions', () => {
  // [--no-color given, environment, stream, colour]
  const table: Array<[boolean, Record<string, string>, typeof TTY | typeof PIPE, boolean]> = [
    [false, {}, TTY, true],
    [false, {}, PIPE, false],
    [true, {}, TTY, false],
    [true, { FORCE_COLOR: '1' }, TTY, false],
    [false, { NO_COLOR: '1' }, TTY, false],
    [false, { NO_COLOR: 'yes please' }, TTY, false],
    [false, { NO_COLOR: '' }, TTY, true],
    [false, { TERM: 'dumb' }, TTY, false],
    [false, { TERM: 'xterm-256color' }, TTY, true],
    [false, { FORCE_COLOR: '1' }, PIPE, true],
    [false, { FORCE_COLOR: '3' }, PIPE, true],
    [false, { FORCE_COLOR: 'true' }, PIPE, true],
    [false, { FORCE_COLOR: '0' }, TTY, false],
    [false, { FORCE_COLOR: 'false' }, TTY, false],
    [false, { FORCE_COLOR: '' }, PIPE, false],
    [false, { FORCE_COLOR: '1', NO_COLOR: '1' }, PIPE, true],
    [false, { FORCE_COLOR: '1', TERM: 'dumb' }, PIPE, true],
    [false, { FORCE_COLOR: '0', NO_COLOR: '' }, TTY, false],
  ];
  for (const [noColorFlag, env, stream, want] of table) {
    test(`${noColorFlag ? '--no-color ' : ''}${JSON.stringify(env)} on ${stream === TTY ? 'a terminal' : 'a pipe'}: ${want ? 'colour' : 'none'}`, () => {
      // commander sets `color` false for --no-color and true otherwise.
      assert.equal(colorWanted(!noColorFlag, env, stream), want);
    });
  }
});

describe('the width output must fit', () => {
  test('COLUMNS first, then the terminal, and nothing for a file or a pipe', () => {
    assert.equal(outputWidth({}, TTY), 100);
    assert.equal(outputWidth({}, PIPE), undefined);
    assert.equal(outputWidth({ COLUMNS: '80' }, PIPE), 80);
    assert.equal(outputWidth({ COLUMNS: '200' }, TTY), 200);
    assert.equal(outputWidth({ COLUMNS: 'wide' }, TTY), 100);
    assert.equal(outputWidth({ COLUMNS: '' }, PIPE), undefined);
    assert.equal(outputWidth({ COLUMNS: '0' }, PIPE), undefined);
    assert.equal(outputWidth({ COLUMNS: '5' }, PIPE), 20);
    assert.equal(outputWidth({}, { write: () => true, isTTY: true }), undefined);
  });

  test('a line is redrawn in place only on a terminal that can', () => {
    assert.equal(canRedraw({}, TTY), true);
    assert.equal(canRedraw({ TERM: 'dumb' }, TTY), false);
    assert.equal(canRedraw({}, PIPE), false);
  });
});
