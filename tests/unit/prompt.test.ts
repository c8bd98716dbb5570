import {
  BUILT_IN_STYLE_PRESETS,
  PROMPT_PLACEHOLDERS,
  buildPrompt,
  dedupeNearDuplicates,
  sanitizePromptText,
  type StylePreset,
} from '../../server/src/domain/prompt';

const style = (template: string, negativePrompt?: string): StylePreset => ({ id: 'custom', name: 'Custom', template, negativePrompt });
const photo = BUILT_IN_STYLE_PRESETS[0];
const keyphrases = ['oil spill', 'oil spills', 'Louisiana wetlands', 'the spill', 'brown pelicans', 'floating booms', 'Oil Spill', 'hurricane-force winds', 'oyster beds'];

describe('BUILT_IN_STYLE_PRESETS', () => {
  it('has a handful of editorial styles, editorial-photo first, each using known placeholders', () => {
    expect(photo.id).toBe('editorial-photo');
    expect(BUILT_IN_STYLE_PRESETS.map((p) => p.id)).toEqual(
      expect.arrayContaining(['editorial-photo', 'flat-illustration', 'watercolor', 'isometric-3d', 'ink-sketch']),
    );
    expect(new Set(BUILT_IN_STYLE_PRESETS.map((p) => p.id)).size).toBe(BUILT_IN_STYLE_PRESETS.length);
    expect(PROMPT_PLACEHOLDERS).toEqual(expect.arrayContaining(['{title}', '{keyphrases}', '{subject}']));
    for (const preset of BUILT_IN_STYLE_PRESETS) {
      expect(preset.id).toMatch(/^[a-z0-9][a-z0-9-]{0,47}$/);
      for (const placeholder of preset.template.match(/\{[^}]*\}/g) ?? []) expect(PROMPT_PLACEHOLDERS).toContain(placeholder);
      expect(preset.template).toContain('{subject}');
      expect(preset.negativePrompt).toMatch(/text/);
    }
  });
});

describe('sanitizePromptText', () => {
  it('removes URLs, e-mail addresses, markup and control characters and collapses whitespace', () => {
    expect(sanitizePromptText('Read <b>this</b>   at https://example.com/a?b=1 or www.example.org now')).toBe('Read this at or now');
    expect(sanitizePromptText('Mail jane.doe@example.com\u0000 today\u200b!')).toBe('Mail today!');
    expect(sanitizePromptText('<p>Fish &amp; chips</p><script>alert(1)</script>')).toBe('Fish & chips');
    expect(sanitizePromptText('**Bold** and _soft_ [link text](https://x.org) ![alt](a.png) `code`')).toBe('Bold and soft link text alt code');
    expect(sanitizePromptText('Braces {title} cannot inject')).toBe('Braces title cannot inject');
    expect(sanitizePromptText('')).toBe('');
    expect(sanitizePromptText(undefined as never)).toBe('');
  });
});

describe('dedupeNearDuplicates', () => {
  it('merges inflections, determiners and contained phrases, keeping the first', () => {
    expect(dedupeNearDuplicates(['oil spill', 'oil spills', 'the spill'])).toEqual(['oil spill']);
    expect(dedupeNearDuplicates(['The spill', 'oil spill'])).toEqual(['The spill']);
    expect(dedupeNearDuplicates(keyphrases)).toEqual(['oil spill', 'Louisiana wetlands', 'brown pelicans', 'floating booms', 'hurricane-force winds', 'oyster beds']);
    expect(dedupeNearDuplicates(['Michael Buble', 'Buble', 'Luisana Lopilato'])).toEqual(['Michael Buble', 'Luisana Lopilato']);
    expect(dedupeNearDuplicates(['heat pumps', 'heat pump', 'heat loss'])).toEqual(['heat pumps', 'heat loss']);
    expect(dedupeNearDuplicates(['the', '', 'river'])).toEqual(['river']);
  });
});

describe('buildPrompt', () => {
  const title = 'Oil spill threatens <em>Louisiana</em> wetlands';

  it('fills the template with the subject, the other phrases comma-separated and the title', () => {
    const result = buildPrompt({ title, keyphrases, style: photo, maxLength: 2048 });
    expect(result.usedKeyphrases).toEqual(['oil spill', 'Louisiana wetlands', 'brown pelicans', 'floating booms', 'hurricane-force winds']);
    expect(result.prompt).toContain('of oil spill,');
    expect(result.prompt).toContain('Oil spill threatens Louisiana wetlands');
    expect(result.prompt).toContain('Louisiana wetlands, brown pelicans, floating booms, hurricane-force winds');
    expect(result.prompt).not.toMatch(/[{}<>]|oyster/);
    expect(result.prompt).not.toMatch(/([,.;:!?])\s*[,.;:!?]|\s[,.;:]|\s{2}/);
    expect(result.negativePrompt).toBe(photo.negativePrompt);
  });

  it('respects maxKeyphrases', () => {
    expect(buildPrompt({ title, keyphrases, style: photo, maxLength: 2048, maxKeyphrases: 2 }).usedKeyphrases).toEqual(['oil spill', 'Louisiana wetlands']);
    const none = buildPrompt({ title, keyphrases, style: photo, maxLength: 2048, maxKeyphrases: 0 });
    expect(none.usedKeyphrases).toEqual([]);
    expect(none.prompt).toMatch(/^Editorial photograph of Oil spill threatens Louisiana wetlands\. Natural light/);
  });

  it('leaves no empty placeholder and no doubled punctuation without keyphrases or title', () => {
    const result = buildPrompt({ title: 'Budget vote', keyphrases: [], style: photo, maxLength: 2048 });
    expect(result.prompt).toBe('Editorial photograph of Budget vote. Natural light, realistic detail, documentary style, shallow depth of field');
    const empty = buildPrompt({ title: '', keyphrases: [], style: photo, maxLength: 2048 });
    expect(empty.prompt).toBe('Natural light, realistic detail, documentary style, shallow depth of field');
    for (const preset of BUILT_IN_STYLE_PRESETS) {
      for (const phrases of [[], ['river'], ['river', 'bridge']]) {
        const { prompt } = buildPrompt({ title: 'A title', keyphrases: phrases, style: preset, maxLength: 2048 });
        expect(prompt).not.toMatch(/[{}]|([,.;:!?])\s*[,.;:!?]|\s[,.;:]|^\W/);
      }
    }
  });

  it('leaves unknown placeholders out cleanly', () => {
    const result = buildPrompt({
      title: 'Harbour festival',
      keyphrases: ['tall ships', 'fireworks'],
      style: style('A {mood} poster of {subject} in {place}, with {keyphrases}; about {title}. {unknown}'),
      maxLength: 2048,
    });
    expect(result.prompt).toBe('A poster of tall ships, with fireworks; about Harbour festival.');
  });

  it('uses only the keyphrases a template has room for', () => {
    const subjectOnly = buildPrompt({ title: 'T', keyphrases: ['a river', 'a bridge'], style: style('Painting of {subject}'), maxLength: 100 });
    expect(subjectOnly).toEqual({ prompt: 'Painting of a river', usedKeyphrases: ['a river'] });
    const listOnly = buildPrompt({ title: 'T', keyphrases: ['river', 'bridge'], style: style('Painting: {keyphrases}'), maxLength: 100 });
    expect(listOnly).toEqual({ prompt: 'Painting: river, bridge', usedKeyphrases: ['river', 'bridge'] });
    expect(buildPrompt({ title: 'T', keyphrases: ['river'], style: style('A plain painting'), maxLength: 100 }).usedKeyphrases).toEqual([]);
  });

  it('caps the length at a word boundary, dropping trailing keyphrases before cutting the title', () => {
    const full = buildPrompt({ title, keyphrases, style: photo, maxLength: 2048 }).prompt;
    const shorter = buildPrompt({ title, keyphrases, style: photo, maxLength: full.length - 10 });
    expect(shorter.prompt.length).toBeLessThanOrEqual(full.length - 10);
    expect(shorter.usedKeyphrases).toEqual(['oil spill', 'Louisiana wetlands', 'brown pelicans', 'floating booms']);
    expect(shorter.prompt).toContain('Oil spill threatens Louisiana wetlands');

    const longTitle = 'A very long headline about the regional council meeting that went on well into the night';
    for (const maxLength of [60, 90, 120, 150]) {
      const result = buildPrompt({ title: longTitle, keyphrases: ['council meeting', 'night session'], style: photo, maxLength });
      expect(result.prompt.length).toBeLessThanOrEqual(maxLength);
      expect(result.prompt).toContain('council meeting');
      // Ends on a whole word of the template or title.
      expect(`${photo.template} ${longTitle} council meeting`).toContain(result.prompt.split(' ').pop()!.replace(/[.,]$/, ''));
    }
    const capped = buildPrompt({ title: longTitle, keyphrases: ['council meeting'], style: photo, maxLength: 60 });
    expect(capped.usedKeyphrases).toEqual(['council meeting']);
    expect(buildPrompt({ title, keyphrases, style: photo, maxLength: 0 }).prompt).toBe('');
  });

  it('sanitizes the keyphrases and the negative prompt too', () => {
    const result = buildPrompt({
      title: 'Title',
      keyphrases: ['<b>river</b> https://x.org', '\u0007bridge'],
      style: style('{keyphrases}', ' blurry,  <i>text</i> '),
      maxLength: 200,
    });
    expect(result).toEqual({ prompt: 'river, bridge', negativePrompt: 'blurry, text', usedKeyphrases: ['river', 'bridge'] });
  });
});
