/**
 * What the extractor knows of each language: its stopwords (stopwords-iso), its Snowball stemmer (snowball-stemmers),
 * and what ICU says of it (weekday and month names, units, how it is cut into words). Which language a text is in is
 * detection.ts's.
 */
import { createRequire } from 'node:module';
import { newStemmer } from 'snowball-stemmers';
import { languageCode } from '../language';
import { nlp } from './wink';

// stopwords-iso is one JSON file, which an ES module cannot import as a package: it is loaded the way
// domain/placeholder.ts loads its packages, which works in both builds, the sources and the tests.
// @ts-expect-error -- TS1343: import.meta under the project's CommonJS type check; both builds define it.
const moduleRequire = createRequire(import.meta.url);
let stopwordLists: Record<string, string[]> | undefined;

/** English: the language tagged by wink-nlp. Also the answer when nothing better is known. */
export const ENGLISH = 'en';

/** ISO 639-1 to the name of its Snowball algorithm. */
const SNOWBALL: Readonly<Record<string, string>> = {
  ar: 'arabic', hy: 'armenian', eu: 'basque', ca: 'catalan', cs: 'czech', da: 'danish', nl: 'dutch', en: 'english', fi: 'finnish',
  fr: 'french', de: 'german', hu: 'hungarian', it: 'italian', ga: 'irish', nb: 'norwegian', nn: 'norwegian', no: 'norwegian',
  pt: 'portuguese', ro: 'romanian', ru: 'russian', es: 'spanish', sl: 'slovene', sv: 'swedish', ta: 'tamil',
  tr: 'turkish',
};

/** Names of languages by code: ICU's, which knows every ISO 639-1 code (and no made-up one: "xx"). */
const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** "fr", "fr-CA", "pt_BR", "FR" -> "fr"; anything else ("xx", "eng", "") -> undefined: the text's language is read. */
export function normaliseLanguage(value: unknown): string | undefined {
  // Two-letter codes only: the stopword lists and stemmers are keyed by ISO 639-1.
  const code = languageCode(value);
  return code?.length === 2 && LANGUAGE_NAMES.of(code) ? code : undefined;
}

/**
 * Norwegian's written standards, Bokmål and Nynorsk: stopwords-iso lists them under "no", and detection cannot tell them
 * apart (franc reads one as the other), so detected they are answered as Norwegian. A locale still names one.
 */
const NORWEGIAN: Readonly<Record<string, string>> = { nb: 'no', nn: 'no' };

/** A language as detection answers it: Norwegian's written standards as Norwegian. */
export function asDetected(language: string): string {
  return Object.hasOwn(NORWEGIAN, language) ? NORWEGIAN[language] : language;
}

/** A word for the stopword tests and ICU's names: letters and their combining marks (Hindi, Thai: vowel signs are marks). */
export const WORD = /[\p{L}\p{M}]+/gu;
let englishPassageStopwords: ReadonlySet<string> | undefined;

/**
 * stopwords-iso's whole English list: inside English quoted in another language (stopword-runs.ts), where its common
 * verbs and adverbs ("believe", "truly") bound phrases as they should and its short entries meet English only.
 */
export function quotedEnglishStopwords(): ReadonlySet<string> {
  return (englishPassageStopwords ??= stopwordSet(stopwordsIso()[ENGLISH]));
}

/** stopwords-iso's lists as the package has them. */
function stopwordsIso(): Record<string, string[]> {
  return moduleRequire('stopwords-iso') as Record<string, string[]>;
}

/**
 * stopwords-iso's lists by ISO 639-1 code, read once; English's only with the words wink-nlp's English model counts as
 * stop words too (englishFunctionWords): the rest of it, country codes above all, are words of other languages, and
 * made most texts in them look English to the tests below.
 */
export function allStopwordLists(): Record<string, string[]> {
  if (!stopwordLists) {
    const lists = stopwordsIso();
    stopwordLists = { ...lists, [ENGLISH]: englishFunctionWords(lists[ENGLISH]) };
  }
  return stopwordLists;
}

/**
 * The entries of a stopword list that wink-nlp's English model also counts as stop words: English function words
 * without what stopwords-iso's English list adds (two-letter country codes, "ableabout", numbers), which other
 * languages write as words of their own ("de", "na", "se").
 */
function englishFunctionWords(list: readonly string[]): string[] {
  const { its } = nlp();
  // One entry at a time: a contraction's pieces ("ai" of "ain't") are no entries of their own.
  return list.filter((word) => {
    const tokens = nlp().readDoc(word).tokens();
    return tokens.length() === 1 && tokens.itemAt(0).out(its.stopWordFlag) === true;
  });
}

export interface LanguageTools {
  language: string;
  stopwords: ReadonlySet<string>;
  /** A word in lower case by the language's rules (Turkish "İZMİR" -> "izmir", not "i̇zmi̇r"). */
  lower(word: string): string;
  /** Lower-case word to its stem (the word itself where there is no Snowball stemmer for the language). */
  stem(word: string): string;
  /**
   * Lower-case word to its key in the site's statistics: the stem, prefixed with the code its stopwords and stemmer
   * go by ("fr:phar"; Norwegian Bokmål and Nynorsk both "no:", whether given as a locale or detected).
   */
  key(word: string): string;
  /**
   * Whether a word (`lower`, as the text writes it `written`) is a weekday or a month of the language ("martes",
   * "juin", "stycznia"), in any form its stemmer reads as one ("joulukuun", "tiistaina", "prosinci"): a date, never a
   * topic. With a capital it may be a name ("Plácido Domingo"), unless the language writes its dates so, as ICU does
   * (German "am Montag", Greek "την Τετάρτη"), and the word is a name of its own, not a word of a longer one
   * (Vietnamese "Chủ Nhật", Sunday, whose "Nhật" is also Japan's).
   */
  isDateWord(lower: string, written: string): boolean;
  /**
   * Whether a word (lower case) names a span of time in the language ("anno", "Monate", "jaren", "分钟": ICU's words
   * for them, in any form the stemmer reads as theirs): a part of a phrase ("año escolar"), never a keyphrase alone.
   */
  isTimeSpan(lower: string): boolean;
  /**
   * Whether a word names a unit of measure ("metros", "grados", "Meter"): counted after a number ("40 grados"), never a
   * keyphrase; elsewhere it may be a thing of its own ("el metro", the subway; "un grado", a degree course).
   */
  isUnit(lower: string): boolean;
  /** The language's words for "and" and "or" (ICU's list formats: "y", "o"; "e", "ou"), which join two names. */
  conjunctions: ReadonlySet<string>;
  /** ICU's word breaker, for a language written without spaces between words (Chinese, Japanese, Thai...). */
  segmenter?: Intl.Segmenter;
  /**
   * Whether a word is grammar by its script alone: in Japanese, hiragana writes particles, endings and auxiliaries
   * ("は", "した", "いる") and the inflected end of verbs and adjectives ("投じる", "古い"), while the things a story
   * is about are written in kanji or katakana ("地下鉄", "銀座線", "コーヒー").
   */
  isGrammar?(word: string): boolean;
}

/** Languages that capitalise every noun (German): see stopword-runs.ts and LanguageTools.isDateWord. */
export const NOUNS_CAPITALISED: ReadonlySet<string> = new Set(['de']);

/** Languages written without spaces between words: ICU's dictionaries find their words. */
const UNSPACED_LANGUAGES: ReadonlySet<string> = new Set(['zh', 'ja', 'th', 'lo', 'km', 'my']);
const ENDS_IN_HIRAGANA = /\p{Script=Hiragana}$/u;

/** ICU's weekday and month names of a language. */
interface DateNames {
  /** Their words, lower case. */
  words: Set<string>;
  /** Whether ICU writes a name of one word with a capital. */
  capitalised: boolean;
  /** Words of names of several words (Vietnamese "chủ", "nhật"; Portuguese "feira"). */
  inLongerNames: Set<string>;
  /**
   * Whether ICU declines the names in its dates (Polish "styczeń", "15 stycznia"; Czech "leden", "15. ledna"): then
   * a word whose stem is a name's is a form of it ("prosinci"). Elsewhere only a name followed by an ending is
   * ("hétfőn", "januárban", "tiistaina"): a stem alike is often another word (Portuguese "marca", brand, and
   * "março"; "quarto", room, and "quarta").
   */
  declined: boolean;
}

/**
 * Weekday and month names in a language, as ICU writes them alone and in a date (some languages decline the month:
 * Polish "styczeń", "15 stycznia"). Full names only: abbreviations are common words elsewhere ("mar" is the sea).
 */
function dateNamesOf(language: string, segmenter?: Intl.Segmenter): DateNames {
  const names: DateNames = { words: new Set(), capitalised: false, inLongerNames: new Set(), declined: false };
  // Without spaces, a name is cut as the reader cuts the text, and two characters make a word ("周三", Wednesday,
  // its short form as common as the long one); elsewhere a word of two letters is an abbreviation.
  const minLength = segmenter ? 2 : 3;
  const add = (text: string) => {
    const words = wordsOf(text, segmenter).filter((word) => word.length >= minLength);
    // Cut into words, a name of several is no date word by word: Thai "วันจันทร์" (Monday) is "day" and "Moon".
    if (segmenter && words.length > 1) return;
    for (const word of words) {
      const lower = word.toLowerCase();
      names.words.add(lower);
      if (words.length > 1) names.inLongerNames.add(lower);
      else if (word !== lower) names.capitalised = true;
    }
  };
  try {
    for (let day = 1; day <= 7; day++) {
      const long = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, day));
      add(long);
      // The short form, where it is a name of its own ("周三" beside "星期三"), not a part of the long one (Thai "จันทร์").
      const short = new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2024, 0, day));
      if (segmenter && !long.includes(short)) add(short);
    }
    for (let month = 0; month < 12; month++) {
      const date = Date.UTC(2024, month, 15);
      const alone = new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' }).format(date);
      const inDate = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(date);
      add(alone);
      add(inDate);
      const inDateWords = wordsOf(inDate);
      if (!wordsOf(alone).every((word) => inDateWords.includes(word))) names.declined = true;
    }
  } catch {
    // A language ICU has no calendar names for: no date words.
  }
  return names;
}

/** The words of a text, with letters: cut by the language's `segmenter` where it writes no spaces. */
function wordsOf(text: string, segmenter?: Intl.Segmenter): string[] {
  if (!segmenter) return text.match(WORD) ?? [];
  return [...segmenter.segment(text)].filter((s) => s.isWordLike && /\p{L}/u.test(s.segment)).map((s) => s.segment);
}

/** The words ICU joins the items of a list with in a language ("A, B y C", "A, B o C"), lower case. */
function conjunctionsOf(language: string): Set<string> {
  const words = new Set<string>();
  try {
    for (const type of ['conjunction', 'disjunction'] as const) {
      for (const part of new Intl.ListFormat(language, { type, style: 'long' }).formatToParts(['A', 'B', 'C'])) {
        if (part.type === 'literal') for (const word of wordsOf(part.value.toLowerCase())) words.add(word);
      }
    }
  } catch {
    // A language ICU has no list format for: none.
  }
  return words;
}

const TIME_UNITS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;
/**
 * Units of measure news writes ("300 metros", "40 grados", "5 %"). Not the imperial units whose names are common
 * words elsewhere (French "livre", pound, is a book; "pouce", inch, a thumb).
 */
const MEASURE_UNITS = [
  'meter', 'kilometer', 'centimeter', 'millimeter', 'mile', 'kilogram', 'gram', 'liter', 'milliliter', 'hectare', 'acre',
  'percent', 'degree', 'celsius', 'fahrenheit',
] as const;

/**
 * The stems of the words ICU writes for `units` in a language ("tra 2 mesi", "vor 5 Jahren", "5 Jahre", "300 Meter"),
 * in one and several (the plurals and the cases counts take: "rok", "lata", "lat").
 */
function unitStems(language: string, units: readonly string[], stem: (word: string) => string, segmenter?: Intl.Segmenter): Set<string> {
  const stems = new Set<string>();
  const addWords = (text: string) => {
    for (const word of wordsOf(text, segmenter)) stems.add(stem(word.toLowerCase()));
  };
  for (const unit of units) {
    try {
      if ((TIME_UNITS as readonly string[]).includes(unit)) {
        const relative = new Intl.RelativeTimeFormat(language, { numeric: 'always' });
        for (const count of [1, 2, 5, -1, -2, -5]) for (const part of relative.formatToParts(count, unit as Intl.RelativeTimeFormatUnit)) if (part.type === 'literal') addWords(part.value);
      }
      const format = new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' });
      for (const count of [1, 2, 5]) for (const part of format.formatToParts(count)) if (part.type === 'unit') addWords(part.value);
    } catch {
      // A language ICU has no such words for: none.
    }
  }
  return stems;
}

/**
 * Date names and their stems shorter than this match as written only: every word with the stem "mar" (French "mars";
 * "mari", husband) or starting with "mai" ("maison") would be a date.
 */
const MIN_DATE_STEM = 4;

/** Date names by their stems, for the words the stemmer reads as one (see LanguageTools.isDateWord). */
class DateStems {
  private readonly names = new Set<string>();
  private readonly stems = new Set<string>();

  constructor(names: ReadonlySet<string>, private readonly stem: (word: string) => string) {
    for (const name of names) {
      const own = stem(name);
      if (own.length >= MIN_DATE_STEM) this.stems.add(own);
      if (name.length >= MIN_DATE_STEM) this.names.add(name);
    }
  }

  /**
   * A date name's own stem ("joulukuun", "prosinci" stem as "joulukuu", "prosince" do), or a date name followed by
   * an ending the stemmer cuts into the name ("tiistaina" -> "tiist", from "tiistai"; "mardis" -> "mard"). "abriendo"
   * stems to "abri" but does not start with "abril": no date.
   */
  has(word: string, declined: boolean): boolean {
    if (word.length < MIN_DATE_STEM) return false;
    const stem = this.stem(word);
    if (declined && this.stems.has(stem)) return true;
    if (!word.startsWith(stem)) return false;
    for (let end = Math.max(stem.length, MIN_DATE_STEM); end < word.length; end++) if (this.names.has(word.slice(0, end))) return true;
    return false;
  }
}

/**
 * Romanian writes ș and ț with a comma below, while stopwords-iso lists the older cedilla forms ("şi", "aţi"): a list
 * holds both spellings (harmless for Turkish, whose ş has the cedilla and no comma-below form in use).
 */
const COMMA_BELOW: Readonly<Record<string, string>> = { 'ş': 'ș', 'ţ': 'ț' };
const CEDILLA = /[şţ]/gu;

function stopwordSet(list: unknown): Set<string> {
  const stopwords = new Set<string>();
  for (const entry of Array.isArray(list) ? list : []) {
    const word = String(entry).toLowerCase();
    stopwords.add(word);
    stopwords.add(word.replace(CEDILLA, (letter) => COMMA_BELOW[letter]));
  }
  return stopwords;
}

/**
 * A word function's answers for the words seen lately: a server reads article after article, and words repeat.
 * Two generations bound the memory: when the newer holds `capacity` words it becomes the older and the one before
 * it is dropped, so the words in use stay memoised (clearing everything at once would stem them all again).
 */
export function memoised<T>(fn: (word: string) => T, capacity: number): (word: string) => T {
  let newer = new Map<string, T>();
  let older = new Map<string, T>();
  return (word) => {
    let found = newer.get(word);
    if (found !== undefined) return found;
    found = older.get(word) ?? fn(word);
    if (newer.size >= capacity) [older, newer] = [newer, new Map()];
    newer.set(word, found);
    return found;
  };
}

const tools = new Map<string, LanguageTools>();

/** Languages whose dotted and dotless i make lower case depend on the language (Turkish, Azerbaijani). */
const LOCALE_CASING: ReadonlySet<string> = new Set(['tr', 'az']);

/**
 * Languages that write words in capitals without their accents (Greek: "ΣΕΙΣΜΟΣ" is "σεισμός"): their keys leave
 * accents out, so a headline in capitals and the body's words are one candidate. (No stemmer for Greek folds them.)
 */
const ACCENTS_DROPPED_IN_CAPITALS: ReadonlySet<string> = new Set(['el']);

function withoutMarks(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
}

/** Stopwords and stemmer of a language other than English, made once per language. */
export function languageTools(language: string): LanguageTools {
  let found = tools.get(language);
  if (!found) {
    const lists = allStopwordLists();
    const listed = asDetected(language);
    const stopwords = stopwordSet(Object.hasOwn(lists, listed) ? lists[listed] : []);
    const algorithm = SNOWBALL[language];
    const stemmer = algorithm ? newStemmer(algorithm) : undefined;
    // Some Snowball stemmers take a tenth of a millisecond a word (Arabic): memoised.
    const stem = stemmer ? memoised((word) => stemmer.stem(word), 20_000) : (word: string) => word;
    // Made when the reader of that language first asks: the prose test makes every language's tools, and ICU's names
    // of 58 languages' dates would cost its first detection ~0.3 s.
    let dateNames: DateNames | undefined;
    let dateStems: DateStems | undefined;
    let timeSpans: Set<string> | undefined;
    let conjunctions: Set<string> | undefined;
    let units: Set<string> | undefined;
    const segmenter = UNSPACED_LANGUAGES.has(language) ? new Intl.Segmenter(language, { granularity: 'word' }) : undefined;
    const dates = () => (dateNames ??= dateNamesOf(language, segmenter));
    found = {
      language,
      stopwords,
      lower: LOCALE_CASING.has(language) ? (word) => word.toLocaleLowerCase(language) : (word) => word.toLowerCase(),
      stem,
      key: ACCENTS_DROPPED_IN_CAPITALS.has(language) ? (word) => `${listed}:${stem(withoutMarks(word))}` : (word) => `${listed}:${stem(word)}`,
      isDateWord(lower, written) {
        const names = dates();
        if (!names.words.has(lower)) {
          // Where every noun is capitalised, a capitalised word that is not a name as ICU writes it is a noun the
          // stemmer reads alike ("Montage", assembly, is not "Montag"; the adverb "montags" is a date).
          if (!stemmer || (NOUNS_CAPITALISED.has(language) && written !== lower)) return false;
          dateStems ??= new DateStems(names.words, stem);
          if (!dateStems.has(lower, names.declined)) return false;
        }
        return written === lower || (names.capitalised && !names.inLongerNames.has(lower));
      },
      get conjunctions() {
        return (conjunctions ??= conjunctionsOf(language));
      },
      isTimeSpan: (lower) => (timeSpans ??= unitStems(language, TIME_UNITS, stem, segmenter)).has(stem(lower)),
      isUnit: (lower) => (units ??= unitStems(language, MEASURE_UNITS, stem, segmenter)).has(stem(lower)),
      ...(segmenter ? { segmenter } : {}),
      ...(language === 'ja' ? { isGrammar: (word: string) => ENDS_IN_HIRAGANA.test(word) } : {}),
    };
    tools.set(language, found);
  }
  return found;
}

/**
 * An English word's stem (Snowball's English stemmer, Porter2, as for every other language: "spills" -> "spill",
 * "hurricane-force" -> "hurricane-forc"). English keys go unprefixed ("spill", not "en:spill").
 */
export function englishStem(word: string): string {
  return languageTools(ENGLISH).stem(word);
}
