/**
 * The placeholder: a text-only title card used when an AI illustration cannot be produced.
 *
 * Text is drawn as SVG paths built from the Inter font shipped in @fontsource/inter, never as SVG <text>,
 * so the card looks the same on every machine whatever fonts (if any) the server has. sharp then
 * rasterizes the SVG to PNG.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { cardTopics } from './alt-text';
import { normaliseLanguage } from './language';

export interface PlaceholderInput {
  title: string;
  keyphrases?: string[];
  /** The article's language (ISO 639-1 or a locale): its rules for capitals ("iptal edildi" -> "İPTAL EDİLDİ"). */
  language?: string | null;
  /** Default 1200. */
  width?: number;
  /** Default 675. */
  height?: number;
}

export interface PlaceholderImage {
  bytes: Buffer;
  width: number;
  height: number;
  mimeType: 'image/png';
}

export interface PlaceholderColors {
  /** Gradient start (top left) and end (bottom right) of the background. */
  from: string;
  to: string;
  /** Title colour. */
  text: string;
  /** Accent bar and keyphrases. */
  accent: string;
}

const DEFAULT_WIDTH = 1200;
const DEFAULT_HEIGHT = 675;
const MIN_SIDE = 64;
const MAX_SIDE = 4096;
const MAX_TITLE_LINES = 4;
const MAX_KEYPHRASES = 3;
/** A title is laid out this far (four lines show a few hundred characters): 100,000 of them took seconds. */
const MAX_TITLE_CHARS = 2_000;
const ELLIPSIS = '\u2026';

// ---------------------------------------------------------------------------------------------
// Fonts
// ---------------------------------------------------------------------------------------------

/** The few opentype.js members used here (the package ships no type declarations). */
interface OtCommand {
  type: string;
  x?: number;
  y?: number;
  x1?: number;
  y1?: number;
  x2?: number;
  y2?: number;
}
interface OtPath {
  commands: OtCommand[];
}
interface OtGlyph {
  advanceWidth?: number;
  getPath(x: number, y: number, fontSize: number): OtPath;
}
interface OtFont {
  unitsPerEm: number;
  ascender: number;
  charToGlyphIndex(char: string): number;
  charToGlyph(char: string): OtGlyph;
}
interface OtModule {
  parse(buffer: ArrayBuffer): OtFont;
}

type Weight = 400 | 700;

/**
 * Fontsource splits Inter into unicode-range subsets: basic Latin is NOT in "latin-ext". Loading these
 * subsets covers Western and Central European languages, Vietnamese, Greek and Cyrillic. Order matters:
 * the first subset holding a character draws it.
 */
const SUBSETS = ['latin', 'latin-ext', 'vietnamese', 'cyrillic', 'greek'] as const;

let fontCache: Record<Weight, OtFont[]> | undefined;

/**
 * Loads packages the way this module's own file would, in the CommonJS build, the ES-module build (which has no
 * `require`) and the TypeScript sources alike: the builds and the test transform all turn import.meta.url into the
 * running file's URL, which the type check (set to CommonJS for the whole project) does not know.
 */
// @ts-expect-error -- TS1343: import.meta under the project's CommonJS type check; both builds define it.
const moduleRequire = createRequire(import.meta.url);

/** Parsed once per process (about 80 ms); every card after the first reuses them. */
function fonts(): Record<Weight, OtFont[]> {
  if (!fontCache) {
    // Loaded on the first card, not at startup; opentype.js ships no types (OtModule above).
    const opentype = moduleRequire('opentype.js') as OtModule;
    const load = (weight: Weight): OtFont[] =>
      SUBSETS.map((subset) => {
        // Resolved from this file, so it finds the package wherever npm put it, including beside an installed plugin.
        const file = moduleRequire.resolve(`@fontsource/inter/files/inter-${subset}-${weight}-normal.woff`);
        const bytes = readFileSync(file);
        return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      });
    fontCache = { 400: load(400), 700: load(700) };
  }
  return fontCache;
}

interface PlacedGlyph {
  glyph: OtGlyph;
  unitsPerEm: number;
}

/**
 * Glyphs for a string, one per character the fonts can draw. Characters no subset has (emoji, CJK,
 * unsupported scripts) are dropped; an accented letter missing as a whole falls back to its base letter.
 */
function shape(text: string, weight: Weight): PlacedGlyph[] {
  const list = fonts()[weight];
  const out: PlacedGlyph[] = [];
  const pick = (char: string): PlacedGlyph | undefined => {
    for (const font of list) {
      if (font.charToGlyphIndex(char) > 0) return { glyph: font.charToGlyph(char), unitsPerEm: font.unitsPerEm };
    }
    return undefined;
  };
  for (const char of text.normalize('NFC')) {
    if (/\s/u.test(char)) {
      const space = pick(' ');
      if (space) out.push(space);
      continue;
    }
    const direct = pick(char);
    if (direct) {
      out.push(direct);
      continue;
    }
    const base = char.normalize('NFKD').replace(/\p{M}+/gu, '');
    if (base && base !== char) {
      for (const part of base) {
        const fallback = pick(part);
        if (fallback) out.push(fallback);
      }
    }
  }
  return out;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The text as the fonts can draw it, so wrapping measures exactly what will be rendered: symbols and emoji they lack
 * are left out, a character they lack falls back to its plain form (an accented letter to its base letter, "CO₂" to
 * "CO2", "Ⅻ" to "XII"). A letter or digit they cannot draw at all (Chinese, Arabic, Hindi... which Inter does not
 * cover) gives nothing: the rest would be fragments that say something else ("東京でG7サミット開幕、AIの規制を議論"
 * would read "G7AI").
 */
function drawable(text: string, weight: Weight): string {
  const list = fonts()[weight];
  const canDraw = (char: string) => list.some((font) => font.charToGlyphIndex(char) > 0);
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (/\s/u.test(char)) out += ' ';
    else if (canDraw(char)) out += char;
    else {
      const base = char.normalize('NFKD').replace(/\p{M}+/gu, '');
      const parts = base === char ? '' : base;
      if (LETTER_OR_DIGIT.test(char) && !(parts && [...parts].every(canDraw))) return '';
      for (const part of parts) if (canDraw(part)) out += part;
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

interface TextStyle {
  weight: Weight;
  size: number;
  /** Extra space between characters, in em. */
  tracking: number;
}

function measure(text: string, style: TextStyle): number {
  const glyphs = shape(text, style.weight);
  let width = 0;
  for (const { glyph, unitsPerEm } of glyphs) width += ((glyph.advanceWidth ?? 0) / unitsPerEm) * style.size;
  return width + Math.max(0, glyphs.length - 1) * style.tracking * style.size;
}

const num = (v: number | undefined): string => {
  const n = Number.isFinite(v) ? Math.round((v as number) * 100) / 100 : 0;
  return String(n === 0 ? 0 : n);
};

/**
 * Serializes glyph outlines ourselves: opentype.js's toPathData flips y by default, emits "NaN" for
 * coordinates whose fractional part is tiny (its rounding goes through string exponents), and caches
 * every fractional part it has seen in a module-level map that grows forever in a long-lived server.
 */
function pathData(path: OtPath): string {
  let d = '';
  for (const c of path.commands) {
    if (c.type === 'M' || c.type === 'L') d += `${c.type}${num(c.x)} ${num(c.y)}`;
    else if (c.type === 'Q') d += `Q${num(c.x1)} ${num(c.y1)} ${num(c.x)} ${num(c.y)}`;
    else if (c.type === 'C') d += `C${num(c.x1)} ${num(c.y1)} ${num(c.x2)} ${num(c.y2)} ${num(c.x)} ${num(c.y)}`;
    else if (c.type === 'Z') d += 'Z';
  }
  return d;
}

/** SVG path data for one line of text starting at (x, baseline). */
function textPath(text: string, x: number, baseline: number, style: TextStyle): string {
  let cursor = x;
  let d = '';
  for (const { glyph, unitsPerEm } of shape(text, style.weight)) {
    d += pathData(glyph.getPath(cursor, baseline, style.size));
    cursor += ((glyph.advanceWidth ?? 0) / unitsPerEm) * style.size + style.tracking * style.size;
  }
  return d;
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------

/** Cuts a word that is wider than a whole line into pieces that fit. */
function splitLongWord(word: string, maxWidth: number, style: TextStyle): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const char of word) {
    if (current && measure(current + char, style) > maxWidth) {
      pieces.push(current);
      current = char;
    } else current += char;
  }
  if (current) pieces.push(current);
  return pieces;
}

/** Greedy word wrap measured with the real font. Returns every line (the caller truncates). */
function wrapText(text: string, maxWidth: number, style: TextStyle): string[] {
  const words = text.split(' ').filter(Boolean).flatMap((word) => (measure(word, style) > maxWidth ? splitLongWord(word, maxWidth, style) : [word]));
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(candidate, style) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** Keeps `maxLines` lines; when text was cut, the last line ends with an ellipsis that still fits. */
function clampLines(lines: string[], maxLines: number, maxWidth: number, style: TextStyle): string[] {
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1];
  const fits = (s: string) => measure(s + ELLIPSIS, style) <= maxWidth;
  // Prefer dropping whole words; cut characters only when a single word remains.
  while (!fits(last) && last.includes(' ')) last = last.slice(0, last.lastIndexOf(' '));
  while (!fits(last) && last.length > 1) last = Array.from(last).slice(0, -1).join('');
  kept[maxLines - 1] = last.replace(/[\s,;:.\-–—]+$/u, '') + ELLIPSIS;
  return kept;
}

// ---------------------------------------------------------------------------------------------
// Colours
// ---------------------------------------------------------------------------------------------

/** FNV-1a: small, stable across Node versions and machines, good enough to spread titles over hues. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (const char of text.normalize('NFC')) {
    h ^= char.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche so that titles differing by one letter still land on distant hues.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const hue = ((h % 360) + 360) % 360;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] = hue < 60 ? [c, x, 0] : hue < 120 ? [x, c, 0] : hue < 180 ? [0, c, x] : hue < 240 ? [0, x, c] : hue < 300 ? [x, 0, c] : [c, 0, x];
  return [r, g, b].map((v) => Math.round((v + m) * 255)) as [number, number, number];
}

function toHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio between two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Colours derived from the title alone, so re-rendering a card gives the same image. Backgrounds are
 * deep, moderately saturated tones (a harsh neon or muddy olive would look cheap), then darkened until
 * the white title reaches 7:1 (WCAG AAA) and the tinted keyphrases 4.5:1 on both gradient stops.
 */
export function placeholderColors(title: string): PlaceholderColors {
  const h = hash(title.trim());
  // Hues 30–85 (brown, mustard, olive) look dirty once darkened enough for white text: skip them.
  const spread = h % 305;
  const hue = spread < 30 ? spread : spread + 55;
  // Second stop drifts 20–50° around the wheel, in a direction picked by the hash.
  let drift = (20 + ((h >>> 9) % 31)) * ((h >>> 14) & 1 ? 1 : -1);
  const end = (((hue + drift) % 360) + 360) % 360;
  if (end >= 30 && end <= 85) drift = -drift; // keep the second stop out of the muddy band too
  // Yellows and greens look muddy when dark and saturated: tone them down.
  const muddy = hue >= 40 && hue <= 170;
  const saturation = (muddy ? 0.32 : 0.48) + ((h >>> 16) % 10) / 100;
  const text = '#ffffff';
  let lightness = 0.27;
  let from = '';
  let to = '';
  let accent = '';
  for (; lightness > 0.05; lightness -= 0.01) {
    from = toHex(hslToRgb(hue, saturation, lightness));
    to = toHex(hslToRgb(hue + drift, saturation, lightness - 0.07));
    accent = toHex(hslToRgb(hue + drift / 2, 0.75, 0.8));
    const ok = [from, to].every((bg) => contrastRatio(text, bg) >= 7 && contrastRatio(accent, bg) >= 4.5);
    if (ok) break;
  }
  return { from, to, text, accent };
}

// ---------------------------------------------------------------------------------------------
// Pattern
// ---------------------------------------------------------------------------------------------

/** A faint geometric motif, chosen by the title hash, kept mostly to the right where text is sparse. */
function pattern(kind: number, width: number, height: number, unit: number): string {
  const stroke = `fill="none" stroke="#ffffff" stroke-width="${(1.5 * unit).toFixed(2)}"`;
  switch (kind) {
    case 0: {
      // Concentric rings from the top right corner.
      const cx = width * 0.9;
      const cy = height * 0.12;
      const rings = Array.from({ length: 14 }, (_, i) => `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${((i + 1) * 46 * unit).toFixed(1)}"/>`);
      return `<g ${stroke} opacity="0.07">${rings.join('')}</g>`;
    }
    case 1: {
      // Dot grid fading towards the left.
      const step = 34 * unit;
      const dots: string[] = [];
      for (let x = width * 0.45; x < width; x += step) {
        for (let y = step / 2; y < height; y += step) {
          const fade = (x - width * 0.45) / (width * 0.55);
          dots.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${(2.2 * unit).toFixed(2)}" opacity="${(0.04 + 0.1 * fade).toFixed(3)}"/>`);
        }
      }
      return `<g fill="#ffffff">${dots.join('')}</g>`;
    }
    case 2: {
      // Diagonal hairlines across the right part.
      const step = 28 * unit;
      const lines: string[] = [];
      for (let x = width * 0.55; x < width + height; x += step) {
        lines.push(`<line x1="${x.toFixed(1)}" y1="0" x2="${(x - height).toFixed(1)}" y2="${height}"/>`);
      }
      return `<g ${stroke} opacity="0.05">${lines.join('')}</g>`;
    }
    default: {
      // Two large overlapping discs.
      const r = height * 0.62;
      return (
        `<g fill="#ffffff">` +
        `<circle cx="${(width * 0.88).toFixed(1)}" cy="${(height * 0.05).toFixed(1)}" r="${r.toFixed(1)}" opacity="0.05"/>` +
        `<circle cx="${(width * 1.0).toFixed(1)}" cy="${(height * 0.7).toFixed(1)}" r="${(r * 0.7).toFixed(1)}" opacity="0.04"/>` +
        `</g>`
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

function clampSide(value: number | undefined, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(MAX_SIDE, Math.max(MIN_SIDE, Math.round(value)));
}

/** What the card shows beside its title, as its alt text says (cardTopics), in shapes the font has. */
const cleanKeyphrases = (keyphrases: unknown, title: string): { phrase: string; drawn: string }[] =>
  // (The first few: a field of thousands would be measured for three.)
  cardTopics(keyphrases, title, 50).map((phrase) => ({ phrase, drawn: drawable(phrase, 400) })).filter(({ drawn }) => drawn).slice(0, MAX_KEYPHRASES);

/**
 * Builds the SVG of the card (exported for inspection in tests; the PNG is what the plugin uses), with its title's lines
 * and the keyphrases it shows as given: its alt text names those (one that does not fit the width is not drawn).
 */
export function placeholderSvg(input: PlaceholderInput): { svg: string; width: number; height: number; lines: string[]; keyphrases: string[] } {
  const width = clampSide(input.width, DEFAULT_WIDTH);
  const height = clampSide(input.height, DEFAULT_HEIGHT);
  const rawTitle = typeof input.title === 'string' ? input.title : '';
  const title = drawable(rawTitle.slice(0, MAX_TITLE_CHARS), 700);
  // A title the fonts cannot draw leaves the card without words: keyphrases alone would be its fragments ("AI · G7").
  const keyphrases = rawTitle.trim() && !title ? [] : cleanKeyphrases(input.keyphrases, title);
  const h = hash(rawTitle.trim());
  const colors = placeholderColors(rawTitle);

  // Everything scales with the card; 1 unit = 1px on the default 1200×675 card.
  const unit = Math.min(width / DEFAULT_WIDTH, height / DEFAULT_HEIGHT);
  const marginX = Math.max(24 * unit, width * 0.075);
  const marginTop = 78 * unit;
  const maxWidth = width - 2 * marginX;

  const metaStyle: TextStyle = { weight: 400, size: 24 * unit, tracking: 0.06 };
  const metaBaseline = height - 70 * unit;
  const titleBottomLimit = keyphrases.length ? metaBaseline - 64 * unit : height - 70 * unit;

  // Largest size at which the title fits: very short titles get display size, most titles up to three
  // lines, long ones the smallest size, four lines and an ellipsis. Line height is tight because the
  // type is large and bold.
  const steps: Array<[size: number, maxLines: number]> = [[104, 2], [88, 3], [80, 3], [72, 3], [64, 3], [58, 4], [52, 4]];
  const smallest: TextStyle = { weight: 700, size: 52 * unit, tracking: -0.02 };
  let style = smallest;
  let lines: string[] = [];
  for (const [size, maxLines] of steps) {
    const candidate: TextStyle = { weight: 700, size: size * unit, tracking: -0.02 };
    const wrapped = wrapText(title, maxWidth, candidate);
    const blockHeight = wrapped.length * candidate.size * 1.12;
    if (wrapped.length <= maxLines && marginTop + 60 * unit + blockHeight <= titleBottomLimit) {
      style = candidate;
      lines = wrapped;
      break;
    }
  }
  if (!lines.length && title) lines = clampLines(wrapText(title, maxWidth, smallest), MAX_TITLE_LINES, maxWidth, smallest);

  const lineHeight = style.size * 1.12;
  const capHeight = style.size * 0.73; // Inter's cap height is 0.727 em.
  const blockHeight = (lines.length - 1) * lineHeight + capHeight;
  // Centre the title block in the space between the top margin and the keyphrase line, nudged up a
  // little (optical centre).
  const areaTop = marginTop + 40 * unit;
  const top = Math.max(areaTop, areaTop + (titleBottomLimit - areaTop - blockHeight) * 0.45);
  const accentY = top - 40 * unit;

  const titlePaths = lines.map((line, i) => textPath(line, marginX, top + capHeight + i * lineHeight, style)).join('');

  let metaPath = '';
  let shown: string[] = [];
  if (keyphrases.length) {
    const separator = '   \u00b7   ';
    shown = keyphrases.map(({ drawn }) => drawn.toLocaleUpperCase(normaliseLanguage(input.language)));
    // Drop trailing keyphrases rather than cut one in half.
    while (shown.length > 1 && measure(shown.join(separator), metaStyle) > maxWidth) shown = shown.slice(0, -1);
    let text = shown.join(separator);
    if (measure(text, metaStyle) > maxWidth) text = clampLines(wrapText(text, maxWidth, metaStyle), 1, maxWidth, metaStyle)[0] ?? '';
    metaPath = textPath(text, marginX, metaBaseline, metaStyle);
  }

  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">` +
    `<stop offset="0" stop-color="${colors.from}"/><stop offset="1" stop-color="${colors.to}"/>` +
    `</linearGradient></defs>` +
    `<rect width="${width}" height="${height}" fill="url(#bg)"/>` +
    pattern((h >>> 20) % 4, width, height, unit) +
    // Without a drawable title (a title in a script the fonts lack) the card stays a calm abstract background.
    (lines.length
      ? `<rect x="${marginX.toFixed(1)}" y="${accentY.toFixed(1)}" width="${(72 * unit).toFixed(1)}" height="${(6 * unit).toFixed(1)}" rx="${(3 * unit).toFixed(1)}" fill="${colors.accent}"/>`
      : '') +
    (titlePaths ? `<path d="${titlePaths}" fill="${colors.text}"/>` : '') +
    (metaPath ? `<path d="${metaPath}" fill="${colors.accent}"/>` : '') +
    `</svg>`;
  return { svg, width, height, lines, keyphrases: keyphrases.slice(0, shown.length).map(({ phrase }) => phrase) };
}

/** Renders the title card as a PNG. Deterministic: the same input gives the same pixels. */
export async function renderPlaceholder(input: PlaceholderInput): Promise<PlaceholderImage> {
  const { svg, width, height } = placeholderSvg(input);
  const bytes = await sharp(Buffer.from(svg), { density: 72 }).resize(width, height, { fit: 'fill' }).png({ compressionLevel: 9 }).toBuffer();
  return { bytes, width, height, mimeType: 'image/png' };
}
