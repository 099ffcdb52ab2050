import type { Command, Help, Option } from 'commander';
import { EXIT_CODES } from '../exit-codes.js';

type ExitCodeName = keyof typeof EXIT_CODES;

/**
 * What each exit code means, in a few words for `--help`; the numbers come from src/exit-codes.ts. Typed
 * over every name there, so a new code does not build until its help says what it means.
 */
const EXIT_CODE_MEANINGS: Readonly<Record<ExitCodeName, string>> = {
  ok: 'done as asked: a run ended on --duration or --closures, a summary was printed',
  failed: 'failed: credentials refused, service unreachable, a log unreadable or unwritable, or a bug',
  usage: 'a usage or configuration mistake, found before anything was done',
  unexpectedClosure: '--fail-on closure (or any-closure, cause:NAME) was met',
  youngClosure: '--fail-on age<AGE: a closure younger than AGE',
  missedHeartbeat: '--fail-on missed-heartbeat',
  watchdogEnd: '--fail-on watchdog: the probe ended a silent connection',
  noConnection: '--fail-on no-connection: no connection opened, or a lane never connected',
  blind: '--fail-on blind>DURATION: the lanes had no open connection for longer, summed',
  gradeFailed: 'a report card has a failed check (sim --grade, grade)',
  hangup: 'SIGHUP: the terminal went away; the log and summary are complete',
  interrupted: 'Ctrl-C; the summary is still printed',
  terminated: 'SIGTERM; the summary is still printed',
};

/** One example: a line to type and, above it, what it does. */
export interface HelpExample {
  readonly what: string;
  readonly command: string;
}

export interface CommandHelp {
  readonly examples: readonly HelpExample[];
  readonly exitCodes: readonly ExitCodeName[];
  /** Docs pages, as paths in the repository. */
  readonly learnMore: readonly string[];
  /** A line before the pages, e.g. where to find more on each command. */
  readonly more?: string;
  /**
   * Defaults that commander cannot show because the option has none of its own (the default is decided
   * later, from the environment or the plan): keyed by the option's long flag.
   */
  readonly defaults?: Readonly<Record<string, string>>;
}

const ALL_EXIT_CODES = Object.keys(EXIT_CODES) as ExitCodeName[];

/** Keyed by command name; '' is the top level. Every example must parse (test/unit/help-texts.test.ts). */
export const COMMAND_HELP: Readonly<Record<string, CommandHelp>> = {
  '': {
    examples: [
      {
        what: 'Reproduce the 15-minute idle timeout in 15 seconds',
        command: 'idleprobe run --sim --time-scale 60 --closures 1',
      },
      {
        what: 'Four keepalives side by side: which survive tells the layer that cuts',
        command: 'idleprobe run --keepalive none,tcp:30s,ws-ping:30s,ping:30s --duration 1h',
      },
      {
        what: 'The summary of a saved log (a run wrote it with --log), offline',
        command: 'idleprobe report soak.ndjson',
      },
      { what: 'The simulator on its own, for another client', command: 'idleprobe sim --time-scale 60' },
    ],
    exitCodes: ALL_EXIT_CODES,
    more: 'Use `idleprobe <command> --help` for more about a command.',
    learnMore: ['README.md', 'docs/causes.md', 'docs/log-format.md', 'docs/architecture.md'],
  },
  run: {
    examples: [
      {
        what: 'Against the built-in simulator, 60 times faster: one closure in about 15 s',
        command: 'idleprobe run --sim --time-scale 60 --closures 1',
      },
      { what: 'What does the service do to a channel that sends nothing?', command: 'idleprobe run --closures 3' },
      {
        what: 'The decisive experiment: one channel per keepalive, side by side',
        command: 'idleprobe run --keepalive none,tcp:30s,ws-ping:30s,ping:30s --duration 1h',
      },
      {
        what: "An agent's own token and topics, on a real org",
        command:
          "GENESYSCLOUD_ACCESS_TOKEN=... idleprobe run --region mypurecloud.ie --topic 'v2.users.{me}.conversations' --closures 2",
      },
      {
        what: 'A CI soak: an hour, JSON out, no status line',
        command: 'idleprobe run --duration 1h --reconnect new --format json --no-status --log soak.ndjson',
      },
    ],
    exitCodes: ['ok', 'failed', 'usage', 'hangup', 'interrupted', 'terminated'],
    learnMore: ['README.md (Run modes)', 'docs/network.md', 'docs/log-format.md', 'docs/causes.md'],
    defaults: {
      '--scenario': 'idle-timeout',
      '--time-scale': '1',
      '--topic': "v2.users.{me}.presence with a user's token",
      '--keepalive': 'none: send nothing',
      '--duration': 'none: until Ctrl-C',
      '--closures': 'none: until Ctrl-C',
    },
  },
  report: {
    examples: [
      { what: 'The summary of a saved log', command: 'idleprobe report soak.ndjson' },
      {
        what: 'Several logs (machines, runs) in one report, as markdown for a forum post',
        command: 'idleprobe report soak.ndjson idleprobe-*.ndjson --format markdown',
      },
      {
        what: 'Fail a CI job on the probe being blind over 5 minutes, or a lane never connecting',
        command: "idleprobe report soak.ndjson --fail-on 'blind>5m,no-connection'",
      },
      {
        what: 'A redacted copy to attach to a public post or support case',
        command: 'idleprobe report soak.ndjson --share shared-soak',
      },
    ],
    exitCodes: [
      'ok',
      'failed',
      'usage',
      'unexpectedClosure',
      'youngClosure',
      'missedHeartbeat',
      'watchdogEnd',
      'noConnection',
      'blind',
    ],
    learnMore: ['docs/report-format.md', 'docs/causes.md', 'docs/log-format.md'],
  },
  sim: {
    examples: [
      { what: 'The simulator on a free loopback port; it prints the run command to use', command: 'idleprobe sim' },
      {
        what: 'Another scenario, 60 times faster',
        command: 'idleprobe sim --scenario maintenance --time-scale 60',
      },
      { what: 'Behind a TLS front: https/wss with a private CA', command: 'idleprobe sim --tls' },
      {
        what: 'A test bench for your app: journal what it does, print its report card on Ctrl-C',
        command: 'idleprobe sim --journal bench.ndjson --grade --format junit',
      },
    ],
    exitCodes: ['ok', 'failed', 'usage', 'gradeFailed'],
    learnMore: ['docs/test-bench.md', 'docs/scenarios.md', 'docs/network.md'],
    defaults: { '--scenario': 'idle-timeout', '--time-scale': '1' },
  },
  grade: {
    examples: [
      {
        what: 'The report card of each client in a journal the simulator wrote',
        command: 'idleprobe grade bench.ndjson',
      },
      { what: 'As JUnit, for CI to fail on a regression', command: 'idleprobe grade bench.ndjson --format junit' },
    ],
    exitCodes: ['ok', 'failed', 'usage', 'gradeFailed'],
    learnMore: ['docs/test-bench.md'],
  },
  scenarios: {
    examples: [{ what: "The simulator's built-in scenarios", command: 'idleprobe scenarios' }],
    exitCodes: ['ok'],
    learnMore: ['docs/scenarios.md'],
  },
};

/** Commander's headings, renamed to the sections `gh` and k6 print. */
const TITLES: Readonly<Record<string, string>> = {
  'Options:': 'FLAGS',
  'Arguments:': 'ARGUMENTS',
  'Commands:': 'COMMANDS',
  'Global Options:': 'GLOBAL FLAGS',
};

/**
 * Gives every command's `--help` the sections of `gh` and k6: USAGE, FLAGS with their defaults, EXAMPLES,
 * EXIT CODES and LEARN MORE. Called once the commands are wired, so program.ts keeps its option lists.
 */
export function addHelpTexts(program: Command): void {
  for (const command of [program, ...program.commands]) {
    const name = command === program ? '' : command.name();
    const help = COMMAND_HELP[name];
    command.configureHelp({
      // commander prints the usage after its title on the same line; `gh` puts it indented below.
      styleTitle: (title) =>
        title === 'Usage:' ? 'USAGE\n ' : (TITLES[title] ?? title.replace(/:$/, '').toUpperCase()),
      optionDescription(this: Help, option: Option) {
        return withDocumentedDefault(Object.getPrototypeOf(this).optionDescription.call(this, option), option, help);
      },
    });
    if (help) command.addHelpText('after', helpSections(help));
  }
}

function withDocumentedDefault(text: string, option: Option, help: CommandHelp | undefined): string {
  const documented = option.long ? help?.defaults?.[option.long] : undefined;
  if (documented === undefined || option.defaultValue !== undefined) return text;
  return `${text} (default: ${documented})`;
}

/** The sections printed after commander's own, as plain text. */
export function helpSections(help: CommandHelp): string {
  const width = Math.max(...help.exitCodes.map((name) => String(EXIT_CODES[name]).length));
  return [
    '',
    'EXAMPLES',
    ...help.examples.flatMap((example) => [`  # ${example.what}`, `  $ ${example.command}`]),
    '',
    'EXIT CODES',
    ...help.exitCodes.map((name) => `  ${String(EXIT_CODES[name]).padStart(width)}  ${EXIT_CODE_MEANINGS[name]}`),
    '',
    'LEARN MORE',
    ...(help.more ? [`  ${help.more}`] : []),
    `  Read ${help.learnMore.join(', ')} (in the repository, and in the installed package's folder).`,
    '',
  ].join('\n');
}
