import sharp from 'sharp';
import { contrastRatio, placeholderColors, placeholderSvg, renderPlaceholder } from '../../server/src/domain/placeholder';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Colour of the top-left pixel: background only (text and pattern never reach the corner). */
async function cornerPixel(bytes: Buffer): Promise<string> {
  const { data } = await sharp(bytes).extract({ left: 2, top: 2, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
  return Array.from(data.subarray(0, 3), (v) => v.toString(16).padStart(2, '0')).join('');
}

describe('renderPlaceholder', () => {
  it('returns a real PNG of the default size', async () => {
    const image = await renderPlaceholder({ title: 'How Lyon’s bakers reinvented the croissant', keyphrases: ['sourdough', 'markets', 'pastry chefs'] });
    expect(image.mimeType).toBe('image/png');
    expect(image.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const meta = await sharp(image.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 675]);
    expect([image.width, image.height]).toEqual([1200, 675]);
  });

  it('honours a custom size', async () => {
    const image = await renderPlaceholder({ title: 'Square', width: 640, height: 640 });
    const meta = await sharp(image.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([640, 640]);
  });

  it('derives colours from the title, deterministically', async () => {
    const a1 = await renderPlaceholder({ title: 'Why the Wadden Sea matters' });
    const a2 = await renderPlaceholder({ title: 'Why the Wadden Sea matters' });
    const b = await renderPlaceholder({ title: 'Ten tips for better sleep' });
    expect(a1.bytes.equals(a2.bytes)).toBe(true);
    expect(await cornerPixel(a1.bytes)).not.toBe(await cornerPixel(b.bytes));
  });

  it('spreads titles over many colours', () => {
    const colours = new Set(Array.from({ length: 40 }, (_, i) => placeholderColors(`Article ${i}`).from));
    expect(colours.size).toBeGreaterThan(30);
  });

  it('keeps text readable: white title at least 7:1, keyphrases at least 4.5:1', () => {
    for (let i = 0; i < 200; i++) {
      const c = placeholderColors(`Some title number ${i}`);
      for (const bg of [c.from, c.to]) {
        expect(contrastRatio(c.text, bg)).toBeGreaterThanOrEqual(7);
        expect(contrastRatio(c.accent, bg)).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('wraps a long title to at most four lines ending with an ellipsis, inside the margins', () => {
    const title =
      'The quiet revolution: why small towns across Central Europe are rebuilding their railway stations, one platform at a time, and what it means for commuters, tourists and the climate';
    const { svg, lines, width } = placeholderSvg({ title, keyphrases: ['railways'] });
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[lines.length - 1].endsWith('…')).toBe(true);
    // Every x coordinate of the glyph outlines stays inside the card.
    const xs = Array.from(svg.matchAll(/[MLQC](-?[\d.]+) /g), (m) => Number(m[1]));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(width);
  });

  it('lays out a title of 100,000 characters at once, four lines and an ellipsis', () => {
    for (const title of ['ä'.repeat(100_000), '- '.repeat(50_000), 'word '.repeat(20_000)]) {
      const started = Date.now();
      const { lines } = placeholderSvg({ title, keyphrases: ['railways'] });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(lines.length).toBeLessThanOrEqual(4);
      expect(lines[lines.length - 1].endsWith('…')).toBe(true);
    }
  });

  it('keeps short titles whole and breaks a word longer than a line', () => {
    expect(placeholderSvg({ title: 'AI' }).lines).toEqual(['AI']);
    const { lines } = placeholderSvg({ title: 'Supercalifragilisticexpialidociousnessandmoreandmorewithoutspaces' });
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('Supercalifragilisticexpialidociousnessandmoreandmorewithoutspaces');
  });

  it('draws text as paths only, never relying on system fonts', () => {
    const { svg } = placeholderSvg({ title: 'Paths only', keyphrases: ['one'] });
    expect(svg).not.toMatch(/<text|font-family/);
    expect(svg).not.toContain('NaN');
    expect(svg).toMatch(/<path d="M/);
  });

  it('draws Latin, Cyrillic, Greek and Vietnamese, leaves out emoji it lacks, and never crashes', async () => {
    const { lines } = placeholderSvg({ title: 'Zażółć 🚀 Тест Ελλάδα Việt', keyphrases: ['日本'] });
    expect(lines.join(' ')).toBe('Zażółć Тест Ελλάδα Việt');
    const onlyCjk = await renderPlaceholder({ title: '日本語のタイトル 🎉', keyphrases: ['東京'] });
    expect((await sharp(onlyCjk.bytes).metadata()).format).toBe('png');
  });

  it("capitalises keyphrases by the article's language: Turkish 'iptal edildi' as 'İPTAL EDİLDİ' (a trial)", () => {
    const turkish = placeholderSvg({ title: 'Kapadokya', keyphrases: ['iptal edildi'], language: 'tr' }).svg;
    expect(turkish).toBe(placeholderSvg({ title: 'Kapadokya', keyphrases: ['İPTAL EDİLDİ'] }).svg);
    expect(turkish).not.toBe(placeholderSvg({ title: 'Kapadokya', keyphrases: ['iptal edildi'] }).svg);
    // The card shows what its alt text says: no phrase holding two shown.
    expect(placeholderSvg({ title: 'Semi-final', keyphrases: ['Swiatek', 'Rybakina', 'Swiatek beats Rybakina', 'grass'] }).svg)
      .toBe(placeholderSvg({ title: 'Semi-final', keyphrases: ['Swiatek', 'Rybakina', 'grass'] }).svg);
    // It tells which keyphrases it drew: one too wide for the card is not (its alt text names those; a new user's trial).
    const wide = placeholderSvg({ title: 'Easy One-Pan Lemon Garlic Salmon With Asparagus', keyphrases: ['easy one-pan lemon garlic salmon', 'asparagus', 'salmon fillets'] });
    expect(wide.keyphrases).toEqual(['easy one-pan lemon garlic salmon', 'asparagus']);
    expect(placeholderSvg({ title: 'Short', keyphrases: ['a', 'b'] }).keyphrases).toEqual(['a', 'b']);
    // A locale nobody knows is no error.
    expect(() => placeholderSvg({ title: 'Kapadokya', keyphrases: ['iptal'], language: 'not a language' })).not.toThrow();
  });

  it('draws what it lacks in a plain form it has: "CO₂" as "CO2", "Ⅻ" as "XII" (review)', () => {
    expect(placeholderSvg({ title: 'CO₂ emissions fall in Europe' }).lines.join(' ')).toBe('CO2 emissions fall in Europe');
    expect(placeholderSvg({ title: 'H₂O on Mars' }).lines.join(' ')).toBe('H2O on Mars');
    expect(placeholderSvg({ title: 'Ⅻ Olympiad' }).lines.join(' ')).toBe('XII Olympiad');
  });

  it('draws no fragments of a title in a script it lacks: a calm card, not "G7AI" for a Japanese headline', () => {
    for (const title of ['東京でG7サミット開幕、AIの規制を議論', '苹果发布iPhone 17 售价5999元起', 'قمة COP29 في باكو', 'Zażółć Тест 中文']) {
      const card = placeholderSvg({ title, keyphrases: ['サミット', 'AI', 'G7'] });
      expect([title, card.lines]).toEqual([title, []]);
      expect(card.svg).not.toMatch(/<path d="M/); // no text drawn at all
    }
  });

  it('survives empty and odd input', async () => {
    for (const input of [{ title: '' }, { title: '   ' }, { title: 'x', width: Number.NaN, height: -5 }, { title: 'x', keyphrases: [null, 3, '', 'ok'] as unknown as string[] }]) {
      const image = await renderPlaceholder(input);
      expect(image.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    }
  });
});
