/**
 * The notification service's documented timings (protocol.md), in scenario time, and how finely a client
 * can measure them. The probe, the analysis and the simulator all take them from here.
 */

/** The service sends a heartbeat "about every 30 s". */
export const HEARTBEAT_INTERVAL_MS = 30_000;

/** A channel lives 24 h after its creation or its last subscription. */
export const CHANNEL_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * How far an event's stamp may be from the moment its frame arrived (event loop, socket callbacks), in
 * real time: the floor under any gap a run measures.
 */
export const STAMP_JITTER_MS = 5;
