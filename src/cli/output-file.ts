import { writeFile } from 'node:fs/promises';
import { IdleprobeError } from '../errors.js';

/** Writes a file a person asked for (an SVG timeline); a path that cannot be written is their mistake to fix. */
export async function writeOutputFile(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_USAGE',
      `cannot write "${path}": ${(error as Error).message}. Give a path in a folder you can write to.`,
      { cause: error },
    );
  }
}
