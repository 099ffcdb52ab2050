import { createHash, type KeyObject, sign } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  boolean,
  explicit,
  implicit,
  namedBits,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from './der.js';
import { ipAddressBytes } from './ip-bytes.js';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

/** keyUsage bit numbers (RFC 5280 4.2.1.3). */
const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

export interface DistinguishedName {
  organization: string;
  commonName: string;
}

export interface CertificateRequest {
  subject: DistinguishedName;
  subjectKey: KeyObject;
  issuer: DistinguishedName;
  /** The issuer's key pair: the private half signs, the public half names the issuer (authority key id). */
  issuerKeys: { privateKey: KeyObject; publicKey: KeyObject };
  /** Up to 20 bytes, positive (RFC 5280 4.1.2.2). */
  serial: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** A CA signs certificates; a server certificate names the hosts it may serve. */
  role: { kind: 'ca' } | { kind: 'server'; hosts: readonly string[] };
}

/** An X.509 v3 certificate signed with ECDSA P-256 / SHA-256, as PEM. Keys must be P-256 EC keys. */
export function makeCertificate(request: CertificateRequest): string {
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const spki = request.subjectKey.export({ type: 'spki', format: 'der' });
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(request.serial),
    algorithm,
    name(request.issuer),
    sequence(time(request.notBefore), time(request.notAfter)),
    name(request.subject),
    spki,
    explicit(3, sequence(...extensions(request, spki))),
  );
  const signature = sign('sha256', tbs, request.issuerKeys.privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function name(dn: DistinguishedName): Buffer {
  const attribute = (type: string, value: string): Buffer => set(sequence(oid(type), utf8String(value)));
  return sequence(attribute(OID.organization, dn.organization), attribute(OID.commonName, dn.commonName));
}

/** A key identifier: any stable digest of the public key will do (RFC 5280 4.2.1.2); 20 bytes of SHA-256. */
function keyId(spki: Uint8Array): Buffer {
  return createHash('sha256').update(spki).digest().subarray(0, 20);
}

function extension(type: string, critical: boolean, value: Uint8Array): Buffer {
  return critical ? sequence(oid(type), boolean(true), octetString(value)) : sequence(oid(type), octetString(value));
}

function extensions(request: CertificateRequest, spki: Uint8Array): Buffer[] {
  const issuerSpki = request.issuerKeys.publicKey.export({ type: 'spki', format: 'der' });
  const common = [
    extension(OID.subjectKeyIdentifier, false, octetString(keyId(spki))),
    extension(OID.authorityKeyIdentifier, false, sequence(implicit(0, keyId(issuerSpki)))),
  ];
  if (request.role.kind === 'ca') {
    return [
      extension(OID.basicConstraints, true, sequence(boolean(true))),
      extension(OID.keyUsage, true, namedBits([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign])),
      ...common,
    ];
  }
  return [
    extension(OID.basicConstraints, true, sequence()),
    extension(OID.keyUsage, true, namedBits([KEY_USAGE.digitalSignature])),
    extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
    extension(OID.subjectAltName, false, sequence(...request.role.hosts.map(altName))),
    ...common,
  ];
}

/** An address as iPAddress [7], anything else as dNSName [2] (both IMPLICIT: the raw bytes under the tag). */
function altName(host: string): Buffer {
  return isIP(host) === 0 ? implicit(2, Buffer.from(host, 'ascii')) : implicit(7, ipAddressBytes(host));
}
