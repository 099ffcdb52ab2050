import type { FollowProgress, LiveClosure } from '../analysis/follow-progress.js';
import { formatClockSecond, formatDuration } from '../clock/time-text.js';
import { maskChannelIds, shortChannelId } from '../protocol/channel-id.js';

/**
 * One line per closure as `report --follow` reads it: when, which connection, the code and reason, who
 * ended it and how long it had been open (scenario time). Its cause comes in the summary at the end.
 */
export function liveClosureLine(closure: LiveClosure, width: number = Number.POSITIVE_INFINITY): string {
  const { close } = closure;
  const reason = close.reason ? ` "${maskChannelIds(close.reason)}"` : '';
  const error = close.error ? ` (${close.error})` : '';
  const open = closure.openForMs === null ? '' : ` after ${formatDuration(closure.openForMs)}`;
  return fit(
    `${formatClockSecond(close.time)} closure ${closure.number}: conn ${close.conn} ` +
      `${shortChannelId(close.channel)} ${close.code}${reason}${error} by ${close.by}${open}`,
    width,
  );
}

/** The live view's status, one line: redrawn in place on a terminal, cut to its width. */
export function followStatusLine(file: string, progress: FollowProgress, width: number): string {
  const last = progress.lastTime ? `, last ${formatClockSecond(progress.lastTime)}` : '';
  const text =
    `${file}: ${progress.events} events, ${progress.open} open, ` +
    `${progress.closures} ${progress.closures === 1 ? 'closure' : 'closures'}${last}; Ctrl-C: summary`;
  return fit(text, width);
}

/** Cut to the terminal's width (the summary at the end has it all), so nothing wraps and redraws stay on one line. */
function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}
