import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Redactor } from '../../src/share/redactor.js';
import { writeShare } from '../../src/share/write-share.js';
import { CHANNEL, script } from '../support/event-builders.js';
import { tempDirs } from '../support/temp-dir.js';

const newDir = tempDirs('share-personal');
const TAG = /^(ip|host|phone|name)-[0-9a-f]{6}$/;

/** Text a log holds that is made of numbers, and must come out of a share exactly as it went in. */
const KEPT = [
  '2026-01-01T12:00:00.000Z',
  'at 12:00:00.000',
  '15m 00.1s',
  '1h 02m 03.0s',
  '1001 idle timeout',
  'close code 4999',
  'local port 54321',
  'epoch 1735689600 and 1735689600000 ms',
  'HTTP/1.1 503 from squid/5.7 over TLSv1.3',
  '30 / 30.1s (2 missed)',
  'Tue, 04 Mar 2026 09:00:00 GMT',
  'http://127.0.0.1:8080 and [::1]:443 and 0.0.0.0',
  'wss://streaming.mypurecloud.ie/channels/',
  'https://login.usw2.pure.cloud/oauth/token',
];

describe('--share tags IP addresses, host names, names and phone numbers, and keeps the numbers a log is made of', () => {
  test('an IP address gets one tag wherever it appears, its port kept', () => {
    const r = new Redactor('s');
    const out = r.text('connect ECONNREFUSED 203.0.113.7:443, peer ::ffff:203.0.113.7, resolved 203.0.113.7.');
    const tags = out.match(/ip-[0-9a-f]{6}/g) ?? [];
    assert.equal(tags.length, 3, out);
    assert.equal(new Set(tags).size, 1, 'the same address, the same tag, in IPv4 and IPv4-mapped form');
    assert.match(out, /ip-[0-9a-f]{6}:443,/);
    assert.ok(!out.includes('203.0.113.7'), out);
    const v6 = r.text('[2001:db8::7]:8443 and 2001:0db8:0000:0000:0000:0000:0000:0007');
    assert.match(v6, /^\[ip-[0-9a-f]{6}\]:8443 and ip-[0-9a-f]{6}$/, v6);
    assert.equal(r.text('10.1.2.3'), r.text('10.1.2.3'));
    assert.notEqual(r.text('10.1.2.3'), r.text('10.1.2.4'));
  });

  test("a host name in a URL is tagged, the service's own hosts and this machine's are not", () => {
    const r = new Redactor('s');
    const out = r.text('through http://user:pw@proxy.corp.example:3128/ to https://gw.acme.example/api');
    assert.match(
      out,
      /^through http:\/\/\[redacted\]@host-[0-9a-f]{6}:3128\/ to https:\/\/host-[0-9a-f]{6}\/api$/,
      out,
    );
  });

  test('a phone number gets one tag however it is written', () => {
    const r = new Redactor('s');
    const uk = ['0044 20 7946 0958', '+44 20 7946 0958', 'tel:+442079460958'].map((p) => r.text(`call ${p} now`));
    assert.equal(new Set(uk).size, 1, uk.join(' | '));
    assert.match(uk[0] ?? '', /^call phone-[0-9a-f]{6} now$/);
    const us = ['3175551234', '+1 317 555 1234', '(317) 555-1234', '317-555-1234', '317.555.1234', '317 555 1234'];
    const tagged = us.map((p) => r.text(`ani ${p}.`));
    assert.equal(new Set(tagged).size, 1, tagged.join(' | '));
    assert.match(tagged[0] ?? '', /^ani phone-[0-9a-f]{6}\.$/);
  });

  test('times, durations, close codes, ports, epoch stamps and loopback stay as they are', () => {
    const r = new Redactor('s');
    for (const text of KEPT) assert.equal(r.text(text), text);
  });

  test('a value under a name or phone key is tagged whole, a number too; other numbers stay', () => {
    const r = new Redactor('s');
    const out = r.value({
      name: 'Jane Doe',
      displayName: 'Jane Doe',
      participant: { firstName: 'Jane', ani: 3175551234, dnis: '+1 317 555 1234', address: 'tel:+13175551234' },
      extension: { number: '4021' },
      remoteAddress: '198.51.100.23',
      bytes: 3175551234,
      code: 1001,
      localPort: 54321,
      mono: 1234.5,
      time: '2026-01-01T12:00:00.000Z',
    }) as Record<string, unknown>;
    const participant = out.participant as Record<string, unknown>;
    assert.equal(out.name, out.displayName, 'one name, one tag');
    assert.match(String(out.name), /^name-[0-9a-f]{6}$/);
    assert.match(String(participant.firstName), /^name-[0-9a-f]{6}$/);
    assert.equal(participant.ani, participant.dnis);
    assert.equal(participant.ani, participant.address);
    assert.equal(participant.ani, r.text('+13175551234'), 'a number and its text get the same tag');
    assert.match(String((out.extension as Record<string, unknown>).number), /^phone-[0-9a-f]{6}$/);
    assert.match(String(out.remoteAddress), /^ip-[0-9a-f]{6}$/);
    assert.deepEqual(
      [out.bytes, out.code, out.localPort, out.mono, out.time],
      [3175551234, 1001, 54321, 1234.5, '2026-01-01T12:00:00.000Z'],
    );
  });

  test('a shared log keeps none of them, and its summary still reads in times and durations', async () => {
    const dir = newDir();
    const log = script()
      .runStart(1, 'https://gw.acme.example')
      .at(0)
      .open()
      .push({
        event: 'path',
        channel: CHANNEL,
        conn: 1,
        resolved: ['203.0.113.7', '2001:db8::7'],
        localAddress: '10.0.0.2',
        localPort: 54321,
        remoteAddress: '203.0.113.7',
        remotePort: 443,
        proxy: { url: 'http://proxy.corp.example:3128', connectStatus: 200 },
        tls: null,
        upgradeHeaders: { via: '1.1 squid (squid/5.7)', 'x-forwarded-for': '198.51.100.23' },
        clockSkewMs: null,
      })
      .heartbeats(3)
      .push({
        event: 'system',
        channel: CHANNEL,
        conn: 1,
        topic: 'v2.system.no_longer_subscribed',
        body: { participant: { name: 'Jane Doe', ani: 3175551234, callback: '0044 20 7946 0958' } },
      })
      .after(500)
      .close({ code: 4000, reason: 'call 3175551234' })
      .push({ event: 'error', code: 'IDLEPROBE_ERR_NETWORK', message: 'connect ETIMEDOUT 203.0.113.7:443' })
      .runEnd('closures', 1)
      .ndjson();
    writeFileSync(join(dir, 'run.ndjson'), log);
    await writeShare([join(dir, 'run.ndjson')], join(dir, 'out'));
    const raw = ['203.0.113.7', '2001:db8::7', '10.0.0.2', '198.51.100.23', 'proxy.corp.example', 'gw.acme.example'];
    const personal = ['Jane Doe', '3175551234', '0044 20 7946 0958', '7946 0958'];
    for (const name of readdirSync(join(dir, 'out'))) {
      const text = readFileSync(join(dir, 'out', name), 'utf8');
      for (const value of [...raw, ...personal]) assert.ok(!text.includes(value), `${name} holds ${value}`);
    }
    const redacted = readFileSync(join(dir, 'out', 'run.redacted.ndjson'), 'utf8');
    assert.match(redacted, /"localPort":54321,"remoteAddress":"ip-[0-9a-f]{6}","remotePort":443/);
    assert.match(redacted, /"code":4000,"reason":"call phone-[0-9a-f]{6}"/);
    assert.match(redacted, /ETIMEDOUT ip-[0-9a-f]{6}:443/);
    const summary = readFileSync(join(dir, 'out', 'summary.md'), 'utf8');
    assert.match(summary, /\| 12:00:00\.000 \| 12:01:30\.500 \| 1m 30\.5s \|/, 'times and the age are intact');
    assert.match(summary, /4000 call phone-[0-9a-f]{6}/);
    for (const tag of redacted.match(/\b(ip|host|phone|name)-[0-9a-f]{6}\b/g) ?? []) assert.match(tag, TAG);
  });
});

test('a megabyte-long run of word characters is redacted in one pass, not tried from every position', () => {
  // Quadratic before: an email pattern tried at each of a million starts would outlast the test's timeout.
  const run = '0'.repeat(1_000_000);
  assert.equal(new Redactor('s').text(run), run);
  const letters = 'a'.repeat(1_000_000);
  assert.equal(new Redactor('s').text(letters), letters, 'letters alone are no opaque token');
});
