import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A small fast PRNG (mulberry32): the same seed gives the same cases on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzCase {
  /** How the case was made, to reproduce it from the seed. */
  recipe: string;
  /** The files `report` is given (one, or two to be merged). */
  files: Array<{ name: string; bytes: Buffer }>;
}

const FIXTURES = fileURLToPath(new URL('../../../fixtures/logs/', import.meta.url));
const FIXTURE_LOGS = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.ndjson'))
  .sort()
  .map((name) => ({ name, text: readFileSync(`${FIXTURES}${name}`, 'utf8') }));

/** Values that broke readers before, or might: extremes, wrong types, odd strings. `1e400` is written as text. */
const ODD_VALUES: unknown[] = [
  null,
  0,
  -1,
  -0,
  0.5,
  1e308,
  -1e308,
  1e-300,
  2 ** 53 + 1,
  1e20,
  'INFINITY_LITERAL',
  '',
  'x'.repeat(5000),
  '\u0000\u0001',
  '%E0%A4%A',
  '2026-13-45T99:99:99Z',
  true,
  false,
  [],
  [null],
  {},
  { a: { b: { c: [1, 2, 3] } } },
];

const EVENT_KINDS = ['run-start', 'open', 'close', 'heartbeat', 'reconnect', 'path', 'run-end', 'token', 'mystery'];

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const int = (rand: Rand, below: number): number => Math.floor(rand() * below);

function oddValue(rand: Rand): unknown {
  return pick(rand, ODD_VALUES);
}

/** JSON text in which the placeholder for a number too large for a double is written as `1e400`. */
function stringify(value: unknown): string {
  return JSON.stringify(value).replace(/"INFINITY_LITERAL"/g, '1e400');
}

/** Replaces, deletes or adds one value somewhere in a JSON value, at a random depth. */
function mutateValue(rand: Rand, value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 4 || rand() < 0.25) return oddValue(rand);
  if (Array.isArray(value)) {
    if (value.length === 0) return [oddValue(rand)];
    const copy = [...value];
    const at = int(rand, copy.length);
    const roll = rand();
    if (roll < 0.15) copy.splice(at, 1);
    else if (roll < 0.3) copy.splice(at, 0, oddValue(rand));
    else if (roll < 0.4) copy.splice(at, 0, copy[at]);
    else copy[at] = mutateValue(rand, copy[at], depth + 1);
    return copy;
  }
  const record = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(record);
  if (keys.length === 0) return { [pick(rand, ['event', 'mono', 'time', 'log'])]: oddValue(rand) };
  const key = pick(rand, keys);
  const roll = rand();
  if (roll < 0.15) delete record[key];
  else if (roll < 0.25 && key === 'event') record[key] = pick(rand, EVENT_KINDS);
  else record[key] = mutateValue(rand, record[key], depth + 1);
  return record;
}

function randomBytes(rand: Rand, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) bytes[i] = int(rand, 256);
  return bytes;
}

/** One to four line-level and value-level changes to a fixture log. */
function mutatedLog(rand: Rand): FuzzCase {
  const fixture = pick(rand, FIXTURE_LOGS);
  let lines = fixture.text.split('\n');
  const steps: string[] = [];
  for (let n = 1 + int(rand, 4); n > 0; n -= 1) {
    const at = int(rand, lines.length);
    const roll = rand();
    if (roll < 0.35) {
      try {
        lines[at] = stringify(mutateValue(rand, JSON.parse(lines[at] ?? '')));
        steps.push(`value@${at}`);
      } catch {
        steps.push('skip');
      }
    } else if (roll < 0.45) {
      lines.splice(at, 1);
      steps.push(`delete@${at}`);
    } else if (roll < 0.55) {
      lines.splice(at, 0, lines[at] ?? '');
      steps.push(`duplicate@${at}`);
    } else if (roll < 0.62) {
      const other = int(rand, lines.length);
      [lines[at], lines[other]] = [lines[other] ?? '', lines[at] ?? ''];
      steps.push(`swap@${at},${other}`);
    } else if (roll < 0.67) {
      lines = lines.reverse();
      steps.push('reverse');
    } else if (roll < 0.74) {
      lines.splice(at, 0, randomBytes(rand, int(rand, 200)).toString('latin1'));
      steps.push(`garbage@${at}`);
    } else if (roll < 0.8) {
      lines.splice(at, 0, ...lines.slice(0, 1 + int(rand, lines.length)));
      steps.push(`replay@${at}`);
    } else if (roll < 0.9) {
      const text = lines.join('\n');
      lines = text.slice(0, int(rand, text.length)).split('\n');
      steps.push('truncate');
    } else {
      const bytes = Buffer.from(lines.join('\n'));
      for (let flips = 1 + int(rand, 8); flips > 0; flips -= 1) bytes[int(rand, bytes.length)] = int(rand, 256);
      lines = bytes.toString('latin1').split('\n');
      steps.push('flip');
    }
  }
  return {
    recipe: `log ${fixture.name} ${steps.join(' ')}`,
    files: [{ name: 'mutated.ndjson', bytes: Buffer.from(lines.join('\n')) }],
  };
}

/** A HAR as Chrome saves it: a few notification sockets on two channels, with heartbeats, a ping and a warning. */
function baseHar(rand: Rand): Record<string, unknown> {
  const t0 = Date.UTC(2026, 2, 4, 9) / 1000;
  const entries = Array.from({ length: 1 + int(rand, 4) }, (_, i) => {
    const opened = t0 + i * 600;
    const channel = `streaming-0-${i % 2 === 0 ? 'aaaaaaaaaaaa' : 'bbbbbbbbbbbb'}`;
    return {
      startedDateTime: new Date(opened * 1000).toISOString(),
      request: { method: 'GET', url: `wss://streaming.mypurecloud.ie/channels/${channel}` },
      response: { status: 101 },
      _resourceType: 'websocket',
      _webSocketMessages: [
        ...Array.from({ length: 1 + int(rand, 10) }, (_, k) => ({
          type: 'receive',
          time: opened + 30 * (k + 1),
          opcode: 1,
          data: '{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}',
        })),
        { type: 'send', time: opened + 31, opcode: 1, data: '{"message":"ping"}' },
        {
          type: 'receive',
          time: opened + 40,
          opcode: 1,
          data: '{"topicName":"v2.system.socket_closing","eventBody":{}}',
        },
      ],
    };
  });
  return { log: { version: '1.2', creator: { name: 'WebInspector' }, entries } };
}

function mutatedHar(rand: Rand): FuzzCase {
  let har: unknown = baseHar(rand);
  const steps: string[] = [];
  for (let n = int(rand, 4); n > 0; n -= 1) {
    har = mutateValue(rand, har);
    steps.push('value');
  }
  let text = rand() < 0.5 ? JSON.stringify(har, null, 2) : stringify(har);
  if (rand() < 0.15) {
    text = text.slice(0, int(rand, text.length));
    steps.push('truncate');
  }
  return { recipe: `har ${steps.join(' ')}`, files: [{ name: 'session.har', bytes: Buffer.from(text) }] };
}

function noise(rand: Rand): FuzzCase {
  const roll = rand();
  const length = int(rand, 20_000);
  const bytes =
    roll < 0.2
      ? Buffer.alloc(length)
      : roll < 0.4
        ? Buffer.from('{"log":'.concat(randomBytes(rand, length).toString('latin1')))
        : randomBytes(rand, length);
  if (roll >= 0.4) for (let i = 0; i < length / 80; i += 1) bytes[int(rand, length)] = 0x0a;
  return {
    recipe: `noise ${roll < 0.2 ? 'nul' : roll < 0.4 ? 'har-head' : 'random'} ${length}`,
    files: [{ name: 'noise.ndjson', bytes }],
  };
}

/** Case `index` of the run seeded `seed`: the same pair always gives the same case. */
export function fuzzCase(seed: number, index: number): FuzzCase {
  const rand = seededRandom(seed * 1_000_003 + index);
  const roll = rand();
  const made = roll < 0.55 ? mutatedLog(rand) : roll < 0.85 ? mutatedHar(rand) : noise(rand);
  if (rand() < 0.15) {
    const other = pick(rand, FIXTURE_LOGS);
    made.files.push({ name: other.name, bytes: Buffer.from(other.text) });
    made.recipe += ` + ${other.name}`;
  }
  return made;
}
