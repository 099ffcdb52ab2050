import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EXIT_CODES } from '../../src/exit-codes.js';
import {
  bannerCommands,
  helpExamples,
  type PrintedCommand,
  readmeCommands,
  shellBlocks,
} from '../support/printed-commands.js';
import { CONNECTION_OPEN, logsFromNowOn, RUN_STARTED, runPrinted } from '../support/run-printed.js';
import { cleanEnv } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

/**
 * What a new user does: clone, run the README's set-up, then type the commands the README, --help and
 * `idleprobe sim` print, from another folder. The clone is of the commit under test (git clone, then a
 * checkout of HEAD's commit), the global folder a temporary npm prefix, so the machine's is never touched.
 * The clone and its set-up are shared by the file's tests: npm ci is most of the time they take.
 */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SETUP_WAIT_MS = 600_000;
const TEST_WAIT_MS = 600_000;
const tempDir = tempDirs('one-command');

/** Codes of a command that did as asked: it ended by itself, or a run or the simulator was given Ctrl-C. */
const DONE = new Set<number>([EXIT_CODES.ok, EXIT_CODES.interrupted]);

const isGitRepo = existsSync(join(REPO, '.git'));
/**
 * npm ci in a fresh clone is most of this file's few minutes, past the 120 s the main test pass gives a
 * file: `npm test` runs it in a pass of its own, with this variable set and a longer limit.
 */
const installPass = process.env.IDLEPROBE_TEST_INSTALL === '1';
const skip = !installPass
  ? "runs in npm test's install pass (IDLEPROBE_TEST_INSTALL=1), which allows a fresh clone's npm ci"
  : isGitRepo
    ? false
    : `${REPO} is not a git repository: there is nothing to clone`;
let clone = '';
let prefix = '';
let env: NodeJS.ProcessEnv = {};
const startedMs: Array<[string, number]> = [];

function npmEnv(npmPrefix: string): NodeJS.ProcessEnv {
  return cleanEnv({
    PATH: `${join(npmPrefix, 'bin')}:${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    npm_config_prefix: npmPrefix,
    // The dependencies come from the npm cache the repository's own install filled, the registry otherwise.
    npm_config_prefer_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  });
}

/** The idleprobe part of a printed line: from its idleprobe invocation on (the set-up's npm steps left out). */
function fromIdleprobe(line: string): string {
  const parts = line.split('&&').map((part) => part.trim());
  const first = parts.findIndex((part) => /^(?:[A-Z_][A-Z0-9_]*=\S*\s+)*idleprobe(\s|$)/.test(part));
  return parts.slice(first).join(' && ');
}

/** Runs each printed command in order in one folder of its own, and checks each started and did as asked. */
async function runEach(commands: readonly PrintedCommand[], diagnostic: (text: string) => void): Promise<void> {
  const folder = tempDir();
  for (const command of commands) {
    if (command.skip) {
      diagnostic(`skipped (${command.skip}): ${command.line}`);
      continue;
    }
    const line = fromIdleprobe(command.line);
    const logs = logsFromNowOn(folder);
    // A run and the simulator go on until Ctrl-C (or a long while); every other command ends by itself.
    const isRun = /^idleprobe run\b/.test(line);
    const result = await runPrinted(line, {
      cwd: folder,
      env,
      toTheEnd: !isRun && !/^idleprobe sim\b/.test(line),
      ...(isRun ? { started: () => logs.has(RUN_STARTED), ready: () => logs.has(CONNECTION_OPEN) } : {}),
    });
    // The simulator's credentials are throwaway ones, but test output is no place for anything secret-shaped.
    const shown = line.replace(/(--client-secret|--token) \S+/g, '$1 ***');
    startedMs.push([shown, result.startedMs]);
    diagnostic(`${result.startedMs.toFixed(0).padStart(5)} ms to start, exit ${result.code}: ${shown}`);
    assert.ok(
      result.code !== null && DONE.has(result.code),
      `${command.source}: "${line}" ended with ${result.code ?? result.signal}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
    );
    assert.doesNotMatch(result.stderr, /command not found|unexpected failure/, `${command.source}: ${line}`);
  }
}

describe('one command, everywhere: after the README set-up, every printed command runs as printed', {
  skip,
  timeout: SETUP_WAIT_MS + 4 * TEST_WAIT_MS,
}, () => {
  before(
    () => {
      const root = tempDir();
      clone = join(root, 'idleprobe');
      prefix = join(root, 'npm-global');
      mkdirSync(prefix);
      env = npmEnv(prefix);
      const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
      execFileSync('git', ['clone', '--quiet', '--no-checkout', REPO, clone], { stdio: 'ignore' });
      execFileSync('git', ['checkout', '--quiet', head], { cwd: clone, stdio: 'ignore' });
    },
    { timeout: SETUP_WAIT_MS },
  );

  after(() => {
    const sorted = startedMs.map(([, ms]) => ms).sort((a, b) => a - b);
    if (sorted.length > 0)
      console.log(
        `# one-command: ${sorted.length} commands started in a median of ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, the slowest ${sorted.at(-1)!.toFixed(0)} ms`,
      );
  });

  test('the README set-up, as printed in the clone, installs the command and runs the quick start', {
    timeout: SETUP_WAIT_MS,
  }, async (t) => {
    const readme = readFileSync(join(clone, 'README.md'), 'utf8');
    const setup = shellBlocks(readme)[0]?.find((line) => line.startsWith('npm '));
    assert.ok(setup, 'the README opens with a shell block whose set-up starts with npm');
    const result = await runPrinted(setup, { cwd: clone, env, toTheEnd: true, endWaitMs: SETUP_WAIT_MS });
    assert.equal(result.interrupted, false, 'the quick start ends by itself (--closures 1)');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /1001 idle timeout/);
    const found = execFileSync('bash', ['-c', 'command -v idleprobe'], { env, encoding: 'utf8' }).trim();
    assert.equal(found, join(prefix, 'bin', 'idleprobe'), 'the command on PATH is the one the set-up installed');
    t.diagnostic(`set-up: ${setup}`);
  });

  test("every idleprobe command in the README's shell blocks, from another folder", {
    timeout: TEST_WAIT_MS,
  }, async (t) => {
    const commands = readmeCommands(readFileSync(join(clone, 'README.md'), 'utf8'));
    assert.ok(commands.filter((command) => !command.skip).length >= 5, 'the README shows commands to run');
    await runEach(commands, (text) => t.diagnostic(text));
  });

  test("every example of every command's --help, from another folder", { timeout: TEST_WAIT_MS }, async (t) => {
    const commands: PrintedCommand[] = [];
    // run first: its examples write the logs the report examples read.
    for (const name of ['run', '', 'report', 'sim', 'scenarios']) {
      const help = await runPrinted(`idleprobe ${name} --help`, { cwd: tempDir(), env, toTheEnd: true });
      assert.equal(help.code, 0, help.stderr);
      commands.push(...helpExamples(help.stdout, `idleprobe ${name} --help`));
    }
    assert.ok(commands.length >= 10, 'the help shows examples');
    await runEach(commands, (text) => t.diagnostic(text));
  });

  test("the commands of idleprobe sim's banner, from another folder, while it runs", {
    timeout: TEST_WAIT_MS,
  }, async (t) => {
    const { spawn } = await import('node:child_process');
    const sim = spawn('bash', ['-c', 'idleprobe sim'], {
      cwd: tempDir(),
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let banner = '';
      await new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no banner from idleprobe sim: ${banner}`)), 30_000);
        sim.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          banner += chunk;
          if (banner.includes('Ctrl-C')) {
            clearTimeout(deadline);
            resolve();
          }
        });
      });
      const commands = bannerCommands(banner);
      assert.ok(commands.length > 0, banner);
      await runEach(commands, (text) => t.diagnostic(text));
    } finally {
      process.kill(-sim.pid!, 'SIGINT');
    }
  });

  test('npm pack gives a tarball that npm install -g installs and runs, from an empty folder', {
    timeout: TEST_WAIT_MS,
  }, async () => {
    const packs = tempDir();
    // The clone was built by its npm ci; a second build would only take as long again.
    const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', packs], {
      cwd: clone,
      env,
      encoding: 'utf8',
    });
    const tarball = join(packs, packed.trim().split('\n').at(-1)!);
    assert.ok(existsSync(tarball), packed);
    const other = join(tempDir(), 'global');
    mkdirSync(other);
    const otherEnv = npmEnv(other);
    execFileSync('npm', ['install', '--global', tarball], { cwd: tempDir(), env: otherEnv, stdio: 'ignore' });
    const installed = join(other, 'lib', 'node_modules', 'idleprobe');
    assert.ok(existsSync(join(installed, 'docs', 'log-format.md')), 'the docs that --help points at are installed');
    assert.ok(!existsSync(join(installed, 'dist', 'test')), 'the tests are not in the package');

    const empty = tempDir();
    const run = await runPrinted('idleprobe run --sim --time-scale 600 --closures 1 --no-status --log r.ndjson', {
      cwd: empty,
      env: otherEnv,
      toTheEnd: true,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /1001 idle timeout/);
    const report = await runPrinted('idleprobe report r.ndjson', { cwd: empty, env: otherEnv, toTheEnd: true });
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stdout, /1001 idle timeout/);
  });
});
