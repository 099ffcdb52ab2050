import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { modulesLoadedBy } from '../support/loaded-modules.js';
import { BIN, cleanEnv, outputUntilExit, runCli } from '../support/spawn-cli.js';

const ROOT = new URL('../../../', import.meta.url);
const VERSION = (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string }).version;
const FIXTURE = fileURLToPath(new URL('fixtures/logs/idle-timeout.ndjson', ROOT));
const COMPILED_MAIN = new URL('dist/src/cli/main.js', ROOT).href;
/** What `--version` and `--help` read: the entry point and the one bundled module (scripts/bundle-start.mjs). */
const START = ['bin/idleprobe.js', 'dist/src/cli-start/main.js'];

/** The CLI as tsc compiled it, not bundled: what the bundled start must behave exactly like. */
function compiledCli(args: string[]): ReturnType<typeof runCli> {
  const script = `import { main } from ${JSON.stringify(COMPILED_MAIN)}; await main(process.argv.slice(1));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, '--', ...args], {
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return outputUntilExit(child, `the compiled CLI's ${args.join(' ')} to exit`, 60_000);
}

describe('the CLI starts with what the command needs, from one bundled module', () => {
  test('--version and -V print the version in package.json, from the bundled start alone', async () => {
    for (const flag of ['--version', '-V']) {
      const { code, stdout, stderr, files } = await modulesLoadedBy(BIN, [flag], ROOT);
      assert.equal(code, 0, stderr);
      assert.equal(stdout, `${VERSION}\n`);
      assert.equal(stderr, '');
      assert.deepEqual(files, START, `${flag} loaded: ${files.join(', ')}`);
    }
  });

  test('--help and run --help read one bundled module: no package from node_modules, no command', async () => {
    for (const args of [['--help'], ['run', '--help']]) {
      const { code, stdout, files } = await modulesLoadedBy(BIN, args, ROOT);
      assert.equal(code, 0);
      assert.match(stdout, /EXAMPLES/);
      assert.deepEqual(files, START, `${args.join(' ')} loaded: ${files.join(', ')}`);
    }
  });

  test('the bundled start prints, byte for byte and with the same exit code, what the compiled sources do', async () => {
    const cases = [
      ['--version'],
      ['--help'],
      ...['run', 'report', 'sim', 'grade', 'scenarios'].map((command) => [command, '--help']),
      ['help', 'run'],
      ['--bogus'],
      ['run', '--bogus'],
      // Errors thrown by a command's own code (loaded from dist/src) and judged by the bundled main: a usage
      // mistake and an unreadable file keep their exit codes, as errors.js exists once.
      ['run', '--duration', '5x'],
      ['report', '/nonexistent/idleprobe-startup-test.ndjson'],
      ['report', FIXTURE, '--format', 'json'],
      ['scenarios'],
    ];
    for (const args of cases) {
      const [bundled, compiled] = await Promise.all([runCli(args), compiledCli(args)]);
      const what = `idleprobe ${args.join(' ')}`;
      assert.equal(bundled.stdout, compiled.stdout, `${what}: standard output`);
      assert.equal(bundled.stderr, compiled.stderr, `${what}: standard error`);
      assert.equal(bundled.code, compiled.code, `${what}: exit code`);
    }
  });

  test('a usage mistake found by a command is still exit code 2, not reported as a bug', async () => {
    const { code, stderr } = await runCli(['run', '--duration', '5x']);
    assert.equal(code, 2);
    assert.match(stderr, /is not a duration/);
    assert.doesNotMatch(stderr, /a bug in idleprobe/);
  });
});
