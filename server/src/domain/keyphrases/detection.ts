/**
 * Which language a text is in, when no locale says it: by its stopwords where it is running prose, else by franc's
 * guesses weighed by their stopwords (detectLanguage). Also whether a text is clearly in another language than the
 * one asked (clearlyOtherLanguage), and whether a helper's answer came back in English (answeredInEnglish).
 */
import { ENGLISH, WORD, allStopwordLists, asDetected, languageTools, normaliseLanguage } from './language';

/**
 * Characters read to identify the language: the title and first sentences. franc, which costs per character, names
 * its guesses from the first 300 (150 misread wire stories whose headline is all it saw: "WRAPUP 3-Fitch says
 * Portugal needs bailout" as French); the stopwords, a set lookup a word, decide on all 600.
 */
const DETECTION_CHARS = 600;
const GUESS_CHARS = 300;
/**
 * franc names individual languages; some belong to a macrolanguage, whose ISO 639-1 code is the one locales,
 * stopword lists and stemmers use (ISO 639-3's macrolanguage mappings, for every language franc knows that has one).
 */
const MACROLANGUAGE: Readonly<Record<string, string>> = {
  als: 'sq', arb: 'ar', ayr: 'ay', azj: 'az', ckb: 'ku', cmn: 'zh', ekk: 'et', fuf: 'ff', fuv: 'ff', khk: 'mn',
  knc: 'kr', kng: 'kg', koi: 'kv', lvs: 'lv', npi: 'ne', pbu: 'ps', pes: 'fa', plt: 'mg', prs: 'fa', qug: 'qu',
  quy: 'qu', quz: 'qu', src: 'sc', swh: 'sw', uzn: 'uz', ydd: 'yi', zlm: 'ms', zyb: 'za',
};
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

const LATIN_LETTERS = /\p{Script=Latin}/gu;
/**
 * Running prose: at least PROSE_WORDS words, PROSE_SHARE of them one language's stopwords (a quarter to a half in
 * prose), and that language's share at least PROSE_LEAD times the next one's. Neighbours that share their function
 * words (Danish and Norwegian, Spanish and Galician) lead by less, and are left to franc.
 */
const PROSE_WORDS = 20;
const PROSE_SHARE = 0.25;
const PROSE_LEAD = 1.25;

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
