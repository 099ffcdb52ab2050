import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILT_IN_SCENARIOS } from '../../src/sim/built-in-scenarios.js';
import { runCli, startCli } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('commands');

test('scenarios lists every built-in scenario with its basis', async () => {
  const result = await runCli(['scenarios']);
  assert.equal(result.code, 0);
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.length, BUILT_IN_SCENARIOS.length);
  for (const scenario of BUILT_IN_SCENARIOS)
    assert.ok(lines.some((l) => l.startsWith(scenario.name) && l.includes(`[${scenario.basis}]`)));
});

test('report on a missing file exits 1 and says what it wanted', async () => {
  const result = await runCli(['report', '/nonexistent/run.ndjson']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /cannot read "\/nonexistent\/run\.ndjson"/);
});

test('report on a file that is not an event log names the line', async () => {
  const path = join(tempDir(), 'bad.ndjson');
  writeFileSync(
    path,
    '{"event":"run-start","time":"2026-01-01T00:00:00.000Z","mono":0,"version":"0.1.0","options":{},"timeScale":1,"target":"t"}\n' +
      'hello\n{"event":"run-end","time":"2026-01-01T00:00:01.000Z","mono":1000,"reason":"duration","closures":0}\n',
  );
  const result = await runCli(['report', path]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /bad\.ndjson.*line 2/);
});

test('sim prints the bases and credentials to use, then a probe run against it works', async () => {
  const { child, result } = startCli(['sim', '--scenario', 'lifetime-cap', '--time-scale', '600']);
  let banner = '';
  await new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer | string) => {
      banner += chunk.toString();
      if (banner.includes('Ctrl-C')) resolve();
    });
  });
  const command = /idleprobe run (--api-base .*)$/m.exec(banner);
  assert.ok(command, banner);
  const args = command[1]!.split(' ');
  const cwd = tempDir();
  const run = await runCli(
    ['run', ...args, '--watchdog', '30m', '--closures', '1', '--ping', '1m', '--format', 'json', '--log', 'r.ndjson'],
    { cwd },
  );
  child.kill('SIGINT');
  const simResult = await result;
  assert.equal(run.code, 0, run.stderr);
  const closure = JSON.parse(run.stdout).closures[0];
  assert.equal(closure.code, 1001);
  assert.ok(Math.abs(closure.lifetimeMs - 900_000) < 60_000, 'the lifetime cap fires despite the pings');
  assert.ok(closure.sincePongMs !== null);
  assert.equal(simResult.code, 0);
});

/** Starts `idleprobe sim` with these flags and resolves with its banner once it is listening. */
async function startSimCli(args: string[]) {
  const started = startCli(['sim', ...args]);
  let banner = '';
  await new Promise<void>((resolve) => {
    started.child.stdout!.on('data', (chunk: Buffer | string) => {
      banner += chunk.toString();
      if (banner.includes('Ctrl-C')) resolve();
    });
  });
  return { ...started, banner };
}

test('sim --tls prints its private CA file, and the probe run it prints (with --ca) works over wss', async () => {
  const { child, result, banner } = await startSimCli(['--tls', '--scenario', 'lifetime-cap', '--time-scale', '600']);
  const caFile = /Trust it with --ca (\S+)/.exec(banner)?.[1];
  assert.ok(caFile, banner);
  const command = /idleprobe run (--api-base .*)$/m.exec(banner)?.[1] ?? '';
  assert.ok(command.includes(`--ca ${caFile}`), banner);
  assert.match(command, /--api-base https:\/\/127\.0\.0\.1:\d+ /);
  const cwd = tempDir();
  const run = await runCli(
    ['run', ...command.split(' '), '--watchdog', '30m', '--closures', '1', '--format', 'json', '--log', 'r.ndjson'],
    { cwd },
  );
  child.kill('SIGINT');
  const simResult = await result;
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).closures[0].code, 1001);
  assert.equal(simResult.code, 0);
});

test('sim --public-url advertises the front: the bases and the run command point at it', async () => {
  const { child, result, banner } = await startSimCli(['--public-url', 'https://front.example:8443/']);
  child.kill('SIGINT');
  await result;
  assert.match(banner, /Simulator listening on http:\/\/127\.0\.0\.1:\d+:/);
  assert.match(banner, /Advertised at https:\/\/front\.example:8443: .* forward it to http:\/\/127\.0\.0\.1:\d+/);
  assert.match(
    banner,
    /idleprobe run --api-base https:\/\/front\.example:8443 --login-base https:\/\/front\.example:8443 /,
  );
});

test('sim --public-url that is not a URL is a usage error naming the flag', async () => {
  const result = await runCli(['sim', '--public-url', 'front.example:8443']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--public-url "front\.example:8443" must start with http:\/\//);
});
