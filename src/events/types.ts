/**
 * The typed event model. Every observation a probe run makes becomes exactly one of these, stamped with
 * wall and monotonic time, published once on the bus, and written as one NDJSON line of the event log.
 * The analysis reads the same shapes back from a saved log, so this file is the log format's source of
 * truth (docs/log-format.md describes it for people).
 */

/** Who ended a connection. `probe` means the run itself closed it while stopping: not a closure to explain. */
export type ClosedBy = 'server' | 'network' | 'watchdog' | 'probe';

/** Why a run ended. */
export type RunEndReason = 'duration' | 'closures' | 'signal' | 'error';

/** Why a lane stopped before its run: it was done (`--reconnect off`), or it failed. */
export type LaneEndReason = 'done' | 'failed';

export interface TopicResult {
  id: string;
  state: string;
  rejectionReason?: string;
}

export type ProbeEventBody =
  | {
      event: 'run-start';
      version: string;
      /** The options the run was started with, secrets removed. */
      options: Record<string, unknown>;
      /** Every interval of the simulated service runs this many times faster; 1 against a real service. */
      timeScale: number;
      target: string;
    }
  | {
      event: 'token';
      grant: 'client_credentials' | 'provided';
      /** True when this replaces an earlier token of the run (renewed before it expired, or after a 401). */
      renewed?: boolean;
      /** When the token expires, where known (client-credentials replies say; a pasted token does not). */
      expiresAt: string | null;
      expiresInMs: number | null;
    }
  | {
      /** The token's idle expiry as the service states it (GET /api/v2/tokens/me and /tokens/timeout). */
      event: 'token-idle';
      idlesAt: string | null;
      idleTimeoutMs: number | null;
      idleTimeoutEnabled: boolean | null;
    }
  | {
      /**
       * The run's pasted token is about to idle out under the org's idle token timeout: no API call for
       * almost that long. A warning for the person watching; the closure analysis uses `token-idle`.
       */
      event: 'token-expiring';
      expiresAt: string;
      /** Real milliseconds from this event to `expiresAt`. */
      inMs: number;
    }
  | { event: 'user'; user: string }
  | { event: 'channel'; channel: string; expires: string; connectUri: string }
  | { event: 'subscribe'; channel: string; topics: TopicResult[] }
  | {
      /** Channels that already existed for this token's user or OAuth client, counted before creating any. */
      event: 'channels';
      existing: number;
      limit: number;
      planned: number;
      allowEviction: boolean;
    }
  | {
      /**
       * One lane of the run began: a channel at a time under one keepalive strategy (`--keepalive`, times
       * `--channels`), trying from now on to keep a connection open. Its blind time counts from here.
       */
      event: 'lane-start';
      /** The lane's number in the run, from 1. */
      lane: number;
      keepalive: string;
    }
  | {
      /**
       * A lane stopped before the run did: `done` after its closure under `--reconnect off`; `failed` when it
       * met an error it could not get past (`message` says which), which ends the run.
       */
      event: 'lane-end';
      lane: number;
      reason: LaneEndReason;
      message?: string;
    }
  | {
      event: 'connecting';
      channel: string;
      conn: number;
      /** The keepalive strategy of this connection: `none`, `tcp:30s`, `ws-ping:30s` or `ping:30s`. */
      keepalive?: string;
      /** The lane making this connection (`lane-start`). */
      lane?: number;
    }
  | { event: 'open'; channel: string; conn: number; keepalive?: string }
  | ({ event: 'path'; channel: string; conn: number } & PathFingerprint)
  | {
      /** The first frame on a reconnected connection: what was lost between it and the previous one. */
      event: 'resumed';
      channel: string;
      conn: number;
      previousConn: number;
      /** From the last frame of the previous connection to the first of this one. */
      lossWindowMs: number;
    }
  | { event: 'heartbeat'; channel: string; conn: number }
  | {
      event: 'pong';
      channel: string;
      conn: number;
      /** `app` (also when absent): the `{"message":"ping"}` reply; `ws`: an RFC 6455 pong frame. */
      kind?: 'app' | 'ws';
      rttMs: number | null;
    }
  | { event: 'ping'; channel: string; conn: number; kind?: 'app' | 'ws'; payload: string }
  | {
      /** Whether the channel still existed right after a closure (HEAD): gone means expired or evicted. */
      event: 'channel-check';
      channel: string;
      conn: number;
      exists: boolean;
    }
  | { event: 'resubscribe'; channel: string; topics: number; expires: string | null }
  | {
      /** The client's own health over the last window, so a stalled client is not taken for a network gap. */
      event: 'health';
      windowMs: number;
      loopDelayP50Ms: number;
      loopDelayP99Ms: number;
      loopDelayMaxMs: number;
    }
  | {
      /** Wall time moved differently from monotonic time: the machine slept, or its clock was stepped. */
      event: 'clock-jump';
      wallDeltaMs: number;
      monoDeltaMs: number;
      jumpMs: number;
    }
  | { event: 'warning'; channel: string; conn: number; topic: string; body: unknown }
  | { event: 'system'; channel: string; conn: number; topic: string; body: unknown }
  | { event: 'notification'; channel: string; conn: number; topic: string; bytes: number }
  | {
      /** A frame that is none of the above: not JSON, binary, or a shape the protocol does not describe. */
      event: 'frame';
      channel: string;
      conn: number;
      kind: 'text' | 'binary' | 'control';
      bytes: number;
      note: string;
    }
  | {
      event: 'close';
      channel: string;
      conn: number;
      /**
       * The close code: from the close frame, even one the protocol forbids (then `violation` says so), or
       * 1006 when the connection died without one or the frame could not be read. Always 0..65535.
       */
      code: number;
      reason: string;
      /** True only when a valid close frame arrived (RFC 6455 "clean"). */
      clean: boolean;
      by: ClosedBy;
      /** The socket error behind an unclean close, such as ECONNRESET, or ws's rule for a `violation`. */
      error?: string;
      /**
       * What the server sent that RFC 6455 or the client's limits forbid (an invalid close code, a close
       * reason too long, invalid UTF-8, a message over 100 MiB), when the client failed the connection for
       * it: `by` is then `server`, `clean` false, and `error` ws's name for the rule.
       */
      violation?: string;
      /** True when the close was not observed but inferred (a browser HAR records no close). */
      inferred?: boolean;
    }
  | { event: 'watchdog'; channel: string; conn: number; silentMs: number; limitMs: number }
  | {
      event: 'reconnect';
      /** The channel of the connection that ended; `target` says whether the next one reuses it. */
      channel: string;
      /** The lane's connection that ended (or failed to open); 0 when none opened yet. */
      conn: number;
      attempt: number;
      delayMs: number;
      target: 'same' | 'new';
      /** The lane reconnecting (`lane-start`). */
      lane?: number;
    }
  | {
      event: 'error';
      code: string;
      message: string;
      channel?: string;
      conn?: number;
      /** The stack of a throw idleprobe has no name for (code IDLEPROBE_ERR_UNEXPECTED): a bug to report. */
      stack?: string;
      /** Set when this error is a failed attempt of that lane to connect or reconnect. */
      lane?: number;
      /** What a failed attempt ran into, in a word to count by: `ECONNREFUSED`, `HTTP 503`, `timeout`. */
      cause?: string;
    }
  | {
      /**
       * A figure from the service past what idleprobe obeys, replaced by its limit: a `Retry-After` longer
       * than the longest wait (or a token lifetime outside what an OAuth client can be given).
       */
      event: 'clamp';
      what: 'retry-after' | 'expires-in';
      /** The figure as the service gave it, in scenario milliseconds (Number.MAX_VALUE for one too large to hold). */
      givenMs: number;
      /** What idleprobe used instead. */
      usedMs: number;
      /** The lane that met it, when a lane did. */
      lane?: number;
    }
  | { event: 'run-end'; reason: RunEndReason; closures: number };

/** What the path of one connection looked like when it opened (issue-free runs show it too: it is the baseline). */
export interface PathFingerprint {
  /** The addresses the host name resolved to, when the probe resolved it itself (not through a proxy). */
  resolved: string[] | null;
  localAddress: string | null;
  localPort: number | null;
  remoteAddress: string | null;
  remotePort: number | null;
  /** The proxy the connection went through (credentials removed) and its CONNECT answer. */
  proxy: { url: string; connectStatus: number | null } | null;
  tls: {
    version: string | null;
    cipher: string | null;
    alpn: string | null;
    /** Leaf first. */
    chain: Array<{ subject: string; issuer: string }>;
    /** False when the chain does not end at a CA Node trusts by default: a TLS-intercepting proxy. */
    publicCa: boolean | null;
  } | null;
  /** The 101 Switching Protocols response headers. */
  upgradeHeaders: Record<string, string>;
  /** The server's `Date` header minus our wall clock, when the server sent one. */
  clockSkewMs: number | null;
  /** With --pac only: the PAC file (a URL without credentials, or a path) and what it returned for this host. */
  pac?: { source: string; returned: string };
}

export type EventName = ProbeEventBody['event'];

export interface Stamp {
  /** ISO 8601 UTC with milliseconds. */
  time: string;
  /** Milliseconds since the run started, from the monotonic clock. */
  mono: number;
}

export type ProbeEvent = ProbeEventBody & Stamp;

export type EventOf<N extends EventName> = Extract<ProbeEvent, { event: N }>;
