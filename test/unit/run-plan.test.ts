import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planRun } from '../../src/cli/run-plan.js';
import { MAX_TIME_SCALE } from '../../src/protocol/timing.js';

function usageError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: Error & { code?: string }) => {
    assert.equal(error.code, 'IDLEPROBE_ERR_USAGE');
    assert.match(error.message, pattern);
    return true;
  });
}

describe('planning a run from flags and environment', () => {
  test('with no credentials anywhere the run goes to the built-in simulator', () => {
    const plan = planRun({}, {});
    assert.deepEqual(plan.target, { kind: 'sim', scenario: 'idle-timeout', reason: 'no-credentials' });
    assert.equal(plan.timeScale, 1);
    assert.equal(plan.watchdogMs, 75_000);
    assert.deepEqual(plan.keepalives, [{ kind: 'none' }], 'nothing is sent unless asked');
    assert.equal(plan.reconnect, 'same');
    assert.equal(plan.allowEviction, false);
  });

  test('the quickstart flags parse into a scaled simulator run that stops after one closure', () => {
    const plan = planRun({ sim: true, timeScale: '60', closures: '1' }, {});
    assert.equal(plan.target.kind, 'sim');
    assert.equal(plan.timeScale, 60);
    assert.equal(plan.maxClosures, 1);
  });

  test("Genesys's own environment variables are read, and a region resolves either way", () => {
    const env = {
      GENESYSCLOUD_REGION: 'mypurecloud.ie',
      GENESYSCLOUD_OAUTHCLIENT_ID: 'id',
      GENESYSCLOUD_OAUTHCLIENT_SECRET: 'secret',
    };
    const plan = planRun({}, env);
    assert.deepEqual(plan.target, {
      kind: 'service',
      apiBase: 'https://api.mypurecloud.ie',
      loginBase: 'https://login.mypurecloud.ie',
      label: 'eu-west-1 (mypurecloud.ie)',
      auth: { kind: 'client-credentials', clientId: 'id', clientSecret: 'secret' },
    });
  });

  test('flags win over the environment, and a token wins over client credentials', () => {
    const plan = planRun(
      { region: 'eu-west-1', token: 'flag-token' },
      { GENESYSCLOUD_REGION: 'us-east-1', GENESYSCLOUD_ACCESS_TOKEN: 'env-token' },
    );
    assert.equal(plan.target.kind === 'service' && plan.target.apiBase, 'https://api.mypurecloud.ie');
    assert.deepEqual(plan.target.kind === 'service' && plan.target.auth, { kind: 'token', token: 'flag-token' });
  });

  test('--api-base alone serves REST and OAuth, for a simulator or gateway on another port', () => {
    const plan = planRun({ apiBase: 'http://127.0.0.1:8080/', token: 't', timeScale: '60' }, {});
    assert.equal(plan.target.kind === 'service' && plan.target.loginBase, 'http://127.0.0.1:8080');
    assert.equal(plan.timeScale, 60);
  });

  test('a time scale beyond what the machine can time is refused, naming the maximum', () => {
    assert.equal(MAX_TIME_SCALE, 600);
    assert.equal(planRun({ sim: true, timeScale: '600' }, {}).timeScale, 600);
    usageError(
      () => planRun({ sim: true, timeScale: '601' }, {}),
      /--time-scale 601 is faster than a run can time: at most 600\./,
    );
    usageError(() => planRun({ sim: true, timeScale: '30000' }, {}), /at most 600/);
  });

  test('durations past a year are refused for every flag that takes one, 30 days are kept whole', () => {
    const plan = planRun({ sim: true, duration: '30d', ping: '30d', watchdog: '30d' }, {});
    assert.equal(plan.durationMs, 30 * 86_400_000);
    assert.equal(plan.watchdogMs, 30 * 86_400_000);
    assert.deepEqual(plan.keepalives, [{ kind: 'ping', intervalMs: 30 * 86_400_000 }]);
    usageError(() => planRun({ sim: true, duration: '400d' }, {}), /--duration "400d" is longer than 365d/);
    usageError(() => planRun({ sim: true, watchdog: '400d' }, {}), /--watchdog "400d" is longer than 365d/);
    usageError(() => planRun({ sim: true, ping: '400d' }, {}), /"400d" is longer than 365d/);
    usageError(() => planRun({ sim: true, httpTimeout: '400d' }, {}), /--http-timeout "400d" is longer than 365d/);
  });

  test('--http-timeout sets the deadline of every REST call; 30 s without it', () => {
    assert.equal(planRun({ sim: true }, {}).httpTimeoutMs, 30_000);
    assert.equal(planRun({ sim: true, httpTimeout: '2m' }, {}).httpTimeoutMs, 120_000);
    usageError(() => planRun({ sim: true, httpTimeout: '0s' }, {}), /--http-timeout must be longer than zero/);
  });

  test('a pasted token or secret loses the spaces and line ends around it', () => {
    const env = { GENESYSCLOUD_REGION: 'eu-west-1' };
    const token = planRun({ token: ' abc.def\r\n' }, env).target;
    assert.ok(token.kind === 'service' && token.auth.kind === 'token');
    assert.equal(token.auth.token, 'abc.def');
    const client = planRun(
      {},
      { ...env, GENESYSCLOUD_OAUTHCLIENT_ID: 'id\n', GENESYSCLOUD_OAUTHCLIENT_SECRET: '\tsecret\r\n' },
    ).target;
    assert.ok(client.kind === 'service' && client.auth.kind === 'client-credentials');
    assert.deepEqual([client.auth.clientId, client.auth.clientSecret], ['id', 'secret']);
  });

  test('a CR left inside a token is named, with where it is and how to remove it, never the token', () => {
    const env = { GENESYSCLOUD_REGION: 'eu-west-1' };
    for (const [token, what] of [
      ['abc\rdef', /carriage return \(CR, \\r\).* at position 4 of 7/],
      ['abc\ndef', /a line break at position 4/],
      ['abc\u0007def', /a control character \(code 7\)/],
    ] as const) {
      assert.throws(
        () => planRun({ token }, env),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'IDLEPROBE_ERR_USAGE');
          assert.match(error.message, /^the token contains /);
          assert.match(error.message, what);
          assert.match(error.message, /tr -d/);
          assert.ok(!error.message.includes('abc'), 'the token itself is not repeated');
          return true;
        },
      );
    }
    // A stale variable does not stop a run that does not use it.
    assert.equal(planRun({ sim: true }, { GENESYSCLOUD_ACCESS_TOKEN: 'a\rb' }).target.kind, 'sim');
  });

  test('each mistake gets an error that says what to type', () => {
    usageError(() => planRun({ clientId: 'id' }, { GENESYSCLOUD_REGION: 'eu-west-1' }), /--client-secret/);
    usageError(() => planRun({ region: 'eu-west-1' }, {}), /--token.*--client-id/);
    usageError(() => planRun({ token: 't' }, {}), /--region eu-west-1/);
    usageError(
      () => planRun({ region: 'eu-west-1', token: 't', timeScale: '60' }, {}),
      /--time-scale only applies to a simulator/,
    );
    usageError(() => planRun({ sim: true, timeScale: '0' }, {}), /--time-scale "0"/);
    usageError(() => planRun({ sim: true, region: 'eu-west-1' }, {}), /--sim runs the built-in simulator/);
    usageError(() => planRun({ sim: true, closures: 'two' }, {}), /--closures "two"/);
    usageError(() => planRun({ sim: true, ping: 'often' }, {}), /"often" is not a duration/);
    usageError(
      () => planRun({ sim: true, keepalive: ['udp:30s'] }, {}),
      /none, tcp:DURATION, ws-ping:DURATION or ping:DURATION/,
    );
    usageError(() => planRun({ sim: true, keepalive: ['ping:30s', 'ping:30s'] }, {}), /--channels N/);
    usageError(() => planRun({ sim: true, keepalive: ['none'], ping: '30s' }, {}), /one or the other/);
    usageError(() => planRun({ sim: true, channels: '21' }, {}), /20 channels/);
    usageError(() => planRun({ sim: true, reconnect: 'sometimes' }, {}), /same .* new .* off/);
    usageError(
      () => planRun({ apiBase: 'localhost:80', token: 't' }, {}),
      /--api-base must be an http:\/\/ or https:\/\/ URL/,
    );
    usageError(() => planRun({ apiBase: 'api host', token: 't' }, {}), /--api-base "api host" is not a URL/);
    usageError(() => planRun({ sim: true, format: 'xml' }, {}), /table, json or markdown/);
    usageError(() => planRun({ region: 'eu-west-1', token: 't', scenario: 'steady' }, {}), /--scenario/);
  });

  test('keepalive strategies come from --keepalive (repeated or comma-separated) and --ping', () => {
    assert.deepEqual(planRun({ sim: true, ping: '5m' }, {}).keepalives, [{ kind: 'ping', intervalMs: 300_000 }]);
    assert.deepEqual(planRun({ sim: true, keepalive: ['none,tcp:30s', 'ws-ping:1m'] }, {}).keepalives, [
      { kind: 'none' },
      { kind: 'tcp', intervalMs: 30_000 },
      { kind: 'ws-ping', intervalMs: 60_000 },
    ]);
    assert.equal(planRun({ sim: true, channels: '3' }, {}).channelsPerKeepalive, 3);
  });

  test('an unknown region lists the valid names', () => {
    assert.throws(() => planRun({ region: 'mars-1', token: 't' }, {}), /eu-west-1/);
  });
});
