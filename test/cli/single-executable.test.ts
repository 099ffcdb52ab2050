import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { outputUntilExit } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** Node's own binary says with this sentinel that a single-executable blob may be injected into it. */
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const BUILD_WAIT_MS = 300_000;
const RUN_WAIT_MS = 60_000;
const tempDir = tempDirs('exe');

const ran = outputUntilExit;

interface PacRecord {
  source: string;
  choices: Array<{ url: string; returned: string }>;
}

const fuse = readFileSync(process.execPath).includes(FUSE);

describe('the single executable runs where there is no Node, no node_modules and no repository', {
  skip: fuse
    ? false
    : `${process.execPath} has no single-executable fuse (not an official Node build): nothing to inject into`,
  timeout: BUILD_WAIT_MS + 4 * RUN_WAIT_MS,
}, () => {
  test('built by scripts/build-exe.mjs, it runs --sim, with a PAC file too, and reports on its log from an empty folder', {
    timeout: BUILD_WAIT_MS + 4 * RUN_WAIT_MS,
  }, async () => {
    const out = tempDir();
    const build = await ran(
      spawn(process.execPath, ['scripts/build-exe.mjs', out], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] }),
      'the single executable to build',
      BUILD_WAIT_MS,
    );
    assert.equal(build.code, 0, build.stderr);

    // An empty folder and an environment without PATH: nothing of Node, npm or the repository to lean on.
    const bare = tempDir();
    const exe = join(bare, 'idleprobe');
    copyFileSync(join(out, 'idleprobe'), exe);
    const env = { HOME: bare, PATH: bare };
    const run = await ran(
      spawn(exe, ['run', '--sim', '--time-scale', '600', '--closures', '1', '--no-status', '--log', 'r.ndjson'], {
        cwd: bare,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
      'the executable run --sim',
      RUN_WAIT_MS,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /1001 idle timeout/);
    // A SEA warns when the bundle tries to load a package from disk: nothing may try.
    assert.doesNotMatch(run.stderr, /Warning/, run.stderr);

    const report = await ran(
      spawn(exe, ['report', 'r.ndjson', '--format', 'json'], { cwd: bare, env, stdio: ['ignore', 'pipe', 'pipe'] }),
      'the executable report',
      RUN_WAIT_MS,
    );
    assert.equal(report.code, 0, report.stderr);
    const summary = JSON.parse(report.stdout) as { closures: Array<{ code: number }> };
    assert.equal(summary.closures[0]?.code, 1001);

    const version = await ran(
      spawn(exe, ['--version'], { cwd: bare, env, stdio: ['ignore', 'pipe', 'pipe'] }),
      'version',
      RUN_WAIT_MS,
    );
    // --pac runs the PAC in its WebAssembly sandbox, which the executable carries inside itself.
    writeFileSync(join(bare, 'proxy.pac'), 'function FindProxyForURL(url, host) { return "DIRECT"; }\n');
    const pac = await ran(
      spawn(
        exe,
        [
          'run',
          '--sim',
          '--time-scale',
          '600',
          '--closures',
          '1',
          '--no-status',
          '--log',
          'p.ndjson',
          '--pac',
          'proxy.pac',
        ],
        { cwd: bare, env, stdio: ['ignore', 'pipe', 'pipe'] },
      ),
      'the executable run --sim --pac',
      RUN_WAIT_MS,
    );
    assert.equal(pac.code, 0, pac.stderr);
    assert.doesNotMatch(pac.stderr, /Warning/, pac.stderr);
    const events = readFileSync(join(bare, 'p.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { event: string; options?: { pac?: PacRecord }; pac?: PacRecord['choices'][0] },
      );
    const start = events.find((event) => event.event === 'run-start');
    assert.match(start?.options?.pac?.source ?? '', /proxy\.pac/);
    assert.ok((start?.options?.pac?.choices.length ?? 0) > 0, JSON.stringify(start?.options));
    for (const choice of start?.options?.pac?.choices ?? []) assert.equal(choice.returned, 'DIRECT');
    const path = events.find((event) => event.event === 'path');
    assert.equal(path?.pac?.returned, 'DIRECT', JSON.stringify(path));

    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout.trim(), pkg.version, 'the version is written into the bundle');
  });
});
