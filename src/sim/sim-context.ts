import type { Clock } from '../clock/clock.js';
import type { ChannelRegistry } from './channel-registry.js';
import type { SimJournal } from './journal.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RestFaults } from './rest-faults.js';
import type { Scenario } from './scenario.js';
import type { SimScheduler } from './scheduler.js';
import type { ServiceGates } from './service-gates.js';
import type { TokenStore } from './token-store.js';
import type { DeniedTopic } from './topic-permissions.js';

/** The state every handler of the simulated service shares. */
export interface SimContext {
  clock: Clock;
  scheduler: SimScheduler;
  journal: SimJournal;
  tokens: TokenStore;
  /** Null when the simulator runs without a rate limit. */
  rateLimiter: RateLimiter | null;
  restFaults: RestFaults;
  /** Upgrades refused and REST calls throttled for a while, by triggers. */
  gates: ServiceGates;
  channels: ChannelRegistry;
  scenario: Scenario;
  /** Topics the tokens lack a permission for (scenario and options together). */
  deniedTopics: DeniedTopic[];
  clientId: string;
  clientSecret: string;
  /** Scenario time. */
  tokenLifetimeMs: number;
  /** The simulated user behind credentials.userToken. */
  user: { id: string; name: string };
  /** `ws://host:port`, known once the server listens. */
  wsBase(): string;
}
