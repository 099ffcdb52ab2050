import { isIPv4, isIPv6 } from 'node:net';

/**
 * An IP address as the 4 or 16 bytes a certificate's iPAddress name holds. IPv6 may use `::`, a dotted
 * IPv4 tail (`::ffff:127.0.0.1`) and a zone (`fe80::1%eth0`, dropped: a certificate cannot name one).
 */
export function ipAddressBytes(address: string): Buffer {
  const plain = address.replace(/%.*$/, '');
  if (isIPv4(plain)) return Buffer.from(plain.split('.').map(Number));
  if (!isIPv6(plain)) throw new Error(`not an IP address: ${address}`);
  const [head = '', tail] = plain.split('::');
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const words: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
        words.push(a * 256 + b, c * 256 + d);
      } else words.push(Number.parseInt(piece, 16));
    }
    return words;
  };
  const before = groups(head);
  const after = tail === undefined ? [] : groups(tail);
  const words = [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
  const bytes = Buffer.alloc(16);
  for (const [index, word] of words.entries()) bytes.writeUInt16BE(word, index * 2);
  return bytes;
}
