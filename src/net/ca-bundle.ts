import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { IdleprobeError } from '../errors.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The certificate authorities to trust with --ca FILE: Node's default roots plus every certificate in the
 * PEM bundle, so a corporate CA (a TLS-inspecting proxy, a private load balancer) is trusted in addition
 * to the public ones, never instead of them. Null without --ca: Node's own defaults apply untouched.
 */
export async function loadCaBundle(caFile: string | null): Promise<string[] | null> {
  if (caFile === null) return null;
  let text: string;
  try {
    text = await readFile(caFile, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new IdleprobeError(
      'IDLEPROBE_ERR_USAGE',
      `--ca ${caFile} cannot be read (${code}): give the path of a PEM file holding the CA certificate(s) to trust, such as the one your proxy's administrators publish.`,
      { cause },
    );
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_USAGE',
      `--ca ${caFile} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block): export the CA certificate in PEM (Base-64) form, not DER, and pass that file.`,
    );
  }
  for (const [index, block] of blocks.entries()) checkCertificate(block, index, caFile);
  return [...rootCertificates, ...blocks];
}

function checkCertificate(pem: string, index: number, caFile: string): void {
  try {
    new X509Certificate(pem);
  } catch (cause) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_USAGE',
      `--ca ${caFile}: certificate number ${index + 1} in the file is not a valid certificate: export it again in PEM form.`,
      { cause },
    );
  }
}
