/** One way to shorten text: for readers with an ellipsis, for machines without; never inside a word. */
import { languageCode, languageOf } from '../../server/src/domain/language';
import { cutAtWord, truncateAtWord } from '../../server/src/domain/truncate';

describe('cutAtWord (prompts, machine-read text)', () => {
  it('cuts between words, adds nothing, and leaves no trailing pause', () => {
    expect(cutAtWord('Harbour lanterns, tall ships and fireworks over the bay', 30)).toBe('Harbour lanterns, tall ships');
    expect(cutAtWord('Harbour lanterns, tall ships and fireworks', 17)).toBe('Harbour lanterns');
    expect(cutAtWord('short enough', 50)).toBe('short enough');
    expect(cutAtWord('anything', 0)).toBe('');
  });

  it('keeps compounds whole, cuts scripts without spaces between words, and a single long word between characters', () => {
    expect(cutAtWord('A state-of-the-art harbour crane', 12)).toBe('A');
    expect(cutAtWord('東京の港で新しい灯台が完成しました', 8, 'ja').length).toBeLessThanOrEqual(8);
    expect(cutAtWord('Donaudampfschifffahrtsgesellschaft', 10)).toBe('Donaudampf');
  });
});

describe('truncateAtWord (alt text, captions, titles shown)', () => {
  it('marks a cut with an ellipsis and drops dangling little words in the text\'s language', () => {
    expect(truncateAtWord('A lighthouse keeper walks along the cliffs at dawn', 30)).toBe('A lighthouse keeper walks…');
    expect(truncateAtWord('Le gardien du phare marche le long des falaises', 24, 'fr')).toBe('Le gardien du phare…');
    expect(truncateAtWord('Fits.', 10)).toBe('Fits.');
  });
});

describe('languages of locales', () => {
  it('reads the language part, English when there is none', () => {
    expect(['fr', 'fr-FR', 'pt_BR', 'zh-Hans', 'fil'].map(languageCode)).toEqual(['fr', 'fr', 'pt', 'zh', 'fil']);
    expect([undefined, '', 'not a locale', 42].map(languageCode)).toEqual([undefined, undefined, undefined, undefined]);
    expect(languageOf(null)).toBe('en');
    expect(languageOf('de-AT')).toBe('de');
  });
});
