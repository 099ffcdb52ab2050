import { formatDuration } from '../clock/time-text.js';
import type { ChannelSocket, SimChannel } from './channel-registry.js';
import { ownerKeyOf } from './channel-registry.js';
import { warnNoLongerSubscribed, warnSocketClosing } from './close-rules.js';
import { clientLabel } from './journal.js';
import type { TimerGroup } from './scheduler.js';
import { CLOSE_MAINTENANCE, CLOSE_TOKEN_GONE, MAINTENANCE_WARNING_LEAD_MS } from './service-policy.js';
import type { SimContext } from './sim-context.js';
import { revokeToken } from './token-revocation.js';
import { ALL_CHANNELS, type TimelineStep, type Trigger, triggerOptions } from './trigger-schema.js';

/** Where a trigger came from, for the journal. */
export type TriggerSource = 'endpoint' | 'key' | 'timeline';

/** What a trigger did: the control endpoint's 200 body, and the journal's `trigger` record. */
export interface TriggerOutcome {
  action: Trigger['action'];
  /** The channel id it was aimed at, or `*`. */
  channel: string;
  options: Record<string, unknown>;
  /** The channels it acted on. */
  channels: string[];
  /** What it did, in words. */
  done: string;
}

/**
 * The service behaviours a test bench drives on demand, implemented once for the three doors that fire
 * them (the control endpoint, the simulator's keys, a scenario's timeline). Each acts on one channel or on
 * every channel, does what the service would, and journals a `trigger` record after the records its
 * effects made.
 */
export class Triggers {
  private readonly timers: TimerGroup;

  constructor(private readonly context: SimContext) {
    this.timers = context.scheduler.group();
  }

  /** Fires each step of a scenario's timeline at its `at`, scenario time from now (the simulator's start). */
  scheduleTimeline(steps: readonly TimelineStep[]): void {
    for (const step of steps) this.timers.after(step.at, () => this.fire(step, 'timeline'));
  }

  /** Why a trigger cannot be fired as asked (an unknown channel), or null. */
  problem(trigger: Trigger | TimelineStep): string | null {
    if (trigger.channel === ALL_CHANNELS || this.context.channels.get(trigger.channel)) return null;
    return `channel: there is no channel "${trigger.channel}" (it never existed, expired or was evicted); use an id from a channel-created record, or "*"`;
  }

  fire(trigger: Trigger | TimelineStep, source: TriggerSource): TriggerOutcome {
    const options = triggerOptions(trigger);
    const problem = this.problem(trigger);
    const outcome: TriggerOutcome = problem
      ? { action: trigger.action, channel: trigger.channel, options, channels: [], done: `nothing: ${problem}` }
      : { action: trigger.action, channel: trigger.channel, options, ...this.apply(trigger) };
    this.context.journal.record({
      kind: 'trigger',
      channel: trigger.channel,
      action: trigger.action,
      options,
      detail: `${source}: ${outcome.done}`,
    });
    return outcome;
  }

  private apply(trigger: Trigger | TimelineStep): { channels: string[]; done: string } {
    const channels = this.targets(trigger.channel);
    const ids = channels.map((channel) => channel.id);
    // A half-open socket hears nothing more: only a reset still reaches its client.
    const sockets = connected(channels).filter((socket) => trigger.action === 'reset' || !socket.isSilent);
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    switch (trigger.action) {
      case 'maintenance': {
        const lead = trigger.lead ?? MAINTENANCE_WARNING_LEAD_MS;
        const code = trigger.code ?? CLOSE_MAINTENANCE.code;
        const reason = trigger.reason ?? CLOSE_MAINTENANCE.reason;
        for (const socket of sockets) {
          warnSocketClosing(socket);
          this.timers.after(lead, () => socket.closeWith(code, reason, 'trigger:maintenance'));
        }
        return {
          channels: ids,
          done: `warned ${count(sockets.length, 'socket')}; closing with ${code} in ${formatDuration(lead)}`,
        };
      }
      case 'close': {
        const code = trigger.code ?? 1000;
        for (const socket of sockets) socket.closeWith(code, trigger.reason ?? '', 'trigger:close');
        return { channels: ids, done: `closed ${count(sockets.length, 'socket')} with ${code}` };
      }
      case 'evict':
        for (const channel of channels) {
          if ((trigger.notice ?? true) && channel.socket && !channel.socket.isSilent)
            warnNoLongerSubscribed(channel.socket);
          this.context.channels.remove(channel.id, 'evicted');
        }
        return { channels: ids, done: `evicted ${count(channels.length, 'channel')}` };
      case 'expire':
        for (const channel of channels) this.context.channels.remove(channel.id, 'expired');
        return { channels: ids, done: `expired ${count(channels.length, 'channel')}` };
      case 'revoke-token': {
        const tokens = this.liveTokensOf(channels);
        for (const token of tokens) revokeToken(this.context, token, { closeSockets: trigger.closeSockets ?? true });
        return { channels: ids, done: `revoked ${count(tokens.length, 'token')}` };
      }
      case 'idle-token':
        return { channels: ids, done: this.idleTokens(channels) };
      case 'half-open':
        for (const socket of sockets) socket.goSilent('trigger:half-open');
        return { channels: ids, done: `${count(sockets.length, 'socket')} went half-open` };
      case 'reset':
        for (const socket of sockets) socket.reset('trigger:reset');
        return { channels: ids, done: `reset ${count(sockets.length, 'socket')}` };
      case 'refuse':
        this.context.gates.refuse(trigger.channel, trigger.for);
        return { channels: ids, done: `refusing new sockets with 503 for ${formatDuration(trigger.for)}` };
      case 'throttle': {
        const status = trigger.status ?? 429;
        const owners = trigger.channel === ALL_CHANNELS ? [ALL_CHANNELS] : channels.map((c) => ownerKeyOf(c));
        for (const owner of owners) this.context.gates.throttle(owner, status, trigger.retryAfter ?? null, trigger.for);
        const who = trigger.channel === ALL_CHANNELS ? 'every token' : "the channel owner's tokens";
        return { channels: ids, done: `answering ${status} to ${who} for ${formatDuration(trigger.for)}` };
      }
    }
  }

  /**
   * Idles out the tokens that created the channels, as the org's idle token timeout would: REST answers
   * them 401 from now on, and their channels' sockets close with the scenario's token-idle code.
   */
  private idleTokens(channels: SimChannel[]): string {
    const rule = this.context.scenario.closeRules.find((candidate) => candidate.kind === 'token-idle');
    const close = rule ? { code: rule.code, reason: rule.reason } : CLOSE_TOKEN_GONE;
    const tokens = this.liveTokensOf(channels);
    for (const value of tokens) {
      const token = this.context.tokens.find(value);
      if (!token) continue;
      token.idledOut = true;
      this.context.journal.record({
        kind: 'token-idle',
        channel: '',
        client: clientLabel(token),
        detail: 'trigger:idle-token',
      });
      for (const channel of this.context.channels.list((candidate) => candidate.token === value))
        channel.socket?.closeWith(close.code, close.reason, 'trigger:idle-token');
    }
    return `idled out ${tokens.length} token${tokens.length === 1 ? '' : 's'}`;
  }

  /** The tokens that created these channels and are still good: a revoked one is not revoked again. */
  private liveTokensOf(channels: SimChannel[]): string[] {
    return [...new Set(channels.map((channel) => channel.token))].filter(
      (token) => this.context.tokens.check(token).ok,
    );
  }

  private targets(channel: string): SimChannel[] {
    if (channel === ALL_CHANNELS) return this.context.channels.list(() => true);
    const one = this.context.channels.get(channel);
    return one ? [one] : [];
  }
}

function connected(channels: SimChannel[]): ChannelSocket[] {
  return channels.flatMap((channel) => (channel.socket ? [channel.socket] : []));
}
