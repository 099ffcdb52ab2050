import { EXIT_CODES } from '../../exit-codes.js';
import { BUILT_IN_SCENARIOS } from '../../sim/built-in-scenarios.js';
import type { CliIo } from '../cli-io.js';

/** `idleprobe scenarios`: each built-in simulator scenario with one line, and how sure its basis is. */
export function scenariosCommand(io: CliIo): number {
  const width = Math.max(...BUILT_IN_SCENARIOS.map((s) => s.name.length));
  const lines = BUILT_IN_SCENARIOS.map((s) => `${s.name.padEnd(width)}  ${s.summary} [${s.basis}]`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_CODES.ok;
}
