import { Command, CommanderError, Option } from 'commander';
import { FAIL_ON_HELP } from '../ci/fail-on-help.js';
import { compactDuration } from '../clock/compact-duration.js';
import { DEFAULT_TIMEOUT_MS } from '../genesys/http-timeout.js';
import { KEEPALIVE_SYNTAX } from '../protocol/keepalive-kinds.js';
import type { CliIo } from './cli-io.js';
import type { GradeFlags } from './commands/grade.js';
import type { ReportFlags } from './commands/report.js';
import type { SimFlags } from './commands/sim.js';
import { ENV } from './env-names.js';
import { addHelpTexts } from './help-texts.js';
import type { RunFlags } from './run-plan.js';
import { VERSION } from './version.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * The commander wiring: flags, help texts, and which command function runs. Each command returns its
 * exit code; this file only routes. A command's code is loaded when that command runs, so `--version`,
 * `--help` and `report` never load the probe's network stack (undici, ws, pino). Output goes through `io`, never straight to the console.
 */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('idleprobe')
    .description(
      'Reproduce and explain closures of Genesys Cloud notification channels (1001 "idle timeout" and friends).',
    )
    .version(VERSION)
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  program
    .command('run')
    .description('Open a notification channel, log every frame with timestamps, and summarise each closure.')
    .option('--sim', 'probe the built-in simulator (the default when no credentials are given)')
    .option('--scenario <name>', 'simulator scenario (see `idleprobe scenarios`)')
    .option('--time-scale <n>', 'run the simulator n times faster; durations still read in scenario time')
    .option('--region <name>', `region, as eu-west-1 or mypurecloud.ie (env ${ENV.region})`)
    .option('--client-id <id>', `OAuth client id, client-credentials grant (env ${ENV.clientId})`)
    .option('--client-secret <secret>', `OAuth client secret; prefer the env ${ENV.clientSecret}: flags show in ps`)
    .option('--token <token>', `an access token, e.g. an agent's own (env ${ENV.token})`)
    .option(
      '--api-base <url>',
      `REST base URL instead of the region's (a gateway, or \`idleprobe sim\`); credentials from the env go only to Genesys hosts or those in ${ENV.trustBase}`,
    )
    .option('--login-base <url>', "OAuth base URL instead of the region's")
    .option('--topic <topic>', "subscribe to a topic; repeat for more; {me} is the token's user", collect)
    .option(
      '--ping <duration>',
      'send {"message":"ping"} at this interval (default: send nothing); short for --keepalive ping:DURATION',
    )
    .option('--keepalive <strategy>', `${KEEPALIVE_SYNTAX}; several run side by side, one channel each`, collect)
    .option('--channels <n>', 'identical channels per keepalive strategy', '1')
    .addOption(
      new Option('--reconnect <policy>', 'after a closure: the same channel while it exists, a new one, or stop')
        .choices(['same', 'new', 'off'])
        .default('same'),
    )
    .option(
      '--proxy <url>',
      'proxy for REST and WebSocket, http://[user:pass@]host:port (default: HTTPS_PROXY / HTTP_PROXY, minus NO_PROXY)',
    )
    .option(
      '--pac <url|file>',
      'follow a proxy auto-config (PAC) file for every host, as Windows and browsers do; overrides the proxy variables and NO_PROXY (docs/network.md)',
    )
    .option(
      '--http-timeout <duration>',
      'give up on a REST or OAuth call with no complete reply after this long',
      compactDuration(DEFAULT_TIMEOUT_MS),
    )
    .option('--ca <file>', "PEM file of extra CAs to trust, e.g. a TLS-inspecting proxy's root")
    .option(
      '--allow-eviction',
      'create channels even past the 20 per user and OAuth client (Genesys then removes the least recently used)',
    )
    .option('--watchdog <duration>', 'end a connection after this long without any frame', '75s')
    .option('--duration <duration>', 'stop after this long (e.g. 30m, 2h)')
    .option('--closures <n>', 'stop after n closures')
    .option('--log <file>', 'event log path (default: idleprobe-<time>.ndjson here)')
    .addOption(
      new Option('--format <format>', 'summary format').choices(['table', 'json', 'markdown']).default('table'),
    )
    .option('--no-status', 'no live status line on stderr')
    .option(
      '--metrics <[host:]port>',
      'serve Prometheus metrics at http://HOST:PORT/metrics while the run lasts (a bare port: 127.0.0.1 only; 0.0.0.0:PORT for a pod); docs/metrics.md',
    )
    .option(
      '--metrics-linger <duration>',
      'after the run, keep serving until scraped once more, at most this long (real time; default: stop at once)',
    )
    .option('--wide', 'the full table of closures even when the terminal is narrower than it')
    .option('--no-color', 'no colour in the summary (also NO_COLOR=1 or TERM=dumb; FORCE_COLOR=1 forces it)')
    .action(async (flags: RunFlags) => {
      const { runCommand } = await import('./commands/run.js');
      setExitCode(await runCommand(flags, io));
    });

  program
    .command('report')
    .description(
      'Summarise saved event logs (or browser HAR files) in one report, exactly as the runs that wrote them did.',
    )
    .argument(
      '<files...>',
      'event logs written by idleprobe run, HAR files saved from the browser, or - for standard input',
    )
    .addOption(
      new Option('--format <format>', 'summary format')
        .choices(['table', 'json', 'markdown', 'junit'])
        .default('table'),
    )
    .option('--svg <file>', 'also write a timeline of every connection as SVG')
    .option('--share <dir>', 'write summary.md, timeline.svg and redacted copies of the logs to this folder')
    .option('--fail-on <conditions>', `exit non-zero when: ${FAIL_ON_HELP}`, collect)
    .option(
      '--follow',
      'follow one log as a run writes it: a line per closure as it arrives, the summary on run-end or Ctrl-C',
    )
    .option('--wide', 'the full table of closures even when the terminal is narrower than it')
    .option('--no-color', 'no colour in the summary (also NO_COLOR=1 or TERM=dumb; FORCE_COLOR=1 forces it)')
    .action(async (files: string[], flags: ReportFlags) => {
      const { reportCommand } = await import('./commands/report.js');
      setExitCode(await reportCommand(files, flags, io));
    });

  program
    .command('sim')
    .description('Run the Genesys-like simulator on its own, until Ctrl-C.')
    .option('--port <port>', 'port to listen on (0: any free port)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--scenario <name>', 'scenario (see `idleprobe scenarios`)')
    .option('--time-scale <n>', 'run every interval n times faster')
    .option(
      '--public-url <url>',
      'the URL clients reach it at behind a reverse proxy, TLS front or load balancer (base of every connectUri)',
    )
    .option(
      '--tls',
      'serve https and wss with a certificate from a private CA made at start (its file: pass with --ca)',
    )
    .option('--journal <file>', 'write every journal record (what clients did, what was done to them) as NDJSON')
    .option('--grade', "print each client's report card when the simulator stops (docs/test-bench.md)")
    .addOption(
      new Option('--format <format>', 'report card format, with --grade').choices([
        'table',
        'json',
        'markdown',
        'junit',
      ]),
    )
    .action(async (flags: SimFlags) => {
      const { simCommand } = await import('./commands/sim.js');
      setExitCode(await simCommand(flags, io));
    });

  program
    .command('grade')
    .description('Grade each client in a saved simulator journal (idleprobe sim --journal FILE): the report card.')
    .argument('<journal>', 'a journal written by idleprobe sim --journal, or - for standard input')
    .addOption(
      new Option('--format <format>', 'report card format')
        .choices(['table', 'json', 'markdown', 'junit'])
        .default('table'),
    )
    .action(async (journal: string, flags: GradeFlags) => {
      const { gradeCommand } = await import('./commands/grade.js');
      setExitCode(await gradeCommand(journal, flags, io));
    });

  program
    .command('scenarios')
    .description("List the simulator's built-in scenarios.")
    .action(async () => {
      const { scenariosCommand } = await import('./commands/scenarios.js');
      setExitCode(scenariosCommand(io));
    });

  addHelpTexts(program);
  return program;
}

export { CommanderError };
