import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import type { Clock } from '../clock/clock.js';
import { isRecord } from '../protocol/json-record.js';
import { PING_MESSAGE, SYSTEM_TOPIC_PREFIX } from '../protocol/notification-words.js';
import type { ChannelSocket, SimChannel } from './channel-registry.js';
import { armCloseRule, type RuleTarget, type SessionServices, SilenceTimers } from './close-rules.js';
import type { ClientFrameKind, SimJournal, SimRecordInput } from './journal.js';
import type { Scenario } from './scenario.js';
import type { TimerGroup } from './scheduler.js';
import { type FaultTarget, startSocketFaults } from './socket-faults.js';
import { buildTopicEvent, HEARTBEAT_FRAME, PONG_FRAME } from './topic-events.js';

export type { SessionServices } from './close-rules.js';

export interface SocketSessionDeps {
  ws: WebSocket;
  channel: SimChannel;
  scenario: Scenario;
  timers: TimerGroup;
  journal: SimJournal;
  clock: Clock;
  /** This connection's serial number in the journal. */
  serial: number;
  /** The TCP (or TLS) socket under the WebSocket, for a reset: ws offers only a FIN or a plain destroy. */
  tcp: Socket;
  /** Service actions that reach beyond this connection, for the rules that need them. */
  services: SessionServices;
  /** Handles a client text message the session itself does not answer (subscribe over the socket). */
  onClientMessage?: (session: SimSocketSession, message: Record<string, unknown>) => void;
  onEnded?: (session: SimSocketSession) => void;
}

/**
 * One WebSocket connection to a channel, as the service runs it: heartbeats on the scenario's cadence,
 * pong for `{"message":"ping"}`, topic events on subscribed topics, and the scenario's close rules. Every
 * action goes to the journal so tests can compare what the service did with what the probe saw.
 */
export class SimSocketSession implements ChannelSocket, RuleTarget, FaultTarget {
  private ended = false;
  /** Half-open: the socket stays up but nothing reaches the client any more. */
  private silent = false;
  private readonly silence: SilenceTimers;
  private nextTopic = 0;

  constructor(private readonly deps: SocketSessionDeps) {
    this.silence = new SilenceTimers(deps.timers, this);
  }

  get channel(): SimChannel {
    return this.deps.channel;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get isSilent(): boolean {
    return this.silent;
  }

  get serial(): number {
    return this.deps.serial;
  }

  /** Journals a record of this connection: its channel and serial filled in. */
  note(record: Omit<SimRecordInput, 'channel' | 'socket'>): void {
    this.deps.journal.record({ ...record, channel: this.channel.id, socket: this.deps.serial } as SimRecordInput);
  }

  start(): void {
    const { ws, scenario, timers } = this.deps;
    this.note({ kind: 'open' });
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    // Whether the real service answers RFC 6455 pings is unknown; ws answers them, and a scenario decides
    // whether they count as client traffic.
    ws.on('ping', (data) => {
      this.onControlFrame('ws-ping');
      if (!this.silent && ws.readyState === ws.OPEN) ws.pong(data);
    });
    ws.on('pong', () => this.onControlFrame('ws-pong'));
    ws.on('close', (code, reason) => this.onSocketClosed(code, reason.toString()));
    ws.on('error', () => {});
    timers.every(scenario.heartbeatIntervalMs, () => {
      this.send(HEARTBEAT_FRAME);
      this.note({ kind: 'heartbeat' });
    });
    if (scenario.topicEventIntervalMs !== null)
      timers.every(scenario.topicEventIntervalMs, () => this.sendTopicEvent());
    for (const rule of scenario.closeRules)
      armCloseRule(rule, this, { timers, services: this.deps.services, silence: this.silence });
    startSocketFaults(this, scenario.faults ?? [], timers);
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
    if (this.silent) {
      // The path is half-open: the service ends its side, but no frame and no FIN reaches the client,
      // whose socket stays open until its own watchdog gives up (or the simulator stops).
      this.note({ kind: 'close', code, reason, detail: `${detail} (half-open: not delivered)`, by: 'server' });
      return;
    }
    this.note({ kind: 'close', code, reason, detail, by: 'server' });
    this.deps.ws.close(code, reason);
  }

  /** Destroys the TCP connection without a close frame: the client sees 1006. */
  drop(detail: string): void {
    if (this.ended) return;
    this.finish();
    this.note({ kind: 'drop', detail });
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

  /** Half-open path: keep the TCP connection, send nothing more, answer nothing, close nothing. */
  goSilent(detail = 'rule:half-open'): void {
    if (this.ended || this.silent) return;
    this.silent = true;
    this.deps.timers.cancelAll();
    this.silence.clear();
    this.note({ kind: 'drop', detail });
  }

  /** Resets the TCP connection (RST): the client sees 1006 with ECONNRESET. */
  reset(detail: string): void {
    if (this.ended) return;
    this.finish();
    this.note({ kind: 'drop', detail });
    this.deps.tcp.resetAndDestroy();
    this.deps.ws.terminate();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.ended || this.silent) return;
    const bytes = Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : (data as Buffer).byteLength;
    const message = isBinary ? undefined : parseJson(data.toString());
    this.note({ kind: 'client-frame', detail: frameKind(message), bytes });
    this.silence.onClientMessage();
    if (!isRecord(message)) return;
    if (message.message === PING_MESSAGE) {
      this.send(PONG_FRAME);
      this.note({ kind: 'pong' });
      return;
    }
    this.deps.onClientMessage?.(this, message);
  }

  private onControlFrame(what: ClientFrameKind): void {
    if (this.ended || this.silent) return;
    this.note({ kind: 'client-frame', detail: what });
    this.silence.onControlFrame();
  }

  /** `count` messages at once: topic events when topics are subscribed, heartbeats otherwise. */
  sendBurst(count: number): void {
    for (let i = 0; i < count; i++) {
      if (this.channel.topics.size > 0) this.sendTopicEvent();
      else this.send(HEARTBEAT_FRAME);
    }
  }

  private sendTopicEvent(): void {
    const topics = [...this.channel.topics].filter((topic) => !topic.startsWith(SYSTEM_TOPIC_PREFIX));
    if (topics.length === 0) return;
    const topic = topics[this.nextTopic++ % topics.length] as string;
    this.send(buildTopicEvent(topic, this.deps.clock.wallNow()));
    this.note({ kind: 'notification', detail: topic });
  }

  private onSocketClosed(code: number, reason: string): void {
    if (this.ended) return;
    this.finish();
    this.note({ kind: 'close', code, reason, detail: 'by-client', by: 'client' });
  }

  /** Stops every timer of this connection and detaches it from its channel. */
  private finish(): void {
    this.ended = true;
    this.deps.timers.cancelAll();
    this.silence.clear();
    if (this.channel.socket === this) this.channel.socket = null;
    this.deps.onEnded?.(this);
  }
}

/** What a client's data frame was, by the words of the protocol. */
function frameKind(message: unknown): ClientFrameKind {
  if (!isRecord(message)) return 'other';
  if (message.message === PING_MESSAGE) return 'ping';
  if (message.message === 'subscribe') return 'subscribe';
  return 'other';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
