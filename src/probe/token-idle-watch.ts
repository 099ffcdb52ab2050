import type { Timer } from '../clock/clock.js';
import type { ScenarioTime } from '../clock/scenario-time.js';
import { API_USE_EVENTS } from '../events/api-use.js';
import type { EventBus } from '../events/bus.js';

/** How long before the idle expiry the warning comes (scenario time). */
const WARN_BEFORE_MS = 60_000;

export interface TokenIdleWatch {
  /** Scenario time since the run's last API call with the token: what the org's idle token timeout counts. */
  quietMs(): number;
  stop(): void;
}

/**
 * Follows a pasted user token's quiet time: the org's idle token timeout expires it after that long
 * without an API call, and the probe makes few (none at all while a connection stays open). The count
 * restarts at every API call the log shows. When the timeout is known, it warns once per quiet stretch a
 * minute before the token idles out.
 */
export function watchTokenIdle(options: {
  bus: EventBus;
  time: ScenarioTime;
  /** The org's idle token timeout (scenario time), or null when it is off or unknown. */
  idleTimeoutMs: number | null;
}): TokenIdleWatch {
  const { bus, time, idleTimeoutMs } = options;
  const { clock } = time;
  let timer: Timer | null = null;
  let lastUseWall = clock.wallNow();
  let lastUseMono = clock.monoNow();
  const arm = (): void => {
    lastUseWall = clock.wallNow();
    lastUseMono = clock.monoNow();
    if (idleTimeoutMs === null) return;
    timer?.cancel();
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
    quietMs: () => (clock.monoNow() - lastUseMono) * time.timeScale,
    stop() {
      unsubscribe();
      timer?.cancel();
    },
  };
}
