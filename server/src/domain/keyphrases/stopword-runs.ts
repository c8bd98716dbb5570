/**
 * Candidates for any language but English, without a tagger: runs of words between stopwords and punctuation
 * ("vieux phare", "Cape Canaveral", "station spatiale internationale"). An elided article or preposition
 * ("l'île", "dell'acqua", "qu'il", with ' or ’) is cut off its word and counts as a stopword. Words joined by a
 * hyphen or slash stay whole ("porte-parole"). Numbers end a run. Scripts written without spaces (Chinese, Thai...)
 * are cut into words by ICU (LanguageTools.segmenter), each a candidate of its own. In German, capitals mark the
 * nouns (NOUNS_CAPITALISED).
 */
import { NOUNS_CAPITALISED, quotedEnglishStopwords, type LanguageTools } from './language';
import { ChunkBuilder, Role, UNSPACED, scanWords } from './words';

const HAS_LETTER = /\p{L}/u;
/** A Japanese kanji alone, a word (Chinese ones alone are mostly grammar: "的", "了"). */
const KANJI = /^\p{Script=Han}$/u;
/** A capital, then lower case ("Po", "Como"; not "EL" of a heading in capitals). */
const TITLE_CASE = /^\p{Lu}\p{Ll}/u;
/**
 * A break after which a capital proves nothing: anything but a comma, a semicolon or a closing bracket (a sentence's
 * end, a colon, a dash, a bullet, a "|", a quotation mark).
 */
const SENTENCE_END = /[^\s,;)\]]/;
/*
 * In a language that capitalises every noun (NOUNS_CAPITALISED: German), a phrase is lower-case adjectives before capitalised nouns
 * ("alten Leuchtturm"; a brand's inner capital counts: "iPhone"), and lower-case words alone name nothing. A
 * lower-case word right after a noun is a verb or an adverb ("Insel restauriert", "Verein sammelte Spenden"): it
 * ends the phrase and starts none, unless it has an adjective's ending that verbs lack (-er, -es, -em): an
 * adjective opening the next phrase without an article ("Ausbau erneuerbarer Energien"). A capital at a sentence's
 * start proves nothing: a word the article also writes in lower case is an adjective there ("Neue Regeln") or, without
 * a declined ending, an adverb or a conjunction, which the verb follows ("Dennoch brauchen Rosen Licht").
 */
const HAS_CAPITAL = /\p{Lu}/u;
const ADJECTIVE_ENDING = /(?:er|es|em)$/;
/** A declined adjective's endings ("Neue Regeln", "Erneuerbare Energien" opening a sentence). */
const DECLINED = /(?:e|en|er|es|em)$/;
/** Longest elided word ("jusqu'", "quell'", "dell'"). */
const MAX_ELIDED = 6;

/** Splits an elided stopword off the word's start: "l'île" -> "île", "dell'acqua" -> "acqua"; else null. */
function elided(word: string, stopwords: ReadonlySet<string>): string | null {
  const at = word.search(/['’]/);
  if (at < 1 || at > MAX_ELIDED) return null;
  const head = word.slice(0, at).toLowerCase();
  // "l'" is "le"/"la", "dell'" is "della"/"dello", "qu'" is "que": the list has the word or its full form.
  if (![head, `${head}e`, `${head}a`, `${head}o`].some((form) => stopwords.has(form))) return null;
  return word.slice(at + 1);
}

/** The word without the elided stopwords it starts with ("l'île" -> "île"). */
export function withoutElision(word: string, tools: LanguageTools): string {
  for (let rest = elided(word, tools.stopwords); rest !== null; rest = elided(word, tools.stopwords)) word = rest;
  return withoutEnding(word, tools.language);
}

/**
 * Languages that write a name's case ending after an apostrophe ("Kapadokya'da", "Erdoğan'ın", "İstanbul'daki"):
 * the name is the word. (Elsewhere an apostrophe before an ending is part of a name: "Moody's", "Cléac'h".)
 */
const ENDINGS_AFTER_APOSTROPHE: ReadonlySet<string> = new Set(['tr', 'az']);
const ENDING = /^([\p{L}\p{M}]{2,})['’](?:[\p{Ll}\p{M}]{1,6}|[\p{Lu}\p{M}]{1,6})$/u;

function withoutEnding(word: string, language: string): string {
  const m = ENDINGS_AFTER_APOSTROPHE.has(language) ? ENDING.exec(word) : null;
  return m ? m[1] : word;
}

/** What ends a passage for the English test: a sentence's end, a quotation mark, a dash, a line break. */
const PASSAGE = /[^.!?…"“”„«»–—\n]+/g;
const PASSAGE_WORD = /[\p{L}\p{M}'’]+/gu;
/** Words of a passage from which its share of English function words tells: shorter ones are names or fragments. */
const PASSAGE_WORDS = 5;

/**
 * Where a text in another language quotes English (a quotation, a slogan: "We believe Polish talent is among the best
 * in the world"): passages of at least PASSAGE_WORDS words, a fifth or more of them English stopwords the language
 * does not share, and almost none of the language's own. Their English function words are stopwords there, not
 * keyphrases ("in", "and"). As start, end pairs, in order.
 */
function englishPassages(text: string, tools: LanguageTools): number[] {
  const english = quotedEnglishStopwords();
  const ranges: number[] = [];
  PASSAGE.lastIndex = 0;
  for (let m = PASSAGE.exec(text); m; m = PASSAGE.exec(text)) {
    const words = m[0].toLowerCase().match(PASSAGE_WORD) ?? [];
    if (words.length < PASSAGE_WORDS) continue;
    let englishOnly = 0;
    let ownOnly = 0;
    for (const word of words) {
      const own = tools.stopwords.has(word);
      if (english.has(word) && !own) englishOnly += 1;
      else if (own && !english.has(word)) ownOnly += 1;
    }
    if (englishOnly * 5 >= words.length && ownOnly * 10 <= words.length) ranges.push(m.index, m.index + m[0].length);
  }
  return ranges;
}

/** Words a text writes without a capital (in German, never a noun). */
function lowerCaseWords(text: string): Set<string> {
  const words = new Set<string>();
  scanWords(text, (word) => {
    if (word !== undefined && !HAS_CAPITAL.test(word)) words.add(word);
  });
  return words;
}

/**
 * Names with a lower-case stopword inside ("Cais do Sodré", "Rio de Janeiro", "Costa del Sol"): a capitalised word, a
 * stopword, a capitalised word, written so at least twice (once may be two names joined: "Madrid y Barcelona").
 * Keys "Cais do Sodré" as written. Not where every noun is capitalised (German: "Stadt und Land").
 */
function namesAroundStopwords(text: string, tools: LanguageTools): Set<string> {
  const { stopwords, conjunctions } = tools;
  const counts = new Map<string, number>();
  let [first, second] = ['', ''];
  scanWords(text, (word) => {
    if (word === undefined) {
      [first, second] = ['', ''];
      return;
    }
    // (Not "and" or "or": "Rusia y Ucrania" are two names, however often the article pairs them.)
    if (first && TITLE_CASE.test(first) && stopwords.has(second) && !conjunctions.has(second) && TITLE_CASE.test(word)) {
      const key = `${first} ${second} ${word}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    [first, second] = [second, word];
  });
  return new Set([...counts].filter(([, count]) => count >= 2).map(([key]) => key));
}

/**
 * Reads one text (the title or the body) into the builder. `lowerCase` (German): words the article writes in lower
 * case, so that a capital at a sentence's start is not taken for a noun's ("Dennoch", "Wichtig" when the article
 * also writes "dennoch", "wichtig").
 */
function read(text: string, tools: LanguageTools, into: ChunkBuilder, lowerCase?: ReadonlySet<string>, joinedNames: ReadonlySet<string> = new Set()): void {
  const { stopwords } = tools;
  const nounsCapitalised = NOUNS_CAPITALISED.has(tools.language);
  const quoted = englishPassages(text, tools);
  const englishStopwords = quotedEnglishStopwords();
  /** Index into `quoted` of the first passage not yet behind the word being read. */
  let passage = 0;
  let sentenceStart = true;
  /** The word before was an adverb opening the sentence: the verb comes next in German ("Dennoch brauchen Rosen"). */
  let openerBefore = false;
  /** The word before was a number ("35 grados"). */
  let numberBefore = false;
  let nextLineBreak = text.indexOf('\n');
  /** A stopword after a capitalised word, held until the next word says whether it is inside a name (joinedNames). */
  let held: { word: string; lower: string; after: string } | undefined;
  const release = (next: string | undefined) => {
    if (!held) return;
    // (Weak: a phrase cut short never starts with it, "de São Paulo".)
    if (next !== undefined && joinedNames.has(`${held.after} ${held.word} ${next}`)) into.add({ text: held.word, key: tools.key(held.lower), role: Role.Noun, weak: true });
    else into.skip();
    held = undefined;
  };
  scanWords(text, (found, start, end) => {
    if (nextLineBreak >= 0 && nextLineBreak < start) {
      sentenceStart = true;
      nextLineBreak = text.indexOf('\n', start);
    }
    release(found);
    if (found === undefined) {
      numberBefore = false;
      if (SENTENCE_END.test(text.slice(start, end))) sentenceStart = true;
      into.end(); // punctuation or a blank line
      return;
    }
    let word = found;
    let endsPhrase = false;
    const atSentenceStart = sentenceStart;
    const afterOpener = openerBefore;
    const afterNumber = numberBefore;
    numberBefore = /^\d/.test(found);
    [sentenceStart, openerBefore] = [false, false];
    if (word.includes("'") || word.includes('’')) {
      for (let rest = elided(word, stopwords); rest !== null; rest = elided(word, stopwords)) {
        into.skip();
        word = rest;
      }
      // A case ending ("İzmir'de", in İzmir) makes the name a phrase of its own: "İzmir | orman yangını".
      const name = withoutEnding(word, tools.language);
      endsPhrase = name !== word;
      word = name;
    }
    const lower = tools.lower(word);
    while (passage < quoted.length && quoted[passage + 1] <= start) passage += 2;
    const inEnglish = passage < quoted.length && quoted[passage] <= start;
    // A weekday or month ("martes", "16 juin 2012", "joulukuun", "am Montag"): a date, which ends a phrase.
    const date = tools.isDateWord(lower, word);
    // A stopword capitalised inside a sentence is a name or a name's part (the river "Po", "lago di Como", "La
    // Rochelle"), where capitals do not mark every noun.
    // (Not in a title, which may capitalise every word: "Cómo Ahorrar En La Factura De La Luz".)
    const name = !atSentenceStart && !into.inTitle && !nounsCapitalised && TITLE_CASE.test(word);
    const last = into.runLast();
    if (stopwords.has(lower) && !name && word === lower && joinedNames.size && last && TITLE_CASE.test(last.text)) {
      held = { word, lower, after: last.text };
      return;
    }
    // (A dotted abbreviation in lower case is a function word's: "m.in.", "z.B.", "u.a."; "EE.UU." names a country.)
    const stop = stopwords.has(lower) || (inEnglish && englishStopwords.has(lower)) || (word.includes('.') && word[0] === lower[0]);
    if ((stop && !name) || date || !HAS_LETTER.test(word) || tools.isGrammar?.(word)) {
      into.skip();
      return;
    }
    // A letter alone (a Japanese kanji is a word: "卵", egg) or a word starting with a digit ("h", "x", "3e") is an
    // abbreviation, a unit or an ordinal, a span of time says when ("mese", "año"), a unit after a number how much ("35
    // grados"; abbreviated "6,89 zł/l", "12 gr", "5 mln"): part of a phrase ("Space X", "3e édition", "año escolar")
    // but never a keyphrase of its own.
    const unit = afterNumber && (word.length <= 3 || word.includes('/') || tools.isUnit(lower));
    const letter = word.length === 1 && !(tools.language === 'ja' && KANJI.test(word));
    const empty = letter || /^\d/.test(word) || tools.isTimeSpan(lower) || unit;
    let role = Role.Noun;
    if (nounsCapitalised) {
      const capitalised = HAS_CAPITAL.test(word);
      // A capital that only opens the sentence, on a word the article also writes in lower case.
      const openingCapital = capitalised && atSentenceStart && Boolean(lowerCase?.has(lower));
      if (openingCapital && !DECLINED.test(lower)) {
        // An adverb or a conjunction opening the sentence ("Dennoch", "Bevor"): no part of a phrase.
        into.skip();
        openerBefore = true;
        return;
      }
      if (!capitalised || openingCapital) {
        if (into.runLast()?.role === Role.Noun || afterOpener) {
          if (!ADJECTIVE_ENDING.test(lower)) {
            into.skip();
            return;
          }
          into.end();
        }
        role = Role.Modifier;
      }
    }
    into.add({ text: word, key: tools.key(lower), role, ...(empty ? { empty } : {}) });
    if (endsPhrase) into.end();
    // In a script without spaces, words between stopwords are clauses as often as phrases ("改造老旧地铁线路",
    // "renovate old subway lines"): without a tagger to tell them apart, each word is a candidate of its own.
    // (Those scripts start at U+0E00: most words are not tested.)
    if (word.charCodeAt(0) >= 0x0e00 && UNSPACED.test(word)) into.end();
  }, tools.segmenter);
  release(undefined);
  into.end();
}

/**
 * A dateline opening a story, in any language: the place in capitals, then a date or an agency's tag and a dash, or a
 * comma and a date ending its sentence ("MADRID, 5 Mar. (EUROPA PRESS) -", "BERLIN (dpa) -", "VENEZIA, 1 dicembre –",
 * "ВЛАДИВОСТОК, 14 августа."), at any paragraph's start (the story may follow a standfirst field); the place and a
 * dash alone ("ROMA –") only where the body starts. A name in capitals opening a paragraph otherwise stays ("NATO, die
 * Allianz", "IKEA, företaget med 200 varuhus –", "NATO, 4 Nisan 1949'da").
 */
const PLACE = "\\p{Lu}[\\p{Lu}\\p{M}.'’-]{2,}(?:[ \\t]+\\p{Lu}[\\p{Lu}\\p{M}.'’-]+){0,3}";
const DATE = '(?:\\d{1,2}\\.?[ \\t]+\\p{L}{3,12}\\.?|\\p{L}{3,12}\\.?[ \\t]+\\d{1,2})(?:,?[ \\t]+\\d{4})?';
const TAG = '[ \\t]*\\([^()\\n]{1,30}\\)';
const DASH = '[ \\t]*[-–—](?=[ \\t])';
const DATELINE = new RegExp(
  `^[ \\t]*${PLACE}(?:(?:[ \\t]*,[ \\t]*${DATE}(?:${TAG}){0,2}|(?:${TAG}){1,2})${DASH}|(?=[ \\t]*,[ \\t]*${DATE}[ \\t]*[.–—-]))`,
  'gmu',
);
const OPENING_DATELINE = new RegExp(`^\\s*${PLACE}${DASH}`, 'u');

/** The candidate chunks of an article in a language other than English (title, then body). */
export function stopwordChunks(title: string, openingBody: string, tools: LanguageTools): ChunkBuilder {
  const body = openingBody.replace(OPENING_DATELINE, '').replace(DATELINE, '');
  const builder = new ChunkBuilder();
  const nounsCapitalised = NOUNS_CAPITALISED.has(tools.language);
  const lowerCase = nounsCapitalised ? lowerCaseWords(`${title}\n${body}`) : undefined;
  const joinedNames = nounsCapitalised ? undefined : namesAroundStopwords(`${title}\n\n${body}`, tools);
  builder.inTitle = true;
  if (title) read(title, tools, builder, lowerCase, joinedNames);
  builder.inTitle = false;
  if (body) read(body, tools, builder, lowerCase, joinedNames);
  return builder;
}
