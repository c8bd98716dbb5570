import { scanWords } from '../../server/src/domain/keyphrases/words';

/** Words as written, and breaks as "|" (the readers end a phrase there). */
const scanned = (text: string) => {
  const out: string[] = [];
  scanWords(text, (word, start, end) => {
    out.push(word ?? '|');
    // Both say where they stand in the text.
    if (word !== undefined) expect(text.slice(start, end)).toBe(word);
    else expect(end).toBeGreaterThan(start);
  });
  return out;
};

describe('scanWords (words and breaks of untagged text)', () => {
  it('keeps inner apostrophes, hyphens and slashes in a word, not a trailing one', () => {
    expect(scanned("l'île, porte-parole TCP/IP d’Orsay x- 'q' a--b")).toEqual([
      "l'île", '|', 'porte-parole', 'TCP/IP', 'd’Orsay', 'x', '|', '|', 'q', '|', 'a', '|', 'b',
    ]);
  });

  it('keeps a zero-width joiner or non-joiner inside a word (Sinhala "ශ්‍රී", Nepali "गर्‍यो", Persian "خانه‌ها")', () => {
    expect(scanned('ශ්\u200dරී ලංකා गर्\u200dयो خانه\u200cها')).toEqual(['ශ්\u200dරී', 'ලංකා', 'गर्\u200dयो', 'خانه\u200cها']);
  });

  it('breaks at a blank line but reads a single line break as a space', () => {
    expect(scanned('one\ntwo\n \t\nthree\r\n\r\nfour\n')).toEqual(['one', 'two', '|', 'three', '|', 'four']);
  });

  it('reads letters of any script with their marks, and digits, as words; symbols and emoji as breaks', () => {
    expect(scanned('e\u0301te\u0301 नमस्ते ٣٤ 𝐀𝐁 3D 😀😀 — €')).toEqual(['e\u0301te\u0301', 'नमस्ते', '٣٤', '𝐀𝐁', '3D', '|', '|', '|']);
  });

  it('treats every JavaScript space as a space (no-break space, byte order mark, ideographic space)', () => {
    expect(scanned('a\u00a0b\ufeffc\u3000d\u2009e')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('reads an empty text as nothing, and a lone surrogate as a break', () => {
    expect(scanned('')).toEqual([]);
    expect(scanned('a \ud800 b')).toEqual(['a', '|', 'b']);
  });
});
