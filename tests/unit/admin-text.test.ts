import { containsPhrase, languageName } from '../../admin/src/utils/text';

describe('the side panel\'s words', () => {
  it('marks a keyphrase used only where the prompt says it as whole words', () => {
    expect(containsPhrase('Editorial photograph of skogsbrand, with hem', 'skog')).toBe(false);
    expect(containsPhrase('Editorial photograph of skogsbrand, with hem', 'Skogsbrand')).toBe(true);
    expect(containsPhrase('A bridge (new) over the harbour', 'bridge (new)')).toBe(true);
    expect(containsPhrase('anything', ' ')).toBe(false);
  });

  it('names a language in the admin\'s language, or gives its code back', () => {
    expect(languageName('pt', 'en')).toBe('Portuguese');
    expect(languageName('sv', 'fr')).toBe('suédois');
    expect(languageName('not a code!', 'en')).toBe('not a code!');
  });
});
