import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from '../support/spawn-cli.js';

const MAIN = new URL('../../src/cli/main.js', import.meta.url).href;
const FIXTURE = fileURLToPath(new URL('../../../fixtures/logs/idle-timeout.ndjson', import.meta.url));
const NETWORK_PACKAGES = ['undici', 'ws', 'pino'];

/**
 * Runs the CLI in a child process, then lists the npm packages it loaded. undici, ws and pino are CommonJS,
 * so whatever loaded them (an ESM import included) left them in require's cache.
 */
async function packagesLoadedBy(args: string[]): Promise<{ output: string; packages: string[] }> {
  const script = `
    import { createRequire } from 'node:module';
    const { main } = await import(${JSON.stringify(MAIN)});
    await main(${JSON.stringify(args)});
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    const names = new Set(loaded.flatMap((path) => path.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)/)?.[1] ?? []));
    process.stderr.write('LOADED ' + JSON.stringify([...names]) + '\\n');
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const line = stderr.split('\n').find((text) => text.startsWith('LOADED '));
  assert.ok(line, `the child printed no list of packages (exit ${code}): ${stderr}`);
  return { output: stdout, packages: JSON.parse(line.slice('LOADED '.length)) as string[] };
}

describe('commands load what they use, when they use it', () => {
  test('--version loads none of the network packages', async () => {
    const { output, packages } = await packagesLoadedBy(['--version']);
    assert.match(output, /^\d+\.\d+\.\d+/);
    for (const name of NETWORK_PACKAGES) assert.ok(!packages.includes(name), `${name} was loaded: ${packages}`);
  });

  test('--help of every command, examples and exit codes included, loads none of the network packages', async () => {
    for (const args of [['--help'], ['run', '--help'], ['report', '--help'], ['sim', '--help']]) {
      const { output, packages } = await packagesLoadedBy(args);
      assert.match(output, /EXAMPLES/);
      for (const name of NETWORK_PACKAGES)
        assert.ok(!packages.includes(name), `${args}: ${name} was loaded: ${packages}`);
    }
  });

  test('report on a saved log loads neither undici nor ws nor pino, and still prints its table', async () => {
    const { output, packages } = await packagesLoadedBy(['report', FIXTURE]);
    assert.match(output, /1001 idle timeout/);
    assert.ok(packages.includes('cli-table3'), `the table renderer was not loaded: ${packages}`);
    for (const name of NETWORK_PACKAGES) assert.ok(!packages.includes(name), `${name} was loaded: ${packages}`);
  });
});
