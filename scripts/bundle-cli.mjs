// Bundles the compiled CLI (dist/src, from `npm run build`) and its packages into one CommonJS file, the
// single script a Node 20 single-executable application runs. Nothing is read from beside the file at run
// time: the version, which the CLI reads from package.json, is written into the bundle.
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);

/** Resolves to the bundle's path once written. */
export async function bundleCli(outfile) {
  const { version } = JSON.parse(await readFile(new URL('package.json', root), 'utf8'));
  await build({
    stdin: {
      contents: "import { main } from './dist/src/cli/main.js';\nmain();\n",
      resolveDir: new URL('.', root).pathname,
      sourcefile: 'idleprobe-exe.js',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    // A SEA's main script is CommonJS in Node 20; the commands' dynamic imports become lazy requires.
    format: 'cjs',
    outfile,
    // ws tries these optional native speed-ups and goes on without them. A SEA cannot load packages from
    // disk (and warns on every try): ws's own switches turn the tries off, so only the fallback is bundled.
    external: ['bufferutil', 'utf-8-validate'],
    define: { 'process.env.WS_NO_BUFFER_UTIL': '"1"', 'process.env.WS_NO_UTF_8_VALIDATE': '"1"' },
    logLevel: 'warning',
    plugins: [
      {
        name: 'version-inline',
        setup(b) {
          b.onLoad({ filter: /[\\/]dist[\\/]src[\\/]cli[\\/]version\.js$/ }, () => ({
            contents: `export const VERSION = ${JSON.stringify(version)};\n`,
            loader: 'js',
          }));
        },
      },
    ],
  });
  return outfile;
}
