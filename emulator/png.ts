/**
 * Part of the local Scenario emulator (a TEST FIXTURE and demo aid, never the plugin's endpoint): renders small,
 * real PNG files whose colours and pattern follow from the seed and output index, so every asset looks different and
 * the same inputs always give the same bytes. sharp encodes them off the main thread (libvips' thread pool).
 */
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import sharp from 'sharp';

/** About 2 ms of pixels per event-loop turn at 1024 px wide. */
const ROWS_PER_TURN = 32;

function hsl(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

export interface RenderInput {
  width: number;
  height: number;
  seed: number;
  outputIndex: number;
  /** Mixed into the colours so different prompts with the same seed still differ. */
  prompt?: string;
}

/** A deterministic picture: a sky-like gradient with one of four patterns (stripes, rings, tiles, hills and sun). */
export async function renderPng(input: RenderInput): Promise<Buffer> {
  const { width, height } = input;
  const hash = createHash('sha256').update(`${input.seed}:${input.outputIndex}:${input.prompt ?? ''}`).digest();
  const hue = (hash[0] / 255) * 360;
  const [r1, g1, b1] = hsl(hue, 0.55, 0.62);
  const [r2, g2, b2] = hsl((hue + 140 + (hash[1] % 80)) % 360, 0.6, 0.42);
  const pattern = (hash[2] + input.outputIndex) % 4;
  const period = 40 + (hash[3] % 80);
  const cx = width * (0.2 + (hash[4] / 255) * 0.6);
  const cy = height * (0.2 + (hash[5] / 255) * 0.5);
  const radius = Math.min(width, height) * (0.12 + (hash[6] / 255) * 0.12);
  const wave = 1 + (hash[7] % 4);
  const horizon = height * 0.62;
  const rgb = Buffer.alloc(width * height * 3);
  // Integer arithmetic only in the pixel loop: it stays fast even inside a test runner's sandboxed context.
  const band = Math.max(1, Math.round(period * 0.6));
  const sunRadius2 = radius * radius;
  const groundAt = new Float64Array(width);
  for (let x = 0; x < width; x++) groundAt[x] = horizon + height * 0.08 * Math.sin((wave * Math.PI * 2 * x) / width);
  for (let y = 0; y < height; y++) {
    // A band of rows at a time, so the process hosting the emulator (a bench timing requests) keeps answering.
    if (y > 0 && y % ROWS_PER_TURN === 0) await nextTurn();
    const shade = 0.7 + 0.3 * (1 - y / height);
    const light = [Math.round(r1 * shade), Math.round(g1 * shade), Math.round(b1 * shade)];
    const dark = [Math.round(r2 * shade), Math.round(g2 * shade), Math.round(b2 * shade)];
    const dy = y - cy;
    const dySun = y - cy * 0.6;
    for (let x = 0; x < width; x++) {
      let second: boolean;
      if (pattern === 0) {
        second = (((x + ((y * 3) / 5) | 0) / period) | 0) % 2 === 0;
      } else if (pattern === 1) {
        const dx = x - cx;
        second = ((Math.sqrt(dx * dx + dy * dy) / band) | 0) % 2 === 0;
      } else if (pattern === 2) {
        second = (((x / period) | 0) + ((y / period) | 0)) % 2 === 0;
      } else {
        const dx = x - cx;
        second = y > groundAt[x] || dx * dx + dySun * dySun < sunRadius2;
      }
      const colour = second ? dark : light;
      const i = (y * width + x) * 3;
      rgb[i] = colour[0];
      rgb[i + 1] = colour[1];
      rgb[i + 2] = colour[2];
    }
  }
  // Adaptive row filters and the strongest deflate keep these smooth pictures small (well under 100 KB at 1024×576).
  return sharp(rgb, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer();
}
