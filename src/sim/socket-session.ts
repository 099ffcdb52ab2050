import type { WebSocket, RawData } from 'ws';
import type { Clock, Timer } from '../clock/clock.js';
import type { ChannelSocket, SimChannel } from './channel-registry.js';
import type { SimJournal } from './journal.js';
import type { CloseRule, Scenario } from './scenario.js';
import type { TimerGroup } from './scheduler.js';
import { CLOSE_CHANNEL_EVICTED, CLOSE_REPLACED, CLOSE_TOKEN_GONE, type ServiceClose } from './service-policy.js';
import { startSocketFaults } from './socket-faults.js';
import { buildSystemMessage, buildTopicEvent, HEARTBEAT_MESSAGE, PONG_MESSAGE } from './topic-events.js';

export interface SocketSessionDeps {
  ws: WebSocket;
  channel: SimChannel;
  scenario: Scenario;
  timers: TimerGroup;
  journal: SimJournal;
  clock: Clock;
  /** Service actions that reach beyond this connection, for the rules that need them. */
  services: SessionServices;
  /** Handles a client text message the session itself does not answer (subscribe over the socket). */
  onClientMessage?: (session: SimSocketSession, message: Record<string, unknown>) => void;
  onEnded?: (session: SimSocketSession) => void;
}

export interface SessionServices {
  /** Real milliseconds until the token that created the channel expires, or null if it never will. */
  tokenRemainingRealMs(channel: SimChannel): number | null;
  /** Removes the channel as an eviction does (HEAD 404 afterwards), closing this socket with `close`. */
  evict(channel: SimChannel, close: ServiceClose): void;
}

type ClientSilenceRule = Extract<CloseRule, { kind: 'client-silence' }>;

/**
 * One WebSocket connection to a channel, as the service runs it: heartbeats on the scenario's cadence,
 * pong for `{"message":"ping"}`, topic events on subscribed topics, and the scenario's close rules. Every
 * action goes to the journal so tests can compare what the service did with what the probe saw.
 */
export class SimSocketSession implements ChannelSocket {
  private ended = false;
  /** Half-open: the socket stays up but nothing reaches the client any more. */
  private silent = false;
  private readonly silenceTimers = new Map<ClientSilenceRule, Timer>();
  private nextTopic = 0;

  constructor(private readonly deps: SocketSessionDeps) {}

  get channel(): SimChannel {
    return this.deps.channel;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  start(): void {
    const { ws, scenario, timers, journal, channel } = this.deps;
    journal.record({ kind: 'open', channel: channel.id });
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    // Whether the real service answers RFC 6455 pings is unknown; ws answers them, and a scenario decides
    // whether they count as client traffic.
    ws.on('ping', (data) => {
      this.onControlFrame('ping-frame');
      if (!this.silent && ws.readyState === ws.OPEN) ws.pong(data);
    });
    ws.on('pong', () => this.onControlFrame('pong-frame'));
    ws.on('close', (code, reason) => this.onSocketClosed(code, reason.toString()));
    ws.on('error', () => {});
    timers.every(scenario.heartbeatIntervalMs, () => {
      this.send(HEARTBEAT_MESSAGE);
      journal.record({ kind: 'heartbeat', channel: channel.id });
    });
    if (scenario.topicEventIntervalMs !== null) timers.every(scenario.topicEventIntervalMs, () => this.sendTopicEvent());
    for (const rule of scenario.closeRules) this.armRule(rule);
    startSocketFaults(this, scenario.faults ?? [], timers, journal);
  }

  /** Sends a JSON message if the socket is still open. */
  send(message: unknown): void {
    const { ws } = this.deps;
    if (this.ended || this.silent || ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify(message), () => {});
  }

  /** Sends a raw frame (faults: non-JSON text, binary, oversized) if the socket is still open. */
  sendRaw(data: string | Buffer): void {
    const { ws } = this.deps;
    if (this.ended || this.silent || ws.readyState !== ws.OPEN) return;
    ws.send(data, () => {});
  }

  /** Closes with a close frame (the client sees a clean close with this code and reason). */
  closeWith(code: number, reason: string, detail: string): void {
    if (this.ended) return;
    this.finish();
    this.deps.journal.record({ kind: 'close', channel: this.channel.id, code, reason, detail });
    this.deps.ws.close(code, reason);
  }

  /** Destroys the TCP connection without a close frame: the client sees 1006. */
  drop(detail: string): void {
    if (this.ended) return;
    this.finish();
    this.deps.journal.record({ kind: 'drop', channel: this.channel.id, detail });
    this.deps.ws.terminate();
  }

  /** Ends the connection silently because the whole simulator is stopping. */
  shutdown(): void {
    if (this.ended) return;
    this.finish();
    this.deps.ws.terminate();
  }

  endForChannel(code: number, reason: string, detail: string): void {
    this.closeWith(code, reason, detail);
  }

  private armRule(rule: CloseRule): void {
    const { timers, journal, channel } = this.deps;
    switch (rule.kind) {
      case 'client-silence':
        this.restartSilence(rule);
        break;
      case 'max-age':
        timers.after(rule.afterMs, () => this.closeWith(rule.code, rule.reason, 'rule:max-age'));
        break;
      case 'maintenance':
        if (rule.warningLeadMs !== null) {
          timers.after(Math.max(0, rule.afterMs - rule.warningLeadMs), () => {
            this.send(buildSystemMessage('v2.system.socket_closing', { channelId: channel.id, message: 'Socket closing for service maintenance' }));
            journal.record({ kind: 'warning', channel: channel.id, detail: 'v2.system.socket_closing' });
          });
        }
        timers.after(rule.afterMs, () => this.closeWith(rule.code, rule.reason, 'rule:maintenance'));
        break;
      case 'drop':
        timers.after(rule.afterMs, () => this.drop('rule:drop'));
        break;
      case 'half-open':
        timers.after(rule.afterMs, () => this.goSilent());
        break;
      case 'token-expiry': {
        const remaining = this.deps.services.tokenRemainingRealMs(channel);
        if (remaining === null) break;
        // The group takes scenario time; the token's remaining life is real time.
        timers.after(remaining * this.timeScale(), () =>
          this.closeWith(rule.code ?? CLOSE_TOKEN_GONE.code, rule.reason ?? CLOSE_TOKEN_GONE.reason, 'rule:token-expiry'));
        break;
      }
      case 'evict':
        timers.after(rule.afterMs, () => {
          if (rule.notice) {
            const topic = `v2.system.no_longer_subscribed.${channel.id}`;
            this.send(buildSystemMessage(topic, { channelId: channel.id, systemTopicType: 'no_longer_subscribed', reason: 'another_channel_subscribed' }));
            journal.record({ kind: 'warning', channel: channel.id, detail: topic });
          }
          this.deps.services.evict(channel, { code: rule.code ?? CLOSE_CHANNEL_EVICTED.code, reason: rule.reason ?? CLOSE_CHANNEL_EVICTED.reason });
        });
        break;
      case 'second-socket':
        timers.after(rule.afterMs, () =>
          this.closeWith(rule.code ?? CLOSE_REPLACED.code, rule.reason ?? CLOSE_REPLACED.reason, 'rule:second-socket'));
        break;
    }
  }

  private timeScale(): number {
    return this.deps.timers.timeScale;
  }

  /** Half-open path: keep the TCP connection, send nothing more, answer nothing, close nothing. */
  private goSilent(): void {
    this.silent = true;
    this.deps.timers.cancelAll();
    this.silenceTimers.clear();
    this.deps.journal.record({ kind: 'drop', channel: this.channel.id, detail: 'rule:half-open' });
  }

  private restartSilence(rule: ClientSilenceRule): void {
    this.silenceTimers.get(rule)?.cancel();
    this.silenceTimers.set(rule, this.deps.timers.after(rule.afterMs, () => this.closeWith(rule.code, rule.reason, 'rule:client-silence')));
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.ended || this.silent) return;
    const { journal, channel } = this.deps;
    const bytes = Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : (data as Buffer).byteLength;
    journal.record({ kind: 'client-frame', channel: channel.id, detail: `${isBinary ? 'binary' : 'text'} ${bytes} bytes` });
    // The observed idle timer counts client messages; every message resets it.
    for (const rule of this.silenceTimers.keys()) this.restartSilence(rule);
    if (isBinary) return;
    const message = parseObject(data.toString());
    if (!message) return;
    if (message['message'] === 'ping') {
      this.send(PONG_MESSAGE);
      journal.record({ kind: 'pong', channel: channel.id });
      return;
    }
    this.deps.onClientMessage?.(this, message);
  }

  private onControlFrame(what: 'ping-frame' | 'pong-frame'): void {
    if (this.ended || this.silent) return;
    this.deps.journal.record({ kind: 'client-frame', channel: this.channel.id, detail: what });
    for (const rule of this.silenceTimers.keys()) if (rule.countControlFrames) this.restartSilence(rule);
  }

  /** `count` messages at once: topic events when topics are subscribed, heartbeats otherwise. */
  sendBurst(count: number): void {
    for (let i = 0; i < count; i++) {
      if (this.channel.topics.size > 0) this.sendTopicEvent();
      else this.send(HEARTBEAT_MESSAGE);
    }
  }

  private sendTopicEvent(): void {
    const topics = [...this.channel.topics].filter((topic) => !topic.startsWith('v2.system.'));
    if (topics.length === 0) return;
    const topic = topics[this.nextTopic++ % topics.length] as string;
    this.send(buildTopicEvent(topic, this.deps.clock.wallNow()));
    this.deps.journal.record({ kind: 'notification', channel: this.channel.id, detail: topic });
  }

  private onSocketClosed(code: number, reason: string): void {
    if (this.ended) return;
    this.finish();
    this.deps.journal.record({ kind: 'close', channel: this.channel.id, code, reason, detail: 'by-client' });
  }

  /** Stops every timer of this connection and detaches it from its channel. */
  private finish(): void {
    this.ended = true;
    this.deps.timers.cancelAll();
    this.silenceTimers.clear();
    if (this.channel.socket === this) this.channel.socket = null;
    this.deps.onEnded?.(this);
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
