import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildProgram } from '../../src/cli/program.js';
import { planRun, type RunFlags } from '../../src/cli/run-plan.js';
import { EXIT_CODES } from '../../src/exit-codes.js';
import { within } from '../support/deadline.js';
import { shellWords } from '../support/shell-words.js';
import { runCli, startCli } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const COMMANDS = ['', 'run', 'report', 'sim', 'scenarios'];
const SECTIONS = ['USAGE', 'FLAGS', 'EXAMPLES', 'EXIT CODES', 'LEARN MORE'];
const tempDir = tempDirs('help');

/** The lines of one section: from its heading (alone on a line) to the next blank line. */
function section(help: string, heading: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `no ${heading} section in:\n${help}`);
  const end = lines.findIndex((line, index) => index > start && line.trim() === '');
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

async function helpOf(command: string): Promise<string> {
  const result = await runCli(command ? [command, '--help'] : ['--help']);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

const helps = new Map<string, string>();
async function cachedHelp(command: string): Promise<string> {
  if (!helps.has(command)) helps.set(command, await helpOf(command));
  return helps.get(command)!;
}

describe('every --help teaches: usage, flags with defaults, examples, exit codes, docs', () => {
  for (const command of COMMANDS) {
    const name = command || 'the top level';
    test(`${name}: has the sections of gh and k6, in order`, async () => {
      const help = await cachedHelp(command);
      const at = SECTIONS.map((heading) => help.split('\n').indexOf(heading));
      for (const [index, heading] of SECTIONS.entries()) assert.ok(at[index]! >= 0, `${heading} missing:\n${help}`);
      assert.deepEqual(
        [...at].sort((a, b) => a - b),
        at,
        'the sections are in the order of gh and k6',
      );
    });

    test(`${name}: the exit codes listed are those of src/exit-codes.ts`, async () => {
      const listed = section(await cachedHelp(command), 'EXIT CODES').map((line) => {
        const match = /^\s+(\d+)\s{2}\S/.exec(line);
        assert.ok(match, `not an exit code line: "${line}"`);
        return Number(match[1]);
      });
      const known = new Set<number>(Object.values(EXIT_CODES));
      for (const code of listed) assert.ok(known.has(code), `${code} is not in EXIT_CODES`);
      assert.ok(listed.includes(EXIT_CODES.ok) && listed.includes(EXIT_CODES.usage) === (command !== 'scenarios'));
      if (command === '') assert.deepEqual(listed, Object.values(EXIT_CODES), 'the top level lists every code');
    });

    test(`${name}: LEARN MORE points at docs pages that exist`, async () => {
      const text = section(await cachedHelp(command), 'LEARN MORE').join(' ');
      const pages = [...text.matchAll(/\b((?:docs\/)?[\w-]+\.md)\b/g)].map((match) => match[1]!);
      assert.ok(pages.length > 0, text);
      for (const page of pages) assert.ok(existsSync(`${REPO}${page}`), `${page} does not exist`);
    });

    test(`${name}: every example parses, and a run's flags make a valid plan`, async () => {
      const examples = section(await cachedHelp(command), 'EXAMPLES')
        .filter((line) => line.trimStart().startsWith('$ '))
        .map((line) => line.trim().slice(2));
      assert.ok(examples.length > 0);
      for (const example of examples) {
        const { env, words } = shellWords(example);
        assert.equal(words[0], 'idleprobe', example);
        if (command) assert.equal(words[1], command, `an example of ${command} runs ${command}: ${example}`);
        const parsed = await dryParse(words.slice(1));
        if (parsed.command === 'run') planRun(parsed.flags as RunFlags, env);
      }
    });
  }

  test('run shows the defaults decided after parsing (scenario, time scale, keepalive, stop)', async () => {
    const flags = section(await cachedHelp('run'), 'FLAGS')
      .join(' ')
      .replace(/\s+/g, ' ');
    for (const [flag, text] of [
      ['--scenario', 'idle-timeout'],
      ['--time-scale', '1'],
      ['--keepalive', 'none'],
      ['--watchdog', '"75s"'],
      ['--duration', 'none: until Ctrl-C'],
    ]) {
      assert.match(flags, new RegExp(`${flag} <[^>]+> (?:(?! --[a-z]).)*\\(default: ${text}`), `${flag}: ${flags}`);
    }
  });
});

/** Parses a command line with the real program, its actions replaced by one that records what they got. */
async function dryParse(args: string[]): Promise<{ command: string; flags: Record<string, unknown> }> {
  let out = '';
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) } };
  const program = buildProgram(io as never, () => {});
  let got: { command: string; flags: Record<string, unknown> } | null = null;
  for (const command of program.commands) {
    command.action((...received: unknown[]) => {
      const self = received.at(-1) as typeof command;
      got = { command: self.name(), flags: self.opts() };
    });
  }
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    assert.fail(`idleprobe ${args.join(' ')} does not parse: ${(error as Error).message} ${out}`);
  }
  assert.ok(got, `idleprobe ${args.join(' ')} ran no command`);
  return got;
}

describe('a run with no stop condition says so on start', () => {
  test('neither --duration nor --closures: stderr says it runs until Ctrl-C, and Ctrl-C ends it', async () => {
    const cwd = tempDir();
    const { child, result } = startCli(['run', '--sim', '--time-scale', '600', '--no-status', '--log', 'r.ndjson'], {
      cwd,
    });
    let stderr = '';
    await within(
      new Promise<void>((resolve) => {
        child.stderr!.on('data', (chunk: Buffer | string) => {
          stderr += chunk.toString();
          if (stderr.includes('until Ctrl-C')) resolve();
        });
      }),
      'the notice that the run goes on until Ctrl-C',
    );
    child.kill('SIGINT');
    const ended = await result;
    assert.equal(ended.code, EXIT_CODES.interrupted, ended.stderr);
    assert.match(ended.stderr, /^Runs until Ctrl-C \(neither --duration nor --closures was given\)/m);
  });

  test('with --closures it says nothing of Ctrl-C', async () => {
    const cwd = tempDir();
    const ended = await runCli(
      ['run', '--sim', '--time-scale', '600', '--closures', '1', '--no-status', '--log', 'r.ndjson'],
      { cwd },
    );
    assert.equal(ended.code, 0, ended.stderr);
    assert.doesNotMatch(ended.stderr, /until Ctrl-C/);
  });
});
