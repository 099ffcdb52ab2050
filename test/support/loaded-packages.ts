import { spawn } from 'node:child_process';
import { within } from './deadline.js';
import { cleanEnv } from './spawn-cli.js';

const MAIN = new URL('../../src/cli/main.js', import.meta.url).href;

/**
 * Runs the CLI's `main` in a child process (from `cwd`, when given), then lists the npm packages it loaded
 * (CommonJS ones, and whatever an ESM import pulled in through require's cache): what a command costs at
 * start. `output` is what the command printed on standard output.
 */
export async function packagesLoadedBy(
  args: string[],
  cwd?: string,
): Promise<{ code: number | null; output: string; packages: string[] }> {
  const script = `
    import { createRequire } from 'node:module';
    const { main } = await import(${JSON.stringify(MAIN)});
    await main(${JSON.stringify(args)});
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    const names = new Set(loaded.flatMap((path) => path.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)/)?.[1] ?? []));
    process.stderr.write('LOADED ' + JSON.stringify([...names]) + '\\n');
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    ...(cwd === undefined ? {} : { cwd }),
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const code = await within(
    new Promise<number | null>((resolve) => child.once('close', resolve)),
    `idleprobe ${args.join(' ')} to exit`,
    60_000,
  ).catch((error: Error) => {
    child.kill('SIGKILL');
    throw error;
  });
  const line = stderr.split('\n').find((text) => text.startsWith('LOADED '));
  if (!line) throw new Error(`the child printed no list of packages (exit ${code}): ${stderr}`);
  return { code, output: stdout, packages: JSON.parse(line.slice('LOADED '.length)) as string[] };
}
