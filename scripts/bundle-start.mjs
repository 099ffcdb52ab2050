// Part of `npm run build`, after tsc: the CLI's start (main.ts, the commander wiring in program.ts, the help
// texts and commander itself) bundled into dist/src/cli-start/, which bin/idleprobe.js runs. Node loads an
// ES module file by file (resolve, read, compile, link), and commander through its CommonJS bridge: spread
// over twenty files, the start cost more than Node's own, and `--help` stayed near 1.5x `node -e 0` even
// without dayjs; bundled, it is ~1.3x (docs/benchmarks.md, "### Startup"). The commands stay where tsc
// wrote them and load when they run.
import { rmSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const compiled = fileURLToPath(new URL('../dist/src/', import.meta.url));
const outdir = resolve(compiled, 'cli-start');

/**
 * The compiled files copied into the bundle: the start path, and code and constants that hold no state (a
 * copy of them is harmless). Every other file of dist/src stays external, imported from where tsc wrote it,
 * so a module with state or a class that `instanceof` checks (errors.js) exists once, shared with the
 * commands.
 */
const BUNDLED = new Set([
  'cli/main.js',
  'cli/program.js',
  'cli/help-texts.js',
  'cli/env-names.js',
  'ci/fail-on-help.js',
  'clock/compact-duration.js',
  'clock/system-clock.js',
  'clock/long-timer.js',
  'genesys/http-timeout.js',
  'protocol/keepalive-kinds.js',
  'exit-codes.js',
  // It reads package.json three folders up from its own file: the bundle is in dist/src/cli-start, as deep as
  // dist/src/cli (test/cli/startup.test.ts checks --version against package.json through the bundle).
  'cli/version.js',
]);

/** The one package bundled; any other a start file imports stays an import, shared with the commands. */
const BUNDLED_PACKAGE = 'commander';

/** Relative imports of compiled files not in BUNDLED stay imports, rewritten to reach them from outdir. */
const keepOthersExternal = {
  name: 'keep-others-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path === BUNDLED_PACKAGE ||
      args.path.startsWith('node:') ||
      args.importer.includes(`${sep}node_modules${sep}`)
        ? undefined
        : { path: args.path, external: true },
    );
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = resolve(args.resolveDir, args.path);
      if (!target.startsWith(compiled)) return undefined;
      if (BUNDLED.has(relative(compiled, target).split(sep).join('/'))) return undefined;
      const path = relative(outdir, target).split(sep).join('/');
      return { path: path.startsWith('.') ? path : `./${path}`, external: true };
    });
  },
};

/**
 * commander loads child_process when it loads, for subcommands that are separate executables; idleprobe
 * has none, and loading it costs ~2 ms of every start. In the bundle, commander gets it on first use.
 */
const childProcessOnFirstUse = {
  name: 'child-process-on-first-use',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${sep}node_modules${sep}commander${sep}`)
        ? { path: 'child_process', namespace: 'on-first-use' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'on-first-use' }, () => ({
      contents:
        "let loaded;\nmodule.exports = new Proxy({}, { get: (_, key) => (loaded ??= require('node:child_process'))[key] });\n",
      loader: 'js',
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  // One file: `--help` reads one module. `--version` only parses commander's code, never runs it (the import of
  // program.js becomes a function the bundle calls when main.ts asks for it).
  entryPoints: { main: resolve(compiled, 'cli/main.js') },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outdir,
  // commander is CommonJS: its require() of Node's own modules needs a require in an ES module bundle.
  banner: {
    js: "import { createRequire as __startRequire } from 'node:module';\nconst require = __startRequire(import.meta.url);",
  },
  plugins: [keepOthersExternal, childProcessOnFirstUse],
  minifyWhitespace: true,
  logLevel: 'warning',
});
