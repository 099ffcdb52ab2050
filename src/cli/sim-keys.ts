import type { Trigger } from '../sim/simulator.js';

/** What a key on the simulator's terminal does: a trigger on every channel, or stopping the simulator. */
export type KeyAction = Trigger | 'quit';

/** The raw-mode byte for Ctrl-C: with the terminal in raw mode it is a key, not SIGINT. */
const CTRL_C = '\u0003';

/**
 * Single keys on the simulator's terminal, each acting on every channel ("*"): a person testing one app
 * has one or a few channels, and an id is too long to type. The control endpoint takes one channel.
 */
export const SIM_KEYS: ReadonlyArray<{ key: string; label: string; action: KeyAction }> = [
  { key: 'm', label: 'maintenance', action: { action: 'maintenance', channel: '*' } },
  { key: 'c', label: 'close 1000', action: { action: 'close', channel: '*' } },
  { key: 'e', label: 'evict', action: { action: 'evict', channel: '*' } },
  { key: 'x', label: 'expire', action: { action: 'expire', channel: '*' } },
  { key: 'r', label: 'revoke-token', action: { action: 'revoke-token', channel: '*' } },
  { key: 'i', label: 'idle-token', action: { action: 'idle-token', channel: '*' } },
  { key: 'h', label: 'half-open', action: { action: 'half-open', channel: '*' } },
  { key: 't', label: 'reset TCP', action: { action: 'reset', channel: '*' } },
  { key: 'f', label: 'refuse 30s', action: { action: 'refuse', channel: '*', for: 30_000 } },
  { key: '4', label: 'throttle 429 1m', action: { action: 'throttle', channel: '*', status: 429, for: 60_000 } },
  { key: '5', label: 'throttle 503 1m', action: { action: 'throttle', channel: '*', status: 503, for: 60_000 } },
  { key: 'q', label: 'quit', action: 'quit' },
];

/** The action of a key, or null for a key that does nothing. Ctrl-C quits as it would without raw mode. */
export function keyAction(key: string): KeyAction | null {
  if (key === CTRL_C) return 'quit';
  return SIM_KEYS.find((entry) => entry.key === key.toLowerCase())?.action ?? null;
}

/** The legend printed at start, wrapped to the terminal's width. */
export function keyLegend(columns = 120): string {
  const items = SIM_KEYS.map((entry) => `${entry.key} ${entry.label}`);
  const lines: string[] = [];
  let line = 'Keys (every channel):';
  for (const item of items) {
    if (line.length + 3 + item.length > columns) {
      lines.push(line);
      line = ' ';
    }
    line += `  ${item}`;
  }
  lines.push(line);
  return `${lines.join('\n')}\n`;
}
