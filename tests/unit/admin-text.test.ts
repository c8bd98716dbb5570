import { containsPhrase, languageName, shownAltTextSource } from '../../admin/src/utils/text';

describe('the side panel\'s words', () => {
  it('marks a keyphrase used only where the prompt says it as whole words', () => {
    expect(containsPhrase('Editorial photograph of skogsbrand, with hem', 'skog')).toBe(false);
    expect(containsPhrase('Editorial photograph of skogsbrand, with hem', 'Skogsbrand')).toBe(true);
    expect(containsPhrase('A bridge (new) over the harbour', 'bridge (new)')).toBe(true);
    expect(containsPhrase('anything', ' ')).toBe(false);
  });

  it('says where the alt text came from only for an image the job attached (not a failed job\'s, nor a placeholder\'s)', () => {
    expect(shownAltTextSource({ state: 'done', altTextSource: 'caption' })).toBe('caption');
    expect(shownAltTextSource({ state: 'failed', altTextSource: 'caption' })).toBeNull();
    expect(shownAltTextSource({ state: 'fallback', altTextSource: 'title' })).toBeNull();
  });

  it('names a language in the admin\'s language, or gives its code back', () => {
    expect(languageName('pt', 'en')).toBe('Portuguese');
    expect(languageName('sv', 'fr')).toBe('suédois');
    expect(languageName('not a code!', 'en')).toBe('not a code!');
  });
});
