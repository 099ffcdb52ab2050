import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ClosureAnalyzer } from '../../src/analysis/closure-analyzer.js';
import { TimelineCollector } from '../../src/analysis/timeline.js';
import { renderSvg } from '../../src/report/render-svg.js';
import { SVG_COLORS, svgLayout } from '../../src/report/svg-layout.js';
import { chromiumMissing, hexRgb, type Png, screenshot } from '../support/chromium.js';
import { CHANNEL, OTHER_CHANNEL, script } from '../support/event-builders.js';

const MIN = 60_000;

/** Two lanes: an idle-timeout closure with a ping and a warning, and a connection the probe ended at 20 min. */
function run(): { svg: string; layout: ReturnType<typeof svgLayout> } {
  const events = script()
    .runStart(1, 'simulator (scenario svg)')
    .at(0)
    .open(1)
    .open(2, OTHER_CHANNEL)
    .heartbeats(10)
    .at(5 * MIN + 1_000)
    .ping()
    .after(40)
    .pong()
    .at(10 * MIN)
    .heartbeat()
    .at(14 * MIN)
    .warning()
    .at(15 * MIN)
    .close({ reason: 'idle timeout' })
    .at(20 * MIN)
    .close({ code: 1000, reason: '', by: 'probe' }, 2, OTHER_CHANNEL)
    .runEnd()
    .build();
  const timelines = new TimelineCollector();
  const analyzer = new ClosureAnalyzer(timelines);
  for (const event of events) analyzer.push(event);
  const summary = analyzer.finish();
  return { svg: renderSvg(summary, timelines.result().timelines), layout: svgLayout(2, 20 * MIN) };
}

function near(png: Png, x: number, y: number, hex: string): boolean {
  const [r, g, b] = png.rgb(x, y);
  const [er, eg, eb] = hexRgb(hex);
  return Math.abs(r - er) <= 16 && Math.abs(g - eg) <= 16 && Math.abs(b - eb) <= 16;
}

describe('the SVG timeline', () => {
  test('holds a lane per connection, the closure, the labelled gap and no full channel id', () => {
    const { svg } = run();
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(
      svg,
      /1001 idle timeout · gap 1m 00\.0s · maintenance \(high\)/,
      'the silence since the warning, named with its cause',
    );
    assert.ok(svg.includes('conn 1 …p89t6z') && svg.includes('conn 2 …k1l2m3'));
    assert.ok(!svg.includes(CHANNEL) && !svg.includes(OTHER_CHANNEL));
    assert.equal(
      svg.match(new RegExp(`fill="${SVG_COLORS.heartbeat}"`, 'g'))?.length,
      12,
      '11 heartbeats and the legend',
    );
  });

  test('renders in headless Chromium with its marks where they were drawn', async (t) => {
    const missing = chromiumMissing();
    if (missing) return t.skip(missing);
    const dir = mkdtempSync(join(tmpdir(), 'idleprobe-svg-'));
    try {
      const { svg, layout } = run();
      const file = join(dir, 'timeline.svg');
      writeFileSync(file, svg);
      const png = await screenshot(file, layout.width, layout.height);
      assert.equal(png.width, layout.width);
      const y1 = layout.baseline(0);
      const y2 = layout.baseline(1);
      assert.ok(
        near(png, Math.floor(layout.x(15 * MIN)), y1 - 12, SVG_COLORS.closure),
        'red closure bar at 15 min on lane 1',
      );
      assert.ok(
        near(png, Math.floor(layout.x(20 * MIN)), y2 - 12, SVG_COLORS.endedByProbe),
        'grey bar at 20 min on lane 2',
      );
      assert.ok(
        near(png, Math.floor(layout.x(14.5 * MIN)), y1 - 11, SVG_COLORS.gap),
        'the gap shaded between the warning and the close',
      );
      assert.ok(near(png, Math.floor(layout.x(MIN)), y1 - 6, SVG_COLORS.heartbeat), 'a heartbeat at 1 min');
      assert.ok(near(png, Math.floor(layout.x(5 * MIN + 1_000)), y1 - 17, SVG_COLORS.ping), 'the ping above the line');
      assert.ok(near(png, Math.floor(layout.x(5 * MIN + 1_040)), y1 + 14, SVG_COLORS.pong), 'its pong below');
      assert.ok(near(png, Math.floor(layout.x(14 * MIN)), y1 + 13, SVG_COLORS.warning), 'the warning');
      assert.ok(
        near(png, Math.floor(layout.x(7 * MIN)), y1 - 11, SVG_COLORS.background),
        'nothing between heartbeats above the line',
      );
      assert.ok(
        !near(png, Math.floor(layout.x(14.5 * MIN)), y2 - 11, SVG_COLORS.gap),
        'no gap on the lane the probe ended',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
