import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { makeCertificate } from './certificate.js';

/** What the simulator's TLS server needs, and what a client must trust to reach it. */
export interface SimPki {
  /** The private CA's certificate: the file a client passes with `--ca`. */
  caPem: string;
  /** The server certificate (names every host in `hosts`), signed by the CA. */
  certPem: string;
  keyPem: string;
  hosts: readonly string[];
}

const ORGANIZATION = 'idleprobe simulator';
export const SIM_CA_NAME = 'idleprobe simulator private CA';
/** Long enough for any soak the simulator serves; the CA is made afresh on every start anyway. */
const VALID_DAYS = 365;
/** Starts an hour back, so a client whose clock runs a little behind still accepts it. */
const BACKDATE_MS = 3_600_000;

/**
 * A private CA and a server certificate for `hosts`, made in memory for one simulator run: P-256 keys
 * (fast to make), SHA-256 signatures. `now` is the machine's real wall time: TLS clients check validity
 * against it, whatever clock the simulator's scenario runs on.
 */
export function makeSimPki(hosts: readonly string[], now: Date): SimPki {
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const server = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(now.getTime() + VALID_DAYS * 86_400_000);
  const caName = { organization: ORGANIZATION, commonName: SIM_CA_NAME };
  const caPem = makeCertificate({
    subject: caName,
    subjectKey: ca.publicKey,
    issuer: caName,
    issuerKeys: ca,
    serial: serial(),
    notBefore,
    notAfter,
    role: { kind: 'ca' },
  });
  const certPem = makeCertificate({
    subject: { organization: ORGANIZATION, commonName: hosts[0] ?? 'localhost' },
    subjectKey: server.publicKey,
    issuer: caName,
    issuerKeys: ca,
    serial: serial(),
    notBefore,
    notAfter,
    role: { kind: 'server', hosts },
  });
  const keyPem = server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { caPem, certPem, keyPem, hosts };
}

/** 16 random bytes, top bit clear so the integer is positive, never all zero. */
function serial(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x01;
  return bytes;
}
