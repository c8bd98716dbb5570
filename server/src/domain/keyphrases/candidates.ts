/**
 * Candidate phrases from wink-nlp part-of-speech tags.
 *
 * A candidate is a run of adjectives and nouns ending with a noun ("wavelength services",
 * "competitive carrier market", "Michael Buble"): the shape of nearly every keyphrase a person would
 * pick. Words written together with a hyphen or a slash ("hurricane-force", "TCP/IP", "3D") are glued
 * back into one word first, since wink-nlp splits them and a keyphrase must keep them whole.
 *
 * Tokens that can never be part of a keyphrase end a run: numbers alone, dates (months, weekdays,
 * ordinals), URLs, e-mail addresses, emoji and other symbols. Bylines, credits and datelines are cut
 * before tagging (boilerplate.ts).
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { stripBoilerplate } from './boilerplate';
import { stem } from './stemmer';

/** What a (glued) word can do inside a candidate phrase. */
export const enum Role {
  /** Ends a run. */
  Break = 0,
  /** Adjective-like: may start or sit inside a phrase, never end it. */
  Modifier = 1,
  /** Common noun. */
  Noun = 2,
  /** Proper noun. */
  Proper = 3,
}

export interface Word {
  surface: string;
  /** Stemmed lower-case form. */
  key: string;
  role: Role;
  /** Index of the word among all words of the article (title first), for the position feature. */
  position: number;
}

export interface Chunk {
  /** [start, end) indexes into Analysis.words. */
  start: number;
  end: number;
  /** True when the chunk is in the title. */
  inTitle: boolean;
}

export interface Analysis {
  words: Word[];
  chunks: Chunk[];
  /** Number of words (tokens that are not punctuation or spaces) in title and body: positions are relative to it. */
  length: number;
}

/**
 * Articles longer than this are analysed from their start only: 100,000 characters is ~15,000 words,
 * far more than any article, and the opening is where the subject is. It keeps publish fast and
 * bounded whatever a content field holds.
 */
export const MAX_ANALYSED_CHARS = 100_000;

/** Longest word kept (characters). */
const MAX_WORD_LENGTH = 40;

/** Longest phrase kept whole; longer runs (name lists, tagging errors) are cut to their last words. */
const MAX_PHRASE_WORDS = 5;

// wink-nlp with the POS tagger only: sentence boundaries, entities and sentiment are not used here,
// and each extra stage costs time on every publish. Loaded once, on first use.
let nlpInstance: ReturnType<typeof winkNLP> | undefined;
export function nlp(): ReturnType<typeof winkNLP> {
  if (!nlpInstance) nlpInstance = winkNLP(model, ['pos']);
  return nlpInstance;
}

const MONTHS_AND_DAYS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
  'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
  'a.m.', 'p.m.', 'am', 'pm', 'gmt', 'utc', 'est', 'edt', 'pst', 'pdt', 'bst', 'cet',
]);

/**
 * Adjectives (and words the tagger often calls nouns) that only quantify or point ("such methods",
 * "several new results", "a novel controller"): they are dropped from the start of a phrase, never
 * part of a topic.
 */
const WEAK_MODIFIERS = new Set([
  // Quantifiers and pointers.
  'such', 'other', 'many', 'much', 'several', 'various', 'certain', 'own', 'same', 'few', 'more', 'most',
  'less', 'least', 'further', 'numerous', 'additional', 'given', 'respective', 'whole', 'entire', 'total',
  'overall', 'particular', 'different', 'similar', 'following', 'above', 'below', 'only', 'etc',
  // Order and time relative to the text, not to the topic.
  'previous', 'next', 'last', 'first', 'second', 'third', 'final', 'recent', 'present', 'current',
  'existing', 'usual', 'new', 'old', 'novel', 'proposed', 'known', 'available', 'possible', 'potential',
  // Praise and vague size: a judgement, not a kind ("high", "small" or "general" often are: "high school").
  'good', 'better', 'best', 'great', 'big', 'bigger', 'biggest', 'little', 'important', 'main', 'major',
  'minor', 'able', 'very', 'specific', 'simple', 'common',
]);

/** Nouns that are never a topic on their own (they survive inside longer phrases). */
const EMPTY_NOUNS = new Set([
  'thing', 'things', 'way', 'ways', 'lot', 'lots', 'kind', 'sort', 'type', 'types', 'part', 'parts',
  'number', 'numbers', 'amount', 'case', 'cases', 'fact', 'use', 'time', 'times', 'year', 'years',
  'day', 'days', 'week', 'weeks', 'month', 'months', 'today', 'yesterday', 'tomorrow', 'tonight',
  'morning', 'afternoon', 'evening', 'night', 'people', 'someone', 'something', 'anything', 'nothing',
  'everything', 'etc', 'percent', 'per', 'cent', 'mr', 'mrs', 'ms', 'dr', 'mr.', 'mrs.', 'ms.', 'dr.',
  'st', 'st.', 'no', 'no.', 'inc', 'inc.', 'ltd', 'co', 'co.', 'corp', 'corp.', 'jr', 'jr.', 'sr', 'sr.',
  'one', 'ones', 'example', 'examples', 'paper', 'article', 'result', 'results', 'lead', 'end', 'side',
]);

/** Units written after a number ("300 mm wafers", "15 GHz"): measurements, not topics. */
const UNITS = new Set([
  'mm', 'cm', 'km', 'm', 'nm', 'um', 'µm', 'kg', 'g', 'mg', 'lb', 'lbs', 'oz', 'ft', 'in', 'mi', 'mph', 'kph',
  'km/h', 'hz', 'khz', 'mhz', 'ghz', 'thz', 'kb', 'mb', 'gb', 'tb', 'kbps', 'mbps', 'gbps', 'w', 'kw', 'mw',
  'gw', 'kwh', 'mwh', 'v', 'kv', 'mv', 'a', 'ma', 'db', 'dbm', 's', 'ms', 'sec', 'min', 'h', 'hr', 'hrs',
  'k', 'c', 'f', 'l', 'ml', 'percent', 'per', 'cent', 'bn', 'm.', 'million', 'billion', 'trillion', 'x',
]);

/** Short abbreviations with a final dot ("p.", "vol.", "no.", "Dr."): references and titles, not topics. */
const SHORT_ABBREVIATION = /^\p{L}{1,3}\.$/u;
/** Numbers, ordinals, decades and years: "42", "3.5", "21st", "1990s", "24/7". */
const NUMBER_LIKE = /^[\d.,:/-]*\d(?:st|nd|rd|th|s)?$/i;
const HAS_LETTER = /\p{L}/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;

// Character tests on the first or last code unit: the tagging loop runs once per token, so it avoids
// Unicode regular expressions on the common (ASCII) path.
function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
/** Starts with a letter or a digit (so not punctuation, a symbol or an emoji). */
function startsWord(value: string): boolean {
  const c = value.charCodeAt(0);
  if (isAsciiLetter(c) || isDigit(c)) return true;
  return c > 127 && LETTER_OR_DIGIT.test(value);
}
/** Contains a letter (so not a number, a date like 3/4 or a symbol). */
function hasLetter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isAsciiLetter(c)) return true;
    if (c > 127) return HAS_LETTER.test(value);
  }
  return false;
}

/** Words that can never be part of a keyphrase, whatever their tag. */
function isBreakWord(value: string): boolean {
  if (!hasLetter(value)) return true;
  const first = value.charCodeAt(0);
  if (isDigit(first) && NUMBER_LIKE.test(value)) return true;
  // Month and day names count when capitalised ("March 3"; "to march" is a verb).
  if (first >= 65 && first <= 90 && MONTHS_AND_DAYS.has(value.toLowerCase())) return true;
  if (value.charCodeAt(value.length - 1) !== 46 /* . */) return false;
  return SHORT_ABBREVIATION.test(value) || MONTHS_AND_DAYS.has(value.toLowerCase()); // "p.", "vol.", "a.m."

}

/** The role of one wink-nlp token from its tag and text. */
function roleOf(pos: string, value: string): Role {
  let role: Role;
  switch (pos) {
    case 'NOUN':
      role = Role.Noun;
      break;
    case 'PROPN':
      role = Role.Proper;
      break;
    case 'ADJ':
      role = Role.Modifier;
      break;
    default:
      return Role.Break;
  }
  return isBreakWord(value) ? Role.Break : role;
}

/** The role of a word glued from several tokens ("state-of-the-art", "TCP/IP", "COVID-19", "3D"). */
function roleOfCompound(tags: string[], value: string): Role {
  if (!hasLetter(value) || NUMBER_LIKE.test(value)) return Role.Break;
  const last = tags[tags.length - 1];
  if (tags.includes('PROPN') && (last === 'PROPN' || last === 'NUM' || last === 'NOUN')) return Role.Proper;
  if (last === 'NOUN' || last === 'PROPN') return Role.Noun;
  if (last === 'NUM' && (tags[0] === 'NOUN' || tags[0] === 'PROPN')) return Role.Proper; // "F-16", "G7"
  // "well-known", "real-time" before a noun, "so-called", "long-term": describe, never name.
  if (last === 'ADJ' || last === 'VERB' || last === 'ADV' || last === 'NUM') return Role.Modifier;
  return Role.Break;
}

const isJoiner = (value: string): boolean => value === '-' || value === '/';

/**
 * Tags the text and collects its words and chunks. With hasTitle, the words before the first blank
 * line are the title's. Hyphen and slash joins are only glued when nothing separates them ("e-mail"
 * yes, "pages 3 - 4" no).
 */
function analyseText(text: string, hasTitle: boolean, out: Analysis): void {
  const tokens = nlp().readDoc(text).tokens();
  const its = nlp().its;
  const values = tokens.out(its.value) as string[];
  const tags = tokens.out(its.pos) as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const n = values.length;

  let inTitle = hasTitle;
  let runStart = -1; // start (in out.words) of the current run of phrase words
  const closeRun = (): void => {
    if (runStart >= 0) pushChunks(out, runStart, out.words.length, inTitle);
    runStart = -1;
  };

  for (let i = 0; i < n; i++) {
    const value = values[i];
    const tag = tags[i];
    if (tag === 'PUNCT' || tag === 'SPACE' || tag === 'SYM' || !startsWord(value)) {
      closeRun();
      // The title ends at the first blank line (one tagging call for title and body: each call costs).
      if (inTitle && tag === 'SPACE' && value.includes('\n\n')) inTitle = false;
      continue;
    }
    // Glue "a-b", "a/b" and letters and digits the tokenizer split ("3" "D") into one word.
    const begin = i;
    let j = i;
    for (;;) {
      if (j + 2 < n && spaces[j + 1] === '' && spaces[j + 2] === '' && isJoiner(values[j + 1]) && startsWord(values[j + 2])) {
        j += 2;
      } else if (
        j + 1 < n && spaces[j + 1] === '' && tags[j + 1] !== 'PUNCT' && startsWord(values[j + 1]) &&
        (isDigit(values[j].charCodeAt(values[j].length - 1)) || isDigit(values[j + 1].charCodeAt(0)))
      ) {
        j += 1;
      } else break;
    }
    let surface: string;
    let role: Role;
    if (j === i) {
      surface = value;
      role = roleOf(tag, value);
    } else {
      surface = values.slice(i, j + 1).join('');
      const partTags: string[] = [];
      for (let k = i; k <= j; k += 1) if (!isJoiner(values[k])) partTags.push(tags[k]);
      role = roleOfCompound(partTags, surface);
      i = j;
    }
    const position = out.length;
    out.length += 1;
    // A past participle before a noun describes it ("integrated circuits", "distributed systems"),
    // unless it follows a noun or pronoun, where it is the verb ("the company acquired assets").
    if (role === Role.Break && tag === 'VERB' && j === i && j + 1 < n && (tags[j + 1] === 'NOUN' || tags[j + 1] === 'ADJ') &&
      value.endsWith('ed') && startsPhraseHere(out, runStart, begin > 0 ? tags[begin - 1] : '')) {
      role = Role.Modifier;
    }
    // Over-long "words" are identifiers, hashes or glued lists, never a keyphrase.
    if (surface.length > MAX_WORD_LENGTH) role = Role.Break;
    // "300 mm fabs": a unit after a number is part of the measurement.
    if (role !== Role.Break && begin > 0 && tags[begin - 1] === 'NUM' && UNITS.has(surface.toLowerCase())) role = Role.Break;
    if (role === Role.Break) {
      // "NuVox Communications positions itself", "Michael Buble kisses his bride": after a name, a
      // plural-looking noun followed by a determiner or pronoun is a verb the tagger missed.
      if ((tag === 'DET' || tag === 'PRON') && runStart >= 0) dropMistaggedVerb(out, runStart);
      closeRun();
      continue;
    }
    if (runStart < 0) runStart = out.words.length;
    out.words.push({ surface, key: stem(surface), role, position });
  }
  closeRun();
}

/** A modifier may come here: at the start of a run not right after a noun, or after another modifier. */
function startsPhraseHere(out: Analysis, runStart: number, previousTag: string): boolean {
  if (runStart >= 0) return out.words[out.words.length - 1].role === Role.Modifier;
  return previousTag !== 'NOUN' && previousTag !== 'PROPN' && previousTag !== 'PRON';
}

function dropMistaggedVerb(out: Analysis, runStart: number): void {
  const words = out.words;
  const last = words.length - 1;
  if (last - 1 < runStart) return;
  const word = words[last];
  if (word.role === Role.Noun && words[last - 1].role === Role.Proper && /[^s]s$/.test(word.surface)) words.pop();
}

/** Trims a run of words to a candidate phrase and records it (split where a common noun meets a name). */
function pushChunks(out: Analysis, start: number, end: number, inTitle: boolean): void {
  const words = out.words;
  // A run ends with a noun: drop trailing modifiers ("the results were significant").
  while (end > start && words[end - 1].role === Role.Modifier) end -= 1;
  // Drop quantifiers and pointers at the start ("several new results" -> "results").
  while (start < end && WEAK_MODIFIERS.has(words[start].surface.toLowerCase()) && words[start].role !== Role.Proper) start += 1;
  if (start >= end) return;
  // "pop star Michael Buble" names two things: the person and what they are.
  for (let k = start + 1; k < end; k++) {
    if (words[k].role === Role.Proper && words[k - 1].role === Role.Noun) {
      pushChunks(out, start, k, inTitle);
      pushChunks(out, k, end, inTitle);
      return;
    }
  }
  if (end - start > MAX_PHRASE_WORDS) start = end - MAX_PHRASE_WORDS;
  if (end - start === 1 && EMPTY_NOUNS.has(words[start].surface.toLowerCase())) return;
  out.chunks.push({ start, end, inTitle });
}

/** Splits an article into its title (given, or a short first line followed by a blank line) and body. */
export function splitTitle(input: { title?: string; text: string }): { title: string; body: string } {
  const text = typeof input.text === 'string' ? input.text : '';
  const given = typeof input.title === 'string' ? input.title.trim() : '';
  if (given) return { title: given, body: text };
  // Texts pasted or imported without a separate title usually start with it on its own line.
  const m = /^\s*([^\n]{1,250}?)[ \t]*\r?\n[ \t]*\r?\n/.exec(text);
  if (m && /\S/.test(text.slice(m[0].length))) return { title: m[1], body: text.slice(m[0].length) };
  return { title: '', body: text };
}

/** Cuts a string to at most max characters, at a whitespace when there is one near the end. */
function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max);
  return text.slice(0, cut > max * 0.9 ? cut : max);
}

export function analyse(input: { title?: string; text: string }): Analysis {
  const { title, body } = splitTitle(input);
  const out: Analysis = { words: [], chunks: [], length: 0 };
  // The title on one line, then a blank line, then the body: the blank line marks where the title ends.
  const titleText = stripBoilerplate(cap(title, 1000)).replace(/\s+/g, ' ').trim();
  const bodyText = stripBoilerplate(cap(body, MAX_ANALYSED_CHARS));
  const hasTitle = titleText !== '';
  const text = hasTitle ? `${titleText}\n\n${bodyText}` : bodyText;
  if (/\S/.test(text)) analyseText(text, hasTitle, out);
  return out;
}
