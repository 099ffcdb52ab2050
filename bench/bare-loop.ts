import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * The bare limit for reading a log, run as a child process the way `report` is: read the file line by
 * line with readline and `JSON.parse` each line, counting the close events. Nothing is checked or kept.
 */
const file = process.argv[2];
if (file === undefined) throw new Error('usage: bare-loop.js FILE');
let closes = 0;
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
  if ((JSON.parse(line) as { event: string }).event === 'close') closes += 1;
}
process.stdout.write(`${closes}\n`);
