import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClosureRow, RunSummary } from '../../src/analysis/summary.js';
import { shortChannelId } from '../../src/protocol/channel-id.js';
import { channelIdShortener } from '../../src/report/channel-ids-in-text.js';

function summaryOf(channels: string[]): RunSummary {
  const rows = channels.map((channel) => ({ channel }) as ClosureRow);
  return { closures: rows.slice(1), endedByProbe: rows.slice(0, 1) } as RunSummary;
}

/** What the shortener must do, written the slow way: every id at once, longest first, leftmost wins. */
function reference(channels: string[]): (text: string) => string {
  const ids = [...new Set(channels)].filter((id) => id.length > 6).sort((a, b) => b.length - a.length);
  if (ids.length === 0) return (text) => text;
  const any = new RegExp(ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (text) => text.replace(any, (id) => shortChannelId(id));
}

describe('channel ids in free text', () => {
  test('every id is shortened, the longest where two overlap, and text without one is left alone', () => {
    const channels = ['streaming-0-abcdefgh', 'streaming-0-abcdefghijk', 'streaming-1-zzzzzzzz', 'short'];
    const shorten = channelIdShortener(summaryOf(channels));
    assert.equal(
      shorten('evicted by streaming-0-abcdefghijk, then streaming-0-abcdefgh and streaming-1-zzzzzzzz.'),
      'evicted by …fghijk, then …cdefgh and …zzzzzz.',
    );
    assert.equal(shorten('nothing here: short, streaming-0-abc'), 'nothing here: short, streaming-0-abc');
  });

  test('agrees with matching every id at once, with ids sharing a beginning or each its own', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const letters = 'ab-0';
    const word = (length: number) => Array.from({ length }, () => letters[random(letters.length)]).join('');
    for (const shared of [true, false]) {
      // Few letters, so ids overlap, nest and repeat inside one another often.
      const channels = Array.from({ length: 40 }, () => (shared ? `s-${word(5 + random(6))}` : word(7 + random(6))));
      const shorten = channelIdShortener(summaryOf(channels));
      const expected = reference(channels);
      for (let i = 0; i < 300; i += 1) {
        const text = Array.from({ length: 6 }, () =>
          random(2) ? channels[random(channels.length)] : word(random(9)),
        ).join(random(2) ? ' ' : '');
        assert.equal(shorten(text), expected(text), text);
      }
    }
  });
});
