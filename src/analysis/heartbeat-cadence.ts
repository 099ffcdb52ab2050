/** The heartbeat cadence the service documents (protocol.md: "about every 30 s"). */
export const EXPECTED_HEARTBEAT_MS = 30_000;

/** A gap longer than this means at least one heartbeat went missing (closure-causes.md: 1.5 x 30 s). */
export const MISSED_HEARTBEAT_THRESHOLD_MS = 1.5 * EXPECTED_HEARTBEAT_MS;
