/**
 * What the extractor knows about the words it reads, memoised across articles:
 * - by wink-nlp token id (TokenTable): the token's text and a few bits about its shape, read from
 *   wink-nlp once per id;
 * - by spelling (lexeme()): the stem (the key used for counting and de-duplication) and flags from
 *   the word lists below.
 * Articles repeat their words and so do articles on the same site: stemming and testing word lists
 * once per distinct word instead of once per token is what keeps the extractor close to wink-nlp's
 * own speed. Both memos are dropped (between two articles) once they are big, so memory stays flat on
 * a long-running server.
 */
import { stemWord } from './stemmer';

export const enum Flag {
  /** Never part of a keyphrase whatever its tag: no letter, a number, a month or weekday, "p.". */
  NotAWord = 1,
  /** Quantifier or pointer dropped from the start of a phrase ("several", "new"). */
  Weak = 2,
  /** A noun never a topic on its own ("thing", "year"). */
  Empty = 4,
  /** A unit after a number ("mm", "GHz"). */
  Unit = 8,
  /** Starts with a capital A-Z: a headline, a sentence start or a name. */
  Capitalised = 16,
  /** A capital, then a lower-case letter or any non-ASCII letter ("Lopilato", "Álvarez"): written as a name. */
  NameCase = 32,
}

export interface Lexeme {
  flags: number;
  /**
   * Small integer naming the word's key, its lower-case Porter stem ("spills" -> "spill"): equal
   * keys, equal ids; keysByIdNow()[id] is the key.
   */
  id: number;
}

const MONTHS_AND_DAYS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
  'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
  'a.m.', 'p.m.', 'am', 'pm', 'gmt', 'utc', 'est', 'edt', 'pst', 'pdt', 'bst', 'cet',
]);

/**
 * Adjectives (and words the tagger often calls nouns) that quantify, point or judge ("such methods",
 * "several new results", "a novel controller"): dropped from the start of a phrase.
 */
const WEAK_MODIFIERS = new Set([
  // Quantifiers and pointers.
  'such', 'other', 'many', 'much', 'several', 'various', 'certain', 'own', 'same', 'few', 'more', 'most',
  'less', 'least', 'further', 'numerous', 'additional', 'given', 'respective', 'whole', 'entire', 'total',
  'overall', 'particular', 'different', 'similar', 'following', 'above', 'below', 'only', 'etc',
  // Order and time relative to the text, not to the topic.
  'previous', 'next', 'last', 'first', 'second', 'third', 'final', 'recent', 'present', 'current',
  'existing', 'usual', 'new', 'old', 'novel', 'proposed', 'known', 'available', 'possible', 'potential',
  // Praise and vague size: a judgement, not a kind (unlike "high", "small" or "general": "high school").
  'good', 'better', 'best', 'great', 'big', 'bigger', 'biggest', 'little', 'important', 'main', 'major',
  'minor', 'able', 'very', 'specific', 'simple', 'common',
]);

/** Nouns that are never a topic on their own (they survive inside longer phrases: "time zone"). */
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
const NUMBER_LIKE = /^[\d.,:/-]*\d(?:st|nd|rd|th|s)?$/;
const HAS_LETTER = /\p{L}/u;

function flagsOf(surface: string, lower: string): number {
  let flags = 0;
  const first = surface.charCodeAt(0);
  const capitalised = first >= 65 && first <= 90;
  if (
    !HAS_LETTER.test(surface) || NUMBER_LIKE.test(surface) || SHORT_ABBREVIATION.test(surface) ||
    // Month and day names count when capitalised ("March 3"; "to march" is a verb), "a.m." always.
    (MONTHS_AND_DAYS.has(lower) && (capitalised || lower.endsWith('.')))
  ) flags |= Flag.NotAWord;
  if (WEAK_MODIFIERS.has(lower)) flags |= Flag.Weak;
  if (EMPTY_NOUNS.has(lower)) flags |= Flag.Empty;
  if (UNITS.has(lower)) flags |= Flag.Unit;
  if (capitalised) flags |= surface.charCodeAt(1) >= 97 ? Flag.Capitalised | Flag.NameCase : Flag.Capitalised;
  return flags;
}

/** Token ids memoised before that memo is dropped (wink-nlp's own lexicon is ~90,000 words). */
const MAX_TOKEN_IDS = 200_000;
/** Spellings memoised before the memo is dropped (checked between articles, so one article's lookups stay cheap). */
const MAX_SPELLINGS = 40_000;
let bySpelling = new Map<string, Lexeme>();
/** Integer id of each distinct key (dropped together with the memos, so ids stay consistent with them). */
let keyIds = new Map<string, number>();
/** The key of each key id. */
let keysById: string[] = [];

function keyIdOf(key: string): number {
  let id = keyIds.get(key);
  if (id === undefined) {
    id = keysById.length;
    keyIds.set(key, id);
    keysById.push(key);
  }
  return id;
}

/**
 * The keys by key id, as they are now. An analysis keeps this array: after the memos are dropped,
 * new ids go to a new array, so the ids it holds still name the same keys.
 */
export function keysByIdNow(): readonly string[] {
  return keysById;
}

/** The lexeme of a word as written (any case). */
export function lexeme(surface: string): Lexeme {
  let entry = bySpelling.get(surface);
  if (entry === undefined) {
    const lower = surface.toLowerCase();
    entry = { flags: flagsOf(surface, lower), id: keyIdOf(stemWord(lower)) };
    bySpelling.set(surface, entry);
  }
  return entry;
}

export const enum Shape {
  /** Starts with a letter or a digit (so not punctuation, a symbol or an emoji). */
  WordStart = 1,
  /** "-" or "/", which glue words written without spaces ("e-mail", "TCP/IP"). */
  Joiner = 2,
  DigitStart = 4,
  DigitEnd = 8,
  /** Ends in "ed" (a past participle when tagged as a verb). */
  EndsEd = 16,
  /** Whitespace holding a blank line (a paragraph break). */
  BlankLine = 32,
  /** One to three characters starting with a capital ("D" in "3D", "G" in "G8"): half of a code. */
  ShortCode = 64,
  /** Set on every shape computed (so 0 means "not seen yet"). */
  Known = 128,
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;

function shapeOf(value: string): number {
  let shape = Shape.Known;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  const asciiWordStart = (first >= 48 && first <= 57) || (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
  if (asciiWordStart || (first > 127 && LETTER_OR_DIGIT.test(value))) shape |= Shape.WordStart;
  if (value === '-' || value === '/') shape |= Shape.Joiner;
  if (first >= 48 && first <= 57) shape |= Shape.DigitStart;
  if (last >= 48 && last <= 57) shape |= Shape.DigitEnd;
  if (value.endsWith('ed')) shape |= Shape.EndsEd;
  if (/\n[^\S\n]*\n/.test(value)) shape |= Shape.BlankLine;
  if (value.length <= 3 && first >= 65 && first <= 90) shape |= Shape.ShortCode;
  return shape;
}

/** Marks computed flags in a TokenTable info's high byte (so 0 means "not computed yet"). */
export const FLAGS_KNOWN = 128;
/** In a TokenTable info's flags: the word is longer than MAX_WORD_LENGTH characters (an identifier, a hash). */
export const FLAG_LONG = 64;
/** Longest word kept (characters). */
export const MAX_WORD_LENGTH = 40;

/**
 * By wink-nlp lexeme id (small dense integers), what the extractor knows of a token: its text and
 * shape, read from wink-nlp once per id, and for the words that can be part of a phrase their key id
 * and flags. The numbers sit side by side in one typed array (entries), so the loop over an
 * article's tokens reads all it needs of a token in one memory access, without a call, a hash or an
 * object: profiling showed that loop's time going to memory reads, not to its arithmetic.
 */
export class TokenTable {
  /**
   * Per token id, two numbers: at 2 * id its info, shape (bits 0-7, 0 before record()), flags (bits
   * 8-15: lexeme flags | FLAG_LONG | FLAGS_KNOWN, 0 before word()); at 2 * id + 1 its key id
   * (Lexeme.id), once word() has run for it.
   */
  entries = new Int32Array(2 << 17);
  /**
   * Per token id, its text, from record(). Growing makes a new array, so an analysis may keep the
   * one it was made with.
   */
  text: string[] = new Array(1 << 17);
  seen = 0;
  /**
   * Words glued from several tokens ("e-mail", "TCP/IP", "3D"), numbered in order of first sight:
   * their texts (an analysis may keep this array, like `text`)...
   */
  readonly gluedText: string[] = [];
  /** ...per glued word two numbers like a token's: its flags (0 before gluedWord()) and its key id... */
  private gluedEntries = new Int32Array(2 << 10);
  /** ...its token ids, glued word g's at gluedIds[gluedFrom[g]] up to gluedFrom[g + 1]... */
  private gluedIds = new Int32Array(1 << 12);
  private gluedFrom = new Int32Array(1 << 10);
  /** ...and, to find it by them, an open-addressing hash table of glued word + 1 (0: empty slot). */
  private gluedSlots = new Int32Array(1 << 10);

  /** Records the text of a token id seen for the first time; returns its shape. */
  record(id: number, value: string): number {
    if (2 * id >= this.entries.length) this.grow(id);
    const shape = shapeOf(value);
    this.entries[2 * id] = shape;
    this.text[id] = value;
    this.seen += 1;
    return shape;
  }

  /** Fills in the key id of a recorded token id; returns its flags (the high byte of its info). */
  word(id: number): number {
    const { flags, id: keyId } = tableWord(this.text[id]);
    this.entries[2 * id + 1] = keyId;
    this.entries[2 * id] = (this.entries[2 * id] & ~0xff00) | (flags << 8);
    return flags;
  }

  /**
   * The glued word made of tokens from..to of an article (their ids are ids[from..to]): a number
   * for it, the same whenever the same tokens are glued. Its text is made, and looked up in the
   * spelling memo, once per distinct glued word instead of once per occurrence.
   */
  glued(ids: ArrayLike<number>, from: number, to: number): number {
    const hash = hashIds(ids, from, to + 1);
    const slots = this.gluedSlots;
    const mask = slots.length - 1;
    let s = hash & mask;
    for (; slots[s] !== 0; s = (s + 1) & mask) {
      const g = slots[s] - 1;
      const start = this.gluedFrom[g];
      if (this.gluedFrom[g + 1] - start !== to + 1 - from) continue;
      let k = from;
      while (k <= to && this.gluedIds[start + k - from] === ids[k]) k++;
      if (k > to) return g;
    }
    const g = this.gluedText.length;
    let text = '';
    for (let k = from; k <= to; k++) text += this.text[ids[k]];
    this.gluedText.push(text);
    this.seen += 1;
    const start = this.gluedFrom[g];
    this.gluedIds = atLeast(this.gluedIds, start + to + 1 - from);
    for (let k = from; k <= to; k++) this.gluedIds[start + k - from] = ids[k];
    this.gluedFrom = atLeast(this.gluedFrom, g + 2);
    this.gluedFrom[g + 1] = start + to + 1 - from;
    this.gluedEntries = atLeast(this.gluedEntries, 2 * g + 2);
    slots[s] = g + 1;
    // At most half full, so that a search soon meets an empty slot.
    if (2 * this.gluedText.length > slots.length) this.rehashGlued();
    return g;
  }

  /** The flags of glued word g (as word() gives a token's); its key id is then gluedKeyId(g). */
  gluedWord(g: number): number {
    const known = this.gluedEntries[2 * g];
    if (known !== 0) return known;
    const { flags, id } = tableWord(this.gluedText[g]);
    this.gluedEntries[2 * g] = flags;
    this.gluedEntries[2 * g + 1] = id;
    return flags;
  }

  gluedKeyId(g: number): number {
    return this.gluedEntries[2 * g + 1];
  }

  private rehashGlued(): void {
    const slots = new Int32Array(2 * this.gluedSlots.length);
    const mask = slots.length - 1;
    for (let g = 0; g < this.gluedText.length; g++) {
      let s = hashIds(this.gluedIds, this.gluedFrom[g], this.gluedFrom[g + 1]) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = g + 1;
    }
    this.gluedSlots = slots;
  }

  private grow(id: number): void {
    let length = this.text.length;
    while (length <= id) length *= 2;
    const entries = new Int32Array(2 * length);
    entries.set(this.entries);
    const text: string[] = new Array(length);
    for (let i = 0; i < this.text.length; i++) text[i] = this.text[i];
    this.entries = entries;
    this.text = text;
  }
}

/**
 * A word's flags as the token table keeps them (lexeme flags | FLAGS_KNOWN, | FLAG_LONG for an
 * over-long word: an identifier, a hash or a glued list, never a phrase word and so not stemmed)
 * and its key id.
 */
function tableWord(text: string): Lexeme {
  if (text.length > MAX_WORD_LENGTH) return { flags: FLAGS_KNOWN | FLAG_LONG, id: 0 };
  const entry = lexeme(text);
  return { flags: entry.flags | FLAGS_KNOWN, id: entry.id };
}

/** A hash of the run of ids ids[from..end): finds glued words here and phrases in the collector. */
export function hashIds(ids: ArrayLike<number>, from: number, end: number): number {
  let h = end - from;
  for (let k = from; k < end; k++) h = Math.imul(h ^ ids[k], 0x9e3779b1) ^ (h >>> 16);
  return h;
}

/** The array itself when it holds `length` numbers, else a copy twice as long (or more). */
function atLeast(array: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> {
  if (length <= array.length) return array;
  const bigger = new Int32Array(Math.max(length, 2 * array.length));
  bigger.set(array);
  return bigger;
}

let table = new TokenTable();

/** The token table for the article being analysed (fetch once per article, then use its fields). */
export function tokenTable(): TokenTable {
  return table;
}

/** Called before each article: drops the memos when they have grown big. */
export function startArticle(): void {
  // All together: the token table's key ids come from the spelling memo's.
  if (bySpelling.size >= MAX_SPELLINGS || table.seen >= MAX_TOKEN_IDS) {
    bySpelling = new Map();
    keyIds = new Map();
    keysById = [];
    table = new TokenTable();
  }
}
