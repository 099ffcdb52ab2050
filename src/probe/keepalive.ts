import type { Clock, Timer } from '../clock/clock.js';
import type { ChannelSession } from '../channel/session.js';

/**
 * Sends the app-level ping at a fixed interval while the connection is open. Only started when the user
 * asked for `--ping`: by default a probe sends nothing, because any client frame would reset the very
 * idle timer it is trying to observe.
 */
export function startAppPings(session: ChannelSession, clock: Clock, intervalMs: number): Timer {
  let timer: Timer | null = null;
  let cancelled = false;
  const tick = (): void => {
    if (cancelled) return;
    session.sendAppPing();
    timer = clock.setTimer(intervalMs, tick);
  };
  timer = clock.setTimer(intervalMs, tick);
  return {
    cancel: () => {
      cancelled = true;
      timer?.cancel();
    },
  };
}
