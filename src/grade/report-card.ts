/**
 * The report card: how a client coped with the service's behaviours, one card per client, each check
 * with a result and one sentence of evidence from the journal. The ids and the JSON shape are a contract
 * (docs/test-bench.md): CI jobs match on them.
 */
export const CHECK_IDS = [
  'reconnect-after-warning',
  'same-channel-after-warning',
  'half-open-detected',
  'channel-leak',
  'resubscribe-before-expiry',
  'token-renewed',
  'retry-after-honoured',
  'events-lost',
  'ping-cadence',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export type CheckResult = 'pass' | 'fail' | 'not-exercised';

export interface CardCheck {
  id: CheckId;
  result: CheckResult;
  /** One sentence with the times (scenario time since the simulator started) and counts it rests on. */
  evidence: string;
}

export interface ClientCard {
  client: string;
  checks: CardCheck[];
}

export interface ReportCard {
  schema: 1;
  clients: ClientCard[];
}

/** True when any check of any client failed: what a CI job fails on. */
export function cardHasFailure(card: ReportCard): boolean {
  return card.clients.some((client) => client.checks.some((check) => check.result === 'fail'));
}
