import { formatDuration } from '../clock/time-text.js';
import type { ClientView, Indexed } from './client-view.js';
import { counted } from './counted.js';
import type { CardCheck } from './report-card.js';

/**
 * `token-renewed`: each token the client got from the simulator's OAuth route was followed by a new one
 * before it expired, as long as the client was still active then. Exercised once a token's lifetime ran
 * out within the client's activity.
 */
export function checkTokenRenewed(view: ClientView): CardCheck {
  const id = 'token-renewed';
  const tokens = view.records.filter((record) => record.kind === 'token' && record.expiresInMs !== undefined);
  if (tokens.length === 0)
    return {
      id,
      result: 'not-exercised',
      evidence: 'The client got no token from the simulator (it brought its own).',
    };
  // A long journal has millions of records: no spread into Math.max.
  const activeUntil = view.records.reduce(
    (latest, r) => (r.kind === 'token' ? latest : Math.max(latest, r.scenarioMs)),
    0,
  );
  const expiry = (token: Indexed): number => token.scenarioMs + (token.expiresInMs ?? 0);
  const due = tokens.filter((token) => expiry(token) <= activeUntil);
  if (due.length === 0)
    return {
      id,
      result: 'not-exercised',
      evidence: `The client's first token would expire at ${formatDuration(expiry(tokens[0] as Indexed))}, after its last activity at ${formatDuration(activeUntil)}.`,
    };
  const lapsed = due.filter(
    (token) => !tokens.some((next) => next.index > token.index && next.scenarioMs < expiry(token)),
  );
  if (lapsed.length === 0)
    return {
      id,
      result: 'pass',
      evidence: `${counted(tokens.length, 'token')}; ${due.length === 1 ? 'the one' : `each of the ${due.length}`} that ran out was renewed before it expired.`,
    };
  const first = lapsed[0] as Indexed;
  return {
    id,
    result: 'fail',
    evidence: `The token got at ${formatDuration(first.scenarioMs)} expired at ${formatDuration(expiry(first))} with no new one before, while the client was active until ${formatDuration(activeUntil)}.`,
  };
}
