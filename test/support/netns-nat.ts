import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { within } from './deadline.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = `${REPO}bin/idleprobe.js`;
/** Longer than any run a NAT test asks for (seconds); a run still going then is hung. */
const RUN_WAIT_MS = 60_000;

/**
 * Three network namespaces made by the test and nothing else: a client, a router doing NAT (nft
 * masquerade) with its own conntrack timers, and a server. Addresses are private and exist only inside
 * these namespaces; the host's interfaces and routes are never touched.
 *
 *   client 10.231.1.2 --- 10.231.1.1 router 10.231.2.1 --- 10.231.2.2 server
 */
export interface NatTopology {
  client: string;
  router: string;
  server: string;
  serverAddress: string;
  remove(): void;
}

/** Why the kernel-NAT test cannot run on this machine, or null when it can. */
export function natUnavailableReason(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces (ip netns add)';
  for (const [tool, args] of [
    ['ip', ['-V']],
    ['nft', ['--version']],
  ] as const) {
    try {
      execFileSync(tool, args, { stdio: 'ignore' });
    } catch {
      return `needs the ${tool} command (Debian package ${tool === 'ip' ? 'iproute2' : 'nftables'})`;
    }
  }
  return null;
}

function run(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Builds the topology. `establishedTimeoutS` is the router's `nf_conntrack_tcp_timeout_established`
 * (per namespace); `nf_conntrack_tcp_loose=0` and dropping `ct state invalid` make a packet of a
 * forgotten flow die at the router instead of creating a new mapping, as a NAT gateway or stateful
 * firewall does.
 */
export function createNatTopology(tag: string, establishedTimeoutS: number | null): NatTopology {
  const client = `ipc-${tag}`;
  const router = `ipr-${tag}`;
  const server = `ips-${tag}`;
  const topology: NatTopology = {
    client,
    router,
    server,
    serverAddress: '10.231.2.2',
    remove: () => {
      for (const ns of [client, router, server]) {
        try {
          run('ip', ['netns', 'del', ns]);
        } catch {
          // Already gone or never made: removal is best effort so a failed setup still cleans up.
        }
      }
    },
  };
  try {
    for (const ns of [client, router, server]) run('ip', ['netns', 'add', ns]);
    const inNs = (ns: string, ...args: string[]) => run('ip', ['netns', 'exec', ns, ...args]);
    run('ip', [
      'link',
      'add',
      `c0-${tag}`,
      'netns',
      client,
      'type',
      'veth',
      'peer',
      'name',
      `rc-${tag}`,
      'netns',
      router,
    ]);
    run('ip', [
      'link',
      'add',
      `s0-${tag}`,
      'netns',
      server,
      'type',
      'veth',
      'peer',
      'name',
      `rs-${tag}`,
      'netns',
      router,
    ]);
    const addresses: Array<[string, string, string]> = [
      [client, `c0-${tag}`, '10.231.1.2/24'],
      [router, `rc-${tag}`, '10.231.1.1/24'],
      [router, `rs-${tag}`, '10.231.2.1/24'],
      [server, `s0-${tag}`, '10.231.2.2/24'],
    ];
    for (const [ns, dev, address] of addresses) {
      run('ip', ['-n', ns, 'addr', 'add', address, 'dev', dev]);
      run('ip', ['-n', ns, 'link', 'set', dev, 'up']);
    }
    for (const ns of [client, router, server]) run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    // Only the client has a route to the other side: the server sees the router's address (NAT).
    run('ip', ['-n', client, 'route', 'add', 'default', 'via', '10.231.1.1']);
    inNs(router, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    const nft = (...args: string[]) => inNs(router, 'nft', ...args);
    nft('add', 'table', 'ip', 'idleprobe');
    nft('add', 'chain', 'ip', 'idleprobe', 'post', '{ type nat hook postrouting priority 100 ; }');
    nft('add', 'rule', 'ip', 'idleprobe', 'post', 'oifname', `rs-${tag}`, 'masquerade');
    // ("fwd" is an nft keyword, hence the chain names.)
    for (const [chain, hook] of [
      ['through', 'forward'],
      ['toself', 'input'],
    ]) {
      nft('add', 'chain', 'ip', 'idleprobe', chain as string, `{ type filter hook ${hook} priority 0 ; }`);
      nft('add', 'rule', 'ip', 'idleprobe', chain as string, 'ct', 'state', 'invalid', 'drop');
    }
    // Conntrack exists in the router namespace only once the NAT rule above is loaded.
    inNs(router, 'sysctl', '-qw', 'net.netfilter.nf_conntrack_tcp_loose=0');
    if (establishedTimeoutS !== null)
      inNs(router, 'sysctl', '-qw', `net.netfilter.nf_conntrack_tcp_timeout_established=${establishedTimeoutS}`);
    return topology;
  } catch (error) {
    topology.remove();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`could not build the NAT namespaces: ${(error as Error).message}${stderr ? ` (${stderr})` : ''}`, {
      cause: error,
    });
  }
}

export interface NamespacedSim {
  apiBase: string;
  token: string;
  stop(): Promise<void>;
}

/** `idleprobe sim` inside the server namespace, with its own credentials read from what it prints. */
export async function startSimIn(ns: string, host: string, scenarioFile: string): Promise<NamespacedSim> {
  const child = spawn(
    'ip',
    ['netns', 'exec', ns, process.execPath, BIN, 'sim', '--host', host, '--port', '0', '--scenario', scenarioFile],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => /Ctrl-C/.test(out) && resolve());
    child.once('exit', (code) => reject(new Error(`idleprobe sim exited with ${code}: ${out}`)));
  });
  await within(ready, 'idleprobe sim to start in its namespace').catch(async (error: Error) => {
    await stopChild(child);
    throw error;
  });
  const apiBase = /--api-base (\S+)/.exec(out)?.[1];
  const token = /--token (\S+)/.exec(out)?.[1];
  if (!apiBase || !token) throw new Error(`idleprobe sim printed no api base or token: ${out}`);
  return { apiBase, token, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await within(exited, 'idleprobe sim to exit after SIGTERM').catch(() => child.kill('SIGKILL'));
}

/** Runs `idleprobe run` inside the client namespace until it ends; returns the events of its log. */
export async function runProbeIn(
  ns: string,
  args: string[],
  logFile: string,
  env: Record<string, string> = {},
): Promise<Array<Record<string, unknown>>> {
  const child = spawn(
    'ip',
    ['netns', 'exec', ns, process.execPath, BIN, 'run', ...args, '--log', logFile, '--format', 'json', '--no-status'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stdout.resume();
  const [code] = (await within(once(child, 'exit'), `idleprobe run in ${ns} to exit`, RUN_WAIT_MS).catch(
    (error: Error) => {
      child.kill('SIGKILL');
      throw new Error(`${error.message}: ${err}`);
    },
  )) as [number | null];
  if (code !== 0) throw new Error(`idleprobe run exited with ${code}: ${err}`);
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
