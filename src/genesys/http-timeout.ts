/**
 * The deadline of one REST or OAuth exchange, connect to last body byte, unless `--http-timeout` says
 * otherwise. Apart from http.ts so the CLI can show it in its help without loading the HTTP client.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;
