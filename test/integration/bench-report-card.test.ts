import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../src/clock/clock.js';
import type { CheckId, CheckResult, ReportCard } from '../../src/grade/report-card.js';
import type { Scenario } from '../../src/sim/scenario.js';
import type { RunningSimulator } from '../../src/sim/simulator.js';
import { type BenchClient, NaiveClient, WellBehavedClient } from '../support/bench-clients.js';
import { idleprobeClient } from '../support/bench-idleprobe.js';
import { type BenchRunResult, benchRun, type TimelineStep } from '../support/bench-run.js';
import { fastScenario } from '../support/probe-harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * The same scripted service for every client: maintenance with its warning, then a throttle (429 with
 * Retry-After) while the service drops every socket, then a half-open path, then nothing until each
 * channel's 24 h have run out; tokens live 2 h. Sent through the control endpoint, as a CI job would.
 */
const TIMELINE: TimelineStep[] = [
  { atMs: 5 * MIN, body: { action: 'maintenance', channel: '*' } },
  { atMs: 15 * MIN, body: { action: 'throttle', channel: '*', status: 429, retryAfter: 10, for: '30s' } },
  { atMs: 15 * MIN, body: { action: 'close', channel: '*', code: 1011, reason: 'internal error' } },
  { atMs: 30 * MIN, body: { action: 'half-open', channel: '*' } },
];

function run(
  client: (sim: RunningSimulator, clock: Clock) => BenchClient,
  bench: { scenario: Scenario | string; timeline: TimelineStep[]; untilMs: number } = {
    scenario: fastScenario({ heartbeatIntervalMs: 30_000 }),
    timeline: TIMELINE,
    untilMs: 25 * HOUR,
  },
): Promise<BenchRunResult & { problems: string[] }> {
  let made: BenchClient | null = null;
  return benchRun({
    ...bench,
    tokenLifetimeMs: 2 * HOUR,
    client: (sim, clock) => {
      made = client(sim, clock);
      return made;
    },
  }).then((result) => ({ ...result, problems: (made as BenchClient | null)?.problems ?? [] }));
}

function appClient(Kind: typeof WellBehavedClient | typeof NaiveClient) {
  return (sim: RunningSimulator, clock: Clock): BenchClient =>
    new Kind({
      apiBase: sim.apiBase,
      loginBase: sim.loginBase,
      clientId: sim.credentials.clientId,
      clientSecret: sim.credentials.clientSecret,
      clock,
      topics: [`v2.users.${sim.credentials.userId}.presence`],
    });
}

/** The one client's results by check id, with its evidence for the assertion messages. */
function resultsOf(card: ReportCard): Map<CheckId, { result: CheckResult; evidence: string }> {
  assert.equal(card.clients.length, 1, `one client on the card: ${card.clients.map((c) => c.client).join(', ')}`);
  return new Map(card.clients[0]?.checks.map((check) => [check.id, check]));
}

describe('the report card tells a well-behaved client from a naive one, line by line', () => {
  test('the same timeline; the cards differ exactly where the clients do', async () => {
    const good = await run(appClient(WellBehavedClient));
    const naive = await run(appClient(NaiveClient));
    for (const result of [good, naive]) {
      assert.deepEqual(result.problems, []);
      assert.ok(
        result.answers.every((answer) => answer.status === 200),
        JSON.stringify(result.answers),
      );
    }
    const goodCard = resultsOf(good.card);
    const naiveCard = resultsOf(naive.card);
    const expected: Record<CheckId, [CheckResult, CheckResult]> = {
      // good, naive
      'reconnect-after-warning': ['pass', 'fail'],
      'same-channel-after-warning': ['pass', 'fail'],
      'half-open-detected': ['pass', 'fail'],
      'channel-leak': ['pass', 'fail'],
      'resubscribe-before-expiry': ['pass', 'fail'],
      'token-renewed': ['pass', 'fail'],
      'retry-after-honoured': ['pass', 'fail'],
      'events-lost': ['pass', 'fail'],
      // Neither pings: the service does not need it, and the card says so the same way for both.
      'ping-cadence': ['not-exercised', 'not-exercised'],
    };
    for (const [id, [forGood, forNaive]] of Object.entries(expected) as Array<[CheckId, [CheckResult, CheckResult]]>) {
      assert.equal(goodCard.get(id)?.result, forGood, `good client, ${id}: ${goodCard.get(id)?.evidence}`);
      assert.equal(naiveCard.get(id)?.result, forNaive, `naive client, ${id}: ${naiveCard.get(id)?.evidence}`);
    }
  });

  test("idleprobe's own run earns pass or not-exercised on everything it claims to do", async () => {
    const probe = await run(idleprobeClient);
    assert.deepEqual(probe.problems, []);
    const card = resultsOf(probe.card);
    // What `run` claims: --reconnect same, a 2.5-heartbeat watchdog, one channel reused, the resubscriber,
    // the token keeper, Retry-After obeyed, and a reconnect as soon as a socket is lost.
    for (const id of [
      'same-channel-after-warning',
      'half-open-detected',
      'channel-leak',
      'resubscribe-before-expiry',
      'token-renewed',
      'retry-after-honoured',
      'events-lost',
    ] as const)
      assert.equal(card.get(id)?.result, 'pass', `${id}: ${card.get(id)?.evidence}`);
    // By design the probe waits for the close it was warned of: that closure is what it is there to record.
    assert.equal(card.get('reconnect-after-warning')?.result, 'fail', card.get('reconnect-after-warning')?.evidence);
    assert.equal(card.get('ping-cadence')?.result, 'not-exercised');
  });
});

describe("a scenario file's timeline drives the same bench", () => {
  test('fixtures/scenarios/bench-timeline.json: the naive client fails where the well-behaved one does not', async () => {
    const scenario = fileURLToPath(new URL('../../../fixtures/scenarios/bench-timeline.json', import.meta.url));
    const bench = { scenario, timeline: [], untilMs: 20 * MIN };
    const good = resultsOf((await run(appClient(WellBehavedClient), bench)).card);
    const naive = resultsOf((await run(appClient(NaiveClient), bench)).card);
    const failed = (card: Map<CheckId, { result: CheckResult }>) =>
      [...card].filter(([, check]) => check.result === 'fail').map(([id]) => id);
    assert.deepEqual(failed(good), [], JSON.stringify([...good]));
    // Maintenance at 2 min, a half-open path at 6 min the naive client never notices until the 14 min expiry.
    assert.deepEqual(failed(naive), [
      'reconnect-after-warning',
      'same-channel-after-warning',
      'half-open-detected',
      'channel-leak',
      'events-lost',
    ]);
  });
});
