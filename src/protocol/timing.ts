import { TIMING_RESOLUTION_REAL_MS } from '../clock/scenario-time.js';

/**
 * The notification service's documented timings (protocol.md), in scenario time, and how finely a client
 * can measure them. The probe, the analysis and the simulator all take them from here.
 */

/** The service sends a heartbeat "about every 30 s". */
export const HEARTBEAT_INTERVAL_MS = 30_000;

/** How late a heartbeat may be and still count as on time: one later than 1.5 intervals went missing. */
export const LATE_HEARTBEAT_MARGIN_MS = HEARTBEAT_INTERVAL_MS / 2;

/** A channel lives 24 h after its creation or its last subscription. */
export const CHANNEL_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * How far an event's stamp may be from the moment its frame arrived (event loop, socket callbacks), in
 * real time: the floor under any gap a run measures.
 */
export const STAMP_JITTER_MS = 5;

/**
 * The fastest a run against the simulator may go and still tell the causes apart. At time scale N a timer
 * or callback that runs late on a busy machine (TIMING_RESOLUTION_REAL_MS) reads as N times as long in
 * scenario time, and the narrowest margin a cause rests on is a heartbeat's: on time at 30 s, missed past
 * 45 s. Faster than this, a late timer shows up as a missed heartbeat, a stalled client or a watchdog end.
 */
export const MAX_TIME_SCALE = Math.floor(LATE_HEARTBEAT_MARGIN_MS / TIMING_RESOLUTION_REAL_MS);
