import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTokenIdleInfo } from '../../src/genesys/token-idle-info.js';
import { startScriptedServer } from '../support/http-server.js';

test("the token's idle expiry and the org's idle timeout are read from tokens/me and tokens/timeout", async () => {
  const server = await startScriptedServer((request) => {
    if (request.path === '/api/v2/tokens/me')
      return { status: 200, body: { dateTokenIdles: '2026-11-27T18:00:00.000Z', organization: { id: 'o' } } };
    if (request.path === '/api/v2/tokens/timeout')
      return { status: 200, body: { idleTokenTimeoutSeconds: 900, enableIdleTokenTimeout: true } };
    return { status: 404, body: {} };
  });
  try {
    const info = await readTokenIdleInfo(server.base, 'token-abcdef', {});
    assert.deepEqual(info, { idlesAt: '2026-11-27T18:00:00.000Z', idleTimeoutMs: 900_000, idleTimeoutEnabled: true });
    assert.ok(server.requests.every((r) => r.headers.authorization === 'Bearer token-abcdef'));
  } finally {
    await server.close();
  }
});

test('refusals leave the facts unknown instead of failing the run', async () => {
  const server = await startScriptedServer(() => ({
    status: 403,
    body: { message: 'missing permission', code: 'missing.permissions', status: 403 },
  }));
  try {
    assert.deepEqual(await readTokenIdleInfo(server.base, 'token-abcdef', {}), {
      idlesAt: null,
      idleTimeoutMs: null,
      idleTimeoutEnabled: null,
    });
  } finally {
    await server.close();
  }
});
