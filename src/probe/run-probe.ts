import type { IdleprobeError } from '../errors.js';
import type { RunEndReason } from '../events/types.js';
import { ChannelBudget } from './channel-budget.js';
import { asIdleprobeError, ChannelLane, type LaneShared } from './channel-lane.js';
import { type LoopDelaySampler, nodeLoopDelaySampler, watchClientHealth } from './client-health.js';
import type { ProbeConfig, ProbeDeps } from './config.js';
import { resolveTopics } from './resolve-topics.js';
import { StopLatch } from './stop-latch.js';
import { TokenKeeper } from './token-keeper.js';

export interface ProbeOutcome {
  endReason: RunEndReason;
  closures: number;
  /** Set when the run ended because of an error it could not recover from. */
  error?: IdleprobeError;
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
 * measure yet); errors after it are logged and retried, because a long soak must survive a blip.
 */
export function startProbe(config: ProbeConfig, deps: ProbeRunDeps): ProbeHandle {
  const latch = new StopLatch();
  const done = runProbe(config, deps, latch);
  return { done, stop: (reason) => latch.stop(reason) };
}

async function runProbe(config: ProbeConfig, deps: ProbeRunDeps, latch: StopLatch): Promise<ProbeOutcome> {
  const { bus, clock } = deps;
  const aborter = new AbortController();
  void latch.stopped.then(() => aborter.abort());
  const tokens = new TokenKeeper(config.auth, {
    apiBase: config.apiBase,
    loginBase: config.loginBase,
    bus,
    clock,
    timeScale: config.timeScale,
    onSecret: deps.onSecret,
    signal: aborter.signal,
    ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
  });
  const durationTimer =
    config.durationMs === null
      ? null
      : clock.setTimer(config.durationMs / config.timeScale, () => latch.stop('duration'));
  const health = watchClientHealth({
    bus,
    clock,
    windowMs: Math.max(1_000, HEALTH_WINDOW_MS / config.timeScale),
    sampler: deps.loopDelay ?? nodeLoopDelaySampler(),
  });
  let closures = 0;
  let conn = 0;
  let opened = false;
  let error: IdleprobeError | undefined;
  try {
    await tokens.start();
    const topics = await resolveTopics(tokens.api(), config.topics, bus);
    const budget = new ChannelBudget(() => tokens.api(), config.allowEviction, bus);
    const lanes = config.keepalives.flatMap((strategy) =>
      Array.from({ length: config.channelsPerKeepalive }, () => strategy),
    );
    await budget.reserve(lanes.length);
    const shared: LaneShared = {
      config,
      deps,
      latch,
      tokens,
      budget,
      topics,
      nextConn: () => ++conn,
      countClosure: () => {
        closures += 1;
        if (config.maxClosures !== null && closures >= config.maxClosures) latch.stop('closures');
        return latch.reason !== null;
      },
      markOpened: () => {
        opened = true;
      },
      hasOpened: () => opened,
    };
    const results = await Promise.allSettled(lanes.map((strategy) => new ChannelLane(strategy, shared).run()));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    // Every lane ended by itself (`--reconnect off`): the closures ended the run.
    latch.stop('closures');
  } catch (caught) {
    // A stop aborts the REST calls in flight; what that abort throws is not an error of the run.
    if (!(latch.reason !== null && aborter.signal.aborted)) {
      error = asIdleprobeError(caught);
      bus.publish({ event: 'error', code: error.code, message: error.message });
      latch.stop('error');
    }
  } finally {
    durationTimer?.cancel();
    tokens.stop();
    health.stop();
  }
  const endReason = latch.reason ?? 'error';
  bus.publish({ event: 'run-end', reason: endReason, closures });
  return { endReason, closures, ...(error ? { error } : {}) };
}
