import type { ClosureSignals } from './closure-signals.js';

type PathFacts = Pick<ClosureSignals, 'proxy' | 'upgradeServer' | 'upgradeVia' | 'publicCa' | 'tlsRoot'>;

/**
 * What the connection's `path` event says about the box that may have cut it, as a clause for the
 * evidence of a path cause (intermediary, half-open): the proxy it went through, the 101 response's `Via`
 * and `Server` headers, and a TLS chain ending at a private CA. Empty when the path named nothing.
 * A support engineer reads "the 101 came through Via: 1.1 squid" and knows which box to look at.
 */
export function pathClues(path: PathFacts): string {
  const clues: string[] = [];
  if (path.proxy !== null) clues.push(`it went through the proxy ${path.proxy}`);
  if (path.upgradeVia !== null) clues.push(`the 101 came through Via: ${path.upgradeVia}`);
  if (path.upgradeServer !== null) clues.push(`the 101 named Server: ${path.upgradeServer}`);
  if (path.publicCa === false) clues.push(`its TLS chain ends at a private CA${rootName(path)}`);
  return clues.length === 0 ? '' : `; ${joinClues(clues)}`;
}

/**
 * For a closure the service rules explained, over a TLS chain that does not end at a public CA: the
 * chain is context, not the cause (a TLS-intercepting proxy or a front with a private CA relays the
 * service's own close frames), and the evidence says so. Empty over a public chain or none.
 */
export function privateChainNote(path: PathFacts): string {
  if (path.publicCa !== false) return '';
  return `; the TLS chain ends at a private CA${rootName(path)}, so a TLS-intercepting proxy or front relayed the service's close`;
}

/** The sentence with `clause` added before its final full stop. */
export function withClause(evidence: string, clause: string): string {
  if (clause === '') return evidence;
  return evidence.endsWith('.') ? `${evidence.slice(0, -1)}${clause}.` : `${evidence}${clause}`;
}

function rootName(path: PathFacts): string {
  return path.tlsRoot ? ` (${path.tlsRoot})` : '';
}

function joinClues(clues: string[]): string {
  if (clues.length === 1) return clues[0] as string;
  return `${clues.slice(0, -1).join(', ')} and ${clues.at(-1)}`;
}
