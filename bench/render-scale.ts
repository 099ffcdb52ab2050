import { type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as pause } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ClosureAnalyzer } from '../src/analysis/closure-analyzer.js';
import type { RunSummary } from '../src/analysis/summary.js';
import { type ConnectionTimeline, TimelineCollector } from '../src/analysis/timeline.js';
import { renderSummary } from '../src/report/render-summary.js';
import { renderSvg } from '../src/report/render-svg.js';
import { scaleEvents } from '../test/support/scale-events.js';
import { median } from './child-run.js';
import { type BenchResult, type Verdict, verdict } from './verdict.js';

/**
 * Does each renderer take time in proportion to its rows? The table, markdown, JUnit and SVG of a summary
 * of 10,000 closures and of 100,000 (test/support/scale-events.ts: 20 reconnecting channels), each summary
 * made once and rendered ROUNDS times, alternating sizes; the medians count. Bar: the 10x input takes at
 * most 12x as long, held (as in bench/scale.ts) to the time outside the garbage collector, printed beside
 * the whole: a heap holding 100,000 rows makes every full collection walk all of them, which grows faster
 * than the rows whatever the renderer's own loops do. JSON is left to the offline benchmarks, which write
 * it through the CLI.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const SMALL = 10_000;
const LARGE = 10 * SMALL;
const BAR = 12;
const ROUNDS = 3;
const CHANNELS = 20;

interface Input {
  summary: RunSummary;
  timelines: ConnectionTimeline[];
  notDrawn: number;
}

function summaryOf(closures: number): Input {
  const timelines = new TimelineCollector();
  const analyzer = new ClosureAnalyzer(timelines);
  for (const event of scaleEvents({ closures, neverClosed: 0, channels: CHANNELS })) analyzer.push(event);
  return { summary: analyzer.finish(), ...timelines.result() };
}

const RENDERERS: Array<[string, (input: Input) => string]> = [
  ['table', ({ summary }) => renderSummary(summary, 'table', { color: false })],
  ['markdown', ({ summary }) => renderSummary(summary, 'markdown', { color: false })],
  ['junit', ({ summary }) => renderSummary(summary, 'junit', { color: false })],
  ['svg', ({ summary, timelines, notDrawn }) => renderSvg(summary, timelines, notDrawn)],
];

export async function benchRenderScale(): Promise<BenchResult> {
  const small = summaryOf(SMALL);
  const large = summaryOf(LARGE);
  const lines = [
    `rendering: ${SMALL.toLocaleString('en')} against ${LARGE.toLocaleString('en')} closures (10x), median of ${ROUNDS}; bar ${BAR}x`,
  ];
  const verdicts: Verdict[] = [];
  const pauses: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => {
    pauses.push(...list.getEntries());
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    for (const [name, render] of RENDERERS) {
      const spans: [Array<[number, number]>, Array<[number, number]>] = [[], []];
      let bytes = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const [index, input] of [small, large].entries()) {
          gc();
          const started = performance.now();
          bytes = render(input).length;
          spans[index]?.push([started, performance.now()]);
        }
      }
      // The pauses' entries arrive after the work that caused them.
      await pause(50);
      const gcIn = ([from, to]: [number, number]) =>
        pauses.filter((p) => p.startTime >= from && p.startTime < to).reduce((sum, p) => sum + p.duration, 0);
      const [a, b] = spans.map((runs) => median(runs.map(([from, to]) => to - from)));
      const [ownA, ownB] = spans.map((runs) => median(runs.map((span) => span[1] - span[0] - gcIn(span))));
      // A floor of 5 ms keeps a renderer too quick to time from turning noise into a huge ratio.
      const ratio = (x = 0, y = 0) => y / Math.max(x, 5);
      const own = ratio(ownA, ownB);
      verdicts.push(verdict(`${name}: 10x rows in <= ${BAR}x (outside GC)`, `${own.toFixed(1)}x`, own <= BAR));
      lines.push(
        `  ${name.padEnd(9)} ${a?.toFixed(0).padStart(6)} ms -> ${b?.toFixed(0).padStart(7)} ms (${ratio(a, b).toFixed(1)}x, ${(bytes / 1_048_576).toFixed(1)} MB); ` +
          `outside the collector ${ownA?.toFixed(0)} -> ${ownB?.toFixed(0)} ms: ${own.toFixed(1)}x  ${own <= BAR ? 'met' : 'NOT MET'}`,
      );
    }
  } finally {
    observer.disconnect();
  }
  return { text: lines.join('\n'), verdicts };
}
