/**
 * The `--fail-on` conditions as the help text lists them; in a module of its own so that `--help` does not
 * load the analysis to print it. src/ci/fail-on.ts parses exactly these.
 */
export const FAIL_ON_HELP =
  'closure (unexpected), any-closure, cause:NAME, age<DURATION, missed-heartbeat, watchdog, no-connection, blind>DURATION; comma-separated or repeated';
