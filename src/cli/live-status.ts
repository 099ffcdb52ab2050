import type { Clock, Timer } from '../clock/clock.js';
import type { EventBus } from '../events/bus.js';
import type { OutputStream } from './cli-io.js';
import { LaneNotices } from './lane-notices.js';
import { LiveViewTracker, renderLiveView } from './live-view.js';
import { noticeFor, renderStatus, StatusTracker } from './status-line.js';

/**
 * Warnings for the person watching (a token about to idle out, a lane that cannot connect), each on a line
 * of its own: with or without the live view, and above it when it is being redrawn (`clear` takes it away
 * first; the next repaint puts it back below).
 */
export function printNotices(
  bus: EventBus,
  stream: OutputStream,
  scrub: (text: string) => string,
  clear: () => void = () => {},
): () => void {
  const lanes = new LaneNotices();
  return bus.subscribe((event) => {
    const notice = noticeFor(event) ?? lanes.notice(event);
    if (!notice) return;
    clear();
    stream.write(scrub(`idleprobe: ${notice}\n`));
  });
}

/** Repaint every second on a terminal; otherwise print a plain line once a minute, for CI logs. */
const TTY_REPAINT_MS = 1_000;
const PLAIN_EVERY_MS = 60_000;
/** The width of a terminal that does not say: the live view never assumes more. */
const FALLBACK_COLUMNS = 80;

export interface LiveStatus {
  /** Takes the live view off the screen until the next repaint (a notice goes where it was). */
  clear(): void;
  /** Stops repainting and leaves the screen clear for the summary. */
  stop(): void;
}

/**
 * Keeps the person watching informed on stderr. On a terminal that can redraw (`redraw`) a live view of a
 * few lines, redrawn in place every second within the terminal's width (elapsed, each lane's state and last
 * heartbeat, closures so far, blind time), and cleared before anything else is printed. Otherwise, as on a
 * pipe or a CI log, a plain status line appended once a minute.
 */
export function startLiveStatus(
  bus: EventBus,
  clock: Clock,
  stream: OutputStream,
  timeScale: number,
  redraw: boolean,
): LiveStatus {
  const tracker = new StatusTracker();
  const view = new LiveViewTracker();
  let timer: Timer | null = null;
  let stopped = false;
  const unsubscribe = bus.subscribe((event) => {
    tracker.observe(event);
    view.observe(event);
    // A connection that opens or closes is news at once, not at the next tick: a short run may end first.
    if (redraw && (event.event === 'open' || event.event === 'close')) draw();
  });
  /** Lines of the view on the screen now; the cursor is at the end of the last one. */
  let drawn = 0;
  const clear = (): void => {
    if (drawn === 0) return;
    // Line by line, bottom up: erasing to the end of the screen from its top corner would make some
    // terminals (tmux's scroll-on-clear) keep the view in the scrollback.
    stream.write(`\r\x1b[2K${'\x1b[1A\x1b[2K'.repeat(drawn - 1)}`);
    drawn = 0;
  };
  const draw = (): void => {
    if (stopped) return;
    // Read each time: a terminal can be resized during a long run.
    const lines = renderLiveView(view, bus.elapsed(), timeScale, stream.columns ?? FALLBACK_COLUMNS);
    clear();
    stream.write(lines.join('\n'));
    drawn = lines.length;
  };
  const paint = (): void => {
    if (stopped) return;
    if (redraw) draw();
    else stream.write(`${renderStatus(tracker.state, bus.elapsed(), timeScale)}\n`);
    timer = clock.setTimer(redraw ? TTY_REPAINT_MS : PLAIN_EVERY_MS, paint);
  };
  timer = clock.setTimer(redraw ? 0 : PLAIN_EVERY_MS, paint);
  return {
    clear,
    stop() {
      stopped = true;
      timer?.cancel();
      unsubscribe();
      clear();
    },
  };
}
