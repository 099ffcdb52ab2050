import { readFile } from 'node:fs/promises';
import { Agent, request } from 'undici';
import { IdleprobeError } from '../errors.js';

/** The PAC file's text and the name it is shown by (a URL without its user and password). */
export interface PacSource {
  display: string;
  text: string;
}

/** A PAC file is a few kilobytes; anything far bigger is not one. */
const MAX_PAC_BYTES = 1024 * 1024;
/** Reaching the server and receiving the file, each: a PAC that does not come quickly fails the start. */
const PAC_FETCH_TIMEOUT_MS = 15_000;

/**
 * Reads the PAC file once, at start: from http:// or https:// (fetched directly, never through the
 * proxy it may name, as Windows and browsers fetch it; an https:// server is checked against --ca too),
 * or from a file. Anything that stops it is a configuration error that says what to check.
 */
export async function loadPacSource(location: string, ca: string[] | null): Promise<PacSource> {
  if (/^https?:\/\//i.test(location)) return fetchPac(location, ca);
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(location)) {
    throw pacError(`--pac ${location}: only http://, https:// URLs and file paths are read.`);
  }
  let text: string;
  try {
    text = await readFile(location, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw pacError(
      `--pac ${location} cannot be read (${code}): give the PAC file's URL (http:// or https://) or the path of a saved copy.`,
      cause,
    );
  }
  return { display: location, text };
}

async function fetchPac(location: string, ca: string[] | null): Promise<PacSource> {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw pacError(`--pac ${location} is not a URL: write it like http://wpad.corp.example/proxy.pac.`);
  }
  url.username = '';
  url.password = '';
  const display = url.href;
  const dispatcher = new Agent({
    connect: ca ? { ca } : {},
    headersTimeout: PAC_FETCH_TIMEOUT_MS,
    bodyTimeout: PAC_FETCH_TIMEOUT_MS,
    connectTimeout: PAC_FETCH_TIMEOUT_MS,
  });
  try {
    const response = await request(location, { dispatcher, method: 'GET' }).catch((cause: unknown) => {
      const code = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
      throw pacError(
        `The PAC file ${display} could not be fetched (${code}): check the URL (see docs/network.md for where Windows and macOS keep it) and that this machine reaches that server directly.`,
        cause,
      );
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw pacError(
        `The PAC file ${display} could not be fetched: the server answered HTTP ${response.statusCode}. Check the URL (see docs/network.md).`,
      );
    }
    const text = await response.body.text();
    if (Buffer.byteLength(text) > MAX_PAC_BYTES) {
      throw pacError(`${display} is larger than 1 MiB, so it is not a PAC file: check the URL.`);
    }
    return { display, text };
  } finally {
    await dispatcher.close();
  }
}

export function pacError(message: string, cause?: unknown): IdleprobeError {
  return new IdleprobeError('IDLEPROBE_ERR_CONFIG', message, cause === undefined ? undefined : { cause });
}
