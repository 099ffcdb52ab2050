import { writeSync } from 'node:fs';

/**
 * Module customisation hooks (node:module register) that write each module URL Node loads to standard error
 * as `LOADED-MODULE <url>`: what a command reads and compiles before it prints anything. Registered by
 * loaded-modules.ts; the hooks run on Node's loader thread, so they write to the file descriptor directly.
 */
export async function load(
  url: string,
  context: unknown,
  nextLoad: (url: string, context: unknown) => Promise<unknown>,
): Promise<unknown> {
  writeSync(2, `LOADED-MODULE ${url}\n`);
  return nextLoad(url, context);
}
