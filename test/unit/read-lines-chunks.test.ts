import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { type RawLine, readLines } from '../../src/log/read-lines.js';

/** The lines as decoding each one alone gives them: what reading a chunk's lines together must match. */
function oneByOne(bytes: Buffer, maxBytes: number): RawLine[] {
  const lines: RawLine[] = [];
  let start = 0;
  for (let number = 1; start < bytes.length; number += 1) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    lines.push(
      end - start > maxBytes ? { number, tooLong: true } : { number, text: bytes.toString('utf8', start, end) },
    );
    start = end + 1;
  }
  return lines;
}

test('lines read a chunk at a time are the lines decoded one by one, whatever the characters and the cuts', async () => {
  let seed = 11;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  // Two-, three- and four-byte characters, a lone continuation byte and a cut-off sequence (invalid UTF-8).
  const pieces = ['a', 'é', '€', '𝄞', '\n', '\n', '{"x":1}', Buffer.from([0x80]), Buffer.from([0xe2, 0x82])];
  for (let round = 0; round < 200; round += 1) {
    const bytes = Buffer.concat(
      Array.from({ length: random(120) }, () => {
        const piece = pieces[random(pieces.length)] as string | Buffer;
        return typeof piece === 'string' ? Buffer.from(piece) : piece;
      }),
    );
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; ) {
      const size = 1 + random(40);
      chunks.push(bytes.subarray(at, at + size));
      at += size;
    }
    const maxBytes = 4 + random(30);
    const read: RawLine[] = [];
    for await (const batch of readLines(Readable.from(chunks), maxBytes)) read.push(...batch);
    assert.deepEqual(read, oneByOne(bytes, maxBytes), `round ${round}`);
  }
});
