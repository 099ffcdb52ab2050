import { formatDuration } from '../clock/time-text.js';
import {
  IDLE_TIMEOUT_REASON,
  NO_LONGER_SUBSCRIBED,
  SOCKET_CLOSING_TOPIC,
  TOKEN_REVOKED,
} from '../protocol/notification-words.js';
import { CHANNEL_LIFETIME_MS } from '../protocol/timing.js';
import type { ClosureVerdict } from './closure-cause.js';
import { MISSED_HEARTBEAT_THRESHOLD_MS } from './heartbeat-cadence.js';
import { halfOpen, heartbeatsFlowing, intermediaryCut, privateChainHint } from './path-causes.js';
import { privateChainNote, withClause } from './path-clues.js';
import type { ClosureFacts } from './summary.js';

/** A socket_closing more than this before the close is not the warning for it (protocol.md: about one minute). */
const WARNING_WINDOW_MS = 5 * 60_000;
/** How far from the 24 h mark a channel's age may be and still be its expiry. */
const CHANNEL_EXPIRY_WINDOW_MS = 30 * 60_000;
/** How far a close may be from a token's expiry, or from the moment it idles out, and still be caused by it. */
const TOKEN_EXPIRY_WINDOW_MS = 60_000;
/** A stall shorter than this hides no heartbeat and explains no silence. */
const MEANINGFUL_STALL_MS = MISSED_HEARTBEAT_THRESHOLD_MS;

const d = formatDuration;

/**
 * Gives one closure its cause from its own row alone (closure-causes.md, "Signatures"), strongest evidence
 * first. Pure. Closures that only a comparison with other connections can settle (a client-silence timer or
 * a lifetime cap) come back with low confidence; `compareTimers` revisits them with the whole run in view.
 *
 * A TLS chain that ends at a private CA is context, not a cause: the service's rules come first, and when
 * one of them explains the close, the evidence adds that an intercepting proxy or front relayed it.
 */
export function classifyClosure(row: ClosureFacts): ClosureVerdict {
  const found = byServiceOrPath(row);
  if (found.cause === 'intermediary' || found.cause === 'half-open') return found;
  return { ...found, evidence: withClause(found.evidence, privateChainNote(row.signals)) };
}

function byServiceOrPath(row: ClosureFacts): ClosureVerdict {
  const s = row.signals;
  const close = closeText(row);
  const silence = row.sinceInboundMs ?? row.lifetimeMs;
  const stall = Math.max(s.loopStallMs ?? 0, s.clockJumpMs ?? 0);
  // A frame the client refused arrived from the server: whatever the client did before, the server ended it.
  if (row.violation === null && stall >= MEANINGFUL_STALL_MS && stall >= silence / 2) {
    const what =
      (s.clockJumpMs ?? 0) >= (s.loopStallMs ?? 0) ? `a ${d(stall)} clock jump` : `a ${d(stall)} event-loop stall`;
    return verdict(
      'client-stalled',
      (s.clockJumpMs ?? 0) >= MEANINGFUL_STALL_MS ? 'high' : 'medium',
      `The probe reported ${what} within the ${d(silence)} without frames before the ${close}, so the client, not the path, went quiet.`,
    );
  }
  if (row.warningLeadMs !== null && row.warningLeadMs <= WARNING_WINDOW_MS) {
    return verdict(
      'maintenance',
      row.clean ? 'high' : 'medium',
      `${SOCKET_CLOSING_TOPIC} arrived ${d(row.warningLeadMs)} before the ${close}.`,
    );
  }
  if (s.systemMessage === TOKEN_REVOKED) {
    return verdict('token', 'high', `A ${TOKEN_REVOKED} system message preceded the ${close}.`);
  }
  // Before the bare 401: a token that idled out is refused too, and "expired or revoked" would send the
  // user for a new token that idles out the same way (closure-causes.md, "token idled out").
  if (s.tokenIdleOffsetMs !== null && Math.abs(s.tokenIdleOffsetMs) <= TOKEN_EXPIRY_WINDOW_MS) {
    return tokenIdledOut(row, close, s.tokenIdleOffsetMs);
  }
  if (s.tokenRejectedAfter) {
    return verdict('token', 'high', `The service refused the token (401) right after the ${close}.`);
  }
  if (s.systemMessage === NO_LONGER_SUBSCRIBED) {
    return verdict(
      'evicted',
      s.channelAfter === 'exists' ? 'medium' : 'high',
      `A ${NO_LONGER_SUBSCRIBED} system message preceded the ${close}${afterText(row)}.`,
    );
  }
  if (s.otherSocketOpened) {
    return verdict('second-socket', 'high', `Another connection opened on the same channel id before the ${close}.`);
  }
  if (!s.closeObserved) {
    return verdict(
      'unexplained',
      'low',
      `The record holds no close (a HAR keeps frames, not the close code or time); the connection's last frame came at an age of ${d(row.lifetimeMs)}` +
        `${s.sinceClientMessageMs === null ? ' and the page had sent nothing on it' : `, ${d(s.sinceClientMessageMs)} after the page last sent`}.`,
    );
  }
  if (s.channelAgeMs !== null && Math.abs(s.channelAgeMs - CHANNEL_LIFETIME_MS) <= CHANNEL_EXPIRY_WINDOW_MS) {
    return verdict(
      'channel-expired',
      s.channelAfter === 'gone' ? 'high' : 'medium',
      `The ${close} came when the channel was ${d(s.channelAgeMs)} old, its documented 24 h life${afterText(row)}.`,
    );
  }
  if (s.tokenExpiryOffsetMs !== null && Math.abs(s.tokenExpiryOffsetMs) <= TOKEN_EXPIRY_WINDOW_MS) {
    const when =
      s.tokenExpiryOffsetMs >= 0 ? `${d(s.tokenExpiryOffsetMs)} after` : `${d(-s.tokenExpiryOffsetMs)} before`;
    const corroborated = s.channelAfter === 'gone' || /token/i.test(row.reason);
    return verdict(
      'token',
      corroborated ? 'high' : 'medium',
      `The ${close} came ${when} the token expired${afterText(row)}.`,
    );
  }
  // Before the causes of a connection that died without a close frame: this one did not die, it was refused.
  if (row.violation !== null) return protocolViolation(row, row.violation);
  if (row.by === 'watchdog') return halfOpen(row);
  if (!row.clean) return intermediaryCut(row);
  if (s.channelAfter === 'gone') {
    return verdict(
      'evicted',
      s.channelsAtLimit === true ? 'high' : 'medium',
      `The channel no longer existed after the ${close}, long before its 24 h expiry and not at the token's expiry` +
        `${s.channelsAtLimit === true ? ", with the user's channels at the limit of 20" : ''}.`,
    );
  }
  return fromReasonOrTimers(row, close);
}

/**
 * The close came when the token would idle out under the org's idle token timeout, counted from the run's
 * last REST call. A 401 afterwards, the channel gone or a reason naming the token corroborate it.
 */
function tokenIdledOut(row: ClosureFacts, close: string, offsetMs: number): ClosureVerdict {
  const s = row.signals;
  const when = offsetMs >= 0 ? `${d(offsetMs)} after` : `${d(-offsetMs)} before`;
  const refused = s.tokenRejectedAfter ? ', and the service refused the token (401) right after' : '';
  return verdict(
    'token',
    s.tokenRejectedAfter || s.channelAfter === 'gone' || /token/i.test(row.reason) ? 'high' : 'medium',
    `The ${close} came ${when} the token would idle out under the org's idle token timeout (no API call since)${refused}${afterText(row)}.`,
  );
}

/** The close reason's own words, then the timers that only a comparison across connections can settle. */
function fromReasonOrTimers(row: ClosureFacts, close: string): ClosureVerdict {
  const reason = row.reason.toLowerCase();
  const existed = row.signals.channelAfter === 'exists';
  if (/another (connection|socket)|replaced|second socket/.test(reason)) {
    return verdict(
      'second-socket',
      existed ? 'medium' : 'low',
      `The close reason says another connection replaced this one${existed ? ' and the channel still existed afterwards' : ''}.`,
    );
  }
  if (/evict/.test(reason))
    return verdict('evicted', 'medium', `The close reason says the channel was evicted (${close}).`);
  if (/token/.test(reason)) return verdict('token', 'medium', `The close reason names the token (${close}).`);
  if (/expire/.test(reason))
    return verdict('channel-expired', 'medium', `The close reason says the channel expired (${close}).`);
  if (/maintenance/.test(reason))
    return verdict(
      'maintenance',
      'medium',
      `The close reason names maintenance (${close}) though no socket_closing came first.`,
    );
  // Over a private chain a close frame may come from the intercepting box itself; one that carries the
  // service's own reason is the service's, relayed, and its timers are compared like any other.
  if (row.signals.publicCa === false && reason.trim() !== IDLE_TIMEOUT_REASON) return privateChainHint(row, close);
  const flowing = heartbeatsFlowing(row);
  if (row.by !== 'server' || !flowing) {
    return verdict(
      'unexplained',
      'low',
      `The ${close} came at an age of ${d(row.lifetimeMs)} with ${beatsText(row, flowing)} and no warning, system message or channel change to explain it.`,
    );
  }
  const messageSilence = row.signals.sinceClientMessageMs;
  if (messageSilence === null) {
    const control = row.sinceOutboundMs === null ? 'sent nothing' : 'sent no message, only RFC 6455 control frames,';
    return verdict(
      'client-silence',
      'low',
      `The ${close} came after ${d(row.lifetimeMs)} in which the client ${control} while heartbeats kept arriving; ` +
        'a lifetime cap would look the same, so run a channel with --keepalive ping:5m beside it to tell them apart.',
    );
  }
  return verdict(
    'lifetime-cap',
    'low',
    `The ${close} came at an age of ${d(row.lifetimeMs)} although the client had sent a message ${d(messageSilence)} before; ` +
      `a client-silence timer of ${d(messageSilence)} would look the same.`,
  );
}

/**
 * The server sent what RFC 6455 or the client's limits forbid and the client failed the connection (ws's
 * rule in `error`). A frame arrived, so it did not die on the way: the server's side broke the protocol.
 */
function protocolViolation(row: ClosureFacts, what: string): ClosureVerdict {
  return verdict(
    'protocol-violation',
    'high',
    `The server sent ${what} (${row.error ?? 'refused by ws'}), so the client failed the connection at an age of ` +
      `${d(row.lifetimeMs)}; a frame arrived, so the connection did not die on the way.`,
  );
}

/** `clean 1001 close ("idle timeout")`, or `1006 close without a close frame`. */
export function closeText(row: ClosureFacts): string {
  if (row.violation !== null)
    return `${row.code} close, a protocol violation by the server (${row.error ?? 'refused by ws'})`;
  if (!row.clean) return `${row.code} close${row.error ? ` (${row.error})` : ''}`;
  return `${row.code} close${row.reason ? ` ("${row.reason}")` : ''}`;
}

function beatsText(row: ClosureFacts, flowing: boolean): string {
  if (flowing) return 'heartbeats flowing';
  return row.sinceHeartbeatMs === null ? 'no heartbeat at all' : `the last heartbeat ${d(row.sinceHeartbeatMs)} before`;
}

function afterText(row: ClosureFacts): string {
  if (row.signals.channelAfter === 'gone') return ', and the channel was gone afterwards';
  if (row.signals.channelAfter === 'exists') return ', yet the channel still existed afterwards';
  return '';
}

function verdict(
  cause: ClosureVerdict['cause'],
  confidence: ClosureVerdict['confidence'],
  evidence: string,
): ClosureVerdict {
  return { cause, confidence, evidence };
}
