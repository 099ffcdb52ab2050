import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { isIdleprobeError } from '../../src/errors.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { readEventLog } from '../../src/log/read-log.js';
import { CHANNEL } from '../support/event-builders.js';

/** A close line with its code written as the text `code` (JSON allows 1e400, which parses as Infinity). */
function closeLine(code: string): string {
  return (
    `{"level":"warn","time":"2026-01-01T12:00:00.000Z","mono":1000,"event":"close","channel":"${CHANNEL}",` +
    `"conn":1,"code":${code},"reason":"","clean":true,"by":"server"}\n`
  );
}

async function read(text: string): Promise<ProbeEvent[]> {
  const events: ProbeEvent[] = [];
  for await (const event of readEventLog(Readable.from([text]), 'run.ndjson')) events.push(event);
  return events;
}

describe('a close code is two bytes on the wire: the log reader takes nothing else for one', () => {
  for (const code of ['1e400', '-1e400', '1e300', '65536', '-7.5', '-1', '1000.5']) {
    test(`a close code of ${code} is rejected where it is read, naming the field and not the value`, async () => {
      await assert.rejects(read(closeLine(code)), (error: Error) => {
        assert.ok(isIdleprobeError(error, 'IDLEPROBE_ERR_LOG_PARSE'), String(error));
        assert.match(
          error.message,
          /line 1 is a "close" event whose "code" is not a close code \(a whole number from 0 to 65535\)/,
        );
        assert.ok(!error.message.includes(code), error.message);
        return true;
      });
    });
  }

  for (const code of ['0', '1000', '1006', '4999', '65535']) {
    test(`a close code of ${code} is read`, async () => {
      const [event] = await read(closeLine(code));
      assert.equal(event?.event === 'close' ? event.code : null, Number(code));
    });
  }
});
