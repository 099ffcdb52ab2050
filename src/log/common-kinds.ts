import { MAX_LOGGED_MS } from './field-rule.js';

/**
 * The kinds that make up nearly every line of a long log (a soak's heartbeats, notifications, pings, pongs
 * and frames), checked field by field in plain code rather than by walking their rules: the walk calls a
 * rule's function per field, and this runs for every line. Each check here accepts only what the kind's
 * rules in event-fields.ts accept; a line it does not accept goes on to the rules, which accept it or
 * name what is wrong, so the messages are the rules' own (test/unit/common-kinds.test.ts holds each check
 * to the rules, with every field of these kinds given values of every sort).
 */
export function fitsAtAGlance(line: Record<string, unknown>, kind: string): boolean {
  switch (kind) {
    case 'heartbeat':
      return onConnection(line);
    case 'notification':
      return onConnection(line) && typeof line.topic === 'string' && Number.isFinite(line.bytes);
    case 'ping':
      return onConnection(line) && isFrameKind(line.kind) && typeof line.payload === 'string';
    case 'pong':
      return onConnection(line) && isFrameKind(line.kind) && (line.rttMs === null || isDuration(line.rttMs));
    case 'frame':
      return (
        onConnection(line) &&
        (line.kind === 'text' || line.kind === 'binary' || line.kind === 'control') &&
        Number.isFinite(line.bytes) &&
        typeof line.note === 'string'
      );
    default:
      return false;
  }
}

/** The kinds `fitsAtAGlance` checks itself; any other is left to the rules. */
export const COMMON_KINDS = ['heartbeat', 'notification', 'ping', 'pong', 'frame'] as const;

function onConnection(line: Record<string, unknown>): boolean {
  return typeof line.channel === 'string' && Number.isFinite(line.conn);
}

/** A ping's or pong's `kind`: absent means `app` (types.ts). */
function isFrameKind(value: unknown): boolean {
  return value === undefined || value === 'ws' || value === 'app';
}

function isDuration(value: unknown): boolean {
  return Number.isFinite(value) && Math.abs(value as number) <= MAX_LOGGED_MS;
}
