#!/usr/bin/env node
// The published entry point: everything lives in the compiled CLI, its start bundled by `npm run build`
// (scripts/bundle-start.mjs) so that `--version` and `--help` cost little more than starting Node.
import { main } from '../dist/src/cli-start/main.js';

main();
