import type { OutputStream } from './cli-io.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Whether output gets colour, by the usual conventions, strongest first: `--no-color`; `FORCE_COLOR`
 * (any value but `0` or `false` turns it on, even into a file; those two turn it off); `NO_COLOR` with any
 * non-empty value; `TERM=dumb`; and otherwise only on a terminal. `flag` is commander's `color`, false
 * when `--no-color` was given.
 */
export function colorWanted(flag: boolean | undefined, env: Env, stream: OutputStream): boolean {
  if (flag === false) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/**
 * The columns output must fit in: `COLUMNS` when it holds a width (so a file or a pipe can be asked for a
 * narrow layout too), else the terminal's own width; undefined for a file or a pipe, which then gets the
 * full table and whole lines, the same whatever terminal the command ran in (goldens, posts, greps).
 */
export function outputWidth(env: Env, stream: OutputStream): number | undefined {
  const asked = env.COLUMNS?.trim();
  if (asked && /^\d+$/.test(asked) && Number(asked) > 0) return Math.max(Number(asked), MIN_WIDTH);
  if (stream.isTTY === true && stream.columns !== undefined && stream.columns > 0)
    return Math.max(stream.columns, MIN_WIDTH);
  return undefined;
}

/** Narrower than this, no layout reads at all: lines are laid out for this many and the terminal wraps. */
const MIN_WIDTH = 20;

/** Whether a terminal can redraw a line in place: a TTY that is not a dumb terminal. */
export function canRedraw(env: Env, stream: OutputStream): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** How the summary on standard output is laid out, from a command's `--wide` and `--no-color`. */
export function tableOptions(
  flags: { wide?: boolean; color?: boolean },
  io: { env: Env; stdout: OutputStream },
): { color: boolean; width?: number; wide: boolean } {
  const width = outputWidth(io.env, io.stdout);
  return {
    color: colorWanted(flags.color, io.env, io.stdout),
    ...(width === undefined ? {} : { width }),
    wide: flags.wide === true,
  };
}
