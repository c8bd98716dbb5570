/** Which language a text is in, when no locale says it or says it wrong, and whether an answer came back in English. */
import { attempt, lazy, memoised } from '../functions';
import { HAS_LETTER } from './letters';
import { normaliseLanguage } from './locale';
import { ENGLISH, allStopwordLists, asDetected, borrowsStopwords, detectionStopwords, wordsOf } from './tools';

/** Title and first sentences; stopwords, a lookup a word, use them all. */
const DETECTION_CHARS = 600;
/** Of them, franc reads the first: it costs per character; at 150 it read headline-only wire stories as French. */
const GUESS_CHARS = 300;
/**
 * franc's individual languages to their macrolanguage's ISO 639-1 code, which locales, stopwords and stemmers use (and
 * Western Punjabi, Punjabi as Shahmukhi writes it, to Punjabi's: an Urdu text is told from it by Urdu's stopwords).
 */
const MACROLANGUAGE: Readonly<Record<string, string>> = {
  als: 'sq', arb: 'ar', ayr: 'ay', azb: 'az', azj: 'az', ckb: 'ku', cmn: 'zh', ekk: 'et', fuf: 'ff', fuv: 'ff', gaz: 'om',
  gug: 'gn', khk: 'mn', knc: 'kr', kng: 'kg', koi: 'kv', lvs: 'lv', npi: 'ne', pbu: 'ps', pes: 'fa', plt: 'mg', pnb: 'pa', prs: 'fa',
  qug: 'qu', quy: 'qu', quz: 'qu', src: 'sc', swh: 'sw', uzn: 'uz', ydd: 'yi', zlm: 'ms', zyb: 'za',
};
/** How many of franc's best guesses are weighed in Latin script (it ranks neighbours close: English and Scots). */
const GUESSES = 4;
/**
 * franc's scores this close are as good as level (it ranks Russian and Bulgarian within 0.01): such guesses are weighed
 * in other scripts, and in prose a lead this wide over a locale's language is one.
 */
const CLOSE_SCORE = 0.05;
const OTHER_SCRIPT_GUESSES = 5;
/** franc reads no text shorter (its default minimum), and says "und". */
const MIN_FRANC_LETTERS = 10;
/** Prose: PROSE_WORDS words, PROSE_SHARE one language's stopwords (prose: 1/4 to 1/2), PROSE_LEAD times the next's. */
const PROSE_WORDS = 20;
const PROSE_SHARE = 0.25;
const PROSE_LEAD = 1.25;
/** Own function words a text must use, and its neighbour's none, to be told from that neighbour. */
const NEIGHBOUR_WORDS = 3;
const OTHER_LEAD = 2;
const CLEAR_LEAD = 0.1;
const STOPWORD_LEAD = 1.5;
/** Characters whose quotations are taken out before the locale check's sample is cut (a bound on the search). */
const QUOTED_CHARS = 10 * DETECTION_CHARS;
/** A quotation within a paragraph, in any of the usual marks, or a Chinese title in 《》 ("《ポケモン》"; Japanese 『』 is Japanese's). */
const QUOTATION = /«[^»\n]{0,600}»|“[^”\n]{0,600}”|"[^"\n]{0,600}"|「[^」\n]{0,600}」|„[^“”\n]{0,600}[“”]|《[^》\n]{0,600}》/g;
/** Latin letters under this share of a text (latinShare, weighed) are names, specs and quotations: a bilingual post has half. */
const FOREIGN_WORDS_SHARE = 0.4;
/** English's least share where franc does not rank it close (a quarter to a half in prose). */
const RIVAL_SHARE = 0.15;

/** language: ISO 639-1 ('' for a language without one); score: 1 for franc's best. */
type Guess = { language: string; score: number };

let allGuesses: ((text: string) => Guess[]) | undefined;
/** Why loading the detector failed (a broken install), for the error every detection then gives. */
let loadFailure: string | undefined;

/**
 * Loads franc-all and its code table once (async: ES modules the CommonJS build cannot require on every Node 20). Its
 * 419 languages' trigrams (~7 MB of heap, 4 more than franc's 187) are read for the languages with an ISO 639-1 code,
 * which locales, lists and alt text use: Icelandic, Welsh, Maltese, which franc lacks, among them.
 */
export async function loadLanguageDetector(): Promise<void> {
  if (allGuesses) return;
  const [{ francAll }, { iso6393To1 }] = await Promise.all([import('franc-all'), import('iso-639-3/iso6393-to-1.js')]).catch((error) => {
    loadFailure = error instanceof Error ? error.message : String(error);
    throw error;
  });
  const codeOf = (code: string) => (Object.hasOwn(iso6393To1, code) ? iso6393To1[code] : Object.hasOwn(MACROLANGUAGE, code) ? MACROLANGUAGE[code] : '');
  // (Only those: a call costs as franc's did, and a regional neighbour without a code, Ligurian for an Italian
  // headline, takes no guess.)
  const only = { only: [...Object.keys(iso6393To1), ...Object.keys(MACROLANGUAGE)] };
  allGuesses = (text) => francAll(text, only).map(([code, score]) => ({ language: codeOf(code), score }));
}

/** Detection before loadLanguageDetector() settled (a bug) or after it failed (bad install): never about an article. */
export class DetectorNotLoadedError extends Error {
  constructor() {
    super(loadFailure
      ? `The language detector (franc) could not be loaded (${loadFailure}): reinstall the plugin's dependencies, or give articles a locale.`
      : 'The language detector is not loaded: await loadLanguageDetector() first.');
    this.name = 'DetectorNotLoadedError';
  }
}

const stopwordShare = (words: string[], language: string): number => ownWords(words, language) / words.length;
/** A language with no stopword list (Icelandic, Welsh, Maltese): franc alone tells it. */
const listless = (language: string): boolean => !detectionStopwords(language).size;

/** For each stopword, the languages listing it: the prose test looks every word up once, not 59 times. */
const stopwordIndex = lazy(() => {
  const index = new Map<string, string[]>();
  for (const language of Object.keys(allStopwordLists())) {
    for (const word of detectionStopwords(language)) index.set(word, [...(index.get(word) ?? []), language]);
  }
  return index;
});

/** Each list's share of the words, best first (in the lists' order on a tie: a stable sort, the same every time). */
function listShares(words: string[]): (readonly [string, number])[] {
  const index = stopwordIndex();
  const hits = new Map<string, number>();
  for (const word of words) for (const language of index.get(word) ?? []) hits.set(language, (hits.get(language) ?? 0) + 1);
  return Object.keys(allStopwordLists()).map((language) => [language, (hits.get(language) ?? 0) / words.length] as const).sort((a, b) => b[1] - a[1]);
}

/**
 * Prose in a language with a list: the one whose stopwords it clearly uses most, unless its list never writes letters
 * the text writes (Scottish Gaelic, which has no list, shares "an", "na", "agus" with Irish, but writes "à", "ò").
 */
function proseLanguage(words: string[], letters: LatinLetters): string | undefined {
  if (words.length < PROSE_WORDS) return undefined;
  const [[best, first], [runnerUp, second]] = listShares(words);
  if (first < PROSE_SHARE) return undefined;
  let found: string | undefined = best;
  if (first < PROSE_LEAD * second) {
    // Neighbours sharing most function words (Danish, Norwegian): the one using its own and none of the other's.
    const [own, other] = [ownWords(words, best, runnerUp), ownWords(words, runnerUp, best)];
    found = own >= NEIGHBOUR_WORDS && other === 0 ? best : other >= NEIGHBOUR_WORDS && own === 0 ? runnerUp : undefined;
  }
  return found && !writesOtherLetters(letters, found) ? found : undefined;
}

/** How many of the words are `language`'s stopwords, and not `neighbour`'s. */
function ownWords(words: string[], language: string, neighbour?: string): number {
  const [mine, theirs] = [language, neighbour].map((code) => (code && !borrowsStopwords(code) ? detectionStopwords(code) : new Set()));
  return words.filter((word) => mine.has(word) && !theirs.has(word)).length;
}

/**
 * Mostly not Latin script: franc's (it tells those by characters; Latin lists mislead: English's has "it"). Prose: the
 * language whose stopwords it clearly uses most (a tenth of franc's time). Else franc, checked by stopwords; in a
 * headline (franc ranks neighbours close), the one of its guesses and English with most.
 */
export function detectLanguage(text: string): string {
  if (!allGuesses) throw new DetectorNotLoadedError();
  return typeof text === 'string' ? asDetected(readLanguage(text)) : ENGLISH;
}

/**
 * A Polish site with the default "en" locale. Prose: the found language's stopwords OTHER_LEAD times `language`'s (not
 * Catalan over Spanish: they share most). Else franc agrees, `language` CLOSE_SCORE lower in prose, CLEAR_LEAD in a
 * headline (franc alone missed half of French news; at CLEAR_LEAD in prose too, French news under "es" was kept).
 */
export function clearlyOtherLanguage(text: string, language: string): string | undefined {
  if (!allGuesses) throw new DetectorNotLoadedError();
  const asked = normaliseLanguage(language);
  if (typeof text !== 'string' || !asked) return undefined;
  // (What a story quotes says nothing of the language it is written in: an English one opening with a Russian quote.)
  const opening = text.slice(0, QUOTED_CHARS);
  const unquoted = opening.replace(QUOTATION, ' ');
  const sample = (HAS_LETTER.test(unquoted) ? unquoted : opening).slice(0, DETECTION_CHARS).normalize('NFC');
  const found = readLanguage(sample);
  if (sameLanguage(found, asked)) return undefined;
  const guesses = allGuesses(sample);
  // franc's first guess is the locale's: it stands (Malay's list has nouns, "tanah", that read Indonesian as Malay).
  if (guesses[0] && sameLanguage(guesses[0].language, asked)) return undefined;
  const words = wordsOf(sample.toLowerCase());
  if (words.length >= PROSE_WORDS) {
    const share = stopwordShare(words, found);
    // (Measured with the list the locale reads: Bosnian under "bs" uses Croatian's, which is no evidence against it.)
    const askedShare = words.filter((word) => detectionStopwords(asked).has(word)).length / words.length;
    if (share >= RIVAL_SHARE && share >= OTHER_LEAD * askedShare) return asDetected(found);
  }
  // franc agrees: the language found is its best, or among its guesses for a text in another script than the (Latin)
  // locale's, which franc gives no score (Amharic, ranked below Tigrinya, under "en"; not Kazakh in Latin under "kk").
  const askedScore = guesses.find((guess) => sameLanguage(guess.language, asked))?.score;
  // A locale franc has no profile of stands in its own script, or where the text uses its list as much: franc has
  // nothing to agree with (Sorani under "ckb" or "ku", which franc reads as Persian; the stopwords above overrule it
  // in prose: German under "is").
  // So does a locale without a list against a language found without one, in another script than Latin or where franc
  // ranks it among its GUESSES: trigrams alone do not tell close neighbours apart (franc reads short Icelandic as
  // Faroese, Icelandic second; Macedonian as Tajik, Macedonian fifth).
  // (In another script, unless the text writes a letter the locale's Cyrillic alphabet lacks: Kazakh's "ә" under "be".)
  const joined = words.join('');
  const alphabet = Object.hasOwn(CYRILLIC_ALPHABETS, asked) ? CYRILLIC_ALPHABETS[asked] : undefined;
  const ownAlphabet = !alphabet || (joined.match(CYRILLIC_LETTER) ?? []).every((letter) => alphabet.includes(letter));
  const askedGuessed = (!writtenInLatin(asked) && ownAlphabet) || guesses.slice(0, GUESSES).some((guess) => sameLanguage(guess.language, asked));
  if (askedScore === undefined || (listless(asked) && listless(found) && askedGuessed)) {
    // (In a text mostly in another script, Latin words a small share of it are names, specs and quotations: "（NC ON）…
    // It is good." is no English prose; a sentence and its translation are.)
    const own = latinShare(words, true) < FOREIGN_WORDS_SHARE ? words.filter((word) => !LATIN_LETTER.test(word)) : words;
    const [ownShare, foundShare] = [stopwordShare(own, asked), stopwordShare(words, found)];
    if (writtenIn(asked, words) || (ownShare > 0 && ownShare >= foundShare)) return undefined;
  }
  const foundScore = guesses.find((guess) => sameLanguage(guess.language, found))?.score;
  // (Or franc knows none of its script, Odia's, which is not the locale's: the script tells the language; not for a
  // text of Han alone shorter than franc reads under a locale of another script than Latin, which Chinese, Japanese and
  // Korean all write: "東京大雨" under "ko".)
  const unknownScript = !guesses.some((guess) => guess.language) && found !== ENGLISH && !writtenIn(asked, words) &&
    (joined.length >= MIN_FRANC_LETTERS || writtenInLatin(asked) || !/^\p{Script=Han}+$/u.test(joined));
  // (A text in another script than the locale's, franc scoring the language found and not the locale's: Shahmukhi
  // under "hi".)
  // (Or by its own letters, which franc has no profile of: Sindhi under "en"; not under "ur", whose script it shares.)
  const inOtherScript = !writtenIn(asked, words) && mostlyNotLatin(words);
  const otherScript = (askedScore === undefined && ((foundScore !== undefined && inOtherScript) || unknownScript)) || (inOtherScript && ownLettered(joined) === found);
  // (Its best, or as good by franc and by the words: a small neighbour may rank first by a thousandth, Romansh for a
  // Slovak headline. As good: without a list, with as many function words of its own as the locale's, or with a letter
  // the locale's list never writes, "і", "ć"; not Portuguese for a Galician headline, whose words are both's.)
  // (A letter of the locale's script: "iPhone 16 発表" is no English under "ja" for its Latin letters or "発".)
  const ownLetter = () => listLetters(asked).size > 0 &&
    [...joined].some((letter) => !listLetters(asked).has(letter) && listLetters(found).has(letter) && writtenIn(asked, [letter]));
  const ownFunctionWords = () => {
    const [mine, theirs] = [ownWords(words, found, asked), ownWords(words, asked, found)];
    return mine > 0 && mine >= theirs;
  };
  const asGood = foundScore !== undefined && guesses[0].score - foundScore <= CLOSE_SCORE && (listless(found) || ownFunctionWords() || ownLetter());
  const agrees = guesses[0] && (sameLanguage(guesses[0].language, found) || asGood || otherScript);
  // (Ahead by CLOSE_SCORE in prose, where franc's scores are steady: French news and Catalan under "es"; by CLEAR_LEAD
  // in a headline, where neighbours trade places: a Danish one franc ranks Norwegian first, "Skuespilleren Ghita Nørby
  // er død, 87 år", stays Danish under "da".)
  const lead = words.length >= PROSE_WORDS ? CLOSE_SCORE : CLEAR_LEAD;
  return agrees && guesses[0].score - (askedScore ?? 0) >= lead ? asDetected(found) : undefined;
}

/** The same language, Norwegian's written standards taken as one. */
const sameLanguage = (a: string, b: string): boolean => Boolean(a) && asDetected(a) === asDetected(b);

/**
 * False when unsure: franc is unsure on one sentence (it ranks Scots first on many English ones), so none of
 * `language`'s stopwords, and an English one with English above it, or English near franc's best and CLEAR_LEAD above.
 */
export function answeredInEnglish(text: string, language: string): boolean {
  if (!allGuesses) throw new DetectorNotLoadedError();
  const asked = normaliseLanguage(language);
  if (typeof text !== 'string' || !asked || asked === ENGLISH) return false;
  const guesses = allGuesses(text);
  const english = guesses.find((guess) => guess.language === ENGLISH)?.score;
  if (english === undefined) return false;
  const words = wordsOf(text.toLowerCase());
  if (ownWords(words, asked, ENGLISH)) return false;
  const englishWord = ownWords(words, ENGLISH, asked) > 0;
  const score = guesses.find((guess) => sameLanguage(guess.language, asked))?.score;
  // Not scored: franc scores one script's languages; in the text's own script, one it has no profile of (Basque,
  // Welsh, Maltese: English's own words and franc's near-best English tell an English answer).
  if (score === undefined) return writtenInLatin(asked) ? englishWord && english >= 1 - CLEAR_LEAD : englishWord || english >= 1 - CLEAR_LEAD;
  return (englishWord && english > score) || (english >= 1 - CLEAR_LEAD && english - score >= CLEAR_LEAD);
}

function readLanguage(text: string): string {
  const sample = text.slice(0, DETECTION_CHARS).normalize('NFC');
  const words = wordsOf(sample.toLowerCase());
  // Languages without an ISO 639-1 code are left out: nothing here can use them.
  const scored = () => allGuesses!(sample.slice(0, GUESS_CHARS)).filter((g) => g.language);
  if (mostlyNotLatin(words)) return otherScriptLanguage(words, scored().slice(0, OTHER_SCRIPT_GUESSES));
  const letters = latinLetters(sample);
  const prose = proseLanguage(words, letters);
  if (prose) return prose;
  const all = scored();
  if (words.length >= PROSE_WORDS && all[0]) return normaliseLanguage(francUnlessStopwords(words, all, letters)) ?? ENGLISH;
  const guesses = all.slice(0, GUESSES).map((g) => g.language);
  return normaliseLanguage(mostStopwords(words, [ENGLISH, ...guesses], ENGLISH)) ?? ENGLISH;
}

const CYRILLIC_LETTER = /[\u0400-\u04ff]/gu;
/** The lower-case letters of the Cyrillic alphabets franc confuses. */
const CYRILLIC_ALPHABETS: Readonly<Record<string, string>> = {
  ru: 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя',
  uk: 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюя',
  be: 'абвгдеёжзійклмнопрстуўфхцчшыьэюя',
  bg: 'абвгдежзийклмнопрстуфхцчшщъьюя',
  sr: 'абвгдђежзијклљмнњопрстћуфхцчџш',
  mk: 'абвгдѓежзѕијклљмнњопрстќуфхцчџш',
  kk: 'аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя',
  ky: 'абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя',
};
/**
 * Arabic's own letters (ي ك ة ى), and those Persian, Urdu, Pashto, Punjabi, Kurdish, Sindhi and Uyghur write instead
 * or add (ی ک گ پ چ ژ, ٹ ڈ ڑ ں ے ہ, ټ ډ ړ ښ ګ ڼ ې ۍ, ڕ ڵ ۆ ێ ە, ڪ ڳ ٻ…, ۇ ۈ ۋ ھ ڭ, Jawi's ڠ ڤ ۏ): a text with the first and none of the
 * second is Arabic (franc reads short Arabic headlines as Persian, Pashto or Punjabi), one with the second is not.
 */
const ARABIC_OWN = /[\u0629\u0643\u0649\u064A]/u;
const PERSIAN_FAMILY = /[\u06AD\u06A0\u06A4\u06CF\u067E\u0686\u0698\u06A9\u06AF\u06CC\u0679\u0688\u0691\u06BA\u06D2\u06C1\u067C\u0689\u0693\u069A\u06AB\u06BC\u06D0\u06CD\u0695\u06B5\u06C6\u06CE\u06D5\u06AA\u06B3\u06B1\u06BB\u067B\u0680\u067D\u067F\u0684\u0683\u0687\u068A\u068D\u068C\u068F\u0699\u06A6\u06C7\u06C8\u06CB\u06BE]/u;
/** Letters Tigrinya writes often and Amharic never: its ቐ and ኸ series (franc ranks Amharic news Tigrinya). */
const DISTINCTIVE_SAMPLE = 250;
const TIGRINYA_LETTERS = /[\u1250-\u125d\u12b8-\u12c5]/u;
/**
 * Letters only one language of its script writes, for languages franc has no profile of (it reads them as their
 * script's big language), and its neighbours' letters it never writes: Assamese's ৰ and ৱ, not Bengali's র; Sindhi's
 * implosives and aspirates, not Urdu's ے ٹ ڈ ڑ (Saraiki, which Urdu may quote, shares some of Sindhi's; many type
 * Sindhi's ي as Persian's ی).
 */
const OWN_LETTERS: ReadonlyArray<readonly [string, RegExp, RegExp]> = [
  ['as', /[\u09f0\u09f1]/gu, /\u09b0/gu],
  ['sd', /[\u06aa\u06b3\u0684\u067b\u068f\u068a\u06bb\u067a\u0680\u067f\u067d\u06a6\u0687\u068d\u068c\u0699]/gu, /[\u06d2\u0679\u0688\u0691]/gu],
];
/** The language whose own letters the text writes (twice, OWN_LETTER_SHARE of its letters, more than its neighbours'). */
const ownLettered = (letters: string): string | undefined =>
  OWN_LETTERS.find(([, own, neighbours]) => {
    const count = letters.match(own)?.length ?? 0;
    return count >= Math.max(2, OWN_LETTER_SHARE * letters.length) && count > (letters.match(neighbours)?.length ?? 0);
  })?.[0];

/** franc's best non-Latin guess (it ranks Bosnian first even on Russian), else the close one with most stopwords. */
function otherScriptLanguage(words: string[], guesses: Guess[]): string {
  const inScript = guesses.filter((g) => !writtenInLatin(g.language));
  // Not Tigrinya when a text of DISTINCTIVE_SAMPLE letters never uses its own letters (a headline may lack them).
  const joined = words.join('');
  const own = ownLettered(joined);
  if (own) return own;
  const lettered = joined.length < DISTINCTIVE_SAMPLE ? inScript : inScript.filter((g) => g.language !== 'ti' || TIGRINYA_LETTERS.test(joined));
  // (In prose, unless another language's stopwords are more of it.)
  const arabic = () => words.length < PROSE_WORDS || mostStopwords(words, ['ar', ...inScript.map((g) => g.language)], 'ar') === 'ar';
  // (Its marks, ة, a final ى, the article "ال"; or ي and ك without Persian's function words, which an Arabic keyboard
  // types for Persian too: "زلزله در كرمان".)
  const arabicMarks = /\u0629|\u0649(?!\p{L})/u.test(words.join(' ')) || words.some((word) => /^[وبلف]?ال/u.test(word));
  const arabicOwn = arabicMarks || (ARABIC_OWN.test(joined) && ownWords(words, 'fa', 'ar') === 0);
  const persian = PERSIAN_FAMILY.test(joined);
  if (arabicOwn && !persian && arabic()) return 'ar';
  const arabicless = persian ? lettered.filter((g) => g.language !== 'ar') : lettered;
  const fitting = arabicless.length ? arabicless : lettered.length ? lettered : inScript.length ? inScript : guesses;
  if (!fitting.length) return scriptsLanguage(joined) ?? ENGLISH;
  const close = fitting.filter((g) => g.score >= fitting[0].score - CLOSE_SCORE).map((g) => g.language);
  // Not one lacking letters the text uses ("ї": Ukrainian), however many stopwords (Russian's list is 8x Ukrainian's).
  const letters = new Set(joined.match(CYRILLIC_LETTER));
  const written = close.filter((language) => [...letters].every((letter) => CYRILLIC_ALPHABETS[language]?.includes(letter) ?? true));
  const candidates = written.length ? written : close;
  return normaliseLanguage(mostStopwords(words, candidates, candidates[0])) ?? ENGLISH;
}

/**
 * Unicode's scripts in modern use (UAX #31's recommended and limited-use ones, but Latin): franc has no profile for some
 * (Odia, Dhivehi, Tibetan, Santali).
 */
const MODERN_SCRIPTS = `Arab Armn Beng Bopo Cyrl Deva Ethi Geor Grek Gujr Guru Hang Hani Hebr Hira Kana Knda Khmr Laoo Mlym Mymr Orya Sinh
  Taml Telu Thaa Thai Tibt Adlm Bali Bamu Batk Cakm Cans Cher Hmnp Java Kali Lana Lepc Limb Mand Mtei Newa Nkoo Olck Osge
  Rohg Saur Sund Sylo Syrc Tale Talu Tavt Tfng Vaii Wcho Yiii`.split(/\s+/).map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'gu')] as const);
/** Where franc knows none of the text's script: the language ICU finds likeliest for the script most of its letters are in. */
function scriptsLanguage(letters: string): string | undefined {
  // (Han is any of three languages': kana or Hangul beside it tells which, "大阪で地震".)
  if (/\p{Script=Han}/u.test(letters)) {
    if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(letters)) return 'ja';
    if (/\p{Script=Hangul}/u.test(letters)) return 'ko';
  }
  const counts = MODERN_SCRIPTS.map(([script, pattern]) => [script, letters.match(pattern)?.length ?? 0] as const);
  const [script, count] = counts.reduce((best, next) => (next[1] > best[1] ? next : best));
  return count * 2 > letters.length ? normaliseLanguage(new Intl.Locale(`und-${script}`).maximize().language) : undefined;
}

/**
 * Not running prose (telegraphic news; Turkish, whose words carry their grammar): franc's best guess, unless a rival
 * has STOPWORD_LEAD times its stopwords (any, if it has no list: Serbian in Latin). Rivals: guesses within CLEAR_LEAD,
 * and English at RIVAL_SHARE however franc ranks it (technical English looks like any Latin language to franc).
 */
function francUnlessStopwords(words: string[], scored: Guess[], letters: LatinLetters): string {
  const guesses = scored.slice(0, OTHER_SCRIPT_GUESSES);
  const [first] = guesses;
  const close = guesses.slice(1).filter((rival) => rival.score >= first.score - CLEAR_LEAD).map((rival) => rival.language);
  const rivals = [...new Set([...close, ENGLISH])].filter((language) =>
    language !== first.language && (close.includes(language) || stopwordShare(words, language) >= RIVAL_SHARE));
  // (Not one whose stopwords lack letters the text uses often: Turkish writes no "ə", Azerbaijani's, whose list is none;
  // Irish's no "à", "ì", "ò", Scottish Gaelic's.)
  const rival = mostStopwords(words, rivals.filter((language) => !writesOtherLetters(letters, language)), first.language);
  const rivalShare = stopwordShare(words, rival);
  // (A guess without a list keeps its place against a few of a rival's words, unless franc ranks the rival as well:
  // Breton's "ar", "o", "a" in a Welsh story; Zulu's list against franc's Xhosa, close behind, by a word of three letters
  // or more: two-letter ones are many languages', Swahili's "wa" and "na" in a Kinyarwanda story.)
  const rivalScore = scored.find((guess) => guess.language === rival)?.score ?? 0;
  const rivalLongWord = () => words.some((word) => word.length > 2 && detectionStopwords(rival).has(word));
  if (listless(first.language) && rivalShare < RIVAL_SHARE && (first.score - rivalScore > CLOSE_SCORE || !rivalLongWord())) return first.language;
  // (franc's best whose list never writes letters the text writes is weaker: a rival with more stopwords wins outright,
  // Czech over Slovenian for "pondělí", "náměstí".)
  const lead = !listless(first.language) && writesOtherLetters(letters, first.language) ? 1 : STOPWORD_LEAD;
  return rivalShare > stopwordShare(words, first.language) * lead ? rival : first.language;
}

/**
 * Latin letters beyond ASCII that a language's stopwords never write, three or more and together this share of a
 * text's lower-case letters: the text is in another language ("ə" is not Turkish; "à", "è", "ù" are not Irish nor
 * English; two, the "ó" and "é" of "jamón ibérico" in an English story, are a loanword's). The text is mostly Latin
 * here, and another script's letters are a quotation's or a name's.
 */
const WORD_IN_LOWER_CASE = /(?<![\p{L}\p{M}])\p{Ll}[\p{Ll}\p{M}]*(?![\p{L}\p{M}])/gu;
const [OWN_LETTER_SHARE, OTHER_LETTERS] = [0.02, 3];
function writesOtherLetters({ counts, total }: LatinLetters, language: string): boolean {
  const listed = listLetters(language);
  let other = 0;
  for (const [letter, count] of counts) if (!listed.has(letter)) other += count;
  return other >= OTHER_LETTERS && other >= OWN_LETTER_SHARE * total;
}

/** A text's Latin letters beyond ASCII, counted once for every language weighed, and all its lower-case letters. */
type LatinLetters = { counts: ReadonlyMap<string, number>; total: number };
function latinLetters(text: string): LatinLetters {
  const counts = new Map<string, number>();
  let total = 0;
  // (Words in lower case: a name's letters are its own language's, "Škoda" in an English brief.)
  for (const [word] of text.matchAll(WORD_IN_LOWER_CASE)) {
    for (const letter of word) {
      total += 1;
      if (letter.charCodeAt(0) > 0x7f && LATIN_LETTER.test(letter)) counts.set(letter, (counts.get(letter) ?? 0) + 1);
    }
  }
  return { counts, total };
}
/** The letters a language's stopwords write: as far as its list tells, its alphabet. */
const listLetters = memoised((language: string) => new Set([...detectionStopwords(language)].join('')), 500);

/** The first on a tie; `otherwise` when none has any. */
function mostStopwords(words: string[], languages: string[], otherwise: string): string {
  const shares = languages.map((language) => (words.length ? stopwordShare(words, language) : 0));
  const best = Math.max(0, ...shares);
  return best > 0 ? languages[shares.indexOf(best)] : otherwise;
}

/** By ICU's likely script ("bs" Latn, "sr" Cyrl). */
const scriptOf = memoised((language: string) => new Intl.Locale(language).maximize().script ?? '', 500);
const writtenInLatin = (language: string) => scriptOf(language) === 'Latn';
/** Most of the words' letters are in the language's script. */
function writtenIn(language: string, words: string[]): boolean {
  const letters = words.join('');
  const inScript = scriptLetters(scriptOf(language));
  return inScript !== undefined && letters.length > 0 && inScript(letters);
}

/**
 * ICU's scripts that are several of Unicode's (Japanese, Chinese and Korean writing): their scripts; the one that tells
 * each (Han alone is any of the three's), a tenth of the letters at least, but for Japanese in a text under 60 letters
 * (a headline may be all kanji); and the most of other scripts each writes (a Chinese story may name "ユニクロ" in
 * katakana, but writes no hiragana, Japanese's grammar).
 */
type Writing = { all: string; telling?: string; fewest?: number; others: [string, number][] };
const WRITINGS: Readonly<Record<string, Writing>> = {
  Jpan: { all: 'Hani Hira Kana', telling: 'Hira Kana', fewest: 60, others: [['Hang', 0.1]] },
  Kore: { all: 'Hang Hani', telling: 'Hang', others: [['Hira Kana', 0.1]] },
  Hans: { all: 'Hani', others: [['Hira', 0.1], ['Kana Hang', 0.25]] },
  Hant: { all: 'Hani', others: [['Hira', 0.1], ['Kana Hang', 0.25]] },
};
const TELLING_SHARE = 0.1;
const scriptClass = (names: string) => new RegExp(`[${names.split(' ').map((name) => `\\p{Script=${name}}`).join('')}]`, 'gu');
/** Whether letters are a script's or writing's ("Latn", "Jpan"); none for a name Unicode does not know. */
const scriptLetters = memoised((script: string): ((letters: string) => boolean) | undefined => attempt(() => {
  const writing = Object.hasOwn(WRITINGS, script) ? WRITINGS[script] : { all: script, others: [] };
  const [all, telling] = [scriptClass(writing.all), writing.telling ? scriptClass(writing.telling) : undefined];
  const others = writing.others.map(([names, most]) => [scriptClass(names), most] as const);
  const share = (pattern: RegExp, letters: string) => (letters.match(pattern)?.length ?? 0) / letters.length;
  return (letters: string) => share(all, letters) > 0.5 && (!telling || letters.length < (writing.fewest ?? 0) || share(telling, letters) >= TELLING_SHARE) &&
    others.every(([pattern, most]) => share(pattern, letters) < most);
}, () => undefined), 500);

const LATIN_LETTERS = /\p{Script=Latin}/gu;
const LATIN_LETTER = /\p{Script=Latin}/u;
const WORD_LIKE_CHARACTERS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
/**
 * The share of the words' letters in Latin script (1 without letters); by letter: Japanese runs Latin names into its
 * script ("OpenAIは"). Weighed by what they say, a Han, kana or Hangul character counts as three Latin letters.
 */
function latinShare(words: string[], weighed = false): number {
  const letters = words.join('');
  const size = letters.length + (weighed ? 2 * (letters.match(WORD_LIKE_CHARACTERS)?.length ?? 0) : 0);
  return size > 0 ? (letters.match(LATIN_LETTERS)?.length ?? 0) / size : 1;
}
const mostlyNotLatin = (words: string[]): boolean => latinShare(words) < 0.5;
