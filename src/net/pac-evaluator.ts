import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { networkInterfaces } from 'node:os';
import { createPacResolver } from 'pac-resolver';
import { QuickJS } from 'quickjs-wasi';
import type { Clock } from '../clock/clock.js';
import { type PacSource, pacError } from './pac-source.js';

/** FindProxyForURL of one PAC file, run in its sandbox. */
export interface PacEvaluator {
  /** Where the PAC came from, credentials removed. */
  readonly source: string;
  /** The PAC's answer for a URL (browsers give it `scheme://host[:port]/`), e.g. `PROXY p:8080; DIRECT`. */
  find(url: string): Promise<string>;
}

/**
 * Gives the sandbox's WebAssembly (quickjs-wasi's quickjs.wasm) when it is not in node_modules: the single
 * executable has it embedded.
 */
export type PacSandboxLoader = () => Promise<Uint8Array>;

/** A PAC needs little; one that allocates more is broken or hostile. */
const PAC_MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;
/**
 * Real PAC files answer in milliseconds; one still running after this is looping. The sandbox checks the
 * time between bytecode instructions (the code runs synchronously, so no timer could fire); time spent
 * waiting on a DNS lookup is not counted.
 */
export const PAC_EVALUATION_LIMIT_MS = 5_000;

/**
 * Compiles a PAC file in QuickJS (WebAssembly): the file's code sees only the standard PAC functions, never
 * Node's. dnsResolve and isResolvable ask this machine's resolver (dns.lookup, IPv4, as pac-resolver and
 * browsers do): null and false when a name does not resolve. myIpAddress is this machine's first
 * non-internal IPv4 address (127.0.0.1 when it has none), read from its interfaces: pac-resolver's own
 * connects to 8.8.8.8 to find it, which a probe must not do behind the user's back. alert() prints
 * nothing. A syntax error, or a file without FindProxyForURL, fails here.
 */
export async function compilePac(
  source: PacSource,
  clock: Clock,
  loadSandbox: PacSandboxLoader = readInstalledSandbox,
): Promise<PacEvaluator> {
  const wasm = await readSandbox(loadSandbox);
  let deadline = Number.POSITIVE_INFINITY;
  const vm = await QuickJS.create({
    wasm,
    memoryLimit: PAC_MEMORY_LIMIT_BYTES,
    interruptHandler: () => clock.monoNow() > deadline,
  });
  let find: (url: string) => Promise<unknown>;
  // Code at the top level of the file runs here: it gets the same limit.
  deadline = clock.monoNow() + PAC_EVALUATION_LIMIT_MS;
  try {
    find = createPacResolver(vm, source.text, {
      filename: 'proxy.pac',
      sandbox: { alert: () => {}, myIpAddress: Object.assign(async () => localIpv4(), { async: true }) },
    });
  } catch (cause) {
    throw pacError(
      `The PAC file ${source.display} does not compile (${firstLine(cause)}): check that it is the PAC file itself (JavaScript defining FindProxyForURL(url, host)), not an error page.`,
      cause,
    );
  } finally {
    deadline = Number.POSITIVE_INFINITY;
  }
  // One evaluation at a time: the limit is the sandbox's, and two interleaved (each waiting on DNS) would share it.
  let previous: Promise<unknown> = Promise.resolve();
  const evaluate = async (url: string): Promise<string> => {
    let answer: unknown;
    deadline = clock.monoNow() + PAC_EVALUATION_LIMIT_MS;
    try {
      answer = await find(url);
    } catch (cause) {
      if (/interrupted/.test(firstLine(cause))) {
        throw pacError(
          `The PAC file ${source.display} did not answer for ${originOf(url)} within ${PAC_EVALUATION_LIMIT_MS / 1000} s (an endless loop?): fix the PAC file, or pass the proxy with --proxy instead.`,
          cause,
        );
      }
      throw pacError(
        `The PAC file ${source.display} failed while choosing a proxy for ${originOf(url)} (${firstLine(cause)}): fix the PAC file, or pass the proxy with --proxy instead.`,
        cause,
      );
    } finally {
      deadline = Number.POSITIVE_INFINITY;
    }
    if (typeof answer !== 'string' && answer !== null && answer !== undefined) {
      throw pacError(
        `The PAC file ${source.display} returned ${typeof answer} for ${originOf(url)} instead of a proxy list such as "PROXY host:port; DIRECT".`,
      );
    }
    return answer ?? '';
  };
  return {
    source: source.display,
    find(url) {
      const next = previous.then(() => evaluate(url));
      previous = next.catch(() => {});
      return next;
    },
  };
}

async function readInstalledSandbox(): Promise<Uint8Array> {
  return readFile(createRequire(import.meta.url).resolve('quickjs-wasi/quickjs.wasm'));
}

async function readSandbox(load: PacSandboxLoader): Promise<Uint8Array> {
  try {
    return await load();
  } catch (cause) {
    throw pacError(
      'This idleprobe cannot run PAC files: its PAC sandbox (quickjs-wasi/quickjs.wasm) is missing from the installation. Reinstall it with npm, or pass the proxy the PAC names with --proxy.',
      cause,
    );
  }
}

function localIpv4(): string {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address;
  }
  return '127.0.0.1';
}

/** The target as the message may show it: a channel URL's path is a secret, so only scheme, host and port. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'a connection';
  }
}

function firstLine(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}
