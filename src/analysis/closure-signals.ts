import { STAMP_JITTER_MS } from '../protocol/timing.js';
/**
 * The facts about a closure beyond its gaps, gathered while the log streams by: what the service said on
 * the socket, what the probe learned about the channel afterwards, the token, the path and the client's own
 * health. Every duration is scenario time (ms), like the rest of a row; null means the log does not say.
 */
export interface ClosureSignals {
  /**
   * Since the client's last message (an app-level `{"message":"ping"}`), leaving out RFC 6455 control
   * frames: a service timer may count only messages (closure-causes.md). Null: it sent none.
   */
  sinceClientMessageMs: number | null;
  /**
   * Since the WebSocket upgrade request (`connecting`): the client's last bytes when it sent no frame
   * after the open, which is when an intermediary counting client-to-server bytes starts its timer.
   */
  sinceUpgradeMs: number | null;
  /**
   * How finely this run could time anything, in scenario time: a few milliseconds of real jitter, times
   * the run's time scale (5 ms at 1x, 3 s at 600x). Timer matches allow for it.
   */
  resolutionMs: number;
  /** False when the close was not seen but inferred (a HAR records no close): nothing says why it ended. */
  closeObserved: boolean;
  /** The type of the last `v2.system.*` message on the connection (`token_revoked`, `no_longer_subscribed`, ...). */
  systemMessage: string | null;
  /**
   * What the probe found when it checked the channel after the close (protocol.md: HEAD is the existence
   * check): `exists` when it reconnected to the same channel, `gone` when it had to create a new one.
   */
  channelAfter: 'exists' | 'gone' | null;
  /** Since the channel was created or last subscribed: a channel lives 24 h from then (protocol.md). */
  channelAgeMs: number | null;
  /** The service refused the run's token (401) right after the close, before any reconnect: REST now 401. */
  tokenRejectedAfter: boolean;
  /** Close time minus the expiry of the run's token nearest to it: about 0 when the close came with the expiry. */
  tokenExpiryOffsetMs: number | null;
  /**
   * Close time minus the moment the token would idle out under the org's idle token timeout (counted from
   * the run's last REST call): about 0 when the token idled out with the close. Null when the run did not
   * learn the timeout (GET /api/v2/tokens/timeout refused or never asked).
   */
  tokenIdleOffsetMs: number | null;
  /** Another connection opened on the same channel id while this one was open (protocol.md: one socket per channel). */
  otherSocketOpened: boolean;
  /** False when the TLS chain did not end at a public CA (a TLS-intercepting proxy); null when unknown. */
  publicCa: boolean | null;
  /** The connection went through a configured proxy. */
  viaProxy: boolean;
  /** The proxy it went through, as the `path` event recorded it (credentials removed), or null. */
  proxy: string | null;
  /** The 101 response's `Server` header: a front (nginx, a load balancer) may name itself there. */
  upgradeServer: string | null;
  /** The 101 response's `Via` header: a proxy that relayed the upgrade names itself there (`1.1 squid`). */
  upgradeVia: string | null;
  /** The issuer at the top of the TLS chain (the CA it ends at), or null without TLS or a chain. */
  tlsRoot: string | null;
  /**
   * The clock the boxes on this connection's path keep: `scenario` when it went straight to the built-in
   * simulator (its intermediary relay and drop rules run on scenario time, like the rest of it), `real`
   * otherwise (a proxy, load balancer, firewall or NAT runs in real time whatever the time scale).
   */
  boxClock: 'real' | 'scenario';
  /** The longest event-loop delay the probe reported over the silence before the close. */
  loopStallMs: number | null;
  /** The largest wall-vs-monotonic clock jump over the silence before the close (the machine slept or was stepped). */
  clockJumpMs: number | null;
  /** True when the run reported its own health at all, so an absent stall is evidence rather than silence. */
  healthReported: boolean;
  /** True when the run counted its user's channels at the documented limit of 20 before creating its own. */
  channelsAtLimit: boolean | null;
}

export function emptySignals(): ClosureSignals {
  return {
    sinceClientMessageMs: null,
    sinceUpgradeMs: null,
    resolutionMs: STAMP_JITTER_MS,
    closeObserved: true,
    systemMessage: null,
    channelAfter: null,
    channelAgeMs: null,
    tokenRejectedAfter: false,
    tokenExpiryOffsetMs: null,
    tokenIdleOffsetMs: null,
    otherSocketOpened: false,
    publicCa: null,
    viaProxy: false,
    proxy: null,
    upgradeServer: null,
    upgradeVia: null,
    tlsRoot: null,
    boxClock: 'real',
    loopStallMs: null,
    clockJumpMs: null,
    healthReported: false,
    channelsAtLimit: null,
  };
}
