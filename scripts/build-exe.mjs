// `npm run build:exe`: idleprobe as one executable for machines without Node, by Node's single-executable
// application steps: bundle the CLI into one script, turn it into a blob, copy this node binary and inject
// the blob into the copy with postject. Output: build/idleprobe (build/idleprobe.exe on Windows), or in the
// folder given as the first argument. Runs after `npm run build`, on the platform the executable is for.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postject from 'postject';
import { PAC_SANDBOX_ASSET } from '../dist/src/cli/pac-sandbox.js';
import { bundleCli } from './bundle-cli.mjs';

/** The sentinel Node's own binary carries to say a blob may be injected (Node's SEA documentation). */
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const out = resolve(process.argv[2] ?? fileURLToPath(new URL('../build/', import.meta.url)));
const work = join(out, 'sea');
const exe = join(out, process.platform === 'win32' ? 'idleprobe.exe' : 'idleprobe');

// SEA assets (the PAC sandbox) came with Node 20.12: an older Node would build an executable without --pac.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) {
  console.error(
    `build:exe: Node ${process.versions.node} cannot embed files in an executable; use Node 20.12 or later.`,
  );
  process.exit(1);
}
if (!readFileSync(process.execPath).includes(FUSE)) {
  console.error(`build:exe: ${process.execPath} has no single-executable fuse; use an official Node 20 build.`);
  process.exit(1);
}
mkdirSync(work, { recursive: true });
const script = await bundleCli(join(work, 'idleprobe.cjs'));
const blob = join(work, 'idleprobe.blob');
const config = join(work, 'sea-config.json');
writeFileSync(
  config,
  JSON.stringify(
    {
      main: script,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: false,
      // --pac's sandbox is WebAssembly read from node_modules, which the executable does not have: it travels
      // inside the blob, and the CLI reads it with node:sea's getAsset (src/cli/pac-sandbox.ts).
      assets: { [PAC_SANDBOX_ASSET]: createRequire(import.meta.url).resolve('quickjs-wasi/quickjs.wasm') },
    },
    null,
    2,
  ),
);
execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' });

copyFileSync(process.execPath, exe);
// A signed binary must lose its signature before it is changed (macOS codesign, Windows signtool).
if (process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', exe], { stdio: 'inherit' });
await postject.inject(exe, 'NODE_SEA_BLOB', readFileSync(blob), {
  sentinelFuse: FUSE,
  ...(process.platform === 'darwin' ? { machoSegmentName: 'NODE_SEA' } : {}),
});
// macOS runs only signed binaries on Apple silicon: an ad-hoc signature here, a real one for handing out.
if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', exe], { stdio: 'inherit' });
console.log(`build:exe: ${exe}`);
