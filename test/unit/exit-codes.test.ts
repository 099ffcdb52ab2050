import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FAIL_ON_EXIT_CODES } from '../../src/ci/fail-on.js';
import { EXIT_CODES } from '../../src/exit-codes.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

test("the README's exit code table lists exactly the codes of src/exit-codes.ts", () => {
  const table = README.slice(README.indexOf('Exit codes (src/exit-codes.ts'));
  const documented = [...table.matchAll(/^\| `(\d+)` \|/gm)].map((match) => Number(match[1]));
  const defined = [...new Set(Object.values(EXIT_CODES))].sort((a, b) => a - b);
  assert.deepEqual(documented, defined);
});

test('every --fail-on outcome has its own code, above the usage codes', () => {
  const codes = Object.values(FAIL_ON_EXIT_CODES);
  assert.equal(new Set(codes).size, codes.length);
  for (const code of codes) assert.ok(code > EXIT_CODES.usage && code < EXIT_CODES.interrupted, String(code));
});
