import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import platformClient from 'purecloud-platform-client-v2';
import { WebSocket } from 'ws';
import { gradeJournal } from '../../src/grade/grade-journal.js';
import { type RunningSimulator, type SimRecord, startSimulator } from '../../src/sim/simulator.js';
import { within } from '../support/deadline.js';

/**
 * The official Genesys JavaScript SDK, a client nobody here wrote, talks to the simulator through its own
 * gateway setting. If the simulator's REST surface drifted from the real one, the SDK's calls or models
 * would show it.
 */
describe('the official Genesys JavaScript SDK against the simulator', () => {
  let sim: RunningSimulator;
  const urls: string[] = [];
  const client = platformClient.ApiClient.instance;

  before(async () => {
    sim = await startSimulator({
      scenario: 'steady',
      rateLimit: null,
      deniedTopics: [{ topic: 'v2.routing.queues.*.conversations', permission: 'routing:queue:view' }],
    });
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port: sim.port });
    const http = client.getHttpClient();
    // Loopback only: axios would otherwise honour an HTTP(S)_PROXY from the environment.
    http.setPreHook(async (config: { url: string; proxy?: unknown }) => {
      urls.push(config.url);
      return { ...config, proxy: false };
    });
    http.enableHooks();
  });
  after(() => sim.close());

  test("client-credentials login, then every notification call, with the SDK's models checked field by field", async () => {
    const auth = await client.loginClientCredentialsGrant(sim.credentials.clientId, sim.credentials.clientSecret);
    assert.equal(typeof auth.accessToken, 'string');
    assert.ok(Math.abs(auth.tokenExpiryTime - (Date.now() + 86_400_000)) < 60_000, 'expires_in read as 24 h');

    const api = new platformClient.NotificationsApi();
    const channel = await api.postNotificationsChannels();
    assert.deepEqual(Object.keys(channel).sort(), ['connectUri', 'expires', 'id']);
    assert.match(channel.id!, /^streaming-0-[a-z0-9]{26}$/);
    assert.equal(channel.connectUri, `ws://127.0.0.1:${sim.port}/channels/${channel.id}`);
    assert.ok(Math.abs(Date.parse(channel.expires!) - (Date.now() + 86_400_000)) < 60_000, 'a channel lives 24 h');

    const presence = 'v2.users.00000000-0000-4000-8000-000000000001.presence';
    const selfUri = `/api/v2/notifications/channels/${channel.id}/subscriptions`;
    const added = await api.postNotificationsChannelSubscriptions(channel.id!, [{ id: presence }]);
    assert.deepEqual(added.entities, [{ id: presence, state: 'Permitted', selfUri }]);

    const queue = 'v2.routing.queues.q1.conversations';
    await assert.rejects(
      api.postNotificationsChannelSubscriptions(channel.id!, [{ id: queue }]),
      (error: { status: number; code: string; message: string }) => {
        // The SDK rejects with the service's error body: status, code, message.
        assert.equal(error.status, 403);
        assert.equal(error.code, 'missing.permissions');
        assert.match(error.message, /routing:queue:view/);
        return true;
      },
    );
    const replaced = await api.putNotificationsChannelSubscriptions(channel.id!, [{ id: presence }, { id: queue }], {
      ignoreErrors: true,
    });
    assert.equal(replaced.entities!.length, 2);
    const rejected = replaced.entities![1]!;
    assert.deepEqual(Object.keys(rejected).sort(), ['id', 'missingPermissions', 'rejectionReason', 'selfUri', 'state']);
    assert.equal(rejected.state, 'Rejected');
    assert.deepEqual(rejected.missingPermissions, ['routing:queue:view']);

    const listed = await api.getNotificationsChannelSubscriptions(channel.id!);
    assert.deepEqual(listed.entities, [{ id: presence, state: 'Permitted', selfUri }]);

    const byToken = await api.getNotificationsChannels({ includechannels: 'token' });
    const [listedChannel] = byToken.entities!;
    // Subscribing extended the channel: same id and connectUri, a later expiry.
    assert.deepEqual(byToken.entities, [{ ...channel, expires: listedChannel!.expires }]);
    assert.ok(Date.parse(listedChannel!.expires!) > Date.parse(channel.expires!));
    const byClient = await api.getNotificationsChannels({ includechannels: 'oauthclient' });
    assert.deepEqual(byClient.entities, [listedChannel]);

    await api.headNotificationsChannel(channel.id!);
    // A HEAD answer has no body, and the SDK rejects with the body it got: nothing.
    const gone = await api.headNotificationsChannel('streaming-0-doesnotexist00000000000000').then(
      () => 'resolved',
      (error: unknown) => error,
    );
    assert.equal(gone, undefined);

    const topics = await api.getNotificationsAvailabletopics({
      expand: ['description', 'requiresPermissions', 'transports'],
    });
    const presenceTopic = topics.entities!.find((t) => t.id === 'v2.users.{id}.presence');
    assert.ok(
      presenceTopic &&
        typeof presenceTopic.description === 'string' &&
        Array.isArray(presenceTopic.requiresPermissions),
    );
    assert.ok(presenceTopic.transports!.includes('Websocket'));

    await api.deleteNotificationsChannelSubscriptions(channel.id!);
    assert.deepEqual((await api.getNotificationsChannelSubscriptions(channel.id!)).entities, []);

    assert.ok(urls.length >= 12, `requests seen: ${urls.length}`);
    for (const url of urls) assert.ok(url.startsWith(`http://127.0.0.1:${sim.port}/`), url);
  });
});

/** Every frame a plain ws client receives, as raw text, with whether it was binary. */
async function rawSocket(
  uri: string,
): Promise<{ ws: WebSocket; frames: Array<{ text: string; binary: boolean }>; next(match: RegExp): Promise<string> }> {
  const ws = new WebSocket(uri);
  const frames: Array<{ text: string; binary: boolean }> = [];
  ws.on('message', (data, binary) => frames.push({ text: data.toString(), binary }));
  await once(ws, 'open');
  const next = async (match: RegExp): Promise<string> => {
    for (let seen = 0; ; ) {
      const found = frames.slice(seen).find((frame) => match.test(frame.text));
      if (found) return found.text;
      seen = frames.length;
      await once(ws, 'message');
    }
  };
  return { ws, frames, next };
}

describe('raw frames on connectUri, byte for byte against protocol.md', () => {
  test('heartbeat, pong, socket_closing and token_revoked arrive exactly as documented', async () => {
    const sim = await startSimulator({
      scenario: {
        name: 'frames',
        summary: 'frames',
        hypothesis: 'control',
        basis: 'documented',
        heartbeatIntervalMs: 50,
        topicEventIntervalMs: null,
        closeRules: [
          { kind: 'maintenance', afterMs: 60_000, warningLeadMs: 59_700, code: 1001, reason: 'service maintenance' },
        ],
      },
      rateLimit: null,
    });
    try {
      const login = await fetch(`${sim.loginBase}/oauth/token`, {
        method: 'POST',
        body: 'grant_type=client_credentials',
        headers: {
          authorization: `Basic ${Buffer.from(`${sim.credentials.clientId}:${sim.credentials.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
      });
      const token = ((await login.json()) as { access_token: string }).access_token;
      const created = await fetch(`${sim.apiBase}/api/v2/notifications/channels`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      const channel = (await created.json()) as { id: string; connectUri: string };
      const socket = await rawSocket(channel.connectUri);

      assert.equal(
        await socket.next(/Heartbeat/),
        '{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}',
      );
      socket.ws.send('{"message":"ping"}');
      assert.equal(await socket.next(/pong/), '{"topicName":"channel.metadata","eventBody":{"message":"pong"}}');

      const closing = await socket.next(/socket_closing/);
      const closingId = /"correlationId":"([0-9a-f-]{36})"/.exec(closing)?.[1];
      assert.equal(
        closing,
        `{"topicName":"v2.system.socket_closing","eventBody":{"channelId":"${channel.id}","correlationId":"${closingId}","message":"Socket closing for service maintenance"}}`,
      );

      assert.equal(sim.revokeToken(token), 1);
      const revoked = await socket.next(/token_revoked/);
      const revokedId = /"correlationId":"([0-9a-f-]{36})"/.exec(revoked)?.[1];
      assert.equal(
        revoked,
        `{"topicName":"v2.system.token_revoked.${channel.id}","eventBody":{"channelId":"${channel.id}","correlationId":"${revokedId}","systemTopicType":"token_revoked","oauthClientId":"${sim.credentials.clientId}","reason":"user_tokens_revoked"}}`,
      );
      const [code] = (await once(socket.ws, 'close')) as [number];
      assert.equal(code, 1001);
      assert.ok(
        socket.frames.every((frame) => !frame.binary),
        'every service frame is a text frame',
      );
    } finally {
      await sim.close();
    }
  });
});

describe("the official JavaScript SDK's channel, graded", () => {
  test('the SDK creates and subscribes a channel, a plain ws on its connectUri gets a heartbeat, and the journal grades it', async () => {
    const sim = await startSimulator({
      scenario: {
        name: 'sdk-card',
        summary: 'heartbeats only',
        hypothesis: 'control',
        basis: 'documented',
        heartbeatIntervalMs: 50,
        topicEventIntervalMs: null,
        closeRules: [],
      },
      rateLimit: null,
    });
    const records: SimRecord[] = [];
    sim.journal.on('record', (record: SimRecord) => records.push(record));
    const client = platformClient.ApiClient.instance;
    try {
      client.setGateway({ host: '127.0.0.1', protocol: 'http', port: sim.port });
      await client.loginClientCredentialsGrant(sim.credentials.clientId, sim.credentials.clientSecret);
      const api = new platformClient.NotificationsApi();
      const channel = await api.postNotificationsChannels();
      await api.postNotificationsChannelSubscriptions(channel.id!, [
        { id: `v2.users.${sim.credentials.userId}.presence` },
      ]);
      // The JavaScript SDK has no socket helper (protocol.md): an app opens connectUri itself.
      const socket = await rawSocket(channel.connectUri!);
      await within(socket.next(/WebSocket Heartbeat/), 'a heartbeat on the SDK channel');
      socket.ws.close(1000, 'done');
      await within(
        new Promise<void>((resolve) => {
          const seen = () => records.some((r) => r.kind === 'close' && r.by === 'client');
          if (seen()) resolve();
          else sim.journal.on('record', () => seen() && resolve());
        }),
        "the client's close in the journal",
      );

      const card = gradeJournal(records, { heartbeatIntervalMs: 50 });
      // One app, named by its OAuth client, never by a token.
      assert.deepEqual(
        card.clients.map((c) => c.client),
        [sim.credentials.clientId],
      );
      const results = Object.fromEntries(card.clients[0]!.checks.map((check) => [check.id, check.result]));
      // Nothing was done to it, so nothing is exercised: the card says so line by line rather than passing it.
      assert.deepEqual(results, {
        'reconnect-after-warning': 'not-exercised',
        'same-channel-after-warning': 'not-exercised',
        'half-open-detected': 'not-exercised',
        'channel-leak': 'not-exercised',
        'resubscribe-before-expiry': 'not-exercised',
        'token-renewed': 'not-exercised',
        'retry-after-honoured': 'not-exercised',
        'events-lost': 'not-exercised',
        'ping-cadence': 'not-exercised',
      });
      const calls = records.filter((r) => r.kind === 'rest').map((r) => `${r.method} ${r.status}`);
      assert.deepEqual(calls, ['POST 200', 'POST 200', 'POST 200']);
    } finally {
      await sim.close();
    }
  });
});
