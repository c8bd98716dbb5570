/**
 * Long articles are read closely only at their start. Candidates come from the title and the opening words (a news
 * story says what it is about in its lead, and the ranking already favours what comes early); the rest of the text
 * only counts how often those candidates occur again. So the cost of the close reading (wink-nlp's tagger, the
 * chunker) is bounded whatever the article's length, while frequency still sees the whole article.
 */
import { scanWords } from './words';

/**
 * Words read closely: the lead and its first developments (a news story's first paragraphs; a short post whole).
 * Over the benchmark sets, quality is flat from 250 to 700 words (bench/keyphrases) while the tagger's cost grows
 * with every word: 300 reads close to the flat's start with a margin.
 */
export const OPENING_WORDS = 300;

const WORD_RUN = /\S+/g;

/** The body cut after OPENING_WORDS words (at the whitespace that follows), and the rest. */
export function splitOpening(body: string): { opening: string; rest: string } {
  WORD_RUN.lastIndex = 0;
  for (let count = 0; WORD_RUN.exec(body); ) {
    if (++count === OPENING_WORDS) {
      const cut = WORD_RUN.lastIndex;
      return { opening: body.slice(0, cut), rest: body.slice(cut) };
    }
  }
  return { opening: body, rest: '' };
}

/**
 * The words of a text as runs of keys between punctuation and blank lines (words.ts's scanWords, as the reader
 * of untagged text sees them), in the readers' keys: `keyOf` of the lower-case word, after `word` takes off what the
 * language's reader does (an elided article, an English possessive); a script without spaces is cut into words by
 * the language's `segmenter`.
 */
export function keyRuns(
  text: string,
  keyOf: (lower: string) => string,
  word: (lower: string) => string = (w) => w,
  segmenter?: Intl.Segmenter,
): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  const lower = text.toLowerCase();
  scanWords(lower, (written) => {
    if (written === undefined) {
      if (run.length) runs.push(run);
      run = [];
      return;
    }
    const bare = word(written);
    if (bare) run.push(keyOf(bare));
  }, segmenter);
  if (run.length) runs.push(run);
  return runs;
}
