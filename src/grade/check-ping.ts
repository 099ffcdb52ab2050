import { formatDuration } from '../clock/time-text.js';
import type { ClientView } from './client-view.js';
import type { CardCheck } from './report-card.js';

/**
 * `ping-cadence`: how often the client sent `{"message":"ping"}`. Informational: the service does not
 * require pings (it sends heartbeats), so it passes when the client pings and is not exercised otherwise.
 */
export function checkPingCadence(view: ClientView): CardCheck {
  const id = 'ping-cadence';
  const pings = view.records.filter((record) => record.kind === 'client-frame' && record.detail === 'ping');
  if (pings.length === 0)
    return { id, result: 'not-exercised', evidence: 'The client sent no {"message":"ping"}; it relied on heartbeats.' };
  const gaps: number[] = [];
  for (let i = 1; i < pings.length; i++) gaps.push((pings[i]?.scenarioMs ?? 0) - (pings[i - 1]?.scenarioMs ?? 0));
  gaps.sort((a, b) => a - b);
  const cadence =
    gaps.length === 0
      ? 'once'
      : `every ${formatDuration(gaps[Math.floor(gaps.length / 2)] ?? 0)} (median; ${formatDuration(gaps[0] ?? 0)} to ${formatDuration(gaps.at(-1) ?? 0)})`;
  return { id, result: 'pass', evidence: `${pings.length} {"message":"ping"} frames, ${cadence}.` };
}
