import { keepaliveLabel } from '../channel/keepalive.js';
import type { SecretScrubber } from '../log/secret-scrubber.js';
import { createNetworkStack, type NetworkStack } from '../net/network-stack.js';
import type { ProxySettings } from '../net/proxy-config.js';
import { proxyCredentialForms } from '../net/proxy-url.js';
import { DEFAULT_BACKOFF, type ProbeConfig } from '../probe/config.js';
import { type RunningSimulator, startSimulator } from '../sim/simulator.js';
import type { CliIo } from './cli-io.js';
import { pacSandboxLoader } from './pac-sandbox.js';
import type { RunPlan } from './run-plan.js';

/**
 * The simulator's agent token, which the run uses as an agent app's own: an agent app renews its token by
 * signing in again, which the probe cannot do with a pasted token, so a 24 h token ended every `run --sim`
 * at 24 h of scenario time with a misleading "token rejected". This one outlives any run (--duration
 * stops at a year); the scenarios that end tokens (idle-token, token-expiry) still do.
 */
const SIM_AGENT_TOKEN_LIFETIME_MS = 10 * 365 * 86_400_000;

/** Everything a run talks to, set up from its plan, and torn down together. */
export interface RunTarget {
  config: ProbeConfig;
  network: NetworkStack;
  sim: RunningSimulator | null;
  label: string;
  /** The proxy the REST calls go through, credentials removed; null when direct. */
  proxyDisplay: string | null;
  close(): Promise<void>;
}

/**
 * Starts the built-in simulator when the plan says so, builds the network path (proxy, extra CAs), and
 * turns the plan into the probe's config. Every secret met on the way goes to the scrubber first.
 */
export async function setUpTarget(plan: RunPlan, io: CliIo, scrubber: SecretScrubber): Promise<RunTarget> {
  // The built-in simulator is on loopback: a proxy from the environment would only get in the way, so
  // only an explicit --proxy applies to it.
  const proxy: ProxySettings = { explicit: plan.proxy, env: plan.target.kind === 'sim' ? {} : io.env };
  addProxySecrets(proxy, scrubber);
  const network = await createNetworkStack({
    proxy,
    pac: plan.pac,
    caFile: plan.caFile,
    clock: io.clock,
    pacSandbox: plan.pac ? await pacSandboxLoader() : null,
  });
  let sim: RunningSimulator | null = null;
  try {
    if (plan.target.kind === 'sim')
      sim = await startSimulator({
        scenario: plan.target.scenario,
        timeScale: plan.timeScale,
        clock: io.clock,
        agentTokenLifetimeMs: SIM_AGENT_TOKEN_LIFETIME_MS,
      });
    const config = probeConfig(plan, sim);
    if (config.auth.kind === 'token') scrubber.add(config.auth.token);
    else scrubber.addClientCredentials(config.auth.clientId, config.auth.clientSecret);
    // Decided now, so a PAC that fails (or names a SOCKS proxy) for the service's hosts stops the start.
    await network.routeFor(config.loginBase);
    const proxyDisplay = (await network.routeFor(config.apiBase)).endpoint?.display ?? null;
    const label = sim
      ? `simulator (scenario ${sim.scenario.name})`
      : plan.target.kind === 'service'
        ? plan.target.label
        : 'unknown';
    const running = sim;
    return {
      config,
      network,
      sim,
      label,
      proxyDisplay,
      async close() {
        await running?.close();
        await network.close();
      },
    };
  } catch (error) {
    await sim?.close();
    await network.close();
    throw error;
  }
}

/** What run-start records about the options: everything but credentials. */
export function publicOptions(plan: RunPlan, target: RunTarget): Record<string, unknown> {
  const { auth, apiBase: _apiBase, loginBase: _loginBase, backoff: _backoff, ...settings } = target.config;
  return {
    ...settings,
    auth: auth.kind === 'token' ? 'token' : { kind: 'client-credentials', clientId: auth.clientId },
    keepalives: plan.keepalives.map(keepaliveLabel),
    proxy: target.proxyDisplay,
    // The PAC's answers for the REST and OAuth hosts; each WebSocket's is in its `path` event.
    ...(target.network.pac() ? { pac: target.network.pac() } : {}),
    ca: plan.caFile,
    ...(plan.target.kind === 'sim' ? { scenario: plan.target.scenario } : {}),
  };
}

function probeConfig(plan: RunPlan, sim: RunningSimulator | null): ProbeConfig {
  const common = {
    topics: plan.topics,
    keepalives: plan.keepalives,
    channelsPerKeepalive: plan.channelsPerKeepalive,
    reconnect: plan.reconnect,
    allowEviction: plan.allowEviction,
    watchdogMs: plan.watchdogMs,
    httpTimeoutMs: plan.httpTimeoutMs,
    durationMs: plan.durationMs,
    maxClosures: plan.maxClosures,
    timeScale: plan.timeScale,
    backoff: DEFAULT_BACKOFF,
  };
  if (sim) {
    // The simulator's agent token: the run reproduces an agent app's own channel, as in the support thread.
    return {
      ...common,
      apiBase: sim.apiBase,
      loginBase: sim.loginBase,
      auth: { kind: 'token', token: sim.credentials.userToken },
    };
  }
  if (plan.target.kind !== 'service') throw new Error('a service target is needed without the simulator');
  return { ...common, apiBase: plan.target.apiBase, loginBase: plan.target.loginBase, auth: plan.target.auth };
}

/** Proxy credentials are secrets like any other: whatever prints them is filtered. */
function addProxySecrets(proxy: ProxySettings, scrubber: SecretScrubber): void {
  const values = [
    proxy.explicit,
    ...['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'].map((name) => proxy.env[name]),
  ];
  for (const value of values) {
    if (value) for (const form of proxyCredentialForms(value)) scrubber.add(form);
  }
}
