import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';

export const CHROMIUM = '/usr/bin/chromium';

/** Why a browser test cannot run here, or null when it can. In CI a missing browser is a failure, not a skip. */
export function chromiumMissing(): string | null {
  if (existsSync(CHROMIUM)) return null;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing in CI: .ci/run installs Debian's chromium package.`);
  return `${CHROMIUM} is not installed (apt-get install chromium); the SVG is not rendered in a browser here`;
}

/**
 * Renders a local file in headless Chromium and returns the screenshot. Offline and isolated: a fresh
 * profile, no background networking, no QUIC, no sync; the page is a file:// URL.
 */
export async function screenshot(file: string, width: number, height: number): Promise<Png> {
  const dir = mkdtempSync(join(tmpdir(), 'idleprobe-chromium-'));
  const png = join(dir, 'shot.png');
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        CHROMIUM,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--hide-scrollbars',
          '--force-device-scale-factor=1',
          `--user-data-dir=${join(dir, 'profile')}`,
          `--screenshot=${png}`,
          `--window-size=${width},${height}`,
          pathToFileURL(file).href,
        ],
        { timeout: 60_000 },
        (error, _stdout, stderr) =>
          error ? reject(new Error(`chromium failed: ${error.message}\n${stderr}`)) : resolve(),
      );
    });
    return decodePng(readFileSync(png));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Png {
  width: number;
  height: number;
  /** RGB of the pixel at (x, y). */
  rgb(x: number, y: number): [number, number, number];
}

/** Decodes an 8-bit RGB or RGBA PNG (what Chromium writes): chunks, zlib, then the five scanline filters. */
export function decodePng(data: Buffer): Png {
  if (data.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0)
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (stride + 1) + 1 + x] as number;
      const a = x >= channels ? (pixels[y * stride + x - channels] as number) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] as number) : 0;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = (value + predicted) & 0xff;
    }
  }
  return {
    width,
    height,
    rgb: (x, y) => {
      const at = Math.round(y) * stride + Math.round(x) * channels;
      return [pixels[at] as number, pixels[at + 1] as number, pixels[at + 2] as number];
    },
  };
}

/** `#c62828` as [198, 40, 40]. */
export function hexRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}
