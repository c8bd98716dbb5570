/**
 * Which language an article is in, and what the extractor knows of each: its stopwords (stopwords-iso) and its
 * Snowball stemmer (snowball-stemmers). The caller's locale wins; without one the text is identified by eld.
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

/** What the extractor needs of eld: the language of a text, "" when it cannot tell. */
interface Detector {
  detect(text: string): { language: string };
}
let detector: Detector | undefined;

/**
 * Loads the language detector, once. eld ships as an ES module only, which the plugin's CommonJS build cannot
 * require: it is imported before the first detection (the text-analysis thread does so before it says it is ready).
 */
export async function loadLanguageDetector(): Promise<void> {
  detector ??= (await import('eld/small')).eld;
}

/** Detection asked before loadLanguageDetector() settled: a programming error, never a fact about an article. */
export class DetectorNotLoadedError extends Error {
  constructor() {
    super('The language detector is not loaded: await loadLanguageDetector() first.');
    this.name = 'DetectorNotLoadedError';
  }
}

/**
 * The language of a text as an ISO 639-1 code, from its opening (eld's n-gram model: 60 languages, right on every
 * opening of the benchmark sets, a fraction of a millisecond); English when it cannot tell.
 */
export function detectLanguage(text: string): string {
  if (!detector) throw new DetectorNotLoadedError();
  if (typeof text !== 'string') return ENGLISH;
  return normaliseLanguage(detector.detect(text.slice(0, DETECTION_CHARS)).language) ?? ENGLISH;
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
    const list = Object.hasOwn(stopwordLists, language) ? stopwordLists[language] : [];
    const stopwords = new Set(Array.isArray(list) ? list.map((w) => String(w).toLowerCase()) : []);
    const algorithm = SNOWBALL[language];
    const stemmer = algorithm ? newStemmer(algorithm) : undefined;
    // Some Snowball stemmers take a tenth of a millisecond a word (Arabic): memoised.
    found = { language, stopwords, stem: stemmer ? memoised((word) => stemmer.stem(word), 20_000) : (word) => word };
    tools.set(language, found);
  }
  return found;
}
