import type { ConnectionFrame, ConnectionIdentity, ConnectionObserver, FrameListener } from './connection-observer.js';

/** What a mark on a connection's timeline stands for. */
export type MarkKind = ConnectionFrame['event'];

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
 * Collects the frames of each connection for the SVG timeline, as the analysis follows the connections
 * (pass it to the `ClosureAnalyzer` or to `summarizeLogs`): each timeline carries the run and connection
 * the analysis gave its closure row. Memory is bounded: at most MAX_TIMELINES connections of MAX_MARKS
 * marks each, whatever the size of the logs.
 */
export class TimelineCollector implements ConnectionObserver {
  private readonly kept: ConnectionTimeline[] = [];
  private dropped = 0;

  opened(connection: ConnectionIdentity, openMono: number, timeScale: number): FrameListener | null {
    if (this.kept.length >= MAX_TIMELINES) {
      this.dropped += 1;
      return null;
    }
    const { run, channel, connection: number } = connection;
    const timeline: ConnectionTimeline = { run, channel, connection: number, marks: [], thinned: false };
    this.kept.push(timeline);
    return (frame) => {
      timeline.marks.push({ atMs: (frame.mono - openMono) * timeScale, kind: frame.event });
      if (timeline.marks.length > MAX_MARKS) {
        // Rare marks (warnings, system messages, the watchdog) are evidence and stay; routine ones are halved.
        timeline.marks = timeline.marks.filter((mark, i) => i % 2 === 0 || RARE.has(mark.kind));
        timeline.thinned = true;
      }
    };
  }

  /** Timelines in the order their connections opened, and how many connections were left out. */
  result(): { timelines: ConnectionTimeline[]; notDrawn: number } {
    return {
      timelines: this.kept.map((timeline) => ({ ...timeline, marks: [...timeline.marks] })),
      notDrawn: this.dropped,
    };
  }
}
