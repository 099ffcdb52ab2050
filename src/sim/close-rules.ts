import type { Timer } from '../clock/clock.js';
import { channelSystemTopic, NO_LONGER_SUBSCRIBED, SOCKET_CLOSING_TOPIC } from '../protocol/notification-words.js';
import type { SimChannel } from './channel-registry.js';
import type { SimRecordInput } from './journal.js';
import type { CloseRule } from './scenario.js';
import type { TimerGroup } from './scheduler.js';
import { CLOSE_CHANNEL_EVICTED, CLOSE_REPLACED, CLOSE_TOKEN_GONE, type ServiceClose } from './service-policy.js';
import { buildSystemMessage } from './topic-events.js';

/** What a close rule may do to the connection it is armed on. */
export interface RuleTarget {
  readonly channel: SimChannel;
  send(message: unknown): void;
  closeWith(code: number, reason: string, detail: string): void;
  drop(detail: string): void;
  /** Half-open path: stop sending and answering, keep the TCP connection. */
  goSilent(detail?: string): void;
  /** Journals a record of this connection (its channel and socket serial filled in). */
  note(record: Omit<SimRecordInput, 'channel' | 'socket'>): void;
}

export interface SessionServices {
  /** Real milliseconds until the token that created the channel expires, or null if it never will. */
  tokenRemainingRealMs(channel: SimChannel): number | null;
  /** Real milliseconds until that token idles out (0 when it already has), or null if it never will. */
  tokenIdleRemainingRealMs(channel: SimChannel): number | null;
  /** Removes the channel as an eviction does (HEAD 404 afterwards), closing this socket with `close`. */
  evict(channel: SimChannel, close: ServiceClose): void;
}

type ClientSilenceRule = Extract<CloseRule, { kind: 'client-silence' }>;

/**
 * The client-silence rules of one connection. The observed idle timer counts client messages, so every
 * message restarts each timer; control frames restart only the rules that count them.
 */
export class SilenceTimers {
  private readonly timers = new Map<ClientSilenceRule, Timer>();

  constructor(
    private readonly group: TimerGroup,
    private readonly target: RuleTarget,
  ) {}

  arm(rule: ClientSilenceRule): void {
    this.timers.get(rule)?.cancel();
    this.timers.set(
      rule,
      this.group.after(rule.afterMs, () => this.target.closeWith(rule.code, rule.reason, 'rule:client-silence')),
    );
  }

  onClientMessage(): void {
    for (const rule of this.timers.keys()) this.arm(rule);
  }

  onControlFrame(): void {
    for (const rule of this.timers.keys()) if (rule.countControlFrames) this.arm(rule);
  }

  clear(): void {
    this.timers.clear();
  }
}

/** Arms one scenario close rule on a connection that has just opened (times count from the open). */
export function armCloseRule(
  rule: CloseRule,
  target: RuleTarget,
  deps: { timers: TimerGroup; services: SessionServices; silence: SilenceTimers },
): void {
  const { timers, services } = deps;
  const channel = target.channel;
  switch (rule.kind) {
    case 'client-silence':
      deps.silence.arm(rule);
      return;
    case 'max-age':
      timers.after(rule.afterMs, () => target.closeWith(rule.code, rule.reason, 'rule:max-age'));
      return;
    case 'maintenance':
      if (rule.warningLeadMs !== null) {
        timers.after(Math.max(0, rule.afterMs - rule.warningLeadMs), () => warnSocketClosing(target));
      }
      timers.after(rule.afterMs, () => target.closeWith(rule.code, rule.reason, 'rule:maintenance'));
      return;
    case 'drop':
      timers.after(rule.afterMs, () => target.drop('rule:drop'));
      return;
    case 'half-open':
      timers.after(rule.afterMs, () => target.goSilent());
      return;
    case 'token-expiry': {
      const remaining = services.tokenRemainingRealMs(channel);
      if (remaining === null) return;
      // The group takes scenario time; the token's remaining life is real time.
      timers.after(remaining * timers.timeScale, () =>
        target.closeWith(
          rule.code ?? CLOSE_TOKEN_GONE.code,
          rule.reason ?? CLOSE_TOKEN_GONE.reason,
          'rule:token-expiry',
        ),
      );
      return;
    }
    case 'token-idle': {
      // Every API call with the token pushes the moment out, so the timer checks again when it fires.
      const check = (): void => {
        const remaining = services.tokenIdleRemainingRealMs(channel);
        if (remaining === null) return;
        if (remaining > 0) {
          timers.after(remaining * timers.timeScale, check);
          return;
        }
        target.note({ kind: 'token-idle', detail: 'rule:token-idle' });
        target.closeWith(rule.code, rule.reason, 'rule:token-idle');
      };
      check();
      return;
    }
    case 'evict':
      timers.after(rule.afterMs, () => {
        if (rule.notice) warnNoLongerSubscribed(target);
        services.evict(channel, {
          code: rule.code ?? CLOSE_CHANNEL_EVICTED.code,
          reason: rule.reason ?? CLOSE_CHANNEL_EVICTED.reason,
        });
      });
      return;
    case 'second-socket':
      timers.after(rule.afterMs, () =>
        target.closeWith(rule.code ?? CLOSE_REPLACED.code, rule.reason ?? CLOSE_REPLACED.reason, 'rule:second-socket'),
      );
      return;
  }
}

/** The documented maintenance warning, `v2.system.socket_closing`, about a minute before the close. */
export function warnSocketClosing(target: Pick<RuleTarget, 'channel' | 'send' | 'note'>): void {
  target.send(
    buildSystemMessage(SOCKET_CLOSING_TOPIC, {
      channelId: target.channel.id,
      message: 'Socket closing for service maintenance',
    }),
  );
  target.note({ kind: 'warning', detail: SOCKET_CLOSING_TOPIC });
}

/** `v2.system.no_longer_subscribed.{channelId}`: the notice before a channel is taken away. */
export function warnNoLongerSubscribed(target: Pick<RuleTarget, 'channel' | 'send' | 'note'>): void {
  const topic = channelSystemTopic(NO_LONGER_SUBSCRIBED, target.channel.id);
  target.send(
    buildSystemMessage(topic, {
      channelId: target.channel.id,
      systemTopicType: NO_LONGER_SUBSCRIBED,
      reason: 'another_channel_subscribed',
    }),
  );
  target.note({ kind: 'warning', detail: topic });
}
