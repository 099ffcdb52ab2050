import type { Timer } from '../clock/clock.js';
import type { ScenarioTime } from '../clock/scenario-time.js';
import { API_USE_EVENTS } from '../events/api-use.js';
import type { EventBus } from '../events/bus.js';

/** How long before the idle expiry the warning comes (scenario time). */
const WARN_BEFORE_MS = 60_000;

/**
 * Warns when a pasted user token is about to idle out: the org's idle token timeout expires it after that
 * long without an API call, and the probe makes few (none at all while a connection stays open). The
 * timer restarts at every API call the log shows; one warning per quiet stretch.
 */
export function watchTokenIdle(options: { bus: EventBus; time: ScenarioTime; idleTimeoutMs: number }): {
  stop(): void;
} {
  const { bus, time, idleTimeoutMs } = options;
  const { clock } = time;
  let timer: Timer | null = null;
  let lastUseWall = clock.wallNow();
  const arm = (): void => {
    timer?.cancel();
    lastUseWall = clock.wallNow();
    timer = time.after(Math.max(0, idleTimeoutMs - WARN_BEFORE_MS), () => {
      const expiresAtMs = lastUseWall + time.toRealMs(idleTimeoutMs);
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
