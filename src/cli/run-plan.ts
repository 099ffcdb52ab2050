import { type KeepaliveStrategy, parseKeepalive } from '../channel/keepalive.js';
import { TIMING_RESOLUTION_REAL_MS } from '../clock/scenario-time.js';
import { parseDuration } from '../clock/time-text.js';
import { IdleprobeError } from '../errors.js';
import { DEFAULT_TIMEOUT_MS } from '../genesys/http-timeout.js';
import { resolveRegion, serviceBases } from '../genesys/regions.js';
import { validateTopic } from '../genesys/topics.js';
import { DEFAULT_WATCHDOG_FACTOR, type ProbeAuth, type ReconnectPolicy } from '../probe/config.js';
import { CHANNELS_PER_OWNER } from '../protocol/limits.js';
import { HEARTBEAT_INTERVAL_MS, MAX_TIME_SCALE } from '../protocol/timing.js';
import { checkCredentialDestination } from './credential-destination.js';
import { ENV } from './env-names.js';
import { type MetricsPlan, planMetrics } from './metrics-option.js';

/** The `run` command's options as commander hands them over (strings, unparsed). */
export interface RunFlags {
  sim?: boolean;
  scenario?: string;
  timeScale?: string;
  region?: string;
  clientId?: string;
  clientSecret?: string;
  token?: string;
  apiBase?: string;
  loginBase?: string;
  topic?: string[];
  ping?: string;
  keepalive?: string[];
  channels?: string;
  reconnect?: string;
  allowEviction?: boolean;
  proxy?: string;
  ca?: string;
  watchdog?: string;
  httpTimeout?: string;
  duration?: string;
  closures?: string;
  log?: string;
  format?: string;
  status?: boolean;
  metrics?: string;
  metricsLinger?: string;
  /** The full table of closures whatever the terminal's width. */
  wide?: boolean;
  /** False with --no-color. */
  color?: boolean;
}

export type RunTarget =
  | { kind: 'sim'; scenario: string; reason: 'asked' | 'no-credentials' }
  | { kind: 'service'; apiBase: string; loginBase: string; label: string; auth: ProbeAuth };

export type SummaryFormat = 'table' | 'json' | 'markdown';

export interface RunPlan {
  target: RunTarget;
  timeScale: number;
  topics: string[];
  keepalives: KeepaliveStrategy[];
  channelsPerKeepalive: number;
  reconnect: ReconnectPolicy;
  allowEviction: boolean;
  proxy: string | null;
  caFile: string | null;
  watchdogMs: number;
  /** Each REST and OAuth call's deadline, in real milliseconds (the network's, not the scenario's). */
  httpTimeoutMs: number;
  durationMs: number | null;
  maxClosures: number | null;
  logPath: string | null;
  format: SummaryFormat;
  status: boolean;
  /** Where to serve Prometheus metrics while the run lasts (`--metrics`), or null. */
  metrics: MetricsPlan | null;
}

const usage = (message: string): IdleprobeError => new IdleprobeError('IDLEPROBE_ERR_USAGE', message);

/**
 * Turns flags and the environment into a validated plan, with an error that says what to type for every
 * mistake. Flags win over the environment (the names Genesys's own CLI and Terraform provider read).
 * With no credentials anywhere the run goes to the built-in simulator, so the tool works out of the box.
 */
export function planRun(flags: RunFlags, env: Readonly<Record<string, string | undefined>>): RunPlan {
  const region = flags.region ?? env[ENV.region];
  const clientId = flags.clientId ?? env[ENV.clientId];
  const clientSecret = flags.clientSecret ?? env[ENV.clientSecret];
  const token = flags.token ?? env[ENV.token];
  const timeScale = parseTimeScale(flags.timeScale);
  const target = planTarget(flags, { region, clientId, clientSecret, token });
  if (target.kind === 'service') {
    const secretFlag = target.auth.kind === 'token' ? flags.token : flags.clientSecret;
    checkCredentialDestination(
      [
        // One base flag alone serves both REST and OAuth (planTarget): name the one the person typed.
        { flag: flags.apiBase || !flags.loginBase ? '--api-base' : '--login-base', url: target.apiBase },
        { flag: flags.loginBase ? '--login-base' : '--api-base', url: target.loginBase },
      ],
      target.auth,
      { fromEnvironment: secretFlag === undefined },
      env,
    );
  }
  if (timeScale !== 1 && target.kind === 'service' && !flags.apiBase) {
    throw usage(
      '--time-scale only applies to a simulator (--sim, or --api-base pointing at `idleprobe sim`): the real service runs in real time.',
    );
  }
  if (flags.scenario && target.kind !== 'sim') {
    throw usage(
      "--scenario chooses the built-in simulator's behaviour; add --sim, or start `idleprobe sim --scenario ...` and point --api-base at it.",
    );
  }
  const topics = flags.topic ?? [];
  topics.forEach(validateTopic);
  return {
    target,
    timeScale,
    topics,
    keepalives: planKeepalives(flags),
    channelsPerKeepalive: flags.channels ? channelCount(flags.channels) : 1,
    reconnect: parseReconnect(flags.reconnect),
    allowEviction: flags.allowEviction === true,
    proxy: flags.proxy ?? null,
    caFile: flags.ca ?? null,
    watchdogMs: flags.watchdog
      ? positiveDuration(flags.watchdog, '--watchdog')
      : HEARTBEAT_INTERVAL_MS * DEFAULT_WATCHDOG_FACTOR,
    httpTimeoutMs: flags.httpTimeout ? positiveDuration(flags.httpTimeout, '--http-timeout') : DEFAULT_TIMEOUT_MS,
    durationMs: flags.duration ? positiveDuration(flags.duration, '--duration') : null,
    maxClosures: flags.closures ? positiveInteger(flags.closures, '--closures') : null,
    logPath: flags.log ?? null,
    format: parseFormat(flags.format),
    status: flags.status !== false,
    metrics: planMetrics(flags.metrics, flags.metricsLinger),
  };
}

/** `--ping 30s` is shorthand for `--keepalive ping:30s`; several `--keepalive` run side by side. */
function planKeepalives(flags: RunFlags): KeepaliveStrategy[] {
  const written = (flags.keepalive ?? [])
    .flatMap((value) => value.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (flags.ping) {
    if (written.length > 0) throw usage('--ping is shorthand for --keepalive ping:DURATION: give one or the other.');
    written.push(`ping:${flags.ping}`);
  }
  if (written.length === 0) return [{ kind: 'none' }];
  const strategies = written.map(parseKeepalive);
  const labels = new Set(written);
  if (labels.size !== written.length)
    throw usage('each --keepalive strategy once: use --channels N for several identical channels.');
  return strategies;
}

function channelCount(value: string): number {
  const n = positiveInteger(value, '--channels');
  if (n > CHANNELS_PER_OWNER)
    throw usage(
      `--channels ${n} is more than the ${CHANNELS_PER_OWNER} channels Genesys allows per user and OAuth client.`,
    );
  return n;
}

function parseReconnect(value: string | undefined): ReconnectPolicy {
  const policy = value ?? 'same';
  if (policy === 'same' || policy === 'new' || policy === 'off') return policy;
  throw usage(
    `--reconnect "${policy}" is not known: use same (the same channel while it exists), new (a new channel every time) or off.`,
  );
}

function planTarget(
  flags: RunFlags,
  c: {
    region?: string | undefined;
    clientId?: string | undefined;
    clientSecret?: string | undefined;
    token?: string | undefined;
  },
): RunTarget {
  const scenario = flags.scenario ?? 'idle-timeout';
  if (flags.sim) {
    if (flags.apiBase || flags.loginBase || flags.region)
      throw usage('--sim runs the built-in simulator: leave out --region, --api-base and --login-base, or drop --sim.');
    return { kind: 'sim', scenario, reason: 'asked' };
  }
  const anyTarget = c.region || flags.apiBase || flags.loginBase;
  const anyAuth = c.token || c.clientId || c.clientSecret;
  if (!anyTarget && !anyAuth) return { kind: 'sim', scenario, reason: 'no-credentials' };
  // Checked only when used: a stale variable does not stop a --sim run.
  const auth = planAuth({
    clientId: pasted(c.clientId, 'the OAuth client id'),
    clientSecret: pasted(c.clientSecret, 'the OAuth client secret'),
    token: pasted(c.token, 'the token'),
  });
  const eitherBase = flags.apiBase ?? flags.loginBase;
  if (eitherBase) {
    const apiBase = checkBase(eitherBase, flags.apiBase ? '--api-base' : '--login-base');
    const loginBase = checkBase(flags.loginBase ?? eitherBase, flags.loginBase ? '--login-base' : '--api-base');
    return { kind: 'service', apiBase, loginBase, label: apiBase, auth };
  }
  if (!c.region)
    throw usage(
      `say which Genesys Cloud region to probe: --region eu-west-1 (or mypurecloud.ie), or set ${ENV.region}.`,
    );
  const r = resolveRegion(c.region);
  return { kind: 'service', ...serviceBases(r), label: `${r.region} (${r.env})`, auth };
}

function planAuth(c: {
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  token?: string | undefined;
}): ProbeAuth {
  if (c.token) return { kind: 'token', token: c.token };
  if (c.clientId && c.clientSecret)
    return { kind: 'client-credentials', clientId: c.clientId, clientSecret: c.clientSecret };
  if (c.clientId || c.clientSecret) {
    throw usage(
      `client credentials need both an id and a secret: --client-id and --client-secret (or ${ENV.clientId} and ${ENV.clientSecret}).`,
    );
  }
  throw usage(
    `no credentials: give a token with --token (or ${ENV.token}), or an OAuth client with --client-id and --client-secret (or ${ENV.clientId} and ${ENV.clientSecret}).`,
  );
}

/**
 * A credential as it was meant: whitespace and line ends around it are what a paste, a file or a Windows
 * editor add (`$(cat token.txt)` keeps a CR), never part of a token or secret, and would reach the
 * Authorization header, which refuses them. A control character inside stays an error that says which.
 */
function pasted(value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  let at = 0;
  while (at < trimmed.length && trimmed.charCodeAt(at) >= 0x20 && trimmed.charCodeAt(at) !== 0x7f) at += 1;
  if (at < trimmed.length) {
    const code = trimmed.charCodeAt(at);
    const name =
      code === 0x0d
        ? 'a carriage return (CR, \\r), as a file saved on Windows or a terminal paste leaves behind,'
        : code === 0x0a
          ? 'a line break'
          : `a control character (code ${code})`;
    throw usage(
      `${what} contains ${name} at position ${at + 1} of ${trimmed.length}: no token or secret does. Copy it again on one line (tr -d '\\r\\n' removes them from a file).`,
    );
  }
  return trimmed;
}

function checkBase(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usage(`${flag} "${value}" is not a URL: write it like https://api.mypurecloud.ie or http://127.0.0.1:8080.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw usage(`${flag} must be an http:// or https:// URL, not ${url.protocol}`);
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function parseTimeScale(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1)
    throw usage(
      `--time-scale "${value}" must be a number from 1 to ${MAX_TIME_SCALE} (60 turns 15 minutes into 15 seconds).`,
    );
  if (n > MAX_TIME_SCALE) {
    throw usage(
      `--time-scale ${value} is faster than a run can time: at most ${MAX_TIME_SCALE}. A timer that runs ${TIMING_RESOLUTION_REAL_MS} ms late ` +
        `on a busy machine reads as ${value} times that in scenario time, which turns heartbeats on time into missed ones ` +
        'and blurs the causes (60 turns 15 minutes into 15 seconds).',
    );
  }
  return n;
}

function positiveDuration(value: string, flag: string): number {
  const ms = parseDuration(value, flag);
  if (ms <= 0) throw usage(`${flag} must be longer than zero.`);
  return ms;
}

function positiveInteger(value: string, flag: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
    throw usage(`${flag} "${value}" must be a whole number of at least 1.`);
  return Number(value);
}

function parseFormat(value: string | undefined): SummaryFormat {
  const format = value ?? 'table';
  if (format === 'table' || format === 'json' || format === 'markdown') return format;
  throw usage(`--format "${format}" is not known: use table, json or markdown.`);
}
