import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { packagesLoadedBy } from '../support/loaded-packages.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/logs/idle-timeout.ndjson', import.meta.url));
const NETWORK_PACKAGES = ['undici', 'ws', 'pino'];

describe('commands load what they use, when they use it', () => {
  test('--version loads none of the network packages', async () => {
    const { output, packages } = await packagesLoadedBy(['--version']);
    assert.match(output, /^\d+\.\d+\.\d+/);
    for (const name of NETWORK_PACKAGES) assert.ok(!packages.includes(name), `${name} was loaded: ${packages}`);
  });

  test('--version loads no package at all, commander included; --help only commander (no dayjs for a default)', async () => {
    assert.deepEqual((await packagesLoadedBy(['--version'])).packages, []);
    for (const args of [['--help'], ['run', '--help']]) {
      assert.deepEqual((await packagesLoadedBy(args)).packages, ['commander'], args.join(' '));
    }
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
