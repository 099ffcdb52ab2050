/**
 * The layers of docs/architecture.md, as rules `npm run lint` checks on every import (type-only ones too).
 * From the top down; a folder may import its own layer and any layer below it, never one above:
 *
 *   commands        src/cli
 *   command helpers src/share, src/ci
 *   renderers       src/report; src/metrics (the run's events and live analysis as Prometheus metrics)
 *   probe, analysis src/probe (live), src/analysis (the same streaming analysis live and offline), src/grade
 *                   (the simulator's journal -> report cards)
 *   protocol, net   src/genesys, src/channel, src/net, src/log, src/har, src/sim, src/protocol
 *   ground          src/clock, src/events, src/errors.ts, src/exit-codes.ts
 */
const LAYERS = [
  { name: 'commands', path: '^src/cli/' },
  { name: 'command helpers', path: '^src/(share|ci)/' },
  { name: 'renderers and metrics', path: '^src/(report|metrics)/' },
  { name: 'probe and analysis', path: '^src/(probe|analysis|grade)/' },
  { name: 'protocol and network', path: '^src/(genesys|channel|net|log|har|sim|protocol)/' },
  { name: 'ground', path: '^src/(clock|events)/|^src/(errors|exit-codes)\\.ts$' },
];

const upward = LAYERS.slice(1).map((layer, index) => ({
  name: `no-upward-from-${layer.name.replace(/[^a-z]+/g, '-')}`,
  comment: `${layer.name} must not import a layer above it (${LAYERS.slice(0, index + 1)
    .map((above) => above.name)
    .join(', ')})`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(0, index + 1).map((above) => above.path) },
}));

/** A third-party package used only where its one concern lives. */
const owned = (module, owners, why) => ({
  name: `${module}-only-in-${owners.replace(/[^a-z]+/g, '-')}`,
  comment: why,
  severity: 'error',
  from: { path: '^src/', pathNot: `^src/(${owners})/` },
  to: { path: `^node_modules/${module}/`, dependencyTypesNot: ['type-only'] },
});

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'probe-and-analysis-apart',
      comment: 'the live probe and the analysis meet only in the events they share (src/events)',
      severity: 'error',
      from: { path: '^src/probe/' },
      to: { path: '^src/analysis/' },
    },
    {
      name: 'analysis-apart-from-probe',
      comment: 'the analysis must read a saved log exactly as a live run, so it knows nothing of the probe',
      severity: 'error',
      from: { path: '^src/analysis/' },
      to: { path: '^src/probe/' },
    },
    {
      name: 'grader-reads-only-the-journal',
      comment:
        'the report card (src/grade, the test bench) grades a client from the simulator journal alone: the journal, the protocol words, the clock and the line reader',
      severity: 'error',
      from: { path: '^src/grade/' },
      to: { path: '^src/(genesys|channel|net|har|probe|analysis|events)/' },
    },
    {
      name: 'simulator-stands-alone',
      comment: 'the simulator plays the service: it shares the protocol words, never the client code',
      severity: 'error',
      from: { path: '^src/sim/' },
      to: { path: '^src/(genesys|channel|net|log|har|probe)/' },
    },
    {
      name: 'no-circular',
      comment: 'a cycle (type-only imports included) means two modules are one',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'timers-only-in-clock',
      comment: 'only src/clock touches timers: everything else takes a Clock',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/clock/' },
      to: { path: '^(node:)?timers', dependencyTypes: ['core'] },
    },
    {
      name: 'process-only-in-the-cli-entry',
      comment: 'only src/cli/main.ts touches process',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/main\\.ts$' },
      to: { path: '^(node:)?process$', dependencyTypes: ['core'] },
    },
    {
      name: 'tests-and-benchmarks-are-not-imported',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    owned('dayjs', 'clock', 'dayjs is used in src/clock/time-text.ts and nowhere else'),
    owned('cli-table3', 'report', 'tables are drawn by the renderers'),
    owned('pino', 'log', 'the event log is the one pino logger'),
    owned('commander', 'cli', 'flags are parsed by the CLI'),
    owned('undici', 'genesys|net|probe', 'REST goes through the network stack'),
    owned('ws', 'channel|net|sim', 'WebSockets are opened by the channel session and served by the simulator'),
    owned('prom-client', 'metrics', 'the Prometheus endpoint of `run --metrics` is src/metrics (the metrics room)'),
    // Owned by the network room: a PAC file is one more way to choose the proxy (src/net/pac-evaluator.ts).
    owned('pac-resolver', 'net', 'PAC files are evaluated, sandboxed, where the proxy is chosen'),
    owned('quickjs-wasi', 'net', "the PAC file's sandbox"),
    owned('valibot', 'sim', 'scenario files are checked against the schema the Scenario type comes from'),
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
