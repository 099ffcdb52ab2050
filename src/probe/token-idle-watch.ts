import type { Clock, Timer } from '../clock/clock.js';
import { API_USE_EVENTS } from '../events/api-use.js';
import type { EventBus } from '../events/bus.js';

/** How long before the idle expiry the warning comes (scenario time). */
const WARN_BEFORE_MS = 60_000;

/**
 * Warns when a pasted user token is about to idle out: the org's idle token timeout expires it after that
 * long without an API call, and the probe makes few (none at all while a connection stays open). The
 * timer restarts at every API call the log shows; one warning per quiet stretch.
 */
export function watchTokenIdle(options: { bus: EventBus; clock: Clock; idleTimeoutMs: number; timeScale: number }): {
  stop(): void;
} {
  const { bus, clock, idleTimeoutMs, timeScale } = options;
  const idleWallMs = idleTimeoutMs / timeScale;
  const warnWallMs = Math.max(0, idleWallMs - WARN_BEFORE_MS / timeScale);
  let timer: Timer | null = null;
  let lastUseWall = clock.wallNow();
  const arm = (): void => {
    timer?.cancel();
    lastUseWall = clock.wallNow();
    timer = clock.setTimer(warnWallMs, () => {
      const expiresAtMs = lastUseWall + idleWallMs;
      bus.publish({
        event: 'token-expiring',
        expiresAt: new Date(expiresAtMs).toISOString(),
        inMs: Math.max(0, Math.round(expiresAtMs - clock.wallNow())),
      });
    });
  };
  const unsubscribe = bus.subscribe((event) => {
    if (API_USE_EVENTS.has(event.event)) arm();
  });
  arm();
  return {
    stop() {
      unsubscribe();
      timer?.cancel();
    },
  };
}
