import { createHash } from 'node:crypto';

/**
 * Numbers in [0, 1) that are the same on every run for a given seed: the first four bytes of the hash of
 * the seed and a counter. Slow next to a real generator, and plenty for a test's few hundred thousand draws.
 */
export function seededRandom(seed: number): () => number {
  let count = 0;
  return () => {
    const digest = createHash('sha256').update(`${seed}/${count}`).digest();
    count += 1;
    return digest.readUInt32BE(0) / 2 ** 32;
  };
}
