/**
 * Which language an article is in, and what the extractor knows of each: its stopwords (stopwords-iso) and its
 * Snowball stemmer (snowball-stemmers). The caller's locale wins; without one the text is identified by its
 * stopwords, or by franc where they cannot tell (detectLanguage).
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

/**
 * Characters read to identify the language: the title and first sentences. franc, which costs per character, names
 * its guesses from the first 300 (150 misread wire stories whose headline is all it saw: "WRAPUP 3-Fitch says
 * Portugal needs bailout" as French); the stopwords, a set lookup a word, decide on all 600.
 */
const DETECTION_CHARS = 600;
const GUESS_CHARS = 300;
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
 * franc names individual languages; some belong to a macrolanguage, whose ISO 639-1 code is the one locales,
 * stopword lists and stemmers use (ISO 639-3's macrolanguage mappings, for every language franc knows that has one).
 */
const MACROLANGUAGE: Readonly<Record<string, string>> = {
  als: 'sq', arb: 'ar', ayr: 'ay', azj: 'az', ckb: 'ku', cmn: 'zh', ekk: 'et', fuf: 'ff', fuv: 'ff', khk: 'mn',
  knc: 'kr', kng: 'kg', koi: 'kv', lvs: 'lv', npi: 'ne', pbu: 'ps', pes: 'fa', plt: 'mg', prs: 'fa', qug: 'qu',
  quy: 'qu', quz: 'qu', src: 'sc', swh: 'sw', uzn: 'uz', ydd: 'yi', zlm: 'ms', zyb: 'za',
};
/**
 * Norwegian's written standards, Bokmål and Nynorsk: stopwords-iso lists them under "no", and detection cannot tell them
 * apart (franc reads one as the other), so detected they are answered as Norwegian. A locale still names one.
 */
const NORWEGIAN: Readonly<Record<string, string>> = { nb: 'no', nn: 'no' };
/** How many of franc's best guesses are weighed in Latin script (it ranks neighbours close: English, Scots, Dutch...). */
const GUESSES = 3;
/**
 * In other scripts, franc's guesses within CLOSE_SCORE of its best (its scores run from 1 down) are weighed, at most
 * OTHER_SCRIPT_GUESSES: on a title and two sentences it ranks Russian, Bulgarian, Macedonian and Ukrainian within a few
 * hundredths, in any order, while a clear first guess (Macedonian over Bulgarian by a tenth) is right.
 */
const CLOSE_SCORE = 0.05;
const OTHER_SCRIPT_GUESSES = 5;

/** One of franc's guesses: an ISO 639-1 code ('' for a language without one) and franc's score, 1 for its best. */
interface Guess {
  language: string;
  score: number;
}

/** franc's guesses for a text, best first. */
let allGuesses: ((text: string) => Guess[]) | undefined;

/** Why loading the detector failed (a broken install), for the error every detection then gives. */
let loadFailure: string | undefined;

/**
 * Loads the language detector, once. franc and its code table ship as ES modules only, which the plugin's
 * CommonJS build cannot require on every Node 20: they are imported before the first detection (the
 * text-analysis thread does so before it says it is ready).
 */
export async function loadLanguageDetector(): Promise<void> {
  if (allGuesses) return;
  let loaded;
  try {
    loaded = await Promise.all([import('franc'), import('iso-639-3/iso6393-to-1.js')]);
  } catch (error) {
    loadFailure = error instanceof Error ? error.message : String(error);
    throw error;
  }
  const [{ francAll }, { iso6393To1 }] = loaded;
  const codeOf = (code: string) => (Object.hasOwn(iso6393To1, code) ? iso6393To1[code] : Object.hasOwn(MACROLANGUAGE, code) ? MACROLANGUAGE[code] : '');
  allGuesses = (text) => francAll(text).map(([code, score]) => ({ language: codeOf(code), score }));
}

/**
 * Detection without a detector: asked before loadLanguageDetector() settled (a programming error), or after it
 * failed (a broken install: said in plain words on each job, whose article then needs a locale). Never a fact about
 * an article.
 */
export class DetectorNotLoadedError extends Error {
  constructor() {
    super(loadFailure
      ? `The language detector (franc) could not be loaded (${loadFailure}): reinstall the plugin's dependencies, or give articles a locale.`
      : 'The language detector is not loaded: await loadLanguageDetector() first.');
    this.name = 'DetectorNotLoadedError';
  }
}

/** Words for the stopword test: letters and their combining marks (Hindi, Thai: vowel signs are marks). */
const WORD = /[\p{L}\p{M}]+/gu;
const LATIN_LETTERS = /\p{Script=Latin}/gu;
/**
 * Running prose: at least PROSE_WORDS words, PROSE_SHARE of them one language's stopwords (a quarter to a half in
 * prose), and that language's share at least PROSE_LEAD times the next one's. Neighbours that share their function
 * words (Danish and Norwegian, Spanish and Galician) lead by less, and are left to franc.
 */
const PROSE_WORDS = 20;
const PROSE_SHARE = 0.25;
const PROSE_LEAD = 1.25;

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
function allStopwordLists(): Record<string, string[]> {
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

/** Share of the words that are stopwords of the language: high for the language a text is written in. */
function stopwordShare(words: string[], language: string): number {
  const { stopwords } = languageTools(language);
  let hits = 0;
  for (const word of words) if (stopwords.has(word)) hits += 1;
  return hits / words.length;
}

/** For each stopword, the languages whose lists have it (the prose test looks every word up once, not 58 times). */
let languagesByStopword: Map<string, string[]> | undefined;

function stopwordIndex(): Map<string, string[]> {
  if (!languagesByStopword) {
    const index = new Map<string, string[]>();
    for (const language of Object.keys(allStopwordLists())) {
      for (const word of languageTools(language).stopwords) {
        const languages = index.get(word);
        if (languages) languages.push(language);
        else index.set(word, [language]);
      }
    }
    languagesByStopword = index;
  }
  return languagesByStopword;
}

/** The language whose stopwords running prose uses clearly most (see PROSE_WORDS), if the words are such prose. */
function proseLanguage(words: string[]): string | undefined {
  if (words.length < PROSE_WORDS) return undefined;
  const index = stopwordIndex();
  const hits = new Map<string, number>();
  for (const word of words) for (const language of index.get(word) ?? []) hits.set(language, (hits.get(language) ?? 0) + 1);
  let best = '';
  let first = 0;
  let second = 0;
  // In the lists' order, so that a tie goes the same way every time.
  for (const language of Object.keys(allStopwordLists())) {
    const share = (hits.get(language) ?? 0) / words.length;
    if (share > first) [best, first, second] = [language, share, first];
    else if (share > second) second = share;
  }
  return first >= PROSE_SHARE && first >= PROSE_LEAD * second ? best : undefined;
}

/**
 * The language of a text as an ISO 639-1 code, by the classic test, every language writes its own function words,
 * and franc (trigram profiles of 187 languages, about 3 MB of memory where larger n-gram tables hold 30 to 50 MB that
 * every garbage collection walks) where that test cannot tell:
 * - a text mostly in another script than Latin is franc's: it tells Cyrillic, Devanagari, Thai... languages by their
 *   characters, and Latin-script stopword lists (English's holds country codes: "it", "ai") would only mislead; where
 *   its guesses are close (Russian, Bulgarian, Ukrainian) their own stopwords decide (otherScriptLanguage);
 * - running prose is in the language whose stopwords it clearly uses most (most articles: a tenth of franc's time);
 * - otherwise franc names its best guesses. In a longer text (telegraphic news, a language with few separate function
 *   words) its first guess stands unless a close guess's stopwords clearly outnumber its own (francUnlessStopwords).
 *   In a short one (a headline) franc's first guess is often a neighbour, so among its guesses and English the one
 *   whose stopwords the text uses most wins; with none of them it is read as English.
 * English's stopwords here are the function words wink-nlp's model agrees on (see allStopwordLists).
 */
export function detectLanguage(text: string): string {
  if (!allGuesses) throw new DetectorNotLoadedError();
  if (typeof text !== 'string') return ENGLISH;
  return asDetected(readLanguage(text));
}

/**
 * The language a text is clearly written in when that is not `language` (an article whose locale does not match its
 * text: a Polish site that kept Strapi's default "en" locale), else undefined. Clearly: detection (detectLanguage's
 * reading) and franc's best guess agree on another language, and franc scores `language` well below it
 * (CLEAR_LEAD): close languages (Catalan and Spanish, Danish and Norwegian) do not overrule each other.
 */
export function clearlyOtherLanguage(text: string, language: string): string | undefined {
  if (!allGuesses) throw new DetectorNotLoadedError();
  const asked = normaliseLanguage(language);
  if (typeof text !== 'string' || !asked) return undefined;
  const sample = text.slice(0, DETECTION_CHARS);
  const found = normaliseLanguage(readLanguage(sample));
  if (!found || sameLanguage(found, asked)) return undefined;
  const guesses = allGuesses(sample);
  if (!guesses[0] || normaliseLanguage(guesses[0].language) !== found) return undefined;
  const askedScore = guesses.find((guess) => sameLanguage(guess.language, asked))?.score ?? 0;
  if (guesses[0].score - askedScore < CLEAR_LEAD) return undefined;
  return asDetected(found);
}

/** How far franc's score for a language must lead another's to say a text is in it rather than the other. */
const CLEAR_LEAD = 0.1;

/** The same language, Norwegian's written standards taken as one ("nb", "nn", "no"). */
function sameLanguage(a: string, b: string): boolean {
  return Boolean(a) && asDetected(a) === asDetected(b);
}

/**
 * Whether a sentence asked for in `language` (alt text a text model wrote) came back in English instead. On one short
 * sentence franc alone is unsure (it ranks Scots, Sardinian or Tiv first on many an English one), so its scores are
 * read with the stopwords: none of the asked language's own function words, and either an English one it lacks with
 * franc rating English above the asked language, or franc rating English near its best and clearly (CLEAR_LEAD) above.
 * A language franc does not score for the text's script counts as below when it is written in another script. False
 * when it cannot tell (too short, `language` English or unknown).
 */
export function answeredInEnglish(text: string, language: string): boolean {
  if (!allGuesses) throw new DetectorNotLoadedError();
  const asked = normaliseLanguage(language);
  if (typeof text !== 'string' || !asked || asked === ENGLISH) return false;
  const guesses = allGuesses(text);
  const english = guesses.find((guess) => guess.language === ENGLISH)?.score;
  if (english === undefined) return false;
  const [englishStopwords, askedStopwords] = [languageTools(ENGLISH).stopwords, languageTools(asked).stopwords];
  const words = text.toLowerCase().match(WORD) ?? [];
  if (words.some((word) => askedStopwords.has(word) && !englishStopwords.has(word))) return false;
  const englishWord = words.some((word) => englishStopwords.has(word) && !askedStopwords.has(word));
  const score = guesses.find((guess) => sameLanguage(guess.language, asked))?.score;
  // Not scored: franc scores one script's languages; in the text's own script, one it has no profile of.
  if (score === undefined) return writtenInLatin(asked) === false && (englishWord || english >= 1 - CLEAR_LEAD);
  return (englishWord && english > score) || (english >= 1 - CLEAR_LEAD && english - score >= CLEAR_LEAD);
}

function asDetected(language: string): string {
  return Object.hasOwn(NORWEGIAN, language) ? NORWEGIAN[language] : language;
}

function readLanguage(text: string): string {
  const sample = text.slice(0, DETECTION_CHARS);
  const words = sample.toLowerCase().match(WORD) ?? [];
  // (Languages without an ISO 639-1 code, which nothing here can use, are not counted among the guesses.)
  const guess = () => allGuesses!(sample.slice(0, GUESS_CHARS)).filter((g) => g.language).slice(0, OTHER_SCRIPT_GUESSES);
  if (mostlyNotLatin(words)) return otherScriptLanguage(words, guess());
  const prose = proseLanguage(words);
  if (prose) return normaliseLanguage(prose) ?? ENGLISH;
  const all = guess();
  if (words.length >= PROSE_WORDS && all[0]) return normaliseLanguage(francUnlessStopwords(words, all)) ?? ENGLISH;
  const guesses = all.slice(0, GUESSES).map((g) => g.language);
  return normaliseLanguage(mostStopwords(words, [ENGLISH, ...guesses], ENGLISH)) ?? ENGLISH;
}

/**
 * A text mostly in another script than Latin: franc's best guess that is not a Latin-script language (ICU's likely
 * script for it: franc ranks Bosnian, written in Latin letters, first on Serbian and even Russian Cyrillic), or among
 * its close guesses (CLOSE_SCORE) the one whose stopwords the text uses most.
 */
function otherScriptLanguage(words: string[], guesses: Guess[]): string {
  const inScript = guesses.filter((g) => !writtenInLatin(g.language));
  const fitting = inScript.length ? inScript : guesses;
  if (!fitting.length) return ENGLISH;
  const close = fitting.filter((g) => g.score >= fitting[0].score - CLOSE_SCORE).map((g) => g.language);
  return normaliseLanguage(mostStopwords(words, close, close[0])) ?? ENGLISH;
}

/**
 * A paragraph that is not running prose by the stopword test (telegraphic news, many names, a language whose words
 * carry their grammar: Turkish, Estonian): franc's best guess, unless a rival has clearly more of its stopwords in the
 * text (STOPWORD_LEAD times, or any where the best guess has no list, as Serbian in Latin letters). The rivals are the
 * guesses franc does not clearly rank below it (within CLEAR_LEAD), and English wherever franc ranks it, when its
 * stopwords are a real part of the text (RIVAL_SHARE): technical English reads to franc like any Latin language.
 */
function francUnlessStopwords(words: string[], guesses: Guess[]): string {
  const [first] = guesses;
  const close = guesses.slice(1).filter((rival) => rival.score >= first.score - CLEAR_LEAD).map((rival) => rival.language);
  let rival = '';
  let rivalShare = 0;
  for (const language of new Set([...close, ENGLISH])) {
    if (language === first.language) continue;
    const share = stopwordShare(words, language);
    if (share > rivalShare && (close.includes(language) || share >= RIVAL_SHARE)) [rival, rivalShare] = [language, share];
  }
  return rival && rivalShare > stopwordShare(words, first.language) * STOPWORD_LEAD ? rival : first.language;
}

/**
 * How many times the stopwords of a rival must outnumber those of franc's best to overrule it; and the share of the
 * words English's must be at least where franc does not rank English close (a text in a language uses its function
 * words: a quarter to a half of running prose).
 */
const STOPWORD_LEAD = 1.5;
const RIVAL_SHARE = 0.15;

/** Of the languages, the first whose stopwords the words use most; `otherwise` when none has any among them. */
function mostStopwords(words: string[], languages: string[], otherwise: string): string {
  let chosen = otherwise;
  let share = 0;
  for (const language of new Set(languages)) {
    const s = words.length ? stopwordShare(words, language) : 0;
    if (s > share) [chosen, share] = [language, s];
  }
  return chosen;
}

const LATIN_WRITTEN = new Map<string, boolean>();

/** Whether a language is written in Latin letters, by ICU's likely script for it ("bs" Latn, "sr" Cyrl). */
function writtenInLatin(language: string): boolean {
  let latin = LATIN_WRITTEN.get(language);
  if (latin === undefined) {
    latin = new Intl.Locale(language).maximize().script === 'Latn';
    LATIN_WRITTEN.set(language, latin);
  }
  return latin;
}

/**
 * Fewer than half of the words' letters are Latin (no words at all: not Latin either way, franc says "und"). Counted
 * letter by letter: Japanese and Chinese run Latin names into their own script without a space ("OpenAIは").
 */
function mostlyNotLatin(words: string[]): boolean {
  let letters = 0;
  let latin = 0;
  for (const word of words) {
    letters += word.length;
    latin += word.match(LATIN_LETTERS)?.length ?? 0;
  }
  return letters > 0 && latin < letters / 2;
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
export function memoised(fn: (word: string) => string, capacity: number): (word: string) => string {
  let newer = new Map<string, string>();
  let older = new Map<string, string>();
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
