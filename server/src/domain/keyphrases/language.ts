/**
 * Which language an article is in, and what the extractor knows of each: its stopwords (stopwords-iso) and its
 * Snowball stemmer (snowball-stemmers). The caller's locale wins; without one the text is identified by tinyld.
 */
import { createRequire } from 'node:module';
import { detectAll } from 'tinyld/light';
import { newStemmer } from 'snowball-stemmers';
import { languageCode } from '../language';

// stopwords-iso is one JSON file, which an ES module cannot import as a package: it is loaded the way
// domain/placeholder.ts loads its packages, which works in both builds, the sources and the tests.
// @ts-expect-error -- TS1343: import.meta under the project's CommonJS type check; both builds define it.
const moduleRequire = createRequire(import.meta.url);
let stopwordLists: Record<string, string[]> | undefined;

/** English: the language tagged by wink-nlp. Also the answer when nothing better is known. */
export const ENGLISH = 'en';

/** Characters read to identify the language: the opening is enough, and detection costs per character. */
const DETECTION_CHARS = 600;
/** ISO 639-1 to the name of its Snowball algorithm. */
const SNOWBALL: Readonly<Record<string, string>> = {
  ar: 'arabic', hy: 'armenian', eu: 'basque', ca: 'catalan', cs: 'czech', da: 'danish', nl: 'dutch', fi: 'finnish',
  fr: 'french', de: 'german', hu: 'hungarian', it: 'italian', ga: 'irish', nb: 'norwegian', no: 'norwegian',
  pt: 'portuguese', ro: 'romanian', ru: 'russian', es: 'spanish', sl: 'slovene', sv: 'swedish', ta: 'tamil',
  tr: 'turkish',
};

/** "fr", "fr-CA", "pt_BR", "FR" -> "fr"; anything else -> undefined. */
export function normaliseLanguage(value: unknown): string | undefined {
  // Two-letter codes only: the stopword lists and stemmers are keyed by ISO 639-1.
  const code = languageCode(value);
  return code?.length === 2 ? code : undefined;
}

/** tinyld's guesses considered: those scoring at least this share of its best (its scores are relative). */
const CLOSE_GUESS = 0.25;
/** A tinyld score it gives a text it has no doubt about (Chinese, Thai: 1; a short English title: 0.05). */
const SURE = 0.5;
const WORD = /\p{L}+/gu;

/** Share of the words that are stopwords of the language: high for the language a text is written in. */
function stopwordShare(words: string[], language: string): number {
  const { stopwords } = languageTools(language);
  let hits = 0;
  for (const word of words) if (stopwords.has(word)) hits += 1;
  return hits / words.length;
}

/**
 * The language of a text as an ISO 639-1 code. tinyld names the likely languages; on short or technical texts its
 * best guess is sometimes a neighbour ("Senate report on subprime mess" read as German), so among its close guesses
 * and English the one whose stopwords the text uses most wins (the classic test: every language writes its own
 * function words). Scripts without spaces have no such words to count: tinyld's best guess then. English when
 * nothing is known.
 */
export function detectLanguage(text: string): string {
  if (typeof text !== 'string') return ENGLISH;
  const sample = text.slice(0, DETECTION_CHARS);
  const guesses = detectAll(sample);
  const best = guesses[0];
  const languages = new Set([ENGLISH]);
  for (const guess of guesses.slice(0, 3)) {
    const code = normaliseLanguage(guess.lang);
    if (code && guess.accuracy >= CLOSE_GUESS * best.accuracy) languages.add(code);
  }
  const words = sample.toLowerCase().match(WORD) ?? [];
  let chosen = best && best.accuracy >= SURE && words.length < 3 ? normaliseLanguage(best.lang) ?? ENGLISH : ENGLISH;
  let share = 0;
  if (words.length >= 3) {
    for (const language of languages) {
      const s = stopwordShare(words, language);
      if (s > share) [chosen, share] = [language, s];
    }
    // No stopword of any guess (a script without spaces, a list of names): tinyld's best guess when it is sure.
    if (share === 0 && best && best.accuracy >= SURE) chosen = normaliseLanguage(best.lang) ?? ENGLISH;
  }
  return chosen;
}

export interface LanguageTools {
  language: string;
  stopwords: ReadonlySet<string>;
  /** Lower-case word to its stem (the word itself where there is no Snowball stemmer for the language). */
  stem(word: string): string;
}

const tools = new Map<string, LanguageTools>();
const MAX_MEMOISED_STEMS = 20_000;

/** Stopwords and stemmer of a language other than English, made once per language. */
export function languageTools(language: string): LanguageTools {
  let found = tools.get(language);
  if (!found) {
    stopwordLists ??= moduleRequire('stopwords-iso') as Record<string, string[]>;
    const list = Object.hasOwn(stopwordLists, language) ? stopwordLists[language] : [];
    const stopwords = new Set(Array.isArray(list) ? list.map((w) => String(w).toLowerCase()) : []);
    const algorithm = SNOWBALL[language];
    const stemmer = algorithm ? newStemmer(algorithm) : undefined;
    // Some Snowball stemmers take a tenth of a millisecond a word (Arabic): each word is stemmed once.
    const stems = new Map<string, string>();
    const stem = (word: string): string => {
      let found = stems.get(word);
      if (found === undefined) {
        if (stems.size >= MAX_MEMOISED_STEMS) stems.clear(); // memory stays flat on a long-running server
        found = stemmer!.stem(word);
        stems.set(word, found);
      }
      return found;
    };
    found = { language, stopwords, stem: stemmer ? stem : (word) => word };
    tools.set(language, found);
  }
  return found;
}
