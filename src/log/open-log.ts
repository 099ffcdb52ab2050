import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { IdleprobeError } from '../errors.js';

/** Opens a file for reading, or says in plain words why it cannot be read. */
export function openLog(file: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(file);
    stream.once('open', () => resolve(stream));
    stream.once('error', (error) =>
      reject(
        new IdleprobeError(
          'IDLEPROBE_ERR_LOG',
          `cannot read "${file}": ${error.message}. Give the path of an event log written by idleprobe run.`,
          { cause: error },
        ),
      ),
    );
  });
}
