import type { PacSandboxLoader } from '../net/pac-evaluator.js';

/**
 * The name the single executable keeps the PAC sandbox (quickjs-wasi's quickjs.wasm) under: a SEA has no
 * node_modules to read it from, so scripts/build-exe.mjs embeds the file as an asset of this name.
 */
export const PAC_SANDBOX_ASSET = 'quickjs.wasm';

/**
 * Where the PAC sandbox comes from in this process: the embedded asset when idleprobe runs as a single
 * executable, null (the network stack then reads it from the installed package) otherwise. node:sea
 * exists from Node 20.12; an older Node is never a single executable.
 */
export async function pacSandboxLoader(): Promise<PacSandboxLoader | null> {
  let sea: typeof import('node:sea');
  try {
    sea = await import('node:sea');
  } catch {
    return null;
  }
  if (!sea.isSea()) return null;
  return async () => new Uint8Array(sea.getAsset(PAC_SANDBOX_ASSET));
}
