import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createNatTopology, natUnavailableReason, runProbeIn, startSimIn } from '../support/netns-nat.js';

/**
 * The one proof a user-space relay cannot give: TCP keepalive keeps a path through a kernel NAT open.
 * The router namespace forgets an established flow after 2 s without packets; the service's heartbeat
 * comes every 4 s. The `none` lane's flow is forgotten between heartbeats, so the next heartbeat dies at
 * the router and the probe's watchdog ends the connection; the `tcp:1s` lane's keepalive probes refresh
 * the mapping and its heartbeats keep arriving. The control run, with the kernel's default timer, shows
 * the `none` lane is fine when the NAT does not forget it.
 */
const unavailable = natUnavailableReason();
// In CI .ci/run installs the tools, so a missing one is a failure there, not a skip.
const skip = unavailable !== null && !process.env.CI ? unavailable : false;

const SCENARIO = {
  name: 'nat-heartbeat-4s',
  summary: 'heartbeats every 4 s, never closes',
  hypothesis: 'control',
  basis: 'assumed',
  heartbeatIntervalMs: '4s',
  topicEventIntervalMs: null,
  closeRules: [],
};

interface LaneStory {
  heartbeats: number;
  watchdog: boolean;
  closedBy: string | null;
}

/** What happened to the first connection of each keepalive lane. */
function firstConnections(events: Array<Record<string, unknown>>): Record<string, LaneStory> {
  const laneOf = new Map<number, string>();
  const stories: Record<string, LaneStory> = {};
  for (const event of events) {
    const conn = event.conn as number;
    if (event.event === 'open' && !Object.hasOwn(stories, event.keepalive as string)) {
      laneOf.set(conn, event.keepalive as string);
      stories[event.keepalive as string] = { heartbeats: 0, watchdog: false, closedBy: null };
    }
    const story = laneOf.has(conn) ? stories[laneOf.get(conn)!] : undefined;
    if (!story) continue;
    if (event.event === 'heartbeat') story.heartbeats += 1;
    if (event.event === 'watchdog') story.watchdog = true;
    if (event.event === 'close') story.closedBy ??= event.by as string;
  }
  return stories;
}

async function probeThroughNat(tag: string, establishedTimeoutS: number | null): Promise<Record<string, LaneStory>> {
  const dir = mkdtempSync(join(tmpdir(), `idleprobe-nat-${tag}-`));
  const topology = createNatTopology(tag, establishedTimeoutS);
  let sim: Awaited<ReturnType<typeof startSimIn>> | undefined;
  try {
    const scenarioFile = join(dir, 'scenario.json');
    writeFileSync(scenarioFile, JSON.stringify(SCENARIO));
    sim = await startSimIn(topology.server, topology.serverAddress, scenarioFile);
    const events = await runProbeIn(
      topology.client,
      [
        '--api-base',
        sim.apiBase,
        '--token',
        sim.token,
        '--keepalive',
        'none',
        '--keepalive',
        'tcp:1s',
        '--watchdog',
        '6s',
        '--duration',
        '9s',
      ],
      join(dir, 'events.ndjson'),
      // The simulator's address in its namespace is not loopback: its throwaway token may go there in clear.
      { IDLEPROBE_TRUST_BASE: sim.apiBase },
    );
    return firstConnections(events);
  } finally {
    await sim?.stop();
    topology.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the keepalive experiment through a kernel NAT in network namespaces', { skip }, () => {
  test('a NAT that forgets flows after 2 s kills the lane without keepalive, and TCP keepalive keeps the other alive', async (t) => {
    const tag = `n${process.pid % 100_000}`;
    const [short, control] = await Promise.all([probeThroughNat(`${tag}a`, 2), probeThroughNat(`${tag}b`, null)]);
    t.diagnostic(`2 s NAT: ${JSON.stringify(short)}; default NAT: ${JSON.stringify(control)}`);

    assert.equal(short.none?.heartbeats, 0, 'no heartbeat crossed the NAT once it forgot the flow');
    assert.equal(short.none?.watchdog, true, 'the watchdog ended the silent connection');
    assert.ok((short['tcp:1s']?.heartbeats ?? 0) >= 2, `tcp lane heartbeats: ${short['tcp:1s']?.heartbeats}`);
    assert.equal(short['tcp:1s']?.watchdog, false);

    assert.ok((control.none?.heartbeats ?? 0) >= 2, `control: none lane heartbeats ${control.none?.heartbeats}`);
    assert.equal(control.none?.watchdog, false, 'with the default conntrack timer nothing goes silent');
  });
});
