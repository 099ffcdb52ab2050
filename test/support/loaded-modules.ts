import { spawn } from 'node:child_process';
import { outputUntilExit } from './spawn-cli.js';

const HOOKS = new URL('./module-load-hooks.js', import.meta.url).href;
/** Registers the hooks before the entry point loads, from a data: URL so no file is written for it. */
const REGISTER = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(HOOKS)});`,
)}`;
const CLI_WAIT_MS = 60_000;

/**
 * Runs `node ENTRY ARGS` and lists the files of every ES module it loaded (CommonJS modules that an ES module
 * imported included, the files they require() not), as paths relative to `root`; Node's own modules left out.
 */
export async function modulesLoadedBy(
  entry: string,
  args: string[],
  root: URL,
): Promise<{ code: number | null; stdout: string; stderr: string; files: string[] }> {
  const child = spawn(process.execPath, ['--import', REGISTER, entry, ...args], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const result = await outputUntilExit(child, `node ${entry} ${args.join(' ')} to exit`, CLI_WAIT_MS);
  const urls = result.stderr.split('\n').flatMap((line) => /^LOADED-MODULE (\S+)$/.exec(line)?.[1] ?? []);
  const files = urls
    .filter((url) => url.startsWith('file:') && url !== HOOKS)
    .map((url) => url.slice(root.href.length));
  const stderr = result.stderr
    .split('\n')
    .filter((line) => !line.startsWith('LOADED-MODULE '))
    .join('\n');
  return { code: result.code, stdout: result.stdout, stderr, files };
}
