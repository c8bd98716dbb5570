/**
 * The language of a text and what is known of each language: locale codes, detection (franc-all and stopword shares),
 * stopword lists, Snowball stemmers, ICU's word breaks, dates and units, and wink-nlp's English model. Pure (no Strapi);
 * detection needs loadLanguageDetector() settled first.
 */
export { languageCode, languageOf, normaliseLanguage } from './locale';
export { DetectorNotLoadedError, answeredInEnglish, clearlyOtherLanguage, detectLanguage, loadLanguageDetector } from './detection';
export {
  ENGLISH, HEAD_FIRST, NOUNS_CAPITALISED, SYLLABLES_SPACED, englishStem, givenNames, languageTools, quotedEnglishStopwords, wordsOf,
  type LanguageTools,
} from './tools';
export { CAPITAL_START, HAS_CAPITAL, HAS_LETTER, NAME_PARTICLES, UNCASED_LETTERS, UNSPACED, UNSPACED_LETTER, escapeRegExp, wordSet } from './letters';
export { nlp } from './wink';
