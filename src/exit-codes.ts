/**
 * Every exit code idleprobe gives, in one place: scripts, CI jobs and Kubernetes Jobs tell outcomes apart
 * by them, so a code once given keeps its meaning. The README's table lists the same codes.
 */
export const EXIT_CODES = {
  /** The command did what was asked: a run ended on --duration or --closures, a report was printed. */
  ok: 0,
  /** It failed: credentials refused, service unreachable, a log unreadable or unwritable, or a bug. */
  failed: 1,
  /** A usage or configuration mistake, found before anything was done. */
  usage: 2,
  /** --fail-on closure: an unexpected closure (anything but announced maintenance or a channel's 24 h expiry), or one with a named cause. */
  unexpectedClosure: 3,
  /** --fail-on age<DURATION: a closure younger than the age given. */
  youngClosure: 4,
  /** --fail-on missed-heartbeat: a heartbeat went missing on some connection (a gap over 1.5 x 30 s). */
  missedHeartbeat: 5,
  /** --fail-on watchdog: the probe's watchdog ended a silent connection. */
  watchdogEnd: 6,
  /** --fail-on no-connection: a lane of the probe never connected (or the logs hold no open connection at all). */
  noConnection: 7,
  /** --fail-on blind>DURATION: the probe's lanes had no open connection for longer than that, summed. */
  blind: 8,
  /** `idleprobe grade` or `idleprobe sim --grade`: a check of the report card failed (docs/test-bench.md). */
  gradeFailed: 9,
  /** SIGHUP (128 + SIGHUP): the terminal or ssh session went away; the run stopped, its log and summary complete. */
  hangup: 129,
  /** Ctrl-C (128 + SIGINT): the run stopped early; its summary was still printed. */
  interrupted: 130,
  /** SIGTERM (128 + SIGTERM): the run stopped early; its summary was still printed. */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
