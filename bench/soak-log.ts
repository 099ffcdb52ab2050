import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Writes a soak-shaped event log for the offline benchmarks: lines exactly as the event log prints them
 * (pino's `level`, then `time`, `mono` and the event's fields, in that order), mostly heartbeats and
 * frames, with a closure now and then. Twenty channels side by side, four keepalive lanes among them:
 * heartbeats every 30 s, a notification every 20 s, app or RFC 6455 pings with their pongs on the lanes
 * that send them, a health event a minute, and each connection closed after one to three hours by an idle
 * timeout, a reset or a lifetime cap, then checked and reconnected. About one line in 600 is a closure.
 * Deterministic: the same count writes the same bytes.
 */
const CHANNELS = 20;
const LANES = ['none', 'tcp:30s', 'ws-ping:30s', 'ping:30s'] as const;
const START_WALL = Date.UTC(2026, 0, 1);
const HEARTBEAT_MS = 30_000;
/** Every second a slot: each channel has its turn once every CHANNELS slots. */
const SLOT_MS = 1_000;
const FLUSH_BYTES = 1 << 20;

interface Connection {
  channel: string;
  conn: number;
  keepalive: string;
  openMono: number;
  closeMono: number;
}

export interface SoakLogShape {
  events: number;
  closures: number;
  bytes: number;
}

/** Writes `events` lines to `path`; returns what it wrote. */
export function writeSoakLog(path: string, events: number): SoakLogShape {
  const fd = openSync(path, 'w');
  let buffer = '';
  let written = 0;
  let bytes = 0;
  let closures = 0;
  let lastMono = 0;
  const line = (level: string, at: number, body: string): void => {
    // Events a few milliseconds apart on different channels interleave: the log stays in `mono` order.
    const mono = Math.max(at, lastMono);
    lastMono = mono;
    const time = new Date(START_WALL + Math.floor(mono)).toISOString();
    buffer += `{"level":"${level}","time":"${time}","mono":${mono},${body}}\n`;
    written += 1;
    if (buffer.length >= FLUSH_BYTES) flush();
  };
  const flush = (): void => {
    bytes += writeSync(fd, buffer);
    buffer = '';
  };
  try {
    line(
      'info',
      0.25,
      `"event":"run-start","version":"bench","options":{"keepalives":["none","tcp:30s","ws-ping:30s","ping:30s"]},"timeScale":1,"target":"bench soak"`,
    );
    let conn = 0;
    let mono = 10;
    const connections: Connection[] = [];
    const open = (lane: number, at: number): Connection => {
      conn += 1;
      const channel = `streaming-0-${(0x5eed0000 + conn * 7919).toString(36).padStart(26, 'k')}`;
      const keepalive = LANES[lane % LANES.length] as string;
      // One to three hours, varying by connection, so ages spread over the histogram.
      const lifetime = 3_600_000 + ((conn * 2_654_435_761) % 7_200_000);
      const c = { channel, conn, keepalive, openMono: at, closeMono: at + lifetime };
      line(
        'info',
        at,
        `"event":"channel","channel":"${channel}","expires":"2026-01-02T00:00:00.000Z","connectUri":"wss://bench/${channel}"`,
      );
      line('info', at + 0.5, `"event":"connecting","channel":"${channel}","conn":${conn},"keepalive":"${keepalive}"`);
      line('info', at + 48.125, `"event":"open","channel":"${channel}","conn":${conn},"keepalive":"${keepalive}"`);
      return c;
    };
    for (let lane = 0; lane < CHANNELS; lane += 1) connections.push(open(lane, mono + lane * 3));
    for (let slot = 0; written < events; slot += 1) {
      mono = 1_000 + slot * (SLOT_MS / CHANNELS) + 0.375;
      const lane = slot % CHANNELS;
      const c = connections[lane] as Connection;
      const at = mono + (slot % 7) * 0.125;
      const ids = `"channel":"${c.channel}","conn":${c.conn}`;
      const age = at - c.openMono;
      if (at >= c.closeMono) {
        closures += 1;
        const kind = c.conn % 5;
        if (kind === 1)
          line(
            'warn',
            at,
            `"event":"close",${ids},"code":1006,"reason":"","clean":false,"by":"network","error":"ECONNRESET"`,
          );
        else line('warn', at, `"event":"close",${ids},"code":1001,"reason":"idle timeout","clean":true,"by":"server"`);
        line('info', at + 3.25, `"event":"channel-check",${ids},"exists":true`);
        line('info', at + 4.5, `"event":"reconnect",${ids},"attempt":1,"delayMs":0,"target":"new"`);
        connections[lane] = open(lane, at + 5);
        continue;
      }
      const turn = Math.floor(slot / CHANNELS);
      // A heartbeat every 30 s per channel; a notification every 20 s; pings and pongs every 30 s.
      if (turn % 30 === 0) line('info', at, `"event":"heartbeat",${ids}`);
      if (turn % 20 === 7)
        line(
          'info',
          at + 0.25,
          `"event":"notification",${ids},"topic":"v2.users.bench.presence","bytes":${300 + (turn % 97)}`,
        );
      if (turn % 30 === 15 && age > HEARTBEAT_MS) {
        if (c.keepalive.startsWith('ping')) {
          line('info', at, `"event":"ping",${ids},"kind":"app","payload":"{\\"message\\":\\"ping\\"}"`);
          line('info', at + 41.5, `"event":"pong",${ids},"kind":"app","rttMs":41.5`);
        } else if (c.keepalive.startsWith('ws-ping')) {
          line('info', at, `"event":"ping",${ids},"kind":"ws","payload":""`);
          line('info', at + 1.5, `"event":"pong",${ids},"kind":"ws","rttMs":1.5`);
        }
      }
      if (lane === 0 && turn % 60 === 0)
        line(
          'info',
          at + 0.5,
          `"event":"health","windowMs":60000,"loopDelayP50Ms":1.2,"loopDelayP99Ms":4.5,"loopDelayMaxMs":9.1`,
        );
    }
    line('info', mono + 1_000, `"event":"run-end","reason":"duration","closures":${closures}`);
    flush();
  } finally {
    closeSync(fd);
  }
  return { events: written, closures, bytes };
}
