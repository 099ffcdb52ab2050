import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { networkInterfaces } from 'node:os';
import { createPacResolver } from 'pac-resolver';
import { QuickJS } from 'quickjs-wasi';
import { type PacSource, pacError } from './pac-source.js';

/** FindProxyForURL of one PAC file, run in its sandbox. */
export interface PacEvaluator {
  /** Where the PAC came from, credentials removed. */
  readonly source: string;
  /** The PAC's answer for a URL (browsers give it `scheme://host[:port]/`), e.g. `PROXY p:8080; DIRECT`. */
  find(url: string): Promise<string>;
}

/** A PAC needs little; one that allocates more is broken or hostile. */
const PAC_MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;

/**
 * Compiles a PAC file in QuickJS (WebAssembly): the file's code sees only the standard PAC functions, never
 * Node's. dnsResolve and isResolvable ask this machine's resolver (dns.lookup, IPv4, as pac-resolver and
 * browsers do): null and false when a name does not resolve. myIpAddress is this machine's first
 * non-internal IPv4 address (127.0.0.1 when it has none), read from its interfaces: pac-resolver's own
 * connects to 8.8.8.8 to find it, which a probe must not do behind the user's back. alert() prints
 * nothing. A syntax error, or a file without FindProxyForURL, fails here.
 */
export async function compilePac(source: PacSource): Promise<PacEvaluator> {
  const wasm = await readFile(createRequire(import.meta.url).resolve('quickjs-wasi/quickjs.wasm'));
  const vm = await QuickJS.create({ wasm, memoryLimit: PAC_MEMORY_LIMIT_BYTES });
  let find: (url: string) => Promise<unknown>;
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
  }
  return {
    source: source.display,
    async find(url) {
      let answer: unknown;
      try {
        answer = await find(url);
      } catch (cause) {
        throw pacError(
          `The PAC file ${source.display} failed while choosing a proxy for ${originOf(url)} (${firstLine(cause)}): fix the PAC file, or pass the proxy with --proxy instead.`,
          cause,
        );
      }
      if (typeof answer !== 'string' && answer !== null && answer !== undefined) {
        throw pacError(
          `The PAC file ${source.display} returned ${typeof answer} for ${originOf(url)} instead of a proxy list such as "PROXY host:port; DIRECT".`,
        );
      }
      return answer ?? '';
    },
  };
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
