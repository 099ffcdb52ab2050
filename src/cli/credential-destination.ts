import { IdleprobeError } from '../errors.js';
import { isGenesysCredentialHost } from '../genesys/regions.js';
import type { ProbeAuth } from '../probe/config.js';
import { ENV } from './env-names.js';

/** A base the run will send credentials to, and the flag that named it. */
export interface CredentialBase {
  flag: '--api-base' | '--login-base';
  url: string;
}

/**
 * A real secret goes only where it belongs. Credentials in the environment (GENESYSCLOUD_*) are usually an
 * org's production ones, set for Genesys's own tools: a base that is not a Genesys Cloud host gets them only
 * when the person says so, by giving the credentials for it on the command line or by naming the base in
 * IDLEPROBE_TRUST_BASE. Whatever their source, no credential crosses the network over plain http://: only a
 * base on this machine (a simulator, a test server) or one named in IDLEPROBE_TRUST_BASE may take them so.
 * `idleprobe sim` elsewhere stays usable: its throwaway credentials are printed to be given as flags.
 */
export function checkCredentialDestination(
  bases: readonly CredentialBase[],
  auth: ProbeAuth,
  source: { fromEnvironment: boolean },
  env: Readonly<Record<string, string | undefined>>,
): void {
  const trusted = trustedOrigins(env[ENV.trustBase]);
  for (const base of bases) {
    const url = new URL(base.url);
    if (trusted.has(url.origin)) continue;
    if (url.protocol === 'http:' && !isLoopback(url.hostname)) throw clearText(base, url, auth);
    if (source.fromEnvironment && !isGenesysCredentialHost(url)) throw notForThisBase(base, url, auth);
  }
}

/** `https://gw.example, http://10.0.0.5:8080/` -> their origins; an entry that is no URL trusts nothing. */
function trustedOrigins(value: string | undefined): Set<string> {
  const origins = new Set<string>();
  for (const entry of (value ?? '').split(',')) {
    try {
      if (entry.trim() !== '') origins.add(new URL(entry.trim()).origin);
    } catch {
      // Not a URL: it names no base, so it trusts none (the refusal says what to write).
    }
  }
  return origins;
}

/** This machine: the loopback range, by name or address (IPv6 hosts come bracketed from URL). */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

function what(auth: ProbeAuth): string {
  return auth.kind === 'token' ? 'the token' : "the OAuth client's secret and the token it obtains";
}

function clearText(base: CredentialBase, url: URL, auth: ProbeAuth): IdleprobeError {
  return new IdleprobeError(
    'IDLEPROBE_ERR_USAGE',
    `${base.flag} ${url.origin} is plain http:// to another machine: ${what(auth)} would cross the network in clear ` +
      `text. Use https://, or, for a simulator or test server of your own, allow it with ${ENV.trustBase}=${url.origin}.`,
  );
}

function notForThisBase(base: CredentialBase, url: URL, auth: ProbeAuth): IdleprobeError {
  const variable = auth.kind === 'token' ? ENV.token : ENV.clientSecret;
  const flags = auth.kind === 'token' ? '--token' : '--client-id and --client-secret';
  return new IdleprobeError(
    'IDLEPROBE_ERR_USAGE',
    `${variable} comes from the environment, and ${base.flag} ${url.origin} is not a Genesys Cloud host: idleprobe ` +
      `sends credentials from the environment only to Genesys Cloud. Give the credentials meant for that base with ` +
      `${flags}, or, if it is a gateway you trust with them, set ${ENV.trustBase}=${url.origin}.`,
  );
}
