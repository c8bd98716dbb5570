import { altTextFromCaption, captionAltTextSource, MAX_ALT_LENGTH, placeholderAltText } from '../../server/src/domain/alt-text';
import { languageOf } from '../../server/src/domain/language';
import { truncateAtWord } from '../../server/src/domain/truncate';

const FILE_NAME = /\.(png|jpe?g|webp|gif)\b/i;

describe('languageOf', () => {
  it('takes the language part of a locale code and treats missing as English', () => {
    expect(['fr', 'fr-FR', 'pt-BR', 'pt_BR', 'zh-Hans', 'DE', null, undefined, '', '*'].map(languageOf)).toEqual(['fr', 'fr', 'pt', 'pt', 'zh', 'de', 'en', 'en', 'en', 'en']);
  });
});

describe('truncateAtWord', () => {
  it('leaves short text alone', () => {
    expect(truncateAtWord('  A cat   on a mat ', 200)).toBe('A cat on a mat');
  });

  it('cuts at a word boundary, drops dangling words and punctuation, and marks the cut', () => {
    const cut = truncateAtWord('A fox jumps over the lazy dog, and then the', 34);
    expect(cut.length).toBeLessThanOrEqual(34);
    expect(cut).toBe('A fox jumps over the lazy dog…');
  });

  it('hard-cuts a single enormous word', () => {
    expect(truncateAtWord('x'.repeat(500), 10)).toBe('xxxxxxxxx…');
  });

  /** Every word of the cut text (ellipsis aside) is a whole word of the original. */
  const wholeWords = (cut: string, original: string) => {
    const words = new Set(original.split(/[\s,;:.!?]+/));
    return cut.replace(/…$/, '').split(/[\s,;:.!?]+/).filter(Boolean).every((word) => words.has(word));
  };

  it('never cuts a word when a long one comes after a short start (it used to cut inside the long one)', () => {
    const text = 'Breakthrough: Pneumonoultramicroscopicsilicovolcanoconiosis explained simply';
    const cut = truncateAtWord(text, 40);
    expect(cut).toBe('Breakthrough…');
    expect(wholeWords(cut, text)).toBe(true);
  });

  it('never cuts a hyphenated or joined compound', () => {
    expect(truncateAtWord('The new state-of-the-art lighthouse lantern', 22)).toBe('The new…');
    expect(truncateAtWord('Visit the harbour at example.com/harbour today', 40)).toBe('Visit the harbour…');
  });

  it.each([
    ['en', 'A long walk along the cliffs of the island with the lighthouse keeper and his dog', 'A long walk along the cliffs…'],
    ['fr', 'Une longue promenade le long des falaises de l’île avec le gardien du phare', 'Une longue promenade le long…'],
    ['de', 'Ein langer Spaziergang mit dem alten Leuchtturmwärter', 'Ein langer Spaziergang…'],
    ['es', 'Un largo paseo por los acantilados de la isla con el farero y su perro', 'Un largo paseo…'],
  ])('%s: drops the language’s dangling little words before the ellipsis', (locale, text, expected) => {
    const cut = truncateAtWord(text, 31, locale);
    expect(cut).toBe(expected);
    expect(cut.length).toBeLessThanOrEqual(31);
    expect(wholeWords(cut, text)).toBe(true);
  });

  it('cuts Japanese, Chinese and Thai between words (no spaces to go by), never inside one', () => {
    const japanese = '東京の古い灯台がボランティアの手によって三十年ぶりに明かりを取り戻しました';
    const cut = truncateAtWord(japanese, 12, 'ja');
    expect(cut.length).toBeLessThanOrEqual(12);
    expect(cut.endsWith('…')).toBe(true);
    const words = [...new Intl.Segmenter('ja', { granularity: 'word' }).segment(japanese)].map((segment) => segment.index + segment.segment.length);
    expect(words).toContain(cut.length - 1);

    const thai = 'ประภาคารเก่าบนเกาะกลับมาส่องแสงอีกครั้งหลังจากสามสิบปี';
    const thaiCut = truncateAtWord(thai, 15, 'th');
    const thaiWords = [...new Intl.Segmenter('th', { granularity: 'word' }).segment(thai)].map((segment) => segment.index + segment.segment.length);
    expect(thaiWords).toContain(thaiCut.length - 1);
    expect(thaiCut.length).toBeLessThanOrEqual(15);
  });

  it('never splits an emoji or an accented letter, even inside one enormous word', () => {
    const cut = truncateAtWord('👩‍🚀'.repeat(10), 12);
    expect(cut).toBe('👩‍🚀👩‍🚀…'.slice(0, cut.length));
    expect(cut.replace('…', '').length % '👩‍🚀'.length).toBe(0);
  });

  it('a cut that ends a sentence stays a sentence, with no ellipsis', () => {
    expect(truncateAtWord('Volunteers restored the lighthouse. Seabirds nest on the cliffs below it.', 40)).toBe('Volunteers restored the lighthouse.');
    // A first sentence much shorter than the room is not worth losing the rest for.
    expect(truncateAtWord('It shone. Seabirds nest on the cliffs below the old tower.', 40)).toBe('It shone. Seabirds nest on the cliffs…');
  });
});

describe('altTextFromCaption (English)', () => {
  it('uses the cleaned caption as a sentence, starting with a capital', () => {
    expect(altTextFromCaption({ caption: 'a red fox sitting in the snow', title: 'Foxes', locale: 'en' })).toEqual({
      alternativeText: 'A red fox sitting in the snow.',
      caption: 'A red fox sitting in the snow.',
    });
  });

  it('treats a missing locale as English', () => {
    expect(altTextFromCaption({ caption: 'a lighthouse at dusk', title: 'Coasts', locale: null }).alternativeText).toBe('A lighthouse at dusk.');
    expect(altTextFromCaption({ caption: 'a lighthouse at dusk', title: 'Coasts' }).alternativeText).toBe('A lighthouse at dusk.');
    expect(altTextFromCaption({ caption: 'a lighthouse at dusk', title: 'Coasts', locale: 'en-GB' }).alternativeText).toBe('A lighthouse at dusk.');
  });

  it.each([
    ['image of a cat on a windowsill', 'A cat on a windowsill.'],
    ['An editorial photograph of local volunteers, with Puffin Island and lighthouse.', 'Local volunteers, with Puffin Island and lighthouse.'],
    ['An image showing a cat on a windowsill', 'A cat on a windowsill.'],
    ['A picture of a cat on a windowsill', 'A cat on a windowsill.'],
    ['there is an illustration of a cat on a windowsill', 'A cat on a windowsill.'],
    ['arafed photo of a a cat on a windowsill , trending on artstation', 'A cat on a windowsill.'],
    ['"a cat on a windowsill."', 'A cat on a windowsill.'],
    ['a painting of a cat on a windowsill', 'A painting of a cat on a windowsill.'],
  ])('drops filler and captioner noise: %s', (caption, expected) => {
    expect(altTextFromCaption({ caption, title: 'Cats', locale: 'en' }).alternativeText).toBe(expected);
  });

  it('keeps alt text within 200 characters, cut at a word, ending cleanly', () => {
    const caption = 'a bustling market square with ' + 'stalls selling bread, cheese, flowers and fruit, '.repeat(8);
    const { alternativeText, caption: longCaption } = altTextFromCaption({ caption, title: 'Markets', locale: 'en' });
    expect(alternativeText.length).toBeLessThanOrEqual(MAX_ALT_LENGTH);
    expect(alternativeText).toMatch(/^A bustling market square/);
    expect(alternativeText).toMatch(/[\p{L}]…$/u);
    expect(longCaption.length).toBeGreaterThan(alternativeText.length);
  });

  it('never uses a file name, URL or empty caption: falls back to the title', () => {
    for (const caption of ['IMG_2041.png', 'scenario_asset_8f3a.webp', 'https://cdn.example.com/a.jpg', '', '   ', '...', 'image of']) {
      const result = altTextFromCaption({ caption, title: 'Gardening on a balcony', locale: 'en' });
      expect(result.alternativeText).toBe('Illustration for “Gardening on a balcony”');
      expect(result.caption).toBe(result.alternativeText);
    }
  });

  it('never takes a refusal as alt text, and drops Markdown emphasis', () => {
    expect(altTextFromCaption({ caption: 'I cannot describe this image.', title: 'Lighthouse reopens' }).alternativeText).toBe('Illustration for “Lighthouse reopens”');
    expect(altTextFromCaption({ caption: '**A lighthouse** on an island', title: 'Lighthouse reopens' }).alternativeText).toBe('A lighthouse on an island.');
  });

  it('is never empty, even with nothing to go on', () => {
    const { alternativeText } = altTextFromCaption({ caption: '', title: 'IMG_0001.JPG', locale: 'en' });
    expect(alternativeText).toBe('Illustration');
    expect(alternativeText).not.toMatch(FILE_NAME);
  });

  it('an article with no title is described by its keyphrases, in its own words, and says so', () => {
    const keyphrases = ['phare', 'île aux Macareux', 'phare', 'IMG_2.png', 'maison du gardien', 'bénévoles'];
    const input = { caption: '', title: '  ', keyphrases, locale: 'fr' };
    expect(altTextFromCaption(input).alternativeText).toBe('Phare, île aux Macareux, maison du gardien');
    expect(captionAltTextSource(input)).toBe('keyphrases');
    expect(captionAltTextSource({ ...input, title: 'Le phare' })).toBe('title');
    expect(captionAltTextSource({ ...input, caption: 'a lighthouse', locale: 'en' })).toBe('caption');
    expect(placeholderAltText({ title: '', keyphrases, locale: 'fr' })).toBe('Phare, île aux Macareux, maison du gardien');
    // Capitals by the language's rules (Turkish dotted İ; a trial).
    expect(placeholderAltText({ title: '', keyphrases: ['istanbul', 'köprü'], locale: 'tr' })).toBe('İstanbul, köprü');
  });
});

describe('altTextFromCaption (other languages)', () => {
  const caption = 'a woman reading a newspaper in a café';

  it.each([
    ['fr', 'Le retour des cafés', 'Illustration : « Le retour des cafés »'],
    ['fr-CA', 'Le retour des cafés', 'Illustration : « Le retour des cafés »'],
    ['de-DE', 'Die Rückkehr der Cafés', 'Illustration: „Die Rückkehr der Cafés“'],
    ['es', 'La vuelta de los cafés', 'Ilustración: «La vuelta de los cafés»'],
    ['it', 'Il ritorno dei caffè', 'Illustrazione: «Il ritorno dei caffè»'],
    ['pt-BR', 'A volta dos cafés', 'Ilustração: “A volta dos cafés”'],
    ['nl', 'De terugkeer van het café', 'Illustratie bij “De terugkeer van het café”'],
  ])('%s: localized template from the title, never the English caption', (locale, title, expected) => {
    const result = altTextFromCaption({ caption, title, locale });
    expect(result).toEqual({ alternativeText: expected, caption: expected });
    expect(result.alternativeText).not.toContain('woman');
  });

  it('uses the bare title, with no English words, for other languages', () => {
    expect(altTextFromCaption({ caption, title: 'Powrót kawiarni', locale: 'pl' }).alternativeText).toBe('Powrót kawiarni');
    expect(altTextFromCaption({ caption, title: '喫茶店の復活', locale: 'ja' }).alternativeText).toBe('喫茶店の復活');
    expect(altTextFromCaption({ caption, title: 'ресторан', locale: 'ru' }).alternativeText).toBe('Ресторан');
  });

  it('a long French or Japanese title is shortened between words, in its own language', () => {
    const title = 'Les bénévoles restaurent le vieux phare de l’île aux Macareux, ' + 'après trente années d’obscurité et de silence, '.repeat(4);
    const { alternativeText } = altTextFromCaption({ caption, title, locale: 'fr' });
    expect(alternativeText.length).toBeLessThanOrEqual(MAX_ALT_LENGTH);
    expect(alternativeText).toMatch(/\p{L}… »$/u);
    const kept = alternativeText.replace(/^Illustration : « /, '').replace(/… »$/, '');
    expect(title.startsWith(kept)).toBe(true);
    expect(title[kept.length]).toMatch(/[\s,]/);
    expect(kept).not.toMatch(/ (?:de|d|et|le|la|les|aux)$/);

    const japanese = '東京の古い灯台がボランティアの手によって三十年ぶりに明かりを取り戻しました'.repeat(8);
    const ja = placeholderAltText({ title: japanese, locale: 'ja' });
    expect(ja.length).toBeLessThanOrEqual(MAX_ALT_LENGTH);
    const jaKept = ja.replace(/…$/, '');
    const boundaries = [...new Intl.Segmenter('ja', { granularity: 'word' }).segment(japanese)].map((segment) => segment.index + segment.segment.length);
    expect(boundaries).toContain(jaKept.length);
  });

  it('shortens a long title inside the template, keeping the closing quote', () => {
    const title = 'Un très long titre '.repeat(20).trim();
    const { alternativeText } = altTextFromCaption({ caption, title, locale: 'fr' });
    expect(alternativeText.length).toBeLessThanOrEqual(MAX_ALT_LENGTH);
    expect(alternativeText.startsWith('Illustration : « Un très long titre')).toBe(true);
    expect(alternativeText.endsWith('… »')).toBe(true);
  });
});

describe('placeholderAltText', () => {
  it('describes the title card with up to three distinct keyphrases (English)', () => {
    expect(placeholderAltText({ title: 'How bakers reinvented the croissant', keyphrases: ['sourdough', 'Sourdough', ' markets ', 'chefs', 'extra'] })).toBe(
      'Title card for “How bakers reinvented the croissant”: sourdough, markets, chefs',
    );
    expect(placeholderAltText({ title: 'Sleep better', locale: 'en-US' })).toBe('Title card for “Sleep better”');
    // Near-duplicates merged, as the card shows them (a trial: "Swiatek, Rybakina, Swiatek battles past Rybakina").
    expect(placeholderAltText({ title: 'Wimbledon semi-final', keyphrases: ['Swiatek', 'Rybakina', 'Swiatek battles past Rybakina', 'Centre Court'] }))
      .toBe('Title card for “Wimbledon semi-final”: Swiatek, Rybakina, Centre Court');
    // Distinct things stay apart (reviews): a city and its clubs, a country and a sea ranked far below, a firm and a dish.
    expect(placeholderAltText({ title: 'Derby day', keyphrases: ['Manchester', 'Manchester City', 'Manchester United', 'Etihad Stadium'] }))
      .toBe('Title card for “Derby day”: Manchester, Manchester City, Manchester United');
    expect(placeholderAltText({ title: 'Tariffs rise', keyphrases: ['China', 'tariffs', 'Beijing', 'exports', 'ports', 'steel', 'South China Sea'] }))
      .toBe('Title card for “Tariffs rise”: China, tariffs, Beijing');
    expect(placeholderAltText({ title: 'Bake sale', keyphrases: ['Apple', 'apple pie'] })).toBe('Title card for “Bake sale”: Apple, apple pie');
    expect(placeholderAltText({ title: 'Rugby', keyphrases: ['Wales', 'New South Wales', 'Sydney'] })).toBe('Title card for “Rugby”: Wales, New South Wales, Sydney');
  });

  it.each([
    ['fr-FR', 'Visuel titre : « Le marché » — fromages, pain'],
    ['de', 'Titelbild: „Le marché“ – fromages, pain'],
    ['es', 'Portada con el título «Le marché»: fromages, pain'],
    ['it', 'Copertina con il titolo «Le marché»: fromages, pain'],
    ['pt', 'Capa com o título “Le marché”: fromages, pain'],
    ['nl', 'Titelkaart voor “Le marché”: fromages, pain'],
    ['sv', 'Le marché — fromages, pain'],
    ['zh-Hans', 'Le marché — fromages, pain'],
  ])('%s: localized', (locale, expected) => {
    expect(placeholderAltText({ title: 'Le marché', keyphrases: ['fromages', 'pain'], locale })).toBe(expected);
  });

  it('stays within 200 characters: drops keyphrases first, then shortens the title', () => {
    const longKeyphrases = ['a rather long keyphrase about things', 'another rather long keyphrase', 'a third one that is also long'];
    const title = 'A title of reasonable but not tiny length about the state of European railways in 2025 and beyond';
    const withSome = placeholderAltText({ title, keyphrases: longKeyphrases });
    expect(withSome.length).toBeLessThanOrEqual(MAX_ALT_LENGTH);
    expect(withSome).toContain(title);

    const huge = placeholderAltText({ title: 'word '.repeat(80), keyphrases: ['x'] });
    expect(huge.length).toBeLessThanOrEqual(MAX_ALT_LENGTH);
    expect(huge).toMatch(/^Title card for “word word/);
    expect(huge.endsWith('…”')).toBe(true);
  });

  it('is never a file name nor empty', () => {
    const alt = placeholderAltText({ title: 'holiday_photo_2041.jpg', keyphrases: ['IMG_1.png'] });
    expect(alt).not.toMatch(FILE_NAME);
    expect(alt.length).toBeGreaterThan(0);
    expect(placeholderAltText({ title: '', locale: 'ja' }).length).toBeGreaterThan(0);
    expect(placeholderAltText({ title: 'Hello', keyphrases: ['IMG_1.png', 'https://x.org'] })).toBe('Title card for “Hello”');
  });

  it('starts with a capital, in a script that writes one', () => {
    expect(placeholderAltText({ title: 'ťažká voda', locale: 'sk' })).toBe('Ťažká voda');
    // Georgian keeps its capitals (Mtavruli) for headings: "თბილისი", not "Თბილისი" (a new user's trial).
    expect(placeholderAltText({ title: 'თბილისში ახალი საბაგირო გზა გაიხსნა', locale: 'ka' })).toBe('თბილისში ახალი საბაგირო გზა გაიხსნა');
  });
});
