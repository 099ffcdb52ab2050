import { ScenarioTime } from '../clock/scenario-time.js';
import type { IdleprobeError } from '../errors.js';
import type { RunEndReason } from '../events/types.js';
import { ChannelBudget } from './channel-budget.js';
import { ChannelLane } from './channel-lane.js';
import { type LoopDelaySampler, nodeLoopDelaySampler, watchClientHealth } from './client-health.js';
import type { ProbeConfig, ProbeDeps } from './config.js';
import { knownFailure, type UnexpectedFailure } from './failure.js';
import type { LaneContext } from './lane-context.js';
import { LaneStopped } from './lane-stopped.js';
import { retryPassing } from './passing-trouble.js';
import { resolveTopics } from './resolve-topics.js';
import { RunState } from './run-state.js';
import { TokenKeeper } from './token-keeper.js';

export interface ProbeOutcome {
  endReason: RunEndReason;
  closures: number;
  /** Set when the run ended because of an error it could not recover from, or a bug. */
  error?: IdleprobeError | UnexpectedFailure;
}

export interface ProbeHandle {
  /** Resolves when the run has stopped and every connection is closed. */
  readonly done: Promise<ProbeOutcome>;
  /** Asks the run to stop (Ctrl-C, SIGTERM); the summary still follows. */
  stop(reason: RunEndReason): void;
}

export interface ProbeRunDeps extends ProbeDeps {
  onSecret: (secret: string) => void;
  /** Event-loop delay source; Node's histogram by default. */
  loopDelay?: LoopDelaySampler;
}

/** One client-health line per scenario minute (closure-causes.md asks for per-minute figures). */
const HEALTH_WINDOW_MS = 60_000;

/**
 * A probe run: token -> topics -> channel budget -> one lane of channels per keepalive strategy, side by
 * side, until a stop condition. Errors before the first connection opens end the run at once (nothing to
 * measure yet); errors after it are logged and retried, because a long soak must survive a blip. A throw
 * that is none of the errors the probe knows is a bug: it ends the run whenever it happens.
 */
export function startProbe(config: ProbeConfig, deps: ProbeRunDeps): ProbeHandle {
  const run = new RunState(config.maxClosures, deps.bus);
  const done = runProbe(config, deps, run);
  return { done, stop: (reason) => run.stop(reason) };
}

async function runProbe(config: ProbeConfig, deps: ProbeRunDeps, run: RunState): Promise<ProbeOutcome> {
  const { bus } = deps;
  const time = new ScenarioTime(deps.clock, config.timeScale);
  const tokens = new TokenKeeper(config.auth, {
    apiBase: config.apiBase,
    loginBase: config.loginBase,
    bus,
    time,
    run,
    onSecret: deps.onSecret,
    signal: run.signal,
    ...(config.httpTimeoutMs === undefined ? {} : { httpTimeoutMs: config.httpTimeoutMs }),
    ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
  });
  const durationTimer = config.durationMs === null ? null : time.after(config.durationMs, () => run.stop('duration'));
  const health = watchClientHealth({
    bus,
    time,
    windowMs: HEALTH_WINDOW_MS,
    sampler: deps.loopDelay ?? nodeLoopDelaySampler(),
  });
  let error: IdleprobeError | undefined;
  /** Ends the run on what a lane or the start could not get past; the first error is the run's. */
  const end = (caught: unknown): void => {
    const known = knownFailure(caught);
    // A stop aborts the REST calls in flight; what that abort throws is not an error of the run.
    if (run.stopReason !== null && (known !== null || isAbort(caught))) return;
    if (!known) {
      run.fail(caught);
      return;
    }
    if (error || run.failure) return;
    error = known;
    // A lane that stopped has logged its failure and its end already.
    if (!(known instanceof LaneStopped)) bus.publish({ event: 'error', code: known.code, message: known.message });
    run.stop('error');
  };
  const random = deps.random ?? Math.random;
  const retryContext = { run, time, bus, random, backoff: config.backoff };
  // The calls before the first lane meet passing trouble as the lanes do: retried a few times, then told.
  const retry = <T>(work: () => Promise<T>): Promise<T> => retryPassing(work, retryContext);
  try {
    await retry(() => tokens.start());
    const topics = await resolveTopics(tokens.api(), config.topics, bus, retry);
    const budget = new ChannelBudget(() => tokens.api(), config.allowEviction, bus, retry);
    const strategies = config.keepalives.flatMap((strategy) =>
      Array.from({ length: config.channelsPerKeepalive }, () => strategy),
    );
    await budget.reserve(strategies.length);
    const context: LaneContext = {
      config,
      run,
      time,
      bus,
      tokens,
      budget,
      topics,
      lanes: strategies.length,
      random,
      ...(deps.connect ? { connect: deps.connect } : {}),
      ...(deps.describePath ? { describePath: deps.describePath } : {}),
      ...(deps.proxyFor ? { proxyFor: deps.proxyFor } : {}),
    };
    // A lane that cannot go on ends the whole run: the other lanes stop with it.
    await Promise.all(
      strategies.map((strategy, index) => new ChannelLane(strategy, index + 1, context).run().catch(end)),
    );
    // Every lane ended by itself (`--reconnect off`): the closures ended the run.
    run.stop('closures');
  } catch (caught) {
    end(caught);
  } finally {
    durationTimer?.cancel();
    tokens.stop();
    health.stop();
  }
  const endReason = run.stopReason ?? 'error';
  bus.publish({ event: 'run-end', reason: endReason, closures: run.closures });
  const failure = run.failure ?? error;
  return { endReason, closures: run.closures, ...(failure ? { error: failure } : {}) };
}

function isAbort(thrown: unknown): boolean {
  return thrown instanceof Error && thrown.name === 'AbortError';
}
