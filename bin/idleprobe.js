#!/usr/bin/env node
// The published entry point: everything lives in the compiled CLI. Its start (main, the commander wiring,
// commander) is one module bundled by `npm run build` (scripts/bundle-start.mjs), so `--version` and `--help`
// cost little more than starting Node; each command's code loads when it runs.
import module from 'node:module';

// Node 22 and later keep the compiled code of the modules between runs (a cache in the temporary folder, off
// with NODE_DISABLE_COMPILE_CACHE=1); Node 20 has no such cache and starts as before.
module.enableCompileCache?.();
const { main } = await import('../dist/src/cli-start/main.js');
main();
