import type { ProbeEvent } from '../events/types.js';

/** What a mark on a connection's timeline stands for. */
export type MarkKind = 'heartbeat' | 'ping' | 'pong' | 'warning' | 'system' | 'notification' | 'frame' | 'watchdog';

const MARK_EVENTS = new Set<string>([
  'heartbeat',
  'ping',
  'pong',
  'warning',
  'system',
  'notification',
  'frame',
  'watchdog',
]);

/** One connection's frames in order, as offsets from its open in scenario time. */
export interface ConnectionTimeline {
  run: number;
  channel: string;
  connection: number;
  /** Offsets (scenario ms since the open) per kind. */
  marks: Array<{ atMs: number; kind: MarkKind }>;
  /** True when marks were thinned to stay within the memory bound. */
  thinned: boolean;
}

const RARE = new Set<MarkKind>(['warning', 'system', 'watchdog']);

/** Marks kept per connection: a day of heartbeats is 2,880; beyond this every other mark is dropped. */
const MAX_MARKS = 6_000;
/** Connections kept: a timeline with more lanes than this is unreadable anyway. */
export const MAX_TIMELINES = 60;

/**
 * Collects the frames of each connection for the SVG timeline while a log streams by, numbering runs the
 * way the analysis does so each timeline meets its closure row. Memory is bounded: at most MAX_TIMELINES
 * connections of MAX_MARKS marks each, whatever the size of the logs.
 */
export class TimelineCollector {
  private readonly byKey = new Map<string, ConnectionTimeline & { openMono: number; scale: number }>();
  private readonly kept: ConnectionTimeline[] = [];
  private runs = 0;
  private timeScale = 1;
  private dropped = 0;

  beginSource(): void {
    this.byKey.clear();
  }

  push(event: ProbeEvent): void {
    if (event.event === 'run-start') {
      this.runs += 1;
      this.byKey.clear();
      this.timeScale = typeof event.timeScale === 'number' && event.timeScale > 0 ? event.timeScale : 1;
      return;
    }
    if (!('conn' in event) || typeof event.conn !== 'number' || typeof event.channel !== 'string') return;
    const key = `${event.channel}#${event.conn}`;
    if (event.event === 'open') {
      if (this.kept.length >= MAX_TIMELINES) {
        this.dropped += 1;
        return;
      }
      const timeline = {
        run: Math.max(this.runs, 1),
        channel: event.channel,
        connection: event.conn,
        marks: [],
        thinned: false,
        openMono: event.mono,
        scale: this.timeScale,
      };
      this.byKey.set(key, timeline);
      this.kept.push(timeline);
      return;
    }
    const timeline = this.byKey.get(key);
    if (!timeline) return;
    if (event.event === 'close') {
      this.byKey.delete(key);
      return;
    }
    if (!MARK_EVENTS.has(event.event)) return;
    timeline.marks.push({ atMs: (event.mono - timeline.openMono) * timeline.scale, kind: event.event as MarkKind });
    if (timeline.marks.length > MAX_MARKS) {
      // Rare marks (warnings, system messages, the watchdog) are evidence and stay; routine ones are halved.
      timeline.marks = timeline.marks.filter((mark, i) => i % 2 === 0 || RARE.has(mark.kind));
      timeline.thinned = true;
    }
  }

  /** Timelines in the order their connections opened, and how many connections were left out. */
  result(): { timelines: ConnectionTimeline[]; notDrawn: number } {
    return {
      timelines: this.kept.map(({ run, channel, connection, marks, thinned }) => ({
        run,
        channel,
        connection,
        marks,
        thinned,
      })),
      notDrawn: this.dropped,
    };
  }
}
