/**
 * Which language an article is in, and what the extractor knows of each: its stopwords (stopwords-iso) and its
 * Snowball stemmer (snowball-stemmers). The caller's locale wins; without one the text is identified by franc.
 */
import { createRequire } from 'node:module';
import { newStemmer } from 'snowball-stemmers';
import { languageCode } from '../language';
import { memoised } from './memo';

// stopwords-iso is one JSON file, which an ES module cannot import as a package: it is loaded the way
// domain/placeholder.ts loads its packages, which works in both builds, the sources and the tests.
// @ts-expect-error -- TS1343: import.meta under the project's CommonJS type check; both builds define it.
const moduleRequire = createRequire(import.meta.url);
let stopwordLists: Record<string, string[]> | undefined;

/** English: the language tagged by wink-nlp. Also the answer when nothing better is known. */
export const ENGLISH = 'en';

/**
 * Characters read to identify the language: the title and first sentences are enough (every opening of the benchmark
 * sets is read right from 300 characters as from 600). franc, which costs per character, names its guesses from the
 * first 150; the stopwords, a set lookup a word, decide on all 300.
 */
const DETECTION_CHARS = 300;
const GUESS_CHARS = 150;
/** ISO 639-1 to the name of its Snowball algorithm. */
const SNOWBALL: Readonly<Record<string, string>> = {
  ar: 'arabic', hy: 'armenian', eu: 'basque', ca: 'catalan', cs: 'czech', da: 'danish', nl: 'dutch', fi: 'finnish',
  fr: 'french', de: 'german', hu: 'hungarian', it: 'italian', ga: 'irish', nb: 'norwegian', nn: 'norwegian', no: 'norwegian',
  pt: 'portuguese', ro: 'romanian', ru: 'russian', es: 'spanish', sl: 'slovene', sv: 'swedish', ta: 'tamil',
  tr: 'turkish',
};

/** "fr", "fr-CA", "pt_BR", "FR" -> "fr"; anything else -> undefined. */
export function normaliseLanguage(value: unknown): string | undefined {
  // Two-letter codes only: the stopword lists and stemmers are keyed by ISO 639-1.
  const code = languageCode(value);
  return code?.length === 2 ? code : undefined;
}

/**
 * franc names individual languages; some belong to a macrolanguage, whose ISO 639-1 code is the one the stopword
 * lists and stemmers use (ISO 639-3's macrolanguage mappings, for the languages franc knows that have one).
 */
const MACROLANGUAGE: Readonly<Record<string, string>> = {
  als: 'sq', arb: 'ar', ayr: 'ay', azj: 'az', ckb: 'ku', cmn: 'zh', ekk: 'et', khk: 'mn', koi: 'kv', lvs: 'lv',
  npi: 'ne', pbu: 'ps', pes: 'fa', plt: 'mg', prs: 'fa', quy: 'qu', quz: 'qu', swh: 'sw', uzn: 'uz', ydd: 'yi',
  zlm: 'ms',
};
/** Languages whose stopwords stopwords-iso lists under their macrolanguage (Norwegian Bokmål and Nynorsk). */
const STOPWORDS_UNDER: Readonly<Record<string, string>> = { nb: 'no', nn: 'no' };
/** How many of franc's best guesses are weighed (it ranks neighbours close: English, Scots, Dutch...). */
const GUESSES = 3;

/** franc's best guesses for a text, best first, as ISO 639-1 codes (languages without one left out). */
let guessLanguages: ((text: string) => string[]) | undefined;

/**
 * Loads the language detector, once. franc and its code table ship as ES modules only, which the plugin's
 * CommonJS build cannot require on every Node 20: they are imported before the first detection (the
 * text-analysis thread does so before it says it is ready).
 */
export async function loadLanguageDetector(): Promise<void> {
  if (guessLanguages) return;
  const [{ francAll }, { iso6393To1 }] = await Promise.all([import('franc'), import('iso-639-3/iso6393-to-1.js')]);
  const codeOf = (code: string) => (Object.hasOwn(iso6393To1, code) ? iso6393To1[code] : Object.hasOwn(MACROLANGUAGE, code) ? MACROLANGUAGE[code] : '');
  guessLanguages = (text) => francAll(text).slice(0, GUESSES).map(([code]) => codeOf(code)).filter(Boolean);
}

/** Detection asked before loadLanguageDetector() settled: a programming error, never a fact about an article. */
export class DetectorNotLoadedError extends Error {
  constructor() {
    super('The language detector is not loaded: await loadLanguageDetector() first.');
    this.name = 'DetectorNotLoadedError';
  }
}

const WORD = /\p{L}+/gu;
const LATIN_LETTERS = /\p{Script=Latin}/gu;
const LETTERS = /\p{L}/gu;

/** Share of the words that are stopwords of the language: high for the language a text is written in. */
function stopwordShare(words: string[], language: string): number {
  const { stopwords } = languageTools(language);
  let hits = 0;
  for (const word of words) if (stopwords.has(word)) hits += 1;
  return hits / words.length;
}

/**
 * Running prose, at least PROSE_WORDS words of which at least PROSE_SHARE are one language's stopwords (a quarter to
 * a half in prose), is in the language whose stopwords it uses most, among every list stopwords-iso has. Shorter or
 * terser texts (a headline, a list of names) hold too few function words for that, and go to franc.
 */
const PROSE_WORDS = 20;
const PROSE_SHARE = 0.2;

/** The language whose stopwords the words use most, if they read as running prose (see PROSE_WORDS). */
function proseLanguage(words: string[]): string | undefined {
  if (words.length < PROSE_WORDS) return undefined;
  stopwordLists ??= moduleRequire('stopwords-iso') as Record<string, string[]>;
  let best = ENGLISH;
  let bestShare = stopwordShare(words, ENGLISH);
  for (const language of Object.keys(stopwordLists)) {
    const share = stopwordShare(words, language);
    if (share > bestShare) [best, bestShare] = [language, share];
  }
  return bestShare >= PROSE_SHARE ? best : undefined;
}

/**
 * The language of a text as an ISO 639-1 code, by the classic test: every language writes its own function words.
 * Running prose is in the language whose stopwords it uses most. A shorter or terser text is read by franc (trigram
 * profiles of 187 languages, about 3 MB of memory where larger n-gram tables hold 30 to 50 MB that every garbage
 * collection walks), whose first guess on such texts is often a neighbour: among its best guesses and English, the
 * one whose stopwords the text uses most wins. A text with none of their stopwords is a list of names or a technical
 * title, read as English, unless it is mostly in another script than Latin (Chinese, Thai...), which franc tells by
 * its characters.
 */
export function detectLanguage(text: string): string {
  if (!guessLanguages) throw new DetectorNotLoadedError();
  if (typeof text !== 'string') return ENGLISH;
  const sample = text.slice(0, DETECTION_CHARS);
  const words = sample.toLowerCase().match(WORD) ?? [];
  const prose = proseLanguage(words);
  if (prose) return normaliseLanguage(prose) ?? ENGLISH;
  const guesses = guessLanguages(sample.slice(0, GUESS_CHARS));
  let chosen = ENGLISH;
  let share = 0;
  for (const language of new Set([ENGLISH, ...guesses])) {
    const s = words.length ? stopwordShare(words, language) : 0;
    if (s > share) [chosen, share] = [language, s];
  }
  if (share === 0 && guesses.length && mostlyNotLatin(sample)) chosen = guesses[0];
  return normaliseLanguage(chosen) ?? ENGLISH;
}

function mostlyNotLatin(text: string): boolean {
  return (text.match(LATIN_LETTERS)?.length ?? 0) < (text.match(LETTERS)?.length ?? 0) / 2;
}

export interface LanguageTools {
  language: string;
  stopwords: ReadonlySet<string>;
  /** Lower-case word to its stem (the word itself where there is no Snowball stemmer for the language). */
  stem(word: string): string;
}

const tools = new Map<string, LanguageTools>();

/** Stopwords and stemmer of a language other than English, made once per language. */
export function languageTools(language: string): LanguageTools {
  let found = tools.get(language);
  if (!found) {
    stopwordLists ??= moduleRequire('stopwords-iso') as Record<string, string[]>;
    const listed = STOPWORDS_UNDER[language] ?? language;
    const list = Object.hasOwn(stopwordLists, listed) ? stopwordLists[listed] : [];
    const stopwords = new Set(Array.isArray(list) ? list.map((w) => String(w).toLowerCase()) : []);
    const algorithm = SNOWBALL[language];
    const stemmer = algorithm ? newStemmer(algorithm) : undefined;
    // Some Snowball stemmers take a tenth of a millisecond a word (Arabic): memoised.
    found = { language, stopwords, stem: stemmer ? memoised((word) => stemmer.stem(word), 20_000) : (word) => word };
    tools.set(language, found);
  }
  return found;
}
