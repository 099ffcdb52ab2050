import type { AddressInfo } from 'node:net';
import { systemClock } from '../clock/system-clock.js';
import { IdleprobeError } from '../errors.js';
import { findScenario } from './built-in-scenarios.js';
import { ChannelRegistry } from './channel-registry.js';
import { sendGenesysError } from './http-io.js';
import { handleRequest } from './http-routes.js';
import { newGuid, newSecret } from './ids.js';
import { SimJournal } from './journal.js';
import { parsePublicUrl } from './public-url.js';
import { DEFAULT_RATE_LIMIT, RateLimiter } from './rate-limiter.js';
import { RestFaults } from './rest-faults.js';
import { resolveScenario } from './scenario-file.js';
import { validateScenario } from './scenario-validation.js';
import { SimScheduler } from './scheduler.js';
import { ServiceGates } from './service-gates.js';
import type { SimContext } from './sim-context.js';
import {
  checkPositive,
  checkRateLimit,
  hostForUrl,
  type RunningSimulator,
  type SimulatorOptions,
} from './simulator-options.js';
import { SocketGateway } from './socket-gateway.js';
import { type RunningRelay, startRelay } from './tcp-relay.js';
import { createSimServer, setUpSimTls } from './tls/sim-tls.js';
import { revokeToken } from './token-revocation.js';
import { TokenStore } from './token-store.js';
import { Triggers } from './triggers.js';

export type { Intermediary } from './intermediary.js';
export type { ClientFrameKind, SimRecord, SimRecordKind } from './journal.js';
export type { RateLimit } from './rate-limiter.js';
export type { RunningSimulator, SimulatorCredentials, SimulatorOptions, SimulatorTls } from './simulator-options.js';
export type { RevokeOptions } from './token-revocation.js';
export type { DeniedTopic } from './topic-permissions.js';
export type { Trigger, TriggerAction } from './trigger-schema.js';
export type { TriggerOutcome, TriggerSource } from './triggers.js';

const DEFAULT_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * Starts a Genesys-like notification service on one port: OAuth, the Platform API calls idleprobe uses,
 * and the channel WebSockets, behaving as the scenario says; with an intermediary, the WebSockets are
 * reached through a relay on a second port that cuts connections on its own timer.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? systemClock;
  const timeScale = checkPositive(options.timeScale ?? 1, 'timeScale');
  const tokenLifetimeMs = checkPositive(options.tokenLifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS, 'tokenLifetimeMs');
  const scenario = validateScenario(
    {
      ...(typeof options.scenario === 'string'
        ? await resolveScenario(options.scenario)
        : (options.scenario ?? findScenario('idle-timeout'))),
      ...(options.intermediary === undefined ? {} : { intermediary: options.intermediary }),
    },
    typeof options.scenario === 'string' ? options.scenario : 'the simulator options',
  );

  const publicBase = options.publicUrl === undefined ? null : checkPublicUrl(options.publicUrl);
  // Certificates are checked against the machine's real time, whatever clock the scenario runs on.
  const tls = options.tls
    ? await setUpSimTls(host, publicBase?.hostname ?? null, new Date(systemClock.wallNow()))
    : null;
  const rateLimit = options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : checkRateLimit(options.rateLimit);
  const journal = new SimJournal(clock, timeScale);
  const scheduler = new SimScheduler(clock, timeScale, (error) => journal.fault(error));
  const clientId = options.clientId ?? newGuid();
  const userId = newGuid();
  let port = 0;
  let relay: RunningRelay | null = null;
  const context: SimContext = {
    clock,
    scheduler,
    journal,
    scenario,
    tokenLifetimeMs,
    tokens: new TokenStore(clock, timeScale),
    channels: new ChannelRegistry(scheduler, journal, scenario.channelLimit),
    restFaults: new RestFaults(scenario.faults ?? [], scheduler, journal),
    gates: new ServiceGates(clock, timeScale),
    rateLimiter: rateLimit === null ? null : new RateLimiter(clock, rateLimit, timeScale),
    deniedTopics: [...(scenario.deniedTopics ?? []), ...(options.deniedTopics ?? [])],
    clientId,
    clientSecret: options.clientSecret ?? newSecret(),
    user: { id: userId, name: 'Simulated Agent' },
    // A front stands where the streaming host would be; so does the relay, when there is no front:
    // only connectUri points at it.
    wsBase: () => publicBase?.ws ?? `${tls ? 'wss' : 'ws'}://${hostForUrl(host)}:${relay?.port ?? port}`,
  };
  // The org's idle token timeout is an org setting: a scenario that closes idle tokens' channels sets it.
  const idleRule = scenario.closeRules.find((rule) => rule.kind === 'token-idle');
  context.tokens.setIdleTimeout(idleRule?.afterMs ?? null);
  const agentLifetimeMs = checkPositive(options.agentTokenLifetimeMs ?? tokenLifetimeMs, 'agentTokenLifetimeMs');
  const userToken = context.tokens.issue({ clientId, userId }, agentLifetimeMs).value;

  const triggers = new Triggers(context);
  const server = createSimServer(tls, (request, response) => {
    handleRequest(context, triggers, request, response).catch((error: unknown) => {
      journal.fault(error);
      if (!response.headersSent)
        sendGenesysError(response, 500, 'internal.server.error', 'The simulator failed on this request.');
      else response.destroy();
    });
  });
  const gateway = new SocketGateway(context);
  server.on('upgrade', (request, socket, head: Buffer) => gateway.handleUpgrade(request, socket, head));

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: Error) =>
      reject(
        new IdleprobeError(
          'IDLEPROBE_ERR_SIM',
          `The simulator could not listen on ${host}:${options.port ?? 0}: ${error.message}. Pick another port or host.`,
          { cause: error },
        ),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  }).catch(async (error: unknown) => {
    await tls?.caFile.remove();
    throw error;
  });
  port = (server.address() as AddressInfo).port;
  if (scenario.intermediary) {
    relay = await startRelay({
      host,
      upstreamPort: () => port,
      intermediary: scenario.intermediary,
      scheduler,
      journal,
    });
  }
  triggers.scheduleTimeline(scenario.timeline ?? []);
  const localBase = `${tls ? 'https' : 'http'}://${hostForUrl(host)}:${port}`;
  const base = publicBase?.http ?? localBase;

  let closed: Promise<void> | undefined;
  return {
    apiBase: base,
    loginBase: base,
    localBase,
    port,
    tls: tls && { caFile: tls.caFile.path, caPem: tls.pki.caPem, hosts: tls.pki.hosts },
    relayPort: relay?.port ?? null,
    credentials: { clientId, clientSecret: context.clientSecret, userToken, userId },
    scenario,
    timeScale,
    journal,
    revokeToken: (token, revokeOptions) => revokeToken(context, token, revokeOptions),
    trigger: (trigger, source) => triggers.fire(trigger, source),
    close() {
      closed ??= (async () => {
        scheduler.cancelAll();
        gateway.closeAll();
        await relay?.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await tls?.caFile.remove();
      })();
      return closed;
    },
  };
}

function checkPublicUrl(text: string) {
  const parsed = parsePublicUrl(text);
  if (parsed.ok) return parsed.base;
  throw new IdleprobeError('IDLEPROBE_ERR_SIM', `The simulator's publicUrl "${text}" ${parsed.problem}.`);
}
