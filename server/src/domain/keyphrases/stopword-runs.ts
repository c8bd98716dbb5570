/** Candidates for any language but English, untagged: runs between stopwords and punctuation; "l'" is a stopword. */
import { lazy, repeated } from '../functions';
import { CAPITAL_START, HAS_CAPITAL, HAS_LETTER, NOUNS_CAPITALISED, SYLLABLES_SPACED, UNCASED_LETTERS, UNSPACED, quotedEnglishStopwords, wordSet, wordsOf, type LanguageTools } from '../language';
import { ChunkBuilder, MAX_PHRASE_WORDS, Role, scanWords } from './words';

/** A Japanese kanji alone, a word (Chinese ones alone are mostly grammar: "的", "了"). */
const KANJI = /^\p{Script=Han}$/u;
const HAN_NUMERAL = /^[〇零一二两三四五六七八九十百千万亿]+$/u;
const LOWER_START = /^\p{Ll}/u;
/** Arabic's article, or "son of", "father of", joined to a name's next word ("al-Sham", "ash-Shifa", "bin-Salman"). */
const ARTICLE_JOINED = /^(?:a[ldnrstz]|ash|ath|adh|el|bin|ibn|abu|ben|bint)-\p{Lu}/u;
const DIGIT = /\p{Nd}/u;
/** Not "EL" of a heading in capitals. */
const TITLE_CASE = /^\p{Lu}\p{Ll}/u;
/** A break after which a capital proves nothing: anything but a comma, a semicolon or a closing bracket. */
const SENTENCE_END = /[^\s,;)\]]/;
// German lower-case words: adjectives before nouns ("alten Leuchtturm"); after a noun, a verb ending the phrase
// ("Insel restauriert"), unless with an adjective's ending ("erneuerbarer").
const ADJECTIVE_ENDING = /(?:er|es|em)$/;
/** An opening capital on a word also written in lower case: an adjective if declined ("Neue Regeln"). */
const DECLINED = /(?:e|en|er|es|em)$/;
/** Romanian "a" is also the genitive's article ("a școlii"): a participle after it shows by its -t or -s. */
const PARTICIPLE_SHAPE: Readonly<Record<string, RegExp>> = { ro: /[ts]$/ };
/** "Have" of the perfect: a participle next ("a déclaré"; not "be", nor Portuguese "tem", before bare nouns). */
const PERFECT_AUXILIARIES: Readonly<Record<string, ReadonlySet<string>>> = {
  fr: new Set(['a', 'ai', 'as', 'avons', 'avez', 'ont', 'avait', 'avaient', 'aurait', 'auraient', 'aura', 'auront', 'eu']),
  es: new Set(['ha', 'han', 'he', 'has', 'hemos', 'había', 'habían', 'habría', 'habrá', 'haya', 'hayan', 'hubiera']),
  it: new Set(['ha', 'hanno', 'ho', 'hai', 'abbiamo', 'avete', 'aveva', 'avevano', 'avrebbe', 'avrà']),
  ro: new Set(['a', 'au', 'am', 'ai', 'ați']),
};
/** "machine à café": such a term, noun first, written so twice is one phrase (joinedNames). */
const TERM_LINKS: Readonly<Record<string, ReadonlySet<string>>> = {
  fr: new Set(['de', 'du', 'des', 'à', 'au', 'aux']), es: new Set(['de', 'del']), ca: new Set(['de', 'del']),
  it: new Set(['di', 'del', 'della', 'dello', 'dei', 'degli', 'delle']), pt: new Set(['de', 'do', 'da', 'dos', 'das']),
};
const termKey = (tools: LanguageTools, noun: string, link: string, describing: string) =>
  `${tools.key(tools.lower(noun))} ${link} ${tools.key(tools.lower(describing))}`;

const DETERMINERS: Readonly<Record<string, ReadonlySet<string>>> = {
  fr: wordSet('le la les l un une des du au aux ce cet cette ces son sa ses leur leurs mon ma mes notre nos votre vos'),
  es: wordSet('el la los las un una unos unas al del este esta estos estas ese esa esos esas su sus mi mis nuestro nuestra nuestros nuestras'),
  it: wordSet('il lo la i gli le l un uno una del dello della dei degli delle al allo alla ai agli alle questo questa questi queste quel quella quei quelle suo sua suoi sue'),
  pt: wordSet('o a os as um uma uns umas do da dos das no na nos nas ao aos este esta estes estas esse essa seu sua seus suas'),
  ca: wordSet('el la els les l un una uns unes del dels al als'),
};
const MAX_ELIDED = 6;

function elided(word: string, stopwords: ReadonlySet<string>): string | null {
  const at = word.search(/['’]/);
  if (at < 1 || at > MAX_ELIDED) return null;
  const head = word.slice(0, at).toLowerCase();
  // "l'" is "le"/"la", "qu'" is "que": the list has the word or its full form.
  return [head, `${head}e`, `${head}a`, `${head}o`].some((form) => stopwords.has(form)) ? word.slice(at + 1) : null;
}

export function withoutElision(word: string, tools: LanguageTools): string {
  for (let rest = elided(word, tools.stopwords); rest !== null; rest = elided(word, tools.stopwords)) word = rest;
  return withoutEnding(word, tools.language);
}

/** Languages with a name's case ending after an apostrophe ("Erdoğan'ın"); elsewhere it is the name's ("Moody's"). */
const ENDINGS_AFTER_APOSTROPHE: ReadonlySet<string> = new Set(['tr', 'az']);
const ENDING = /^([\p{L}\p{M}]{2,})['’](?:[\p{Ll}\p{M}]{1,6}|[\p{Lu}\p{M}]{1,6})$/u;

const withoutEnding = (word: string, language: string): string =>
  language === 'ko' ? withoutParticle(word) : (ENDINGS_AFTER_APOSTROPHE.has(language) && ENDING.exec(word)?.[1]) || word;

// Korean particles on the noun ("평택에서"), cut off, end the phrase. Each with the syllables the noun keeps: many nouns
// end in a particle's syllable ("마을", village); the ones most end in ("의", "도", "로", "만") are not cut.
const KOREAN_PARTICLES: ReadonlyArray<[string, number]> = [
  ['에서는', 1], ['으로는', 1], ['에서', 1], ['에게', 1], ['으로', 1], ['까지', 1], ['부터', 1], ['에는', 1], ['에도', 1],
  ['처럼', 1], ['은', 2], ['는', 2], ['을', 2], ['를', 2], ['와', 2], ['과', 2], ['에', 2], ['이', 3], ['가', 3],
];
function withoutParticle(word: string): string {
  const found = KOREAN_PARTICLES.find(([particle, keep]) => word.endsWith(particle) && word.length - particle.length >= keep);
  return found && /^\p{Script=Hangul}+$/u.test(word) ? word.slice(0, -found[0].length) : word;
}

const PASSAGE = /[^.!?…"“”„«»–—\n]+/g;

/** Spans quoting English, a phrase long or longer, as [start, end]: there "in", "and" are stopwords. */
function englishPassages(text: string, tools: LanguageTools): [number, number][] {
  const english = quotedEnglishStopwords();
  return [...text.matchAll(PASSAGE)].flatMap((m) => {
    const words = wordsOf(m[0].toLowerCase());
    if (words.length < MAX_PHRASE_WORDS) return [];
    const englishOnly = words.filter((word) => english.has(word) && !tools.stopwords.has(word)).length;
    const ownOnly = words.filter((word) => tools.stopwords.has(word) && !english.has(word)).length;
    return englishOnly * 5 >= words.length && ownOnly * 10 <= words.length ? [[m.index, m.index + m[0].length]] : [];
  });
}

/** What the reader knows of the whole article (title and opening). */
function articleWords(text: string, tools: LanguageTools) {
  const { stopwords } = tools;
  const readNames = !NOUNS_CAPITALISED.has(tools.language);
  const links = TERM_LINKS[tools.language];
  const [lowerCase, joined, nameEnds, alone] = [new Set<string>(), [] as string[], [] as string[], new Set<string>()];
  let [first, second, name, free, previous] = ['', '', '', true, ''];
  const closeName = (next: string | undefined) => {
    if (TITLE_CASE.test(name)) {
      nameEnds.push(name);
      if (free) alone.add(name);
    }
    [free, name] = [next === undefined || stopwords.has(next), ''];
  };
  const determiners = DETERMINERS[tools.language];
  const [beforeDeterminer, notBeforeDeterminer, afterDeterminer] = [new Set<string>(), new Set<string>(), new Set<string>()];
  const visit = (word: string | undefined) => {
    if (word !== undefined && !HAS_CAPITAL.test(word)) lowerCase.add(word);
    if (determiners) {
      const lower = word?.toLowerCase() ?? '';
      // ("l'île": an elided determiner.)
      const rest = elided(lower, stopwords);
      const head = rest === null ? '' : lower.slice(0, lower.length - rest.length - 1);
      if (previous && !stopwords.has(previous)) (determiners.has(lower) ? beforeDeterminer : notBeforeDeterminer).add(previous);
      if (determiners.has(previous) || determiners.has(head)) afterDeterminer.add(rest ?? lower);
      previous = lower;
    }
    if (!readNames) return;
    if (word !== undefined && CAPITAL_START.test(word)) name = word;
    else closeName(word);
    if (word === undefined) {
      [first, second] = ['', ''];
      return;
    }
    // (Not "and" or "or": "Rusia y Ucrania" are two names, however often the article pairs them.)
    const names = TITLE_CASE.test(first) && TITLE_CASE.test(word);
    const terms = links?.has(second) && LOWER_START.test(first) && LOWER_START.test(word) && !stopwords.has(first) && !stopwords.has(word);
    if (first && (names || terms) && stopwords.has(second) && second === second.toLowerCase() && !tools.conjunctions().has(second)) {
      // (A term by its words' keys: "silla de madera", "sillas de madera".)
      joined.push(names ? `${first} ${second} ${word}` : termKey(tools, first, second, word));
    }
    [first, second] = [second, word];
  };
  scanWords(text, visit);
  visit(undefined); // the end: a break
  return {
    /** In German, never a noun. */
    lowerCase,
    lowerKeys: lazy(() => new Set([...lowerCase].map((word) => tools.key(word)))),
    /** Names around a lower-case stopword seen twice ("Rio de Janeiro"); TERM_LINKS terms. */
    joinedNames: repeated(joined),
    /** Last words of names always after a common noun, more than once: a place ("rue Victor Hugo"). */
    placeNames: new Set([...repeated(nameEnds)].filter((word) => !alone.has(word))),
    /** Lower-case words always before a determiner, never after one: verbs ("recogerá la cosecha"). */
    verbs: new Set([...beforeDeterminer].filter((word) => !notBeforeDeterminer.has(word) && !afterDeterminer.has(word))),
  };
}

/** Japanese case particles, and の: the word before one is a noun ("にんじんを", "肉じゃがは"). */
const CASE_PARTICLES = wordSet('は が を も の');
/** A Japanese verb's or adjective's last kana ("煮る", "安い"): such a word before a particle is no noun. */
const PREDICATE_END = /[るたいうくすつぬむぶぐだ]$/u;
/** Small kana open no word ("って", a quotation's particle). */
const SMALL_KANA_START = /^[ぁぃぅぇぉっゃゅょゎ]/u;
/** Pronouns and adverbs in hiragana that particles follow as they follow nouns ("わたしは", "たくさんの"). */
const KANA_FUNCTION_WORDS = wordSet(`わたし わたしたち ぼく あなた みんな みなさん たくさん いつも いろいろ ほとんど へん ここ そこ あそこ どこ
  これ それ あれ どれ なに だれ こんな そんな あんな どんな`);

/** Japanese words ending in hiragana (isGrammar), written before a case particle, no predicate's ending: nouns ("にんじん"). */
function kanaNouns(text: string, tools: LanguageTools): ReadonlySet<string> {
  const nouns = new Set<string>();
  if (tools.language !== 'ja') return nouns;
  let before: { word: string; end: number } | undefined;
  scanWords(text, (word, start, end) => {
    const particle = word !== undefined && CASE_PARTICLES.has(word);
    const noun = before !== undefined && !PREDICATE_END.test(before.word) && !SMALL_KANA_START.test(before.word) && !KANA_FUNCTION_WORDS.has(before.word);
    if (particle && noun && before?.end === start) nouns.add(before.word);
    before = word === undefined ? undefined : { word, end };
  }, tools.segmenter);
  return nouns;
}

type Article = ReturnType<typeof articleWords> & { agencies: ReadonlySet<string>; nouns: ReadonlySet<string> };

function read(text: string, tools: LanguageTools, into: ChunkBuilder, { lowerCase, joinedNames, lowerKeys, placeNames, verbs, agencies, nouns }: Article, pairs: ReadonlySet<string>): void {
  const { stopwords } = tools;
  const nounsCapitalised = NOUNS_CAPITALISED.has(tools.language);
  const quoted = englishPassages(text, tools);
  const englishStopwords = quotedEnglishStopwords();
  let [sentenceStart, numberBefore, nextLineBreak, namesBefore] = [true, false, text.indexOf('\n'), 0];
  /** The word before was digits (numberBefore: or a unit after them). */
  let digitsBefore = false;
  /** The word before was an adverb opening the sentence: the verb comes next in German ("Dennoch brauchen Rosen"). */
  let openerBefore = false;
  const auxiliaries = PERFECT_AUXILIARIES[tools.language];
  let auxiliaryBefore = false;
  /** A stopword after a capitalised word (or "&"), held until the next word says whether it is inside a name. */
  let held: { word: string; lower: string; after: string } | undefined;
  const release = (next: string | undefined) => {
    if (!held) return;
    const inside = next !== undefined && (held.word === '&'
      ? CAPITAL_START.test(next)
      : joinedNames.has(`${held.after} ${held.word} ${next}`) || joinedNames.has(termKey(tools, held.after, held.lower, next)));
    // (A joint: a phrase cut short never starts or ends with it, "de São Paulo".)
    if (inside) into.add({ text: held.word, key: tools.key(held.lower), role: Role.Noun, joint: true });
    else into.skip();
    held = undefined;
  };
  scanWords(text, (found, start, end) => {
    if (nextLineBreak >= 0 && nextLineBreak < start) {
      sentenceStart = true;
      nextLineBreak = text.indexOf('\n', start);
      // (A line break ends a phrase, as a tagger's does in English: a heading's "Mlima Kilimanjaro" runs into no
      // "Wapandaji" below it.)
      into.end();
    }
    release(found);
    if (found === undefined) {
      numberBefore = digitsBefore = false;
      if (SENTENCE_END.test(text.slice(start, end))) sentenceStart = true;
      return into.end(); // punctuation or a blank line
    }
    const [atSentenceStart, afterOpener, afterNumber, afterDigits] = [sentenceStart, openerBefore, numberBefore, digitsBefore];
    numberBefore = digitsBefore = /^\p{Nd}/u.test(found);
    [sentenceStart, openerBefore] = [false, false];
    let word = found;
    for (let rest = elided(word, stopwords); rest !== null; rest = elided(word, stopwords)) {
      into.skip();
      word = rest;
    }
    // A case ending ("İzmir'de", Korean "평택에서") makes the name a phrase of its own.
    const bare = withoutEnding(word, tools.language);
    const endsPhrase = bare !== word;
    word = bare;
    const lower = tools.lower(word);
    const inEnglish = quoted.some(([from, to]) => from <= start && start < to);
    const date = tools.isDateWord(lower, word);
    // A stopword capitalised mid-sentence is a name's ("La Rochelle"), unless capitals mark every noun or title word.
    const name = !atSentenceStart && !into.inTitle && !nounsCapitalised && TITLE_CASE.test(word);
    const participle = auxiliaryBefore && word === lower && (PARTICIPLE_SHAPE[tools.language]?.test(lower) ?? true);
    auxiliaryBefore = Boolean(auxiliaries?.has(lower)) && word === lower;
    const last = into.run.at(-1);
    if (last && ((stopwords.has(lower) && !name && word === lower && joinedNames.size) || (word === '&' && TITLE_CASE.test(last.text)))) {
      held = { word, lower, after: last.text };
      return;
    }
    // (A dotted lower-case abbreviation is a function word, "z.B."; Chinese numerals are numbers here, "嫦娥七号".)
    const numeral = HAN_NUMERAL.test(word);
    const stop = (stopwords.has(lower) && !numeral) || (inEnglish && englishStopwords.has(lower)) || (word.includes('.') && word[0] === lower[0]);
    const measure = text.charCodeAt(end) === 0x20 && DIGIT.test(text.charAt(end + 1)) && tools.isUnitBeforeNumber(lower);
    const verb = word === lower && verbs.has(lower);
    const notInPhrase = (stop && !name) || date || !HAS_LETTER.test(word) || (tools.isGrammar?.(word) && !nouns.has(word)) || agencies.has(lower);
    if (notInPhrase || participle || measure || verb) return into.skip();
    // A letter (not a Japanese kanji), number, time span or unit after a number: only inside a phrase ("3e édition").
    const unit = afterNumber && (word.length <= 3 || word.includes('/') || tools.isUnit(lower));
    const letter = word.length === 1 && !(tools.language === 'ja' && KANJI.test(word));
    const empty = letter || numeral || /^\p{Nd}/u.test(word) || tools.isTimeSpan(lower) || unit;
    // (A scale word goes on with the amount, the unit after it is no phrase's: "2,6 miljard euro"; not "20万戸停電".)
    const measured = unit && tools.isUnit(lower);
    if (measured && !afterDigits) return into.skip();
    if (measured) numberBefore = true;
    let role = Role.Noun;
    if (nounsCapitalised) {
      const capitalised = HAS_CAPITAL.test(word);
      const openingCapital = capitalised && atSentenceStart && lowerCase.has(lower);
      if (openingCapital && !DECLINED.test(lower)) {
        // An adverb or a conjunction opening the sentence ("Dennoch", "Bevor"): no part of a phrase.
        openerBefore = true;
        return into.skip();
      }
      if (!capitalised || openingCapital) {
        if (last?.role === Role.Noun || afterOpener) {
          if (!ADJECTIVE_ENDING.test(lower)) return into.skip();
          into.end();
        }
        role = Role.Modifier;
      }
    } else {
      // After a name of 2+ capitalised words, a lower-case word is its verb ("Real Madrid remontó"). A sentence's first
      // word is a name's only if never written in lower case ("президента").
      if (!last) namesBefore = 0;
      if (namesBefore >= 2 && LOWER_START.test(word) && !word.includes('-')) return into.skip();
      // (Arabic's article joined to a name's word goes on with it: "Hayat Tahrir al-Sham".)
      const capitalised = CAPITAL_START.test(word) || (namesBefore >= 2 && ARTICLE_JOINED.test(word));
      namesBefore = capitalised && !(atSentenceStart && lowerKeys().has(tools.key(lower))) ? namesBefore + 1 : 0;
      // Two capitalised words are a name, apart from the noun before ("presidente | Pedro Sánchez"); one may be the
      // noun's ("affaire Bettencourt"), as may a place (placeNames) or Vietnamese syllables.
      if (namesBefore >= 2 && last && !last.joint && TITLE_CASE.test(word) && !placeNames.has(word) && !SYLLABLES_SPACED.has(tools.language)) {
        for (const before of into.run.slice(1 - namesBefore)) before.role = Role.Name;
        role = Role.Name;
      }
    }
    // Unspaced, a run between stopwords is as often a clause: each word is a candidate, unless a recurringPairs pair.
    if (last && isUnspaced(last.text) && !(isUnspaced(word) && pairs.has(`${last.text} ${word}`))) into.end();
    into.add({ text: word, key: tools.key(lower), role, empty });
    if (endsPhrase) into.end();
  }, tools.segmenter);
  release(undefined);
  into.end();
}

/** A word of a script without spaces (the U+0E00 test spares most words the regex). */
const isUnspaced = (word: string) => word.charCodeAt(0) >= 0x0e00 && UNSPACED.test(word);

/** Unspaced words the body writes together twice: a term ICU cut ("月球" "南极"); not the title's: a lede repeats them. */
function recurringPairs(body: string, tools: LanguageTools): ReadonlySet<string> {
  if (!tools.segmenter) return new Set();
  const pairs: string[] = [];
  let before = '';
  scanWords(body, (word) => {
    const unspaced = word !== undefined && isUnspaced(word) && (!tools.stopwords.has(word) || HAN_NUMERAL.test(word)) ? word : '';
    if (unspaced && before) pairs.push(`${before} ${unspaced}`);
    before = unspaced;
  }, tools.segmenter);
  return repeated(pairs);
}

/**
 * A dateline at any paragraph's start: a place, a date or agency tag and a dash ("BERLIN (dpa) -"); a place not in
 * capitals needs a month (isDateline: not "Marie Dupont, 34 ans –"). At the body's start only, a place and a dash or
 * stop ("Jakarta, Kompas —", "STOCKHOLM."): elsewhere it may be a name ("NATO, die Allianz").
 */
const PLACE = "\\p{Lu}[\\p{Lu}\\p{M}.'’-]{2,}(?:[ \\t]+\\p{Lu}[\\p{Lu}\\p{M}.'’-]+){0,3}";
const NAMED_PLACE = "\\p{Lu}[\\p{Ll}\\p{M}.'’-]+(?:[ \\t-]+\\p{Lu}[\\p{Ll}\\p{M}.'’-]+){0,2}";
// (Format characters inside a word: Telugu's zero-width non-joiner, "లఖ్‌నవూ".)
const UNCASED_PLACE = `[${UNCASED_LETTERS}][${UNCASED_LETTERS}\\p{M}\\p{Cf}]*(?:[ \\t]+[${UNCASED_LETTERS}][${UNCASED_LETTERS}\\p{M}\\p{Cf}]*){0,2}`;
const MONTH = '\\p{L}[\\p{L}\\p{M}]{2,11}\\.?';
const SHORT = '(?:\\p{L}{1,3}[ \\t]+)?';
// (Any script's digits, "मंसिर २०"; a day and year, "27/2019"; a hyphen after the day, Uzbek "5-dekabr".)
const DATE = `(?:\\p{Nd}{1,2}\\.?(?:[ \\t]+|-)${SHORT}${MONTH}(?:[ \\t/]+${MONTH}){0,2}|${MONTH}[ \\t]+\\p{Nd}{1,2}(?:/\\p{Nd}{4}|[ \\t]+\\p{Ll}{1,2}\\.)?)(?:,?[ \\t]+${SHORT}\\p{Nd}{4}\\.?(?:[ \\t]+\\p{L}{1,3}\\.)?)?`;
/** Any script's comma (Arabic "،", Ethiopic "፣"). */
const COMMA_MARK = '[,،፣、]';
const COMMA = `[ \\t]*${COMMA_MARK}[ \\t]*`;
const TAG = '[ \\t]*\\([^()\\n]{1,30}\\)';
/** An agency's tag: no lower-case letter ("(EUROPA PRESS)", "(रासस)"; not "(Leeds)"). */
const AGENCY_TAG = `[ \\t]*\\((?:[^()\\n\\p{Ll}]|[${UNCASED_LETTERS}]){1,30}\\)`;
const DASH = '[ \\t]*[-–—](?=[ \\t])';
/** After an agency's tag, a stop or colon may stand for the dash ("(ELTA).", "(ኢዜአ)፦"). */
const TAG_END = `(?:${DASH}|[ \\t]*\\.[-–—]?(?=[ \\t])|[ \\t]*[:፦](?=[ \\t]|\\p{L}))`;
/** Any script's full stop ("։" Armenian, "።" Ethiopic, "।" Devanagari). */
const STOP = '[.։።।]';
/** An agency after the date, in capitals, ending the dateline's sentence ("ԵՐԵՎԱՆ, 6 ԴԵԿՏԵՄԲԵՐԻ, ԱՐՄԵՆՊՐԵՍ։"). */
const AGENCY_AND_STOP = `${COMMA}\\p{Lu}[\\p{Lu}\\p{M}.'’-]{1,30}(?:[ \\t]+\\p{Lu}[\\p{Lu}\\p{M}.'’-]+){0,2}[ \\t]*${STOP}(?=\\s)`;
/** An agency's or source's name in running case ("РИА Новости", "Jakarta, Kompas —"). */
const AGENCY_NAME = '\\p{Lu}[\\p{L}.]*(?:[ \\t]+\\p{Lu}[\\p{L}.]*){0,2}';
/** An agency named after the dash, a sentence of its own ("— РИА Новости."). */
const AGENCY = `[ \\t]*${AGENCY_NAME}\\.(?=[ \\t])`;
/** A region between slashes after the place ("ЦИОЛКОВСКИЙ /Амурская область/, 27 ноября. /ТАСС/."). */
const REGION = '[ \\t]*/[^/\\n]{1,40}/';
const DATELINE = new RegExp(
  `^[ \\t]*(?:${PLACE}(?:${REGION})?(?:(?:${COMMA}${DATE}(?:${TAG}){0,2}|(?:${COMMA}\\p{Nd}{1,2})?(?:${TAG}){1,2})${DASH}(?:${AGENCY})?|${COMMA}${DATE}(?:${TAG}){1,2}${TAG_END}|` +
    `${COMMA}${DATE}[ \\t]*\\.[ \\t]*/[^/\\n]{1,30}/\\.?|${COMMA}${DATE}${AGENCY_AND_STOP}|(?:${COMMA}\\p{Nd}{1,2})?(?:${AGENCY_TAG}){1,2}[ \\t]*(?=\\n)|(?=${COMMA}${DATE}[ \\t]*[.–—-]))` +
    `|(?:${NAMED_PLACE}|${UNCASED_PLACE})(?:${COMMA}${DATE}(?:(?:${TAG}){0,2}${DASH}|(?:${TAG}){1,2}${TAG_END}|[ \\t]*${STOP}(?=\\s)|${AGENCY_AND_STOP})|${COMMA}(?:${NAMED_PLACE}|${UNCASED_PLACE})${AGENCY_TAG}${DASH}))`,
  'gmu',
);
/** After a place not in capitals, the story's first sentence (over a line), no score ("Sparta – Pardubice 2:5"). */
const LEDE = '(?![^\\n]{0,40}\\d:\\d)(?=[ \\t]+["“„«‘\'\\p{Lu}\\p{N}][^\\n]{60})';
/** Malay and Indonesian datelines: a place in capitals and a colon, two words or five letters ("KLANG:"; not "KPK:"). */
const COLON_DATELINE = new RegExp(`^\\s*(?:\\p{Lu}[\\p{Lu}\\p{M}'’-]{4,}|\\p{Lu}[\\p{Lu}\\p{M}'’-]+(?:[ \\t]+\\p{Lu}[\\p{Lu}\\p{M}'’-]+){1,3})[ \\t]*:(?=[ \\t]+\\p{Lu})`, 'u');
const COLON_DATELINE_LANGUAGES: ReadonlySet<string> = new Set(['ms', 'id']);
/** A place in capitals ("ST. PETERSBURG"; not a dotted abbreviation, "EE.UU. anunció"), and a full stop. */
const PLACE_AND_STOP = "(?:\\p{Lu}{1,3}\\.[ \\t]+)?\\p{Lu}[\\p{Lu}\\p{M}'’-]{2,}(?:[ \\t]+\\p{Lu}[\\p{Lu}\\p{M}'’-]+){0,3}\\.(?=[ \\t])";
/** Uncased: place, dash, source, dash or colon ("تهران- ایرنا-"); one dash sets off a subject ("שר האוצר - הודיע"). */
const UNCASED_OPENING = `${UNCASED_PLACE}${DASH}[ \\t]*${UNCASED_PLACE}[ \\t]*[-–—:](?=[ \\t])(?=[ \\t]+[^\\n]{60})`;
/** Uncased, a line of its own: place, dash, agency's tag, perhaps a dash and a source ("دبي - (رويترز) - وكالات"). */
const UNCASED_LINE = `${UNCASED_PLACE}${DASH}${AGENCY_TAG}(?:${DASH}[ \\t]*${UNCASED_PLACE})?[ \\t]*(?=\\n)`;
const OPENING_DATELINE = new RegExp(
  `^\\s*(?:${PLACE}(?:${COMMA}${AGENCY_NAME})?${DASH}|${NAMED_PLACE}(?:${COMMA}${AGENCY_NAME})?${DASH}${LEDE}|${NAMED_PLACE}[ \\t]*\\(${AGENCY_NAME}\\)${DASH}${LEDE}|${PLACE_AND_STOP}|${UNCASED_OPENING}|${UNCASED_LINE})`,
  'u',
);

/** Korean wires' "(공주=연합뉴스) 김민수 기자 =" (words on both sides: not "(n=120)"). */
const EQUALS_DATELINE = /^[ \t]*\(\p{L}{2}[^()\n=]{0,28}=\p{L}{2}[^()\n=]{0,28}\)(?:[^\n=]{0,40}[ \t]=(?=[ \t]))?/gmu;

const ENDS_IN_AGENCY_TAG = new RegExp(`${AGENCY_TAG}[ \\t]*(?:[-–—:፦]|\\.[-–—]?)[ \\t]*$`, 'u');
/** The last tag of a dateline, in brackets or slashes: its agency's ("/ТАСС/", "(dpa/lby)"). */
const LAST_TAG = /[(/]([^()/\n]{1,30})[)/][^()/]*$/u;
/** A paragraph opening with a place, maybe a date, and a tag in brackets: an agency's ("Ljusdal (TT) Den stora"). */
const TAGGED_OPENING = /^[ \t]*\p{Lu}[^\n()]{0,40}?\(([\p{L}/.]{2,12})\)[ \t]*(?:[-–—:][ \t]|(?=\p{Lu}))/gmu;
const COMMA_AT = new RegExp(COMMA_MARK, 'u');

/** After a place not in capitals, a date naming a month or weekday, or an agency's tag and a dash ("मंसिर २० (रासस) —"). */
function isDateline(match: string, tools: LanguageTools): boolean {
  if (ENDS_IN_AGENCY_TAG.test(match)) return true;
  const comma = match.search(COMMA_AT);
  const inCapitals = HAS_CAPITAL.test(match) && !/\p{Ll}/u.test(match.slice(0, comma));
  const dateWords = match.slice(comma).match(/\p{L}[\p{L}\p{M}]*/gu) ?? [];
  return comma < 0 || inCapitals || dateWords.some((word) => tools.isDateWord(tools.lower(word), word));
}

/** The world's news agencies, as their tags write them (not "(CSU)", "(Nepal)"). */
const NEWS_AGENCIES = wordSet(`afp ap reuters dpa ansa efe lusa tt ntb ritzau stt apa sda ats čtk ctk tasr pap mti bta agerpres hina
  tanjug sta leta elta bns тасс tass риа ria interfax ukrinform irna wafa mena qna kuna wam pti ians ani bernama antara vna
  xinhua kyodo jiji yonhap aap nan kna sonna ena aps belga anp err acn бта укрінформ`);

/** Datelines gone, and the agencies they name: no keyphrase wherever the story names them ("säger … till TT"). */
function withoutDatelines(text: string, tools: LanguageTools): { body: string; agencies: string[] } {
  const agencies: string[] = [];
  const named = (tag = '') => agencies.push(...wordsOf(tag).filter((word) => NEWS_AGENCIES.has(tools.lower(word))));
  const dropped = (match: string) => {
    named(LAST_TAG.exec(match)?.[1]);
    return '';
  };
  for (const [, tag] of text.matchAll(TAGGED_OPENING)) named(tag);
  const opening = COLON_DATELINE_LANGUAGES.has(tools.language) ? text.replace(COLON_DATELINE, dropped) : text;
  const body = opening.replace(OPENING_DATELINE, dropped).replace(EQUALS_DATELINE, '').replace(DATELINE, (match) => (isDateline(match, tools) ? dropped(match) : match));
  return { body, agencies };
}

export function stopwordChunks(title: string, openingBody: string, tools: LanguageTools): ChunkBuilder {
  const { body, agencies } = withoutDatelines(openingBody, tools);
  const builder = new ChunkBuilder();
  const text = `${title}\n\n${body}`;
  const article = { ...articleWords(text, tools), agencies: new Set(agencies.map((word) => tools.lower(word))), nouns: kanaNouns(text, tools) };
  const pairs = recurringPairs(body, tools);
  builder.inTitle = true;
  if (title) read(title, tools, builder, article, pairs);
  builder.inTitle = false;
  if (body) read(body, tools, builder, article, pairs);
  return builder;
}
