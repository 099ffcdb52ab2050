import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planRun, type RunFlags } from '../../src/cli/run-plan.js';

/** An org's production credentials, set for Genesys's own CLI and Terraform provider. */
const PRODUCTION = {
  GENESYSCLOUD_REGION: 'eu-west-1',
  GENESYSCLOUD_OAUTHCLIENT_ID: 'prod-client',
  GENESYSCLOUD_OAUTHCLIENT_SECRET: 'prod-secret-Zq81',
};
const FLAGS = { clientId: 'sim-client', clientSecret: 'sim-secret-77' };

function refused(flags: RunFlags, env: Record<string, string>, ...patterns: RegExp[]): void {
  assert.throws(
    () => planRun(flags, env),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'IDLEPROBE_ERR_USAGE');
      for (const pattern of patterns) assert.match(error.message, pattern);
      assert.ok(!error.message.includes('prod-secret') && !error.message.includes('sim-secret'), error.message);
      return true;
    },
  );
}

function allowed(flags: RunFlags, env: Record<string, string>): void {
  const plan = planRun(flags, env);
  assert.equal(plan.target.kind, 'service');
}

describe('a real secret goes only where it belongs', () => {
  test('credentials from the environment are refused to a base that is not a Genesys host, plain http or not', () => {
    refused(
      { apiBase: 'http://anything.example' },
      PRODUCTION,
      /plain http:\/\//,
      /IDLEPROBE_TRUST_BASE=http:\/\/anything\.example/,
    );
    refused(
      { apiBase: 'https://gateway.example/genesys' },
      PRODUCTION,
      /GENESYSCLOUD_OAUTHCLIENT_SECRET comes from the environment/,
      /--api-base https:\/\/gateway\.example is not a Genesys Cloud host/,
      /--client-id and --client-secret/,
    );
    refused({ loginBase: 'https://login.evil.example' }, PRODUCTION, /--login-base https:\/\/login\.evil\.example/);
    refused(
      { apiBase: 'http://127.0.0.1:8080' },
      { GENESYSCLOUD_ACCESS_TOKEN: 'prod-token-1234' },
      /GENESYSCLOUD_ACCESS_TOKEN comes from the environment/,
      /--token/,
    );
  });

  test('the look-alikes: the same bases with the credentials given for them, or trusted by name', () => {
    allowed({ apiBase: 'https://gateway.example', ...FLAGS }, PRODUCTION);
    allowed({ apiBase: 'https://gateway.example', token: 'flag-token-1' }, PRODUCTION);
    allowed(
      { apiBase: 'https://gateway.example/genesys' },
      { ...PRODUCTION, IDLEPROBE_TRUST_BASE: 'https://gateway.example' },
    );
    allowed(
      { apiBase: 'https://gateway.example', loginBase: 'https://sso.example' },
      { ...PRODUCTION, IDLEPROBE_TRUST_BASE: 'https://sso.example/, https://gateway.example' },
    );
    allowed({ apiBase: 'https://api.mypurecloud.ie', loginBase: 'https://login.mypurecloud.ie' }, PRODUCTION);
    allowed({}, PRODUCTION);
  });

  test('a trusted base names one origin: another scheme, host or port is not trusted by it', () => {
    const env = { ...PRODUCTION, IDLEPROBE_TRUST_BASE: 'https://gateway.example' };
    refused({ apiBase: 'https://gateway.example:8443' }, env, /not a Genesys Cloud host/);
    refused({ apiBase: 'http://gateway.example' }, env, /plain http:\/\//);
    refused(
      { apiBase: 'https://gateway.example' },
      { ...PRODUCTION, IDLEPROBE_TRUST_BASE: '1' },
      /IDLEPROBE_TRUST_BASE=https:\/\/gateway\.example/,
    );
  });

  test('no credential crosses the network over plain http, whatever its source', () => {
    refused(
      { apiBase: 'http://10.0.0.5:8080', ...FLAGS },
      {},
      /--api-base http:\/\/10\.0\.0\.5:8080 is plain http:\/\/ to another machine/,
    );
    refused({ apiBase: 'http://api.mypurecloud.ie' }, PRODUCTION, /plain http:\/\//);
    refused(
      { apiBase: 'https://gateway.example', loginBase: 'http://sso.example', ...FLAGS },
      {},
      /--login-base http:\/\/sso\.example/,
    );
    allowed({ apiBase: 'http://10.0.0.5:8080', ...FLAGS }, { IDLEPROBE_TRUST_BASE: 'http://10.0.0.5:8080' });
  });

  test('`idleprobe sim` elsewhere stays usable with the credentials it prints, on this machine', () => {
    for (const base of ['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080', 'http://127.1.2.3:9'])
      allowed({ apiBase: base, ...FLAGS }, PRODUCTION);
    allowed({ apiBase: 'http://127.0.0.1:8080', token: 'sim-agent-token' }, {});
    assert.equal(planRun({ sim: true }, PRODUCTION).target.kind, 'sim', '--sim uses its own credentials');
  });
});
