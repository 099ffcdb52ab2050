import type { FollowProgress, LiveClosure } from '../analysis/follow-progress.js';
import { formatClockSecond, formatDuration } from '../clock/time-text.js';
import { maskChannelIds, shortChannelId } from '../protocol/channel-id.js';

/**
 * One line per closure as `report --follow` reads it: when, which connection, the code and reason, who
 * ended it and how long it had been open (scenario time). Its cause comes in the summary at the end.
 */
export function liveClosureLine(closure: LiveClosure): string {
  const { close } = closure;
  const reason = close.reason ? ` "${maskChannelIds(close.reason)}"` : '';
  const error = close.error ? ` (${close.error})` : '';
  const open = closure.openForMs === null ? '' : `, open ${formatDuration(closure.openForMs)}`;
  return (
    `${formatClockSecond(close.time)}  closure ${closure.number}: conn ${close.conn} ` +
    `${shortChannelId(close.channel)} ${close.code}${reason}${error} by ${close.by}${open}`
  );
}

/** The live view's status, one line: redrawn in place on a terminal, cut to its width. */
export function followStatusLine(file: string, progress: FollowProgress, width: number): string {
  const last = progress.lastTime ? `, last event ${formatClockSecond(progress.lastTime)}` : '';
  const text =
    `following ${file}: ${progress.events} events, ${progress.open} open, ` +
    `${progress.closures} ${progress.closures === 1 ? 'closure' : 'closures'}${last} (Ctrl-C for the summary)`;
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}
