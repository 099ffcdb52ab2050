import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { analyze, analyzeStream } from '../../src/analysis/closure-analyzer.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { createEventLog } from '../../src/log/event-log.js';
import { readEventLog } from '../../src/log/read-log.js';
import { SecretScrubber } from '../../src/log/secret-scrubber.js';
import { OTHER_CHANNEL, script } from '../support/event-builders.js';

function writeLog(events: ProbeEvent[]): string {
  let text = '';
  const log = createEventLog(
    {
      write: (line: string) => {
        text += line;
      },
    },
    new SecretScrubber(),
  );
  for (const event of events) log.write(event);
  log.close();
  return text;
}

test('a log written by the event log reads back into the summary of the events themselves', async () => {
  const events = script()
    .runStart(60)
    .at(0)
    .open()
    .open(1, OTHER_CHANNEL)
    .heartbeats(30, 500)
    .ping()
    .after(0.75)
    .pong()
    .after(100)
    .warning()
    .after(1_000)
    .close()
    .close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' }, 1, OTHER_CHANNEL)
    .runEnd('closures', 2)
    .build();
  const text = writeLog(events);
  const read: ProbeEvent[] = [];
  for await (const event of readEventLog(Readable.from([text]), 'written.ndjson')) read.push(event);
  assert.deepEqual(
    read.map((e) => [e.event, e.time, e.mono]),
    events.map((e) => [e.event, e.time, e.mono]),
  );
  assert.deepEqual(await analyzeStream(readEventLog(Readable.from([text]), 'written.ndjson')), analyze(events));
});
