import { IdleprobeError } from '../errors.js';

/**
 * A Genesys Cloud environment. People name it either way: by its AWS-style region (`eu-west-1`) or by the
 * domain its hosts live under (`mypurecloud.ie`). Every host of the environment is `<service>.{env}`.
 */
export interface Region {
  region: string;
  env: string;
}

/** Every public Genesys Cloud environment (protocol.md, "Hosts"). */
export const REGIONS: readonly Region[] = Object.freeze(
  [
    { region: 'us-east-1', env: 'mypurecloud.com' },
    { region: 'eu-west-1', env: 'mypurecloud.ie' },
    { region: 'ap-southeast-2', env: 'mypurecloud.com.au' },
    { region: 'ap-northeast-1', env: 'mypurecloud.jp' },
    { region: 'eu-central-1', env: 'mypurecloud.de' },
    { region: 'us-west-2', env: 'usw2.pure.cloud' },
    { region: 'ca-central-1', env: 'cac1.pure.cloud' },
    { region: 'ap-northeast-2', env: 'apne2.pure.cloud' },
    { region: 'eu-west-2', env: 'euw2.pure.cloud' },
    { region: 'ap-south-1', env: 'aps1.pure.cloud' },
    { region: 'us-east-2', env: 'use2.us-gov-pure.cloud' },
    { region: 'sa-east-1', env: 'sae1.pure.cloud' },
    { region: 'me-central-1', env: 'mec1.pure.cloud' },
    { region: 'ap-northeast-3', env: 'apne3.pure.cloud' },
    { region: 'eu-central-2', env: 'euc2.pure.cloud' },
    { region: 'mx-central-1', env: 'mxc1.pure.cloud' },
    { region: 'ap-southeast-1', env: 'apse1.pure.cloud' },
    { region: 'eusc-de-east-1', env: 'edee1.eusc-pure.cloud' },
  ].map((r) => Object.freeze(r)),
);

/** Host prefixes a person may paste along with the environment (protocol.md: api, login, streaming, webmessaging). */
const HOST_PREFIXES = ['api.', 'login.', 'streaming.', 'webmessaging.', 'apps.'];

/**
 * Finds the environment a person named. Accepts the region (`eu-west-1`), the environment (`mypurecloud.ie`),
 * any of its host names (`login.mypurecloud.ie`) or a URL (`https://api.mypurecloud.ie/api/v2`), in any case.
 */
export function resolveRegion(input: string): Region {
  const key = normalise(input);
  const found = REGIONS.find((r) => r.region === key || r.env === key);
  if (found) return found;
  const valid = REGIONS.map((r) => `${r.region} (${r.env})`).join(', ');
  throw new IdleprobeError(
    'IDLEPROBE_ERR_CONFIG',
    `"${key || input.trim()}" is not a Genesys Cloud region. Name one by its region or its domain, for example eu-west-1 or ` +
      `mypurecloud.ie. Valid regions: ${valid}.`,
  );
}

/** The REST and OAuth origins of an environment; the streaming host comes from each channel's connectUri. */
export function serviceBases(region: Region): { apiBase: string; loginBase: string } {
  return { apiBase: `https://api.${region.env}`, loginBase: `https://login.${region.env}` };
}

function normalise(input: string): string {
  let text = input.trim().toLowerCase();
  // A pasted URL: keep its host only (and drop any port or credentials in it).
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//.exec(text);
  if (scheme) text = text.slice(scheme[0].length);
  text = text.split(/[/?#]/, 1)[0] ?? '';
  text = text
    .slice(text.lastIndexOf('@') + 1)
    .replace(/:\d*$/, '')
    .replace(/\.$/, '');
  for (const prefix of HOST_PREFIXES) {
    if (text.startsWith(prefix) && REGIONS.some((r) => r.env === text.slice(prefix.length))) {
      return text.slice(prefix.length);
    }
  }
  return text;
}

/**
 * Whether `url` is one of the hosts a Genesys Cloud environment takes credentials on: its REST or its OAuth
 * host (`api.{env}`, `login.{env}`), over https. Anything else is somebody else's server, whatever it says.
 */
export function isGenesysCredentialHost(url: URL): boolean {
  if (url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return REGIONS.some((r) => host === `api.${r.env}` || host === `login.${r.env}`);
}
