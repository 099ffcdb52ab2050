import type { PathDescriber, WebSocketFactory } from '../channel/session.js';
import type { ScenarioTime } from '../clock/scenario-time.js';
import type { EventBus } from '../events/bus.js';
import type { ChannelBudget } from './channel-budget.js';
import type { ProbeConfig } from './config.js';
import type { RunState } from './run-state.js';
import type { TokenKeeper } from './token-keeper.js';

/**
 * What the run hands each of its lanes: the config, the run's shared state, its timers in scenario time,
 * and the services a lane calls. Built once by the run; lanes and their connections only read it.
 */
export interface LaneContext {
  config: ProbeConfig;
  run: RunState;
  time: ScenarioTime;
  bus: EventBus;
  tokens: TokenKeeper;
  budget: ChannelBudget;
  /** The topics every channel subscribes to, `{me}` already filled in. */
  topics: string[];
  /** How WebSockets are opened and their path described; the defaults when absent. */
  connect?: WebSocketFactory;
  describePath?: PathDescriber;
  /** The proxy (credentials removed) a connection to this URL goes through, or null when direct. */
  proxyFor?: (url: string) => string | null;
  /** How many lanes the run has: a lane names itself in what it says only when there are several. */
  lanes: number;
  /** Uniform in [0, 1): the backoff's jitter. */
  random: () => number;
}
