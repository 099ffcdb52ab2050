import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { hostname } from 'node:os';
import { describe, test } from 'node:test';
import { certificateHosts } from '../../src/sim/tls/cert-hosts.js';
import { namedBits, oid, tlv, unsignedInteger } from '../../src/sim/tls/der.js';
import { ipAddressBytes } from '../../src/sim/tls/ip-bytes.js';
import { makeSimPki, SIM_CA_NAME } from '../../src/sim/tls/private-pki.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('DER encodings', () => {
  test('an object identifier packs its first two arcs and writes the rest in base 128', () => {
    assert.equal(hex(oid('1.2.840.10045.4.3.2')), '06082a8648ce3d040302');
    assert.equal(hex(oid('2.5.29.17')), '0603551d11');
  });

  test('a length of 128 bytes or more takes the long form', () => {
    assert.equal(hex(tlv(0x04, Buffer.alloc(127)).subarray(0, 2)), '047f');
    assert.equal(hex(tlv(0x04, Buffer.alloc(300)).subarray(0, 4)), '0482012c');
  });

  test('an integer drops leading zeros and gains one when its top bit is set, so it stays positive', () => {
    assert.equal(hex(unsignedInteger(Buffer.from([0, 0, 5]))), '020105');
    assert.equal(hex(unsignedInteger(Buffer.from([0x80]))), '02020080');
  });

  test('named bits drop the unused trailing bits, as keyUsage is written', () => {
    assert.equal(hex(namedBits([0])), '03020780', 'digitalSignature');
    assert.equal(hex(namedBits([5, 6])), '03020106', 'keyCertSign and cRLSign');
  });
});

describe('IP addresses as certificate names', () => {
  test('IPv4, IPv6 with ::, a dotted IPv4 tail, and a zone that is dropped', () => {
    assert.equal(hex(ipAddressBytes('127.0.0.1')), '7f000001');
    assert.equal(hex(ipAddressBytes('::1')), `${'0'.repeat(30)}01`);
    assert.equal(hex(ipAddressBytes('2001:db8::8:800:200c:417a')), '20010db80000000000080800200c417a');
    assert.equal(hex(ipAddressBytes('::ffff:127.0.0.1')), `${'0'.repeat(20)}ffff7f000001`);
    assert.equal(hex(ipAddressBytes('fe80::1%eth0')), `fe80${'0'.repeat(26)}01`);
  });
});

describe('the hosts the certificate names', () => {
  test('a loopback address also gets localhost and the other loopback, so either name works', () => {
    assert.deepEqual(certificateHosts('127.0.0.1', null), ['127.0.0.1', 'localhost', '::1']);
  });

  test('a host name is named as given', () => {
    assert.deepEqual(certificateHosts('sim.test', null), ['sim.test']);
  });

  test('listening on every address names this machine and its addresses', () => {
    const hosts = certificateHosts('0.0.0.0', null);
    for (const expected of ['localhost', '127.0.0.1', '::1', hostname().toLowerCase()])
      assert.ok(hosts.includes(expected));
  });

  test("the public URL's host comes first, without brackets", () => {
    assert.deepEqual(certificateHosts('[::1]', '[2001:db8::1]'), ['2001:db8::1', '::1', 'localhost', '127.0.0.1']);
  });
});

describe('the private CA and server certificate', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const pki = makeSimPki(['localhost', '127.0.0.1', '::1'], now);
  const ca = new X509Certificate(pki.caPem);
  const leaf = new X509Certificate(pki.certPem);

  test('the CA is a CA, self-signed, under its own name', () => {
    assert.equal(ca.ca, true);
    assert.equal(ca.verify(ca.publicKey), true);
    assert.match(ca.subject, new RegExp(`CN=${SIM_CA_NAME}`));
  });

  test('the server certificate is signed by the CA and is not one', () => {
    assert.equal(leaf.ca, false);
    assert.equal(leaf.verify(ca.publicKey), true);
    assert.equal(leaf.checkIssued(ca), true);
    assert.equal(leaf.issuer, ca.subject);
  });

  test('it names every host, by name and by address', () => {
    assert.equal(leaf.checkHost('localhost'), 'localhost');
    assert.equal(leaf.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(leaf.checkIP('::1'), '::1');
    assert.equal(leaf.checkHost('example.com'), undefined);
    assert.equal(leaf.checkIP('127.0.0.2'), undefined);
  });

  test('it is valid from an hour before now, for a year', () => {
    assert.equal(new Date(leaf.validFrom).toISOString(), '2026-03-01T11:00:00.000Z');
    assert.equal(new Date(leaf.validTo).toISOString(), '2027-03-01T12:00:00.000Z');
  });

  test('its key is the one the server serves with', () => {
    assert.equal(leaf.checkPrivateKey(createPrivateKey(pki.keyPem)), true);
  });

  test('each start makes a new CA', () => {
    assert.notEqual(makeSimPki(['localhost'], now).caPem, pki.caPem);
  });
});
