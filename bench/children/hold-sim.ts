import { type SimRecord, startSimulator } from '../../src/sim/simulator.js';

/**
 * The simulator for bench/hold-channels.ts, in a process of its own so that neither client's memory or CPU
 * counts it: heartbeats every 30 s at 30x (one a second a socket), no topic events, no closes, the channel
 * limit raised to the sockets held (the scenario option) and no rate limit (a thousand channels are made
 * at once). Tells its parent where it listens, and ends when the parent goes. With `journal`, it also
 * sends each heartbeat's journal record (bench/timestamp-fidelity.ts: when it was sent).
 */
const channels = Number(process.argv[2]);
const forwardJournal = process.argv[3] === 'journal';
const TEN_YEARS_MS = 10 * 365 * 86_400_000;
const sim = await startSimulator({
  scenario: {
    name: 'hold',
    summary: 'heartbeats only, never closes',
    hypothesis: 'control',
    basis: 'assumed',
    heartbeatIntervalMs: 30_000,
    topicEventIntervalMs: null,
    closeRules: [],
    channelLimit: channels,
  },
  timeScale: 30,
  rateLimit: null,
  agentTokenLifetimeMs: TEN_YEARS_MS,
});
if (forwardJournal)
  sim.journal.on('record', (record: SimRecord) => {
    if (record.kind === 'heartbeat') process.send?.({ sent: record.channel, at: record.at });
  });
process.send?.({ apiBase: sim.apiBase, loginBase: sim.loginBase, token: sim.credentials.userToken });
process.on('disconnect', () => {
  void sim.close().finally(() => process.exit(0));
});
