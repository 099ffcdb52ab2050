import type { Clock, Timer } from '../clock/clock.js';
import type { EventBus } from '../events/bus.js';
import type { OutputStream } from './cli-io.js';
import { LaneNotices } from './lane-notices.js';
import { noticeFor, renderStatus, StatusTracker } from './status-line.js';

/**
 * Warnings for the person watching (a token about to idle out, a lane that cannot connect), each on a line
 * of its own: with or without the status line, and above it when it is being redrawn.
 */
export function printNotices(bus: EventBus, stream: OutputStream, scrub: (text: string) => string): () => void {
  const lanes = new LaneNotices();
  return bus.subscribe((event) => {
    const notice = noticeFor(event) ?? lanes.notice(event);
    if (notice) stream.write(scrub(`${stream.isTTY === true ? '\r\x1b[2K' : ''}idleprobe: ${notice}\n`));
  });
}

/** Repaint every second on a terminal; otherwise print a plain line once a minute, for CI logs. */
const TTY_REPAINT_MS = 1_000;
const PLAIN_EVERY_MS = 60_000;

/**
 * Keeps the status line current on stderr. On a terminal it redraws one line in place and clears it
 * before anything else is printed; without one it appends a line a minute so a CI log shows progress.
 */
export function startLiveStatus(
  bus: EventBus,
  clock: Clock,
  stream: OutputStream,
  timeScale: number,
): { stop(): void } {
  const tracker = new StatusTracker();
  const tty = stream.isTTY === true;
  const unsubscribe = bus.subscribe((event) => tracker.observe(event));
  let timer: Timer | null = null;
  let stopped = false;
  const paint = (): void => {
    if (stopped) return;
    const line = renderStatus(tracker.state, bus.elapsed(), timeScale);
    const width = stream.columns ?? 120;
    stream.write(tty ? `\r\x1b[2K${line.slice(0, width - 1)}` : `${line}\n`);
    timer = clock.setTimer(tty ? TTY_REPAINT_MS : PLAIN_EVERY_MS, paint);
  };
  timer = clock.setTimer(tty ? 0 : PLAIN_EVERY_MS, paint);
  return {
    stop() {
      stopped = true;
      timer?.cancel();
      unsubscribe();
      if (tty) stream.write('\r\x1b[2K');
    },
  };
}
