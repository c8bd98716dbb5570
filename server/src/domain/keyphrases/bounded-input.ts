/**
 * wink-nlp's tokenizer is quadratic in a token's length (75 KB of base64 took 48 s). A run between ASCII whitespace
 * longer than MAX_RUN_CHARS is dropped if printable ASCII (no word is that long), leaving a line break so the words
 * around it do not join; else cut into pieces. Ordinary text comes back as itself (callers test identity).
 */
export const MAX_RUN_CHARS = 64;
/** A run longer than the limit, from its first character (the lookbehind keeps the scan linear). */
const LONG_RUN = new RegExp(`(?<![^ \\t\\n\\r\\f\\v])[^ \\t\\n\\r\\f\\v]{${MAX_RUN_CHARS + 1},}`, 'g');
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

export function withoutHugeTokens(text: string): string {
  return text.replace(LONG_RUN, (run) => (PRINTABLE_ASCII.test(run) ? '\n' : cutIntoPieces(run)));
}

const NOT_WORD_CHARACTER = /[^\p{L}\p{M}\p{N}]/u;
/** Spaced pieces of at most MAX_RUN_CHARS, cut after late punctuation if any ("，": a Chinese paragraph is one run). */
function cutIntoPieces(run: string): string {
  const pieces: string[] = [];
  for (let start = 0, end = 0; start < run.length; start = end) {
    end = Math.min(start + MAX_RUN_CHARS, run.length);
    if (end < run.length) {
      let punctuation = end - 1;
      while (punctuation > start + MAX_RUN_CHARS / 2 && !NOT_WORD_CHARACTER.test(run[punctuation])) punctuation -= 1;
      if (punctuation > start + MAX_RUN_CHARS / 2) end = punctuation + 1;
      if (/[\ud800-\udbff]/.test(run[end - 1])) end -= 1; // a high surrogate stays with its pair
    }
    pieces.push(run.slice(start, end));
  }
  return pieces.join(' ');
}
