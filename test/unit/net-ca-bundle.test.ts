import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { rootCertificates } from 'node:tls';
import { isIdleprobeError } from '../../src/errors.js';
import { loadCaBundle } from '../../src/net/ca-bundle.js';

describe('--ca FILE', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'idleprobe-ca-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('without --ca nothing is replaced: Node keeps its own defaults', async () => {
    assert.equal(await loadCaBundle(null), null);
  });

  test("the bundle is added to Node's default roots, not put in their place", async () => {
    const extra = rootCertificates[rootCertificates.length - 1]!;
    const file = join(dir, 'corp.pem');
    await writeFile(file, `corporate proxy CA\n${extra}\n`);
    const ca = await loadCaBundle(file);
    assert.equal(ca?.length, rootCertificates.length + 1);
    assert.deepEqual(ca?.slice(0, rootCertificates.length), [...rootCertificates]);
    assert.equal(ca?.at(-1)?.trim(), extra.trim());
  });

  test('every certificate of a multi-certificate bundle is trusted', async () => {
    const file = join(dir, 'two.pem');
    await writeFile(file, `${rootCertificates[0]}\n${rootCertificates[1]}\n`);
    assert.equal((await loadCaBundle(file))?.length, rootCertificates.length + 2);
  });

  test('a missing file is a usage error naming the file and what to give', async () => {
    const file = join(dir, 'nope.pem');
    await assert.rejects(
      loadCaBundle(file),
      (error: unknown) =>
        isIdleprobeError(error, 'IDLEPROBE_ERR_USAGE') &&
        error.message.includes(file) &&
        /ENOENT/.test(error.message) &&
        /PEM/.test(error.message),
    );
  });

  test('a directory instead of a file is a usage error too', async () => {
    await assert.rejects(
      loadCaBundle(dir),
      (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_USAGE') && /EISDIR/.test(error.message),
    );
  });

  test('a file with no PEM certificate (DER, or the wrong file) is a usage error that says to export PEM', async () => {
    const file = join(dir, 'der.cer');
    await writeFile(file, Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x02]));
    await assert.rejects(
      loadCaBundle(file),
      (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_USAGE') && /no PEM certificate/.test(error.message),
    );
  });

  test('a damaged certificate block is a usage error naming its position', async () => {
    const file = join(dir, 'broken.pem');
    await writeFile(
      file,
      `${rootCertificates[0]}\n-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n`,
    );
    await assert.rejects(
      loadCaBundle(file),
      (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_USAGE') && /number 2/.test(error.message),
    );
  });
});
