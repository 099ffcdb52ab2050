import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isIdleprobeError } from '../../src/errors.js';
import { REGIONS, resolveRegion, serviceBases } from '../../src/genesys/regions.js';

describe('Genesys regions', () => {
  test('the table holds the 18 public environments, each region and domain once', () => {
    assert.equal(REGIONS.length, 18);
    assert.equal(new Set(REGIONS.map((r) => r.region)).size, 18);
    assert.equal(new Set(REGIONS.map((r) => r.env)).size, 18);
  });

  for (const region of REGIONS) {
    test(`${region.region} and ${region.env} name the same environment, in any case and as host or URL`, () => {
      const spellings = [
        region.region,
        region.env,
        region.region.toUpperCase(),
        ` ${region.env.toUpperCase()} `,
        `https://api.${region.env}`,
        `https://api.${region.env}/api/v2/notifications/channels`,
        `login.${region.env}`,
        `wss://streaming.${region.env}/channels/x`,
      ];
      for (const spelling of spellings) assert.deepEqual(resolveRegion(spelling), region, spelling);
    });
  }

  test('service bases are the api and login hosts of the environment over https', () => {
    assert.deepEqual(serviceBases(resolveRegion('eu-west-1')), {
      apiBase: 'https://api.mypurecloud.ie',
      loginBase: 'https://login.mypurecloud.ie',
    });
    assert.deepEqual(serviceBases(resolveRegion('eusc-de-east-1')), {
      apiBase: 'https://api.edee1.eusc-pure.cloud',
      loginBase: 'https://login.edee1.eusc-pure.cloud',
    });
  });

  test('an unknown region is a configuration error that lists every valid name', () => {
    assert.throws(
      () => resolveRegion('eu-west-9'),
      (error: unknown) => {
        assert.ok(isIdleprobeError(error, 'IDLEPROBE_ERR_CONFIG'));
        assert.match(error.message, /"eu-west-9" is not a Genesys Cloud region/);
        for (const r of REGIONS) {
          assert.ok(error.message.includes(r.region), r.region);
          assert.ok(error.message.includes(r.env), r.env);
        }
        return true;
      },
    );
  });

  test('a domain that merely ends like a known one is not accepted', () => {
    assert.throws(
      () => resolveRegion('evil-mypurecloud.ie'),
      (e: unknown) => isIdleprobeError(e, 'IDLEPROBE_ERR_CONFIG'),
    );
    assert.throws(
      () => resolveRegion('api.example.com'),
      (e: unknown) => isIdleprobeError(e, 'IDLEPROBE_ERR_CONFIG'),
    );
    assert.throws(
      () => resolveRegion(''),
      (e: unknown) => isIdleprobeError(e, 'IDLEPROBE_ERR_CONFIG'),
    );
  });

  test('credentials pasted inside a URL are not repeated in the error', () => {
    assert.throws(
      () => resolveRegion('https://user:hunter2secret@api.nowhere.example'),
      (error: unknown) => isIdleprobeError(error) && !error.message.includes('hunter2secret'),
    );
  });
});
