/**
 * Text as wink-nlp may safely see it: no single huge token. Its tokenizer is quadratic in a token's length (75 KB of
 * base64 took 48 s), so each run between ASCII whitespace (what it surely splits on) longer than MAX_RUN_CHARS is:
 * - dropped if printable ASCII only: no Latin-script word is that long (it is base64, a URL, code...); a line break
 *   takes its place so that the words on either side do not join into a phrase;
 * - else cut into pieces: it may be prose in a script without spaces (Chinese, Thai...) or a long compound.
 * Ordinary text comes back as the same string (callers tell an unchanged text by identity).
 */

/** Longest run of non-space characters given to the tokenizer whole. */
export const MAX_RUN_CHARS = 64;

/** A run longer than the limit, from its first character (the lookbehind keeps the scan linear). */
const LONG_RUN = new RegExp(`(?<![^ \\t\\n\\r\\f\\v])[^ \\t\\n\\r\\f\\v]{${MAX_RUN_CHARS + 1},}`, 'g');
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

/** The text with every run longer than MAX_RUN_CHARS dropped (ASCII) or cut into pieces (anything else). */
export function withoutHugeTokens(text: string): string {
  return text.replace(LONG_RUN, (run) => (PRINTABLE_ASCII.test(run) ? '\n' : cutIntoPieces(run)));
}

const NOT_WORD_CHARACTER = /[^\p{L}\p{M}\p{N}]/u;

/**
 * Pieces of at most MAX_RUN_CHARS UTF-16 units, separated by spaces: cut after punctuation in the piece's second
 * half when there is some ("，", "。": a Chinese paragraph is one run), else anywhere but inside a surrogate pair.
 */
function cutIntoPieces(run: string): string {
  const pieces: string[] = [];
  let start = 0;
  while (start < run.length) {
    let end = Math.min(start + MAX_RUN_CHARS, run.length);
    if (end < run.length) {
      let punctuation = end - 1;
      while (punctuation > start + MAX_RUN_CHARS / 2 && !NOT_WORD_CHARACTER.test(run[punctuation])) punctuation -= 1;
      if (punctuation > start + MAX_RUN_CHARS / 2) end = punctuation + 1;
    }
    const last = run.charCodeAt(end - 1);
    if (end < run.length && last >= 0xd800 && last <= 0xdbff) end -= 1; // a high surrogate stays with its pair
    pieces.push(run.slice(start, end));
    start = end;
  }
  return pieces.join(' ');
}
