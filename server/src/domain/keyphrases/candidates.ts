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
import { stripBoilerplate } from './boilerplate';
import { withoutHugeTokens } from './bounded-input';
import { FLAGS_KNOWN, FLAG_LONG, Flag, Shape, keysByIdNow, startArticle, tokenTable } from './lexicon';
import { readTagged, type TaggedText } from './tagged-text';

// Local copies of the lexicon's flags read for every token: a constant beats a property read through
// another module's exports (which is what imports and enums compile to across files, a getter call
// each when the modules are compiled one by one as with tsx).
const WORD_START = Shape.WordStart;
const JOINER = Shape.Joiner;
const DIGIT_START = Shape.DigitStart;
const DIGIT_END = Shape.DigitEnd;
const ENDS_ED = Shape.EndsEd;
const BLANK_LINE = Shape.BlankLine;
const SHORT_CODE = Shape.ShortCode;
const WEAK = Flag.Weak;
const EMPTY = Flag.Empty;
const UNIT = Flag.Unit;
/** Set in the token table's flags byte, never in an analysis' flags. */
const TABLE_ONLY_FLAGS = FLAGS_KNOWN | FLAG_LONG;
const NOT_A_WORD_OR_LONG = Flag.NotAWord | FLAG_LONG;

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

/**
 * The words that can be part of a phrase, in order, as parallel arrays (one entry per word; entries
 * past `count` are unused), and the noun phrases ("chunks") made of them.
 *
 * One analysis is reused from one article to the next, like the candidate table (collector.ts): its
 * arrays are typed, grown when an article needs more and never freed, so an article allocates none
 * and the arrays are still in the processor's cache from the article before. An analysis is read
 * before the next article is analysed (everything here is synchronous).
 */
export interface Analysis {
  /** Number of words kept. */
  count: number;
  /**
   * Where the word's text is (see surface()): its wink-nlp token id, or for a word glued from
   * several tokens ("e-mail") -1 - its index in compounds.
   */
  token: Int32Array;
  /** Texts by token id (the token table's, as it was for this article). */
  texts: readonly string[];
  /** The texts of glued words (the token table's, as it was for this article). */
  compounds: readonly string[];
  /** Integer id of the word's stemmed lower-case form, its key (equal keys, equal ids; lexicon.ts). */
  keyId: Int32Array;
  /** The key of each key id (keys[keyId[i]] is word i's key). */
  keys: readonly string[];
  /** Flags from lexicon.ts. */
  flags: Uint8Array;
  role: Uint8Array;
  /** Index of the word among all words of the article (title first), for the position feature. */
  position: Int32Array;
  /** Number of chunks; chunk k is words [chunkStart[k], chunkEnd[k]). */
  chunks: number;
  chunkStart: Int32Array;
  chunkEnd: Int32Array;
  /** The first titleChunks chunks are the title's. */
  titleChunks: number;
  /** Number of words (tokens that are not punctuation or spaces) in title and body. */
  length: number;
}

/** Word i as written. */
export function surface(analysis: Analysis, i: number): string {
  const token = analysis.token[i];
  return token >= 0 ? analysis.texts[token] : analysis.compounds[-1 - token];
}

let codeBuffer = new Uint8Array(4096);
let infoBuffer = new Int32Array(4096);
let unseenBuffer = new Int32Array(4096);

/**
 * Articles longer than this are analysed from their start only: 100,000 characters is ~15,000 words,
 * far more than any article, and the opening is where the subject is. It keeps publish fast and
 * bounded whatever a content field holds.
 */
export const MAX_ANALYSED_CHARS = 100_000;

/** Longest phrase kept whole; longer runs (name lists, tagging errors) are cut to their last words. */
const MAX_PHRASE_WORDS = 5;

// Universal POS tags as small numbers: the loop compares tags several times per token.
const OTHER = 0;
const NOUN = 1;
const PROPN = 2;
const ADJ = 3;
const VERB = 4;
const NUM = 5;
const DET = 6;
const PRON = 7;
const NOT_WORD = 8; // PUNCT, SYM, SPACE
const ADP = 9;
const CCONJ = 10;

/** The code of each Universal tag the scan tells apart; any other (ADV, AUX, PART, ...) is OTHER. */
const TAG_CODES: Record<string, number> = {
  NOUN, PROPN, ADJ, VERB, NUM, DET, PRON, ADP, CCONJ, PUNCT: NOT_WORD, SYM: NOT_WORD, SPACE: NOT_WORD,
};

/**
 * Tag codes by tag number (the reader's numbering), for the tag names they were made from: the
 * scan looks a token's code up by number instead of comparing tag names.
 */
let codesByTag = new Uint8Array(0);
let codesMadeFor: readonly string[] = [];
let codesMadeForLength = 0;
function tagCodes(tagNames: readonly string[]): Uint8Array {
  if (tagNames !== codesMadeFor || tagNames.length !== codesMadeForLength) {
    codesByTag = Uint8Array.from(tagNames, (name) => (Object.hasOwn(TAG_CODES, name) ? TAG_CODES[name] : OTHER));
    codesMadeFor = tagNames;
    codesMadeForLength = tagNames.length;
  }
  return codesByTag;
}

/** The role a tag gives a single token. */
function roleOfTag(code: number): Role {
  return code === NOUN ? Role.Noun : code === PROPN ? Role.Proper : code === ADJ ? Role.Modifier : Role.Break;
}

/**
 * The role of a word glued from tokens from..to ("state-of-the-art", "TCP/IP", "COVID-19", "3D"),
 * from the tags of its parts (not of the hyphens and slashes: infos are the tokens' token table
 * infos); numbers such as "24/7" or "3-4" are dropped later by their lexeme flags.
 */
function roleOfCompound(tagged: TaggedText, infos: Int32Array, from: number, to: number): Role {
  let first = '';
  let last = '';
  let anyProper = false;
  for (let k = from; k <= to; k++) {
    if ((infos[k] & JOINER) !== 0) continue;
    last = tagged.tagNames[tagged.tags[k]];
    if (first === '') first = last;
    if (last === 'PROPN') anyProper = true;
  }
  if (anyProper && (last === 'PROPN' || last === 'NUM' || last === 'NOUN')) return Role.Proper;
  if (last === 'NOUN' || last === 'PROPN') return Role.Noun;
  if (last === 'NUM' && (first === 'NOUN' || first === 'PROPN')) return Role.Proper; // "F-16", "G7"
  // "well-known", "real-time" before a noun, "so-called", "long-term": describe, never name.
  if (last === 'ADJ' || last === 'VERB' || last === 'ADV' || last === 'NUM') return Role.Modifier;
  return Role.Break;
}

/**
 * Collects the words and chunks of a tagged text. With hasTitle, the words before the first blank
 * line are the title's. Hyphen and slash joins are only glued when nothing separates them ("e-mail"
 * yes, "pages 3 - 4" no).
 */
function scanTokens(tagged: TaggedText, hasTitle: boolean, out: Analysis): void {
  const { tags, ids, touching, count: n } = tagged;
  const codeOf = tagCodes(tagged.tagNames);
  // Tag codes and token table infos of the tokens, in buffers reused from one article to the next.
  if (codeBuffer.length < n) {
    codeBuffer = new Uint8Array(n + (n >> 1));
    infoBuffer = new Int32Array(n + (n >> 1));
    unseenBuffer = new Int32Array(n + (n >> 1));
  }
  const codes = codeBuffer;
  // The info of each token's id (lexicon.ts): shape in the low byte, so `infos[i] & JOINER` is a
  // shape test; lexeme flags in the next byte, 0 until computed for the id.
  const infos = infoBuffer;
  const unseen = unseenBuffer;
  const table = tokenTable();
  const entries = table.entries;
  const limit = entries.length;
  // Tokens whose id the table has not seen are only noted here and recorded after the loop (rare once
  // the table is warm): V8 compiles a loop that makes no call to fewer instructions per token.
  // The table reads are most of this loop's time: an article's rarer words are not in the processor's
  // caches after wink-nlp's tagging. The loop does nothing else (tags are read in the next one), so
  // that the processor, working ahead through the short iterations, waits for many of them at once.
  let unseenCount = 0;
  for (let i = 0; i < n; i++) {
    const at = 2 * ids[i];
    const known = at < limit ? entries[at] : 0;
    infos[i] = known;
    if (known === 0) unseen[unseenCount++] = i;
  }
  for (let i = 0; i < n; i++) codes[i] = codeOf[tags[i]];
  for (let k = 0; k < unseenCount; k++) {
    const i = unseen[k];
    const id = ids[i];
    // The same new word may occur several times: recorded at its first occurrence.
    if (2 * id >= table.entries.length || table.entries[2 * id] === 0) table.record(id, tagged.text(i));
    infos[i] = table.entries[2 * id];
  }
  // Every token is recorded now: the table does not grow again during this article.
  const { text: texts, entries: recorded } = table;
  out.texts = texts;
  out.compounds = table.gluedText;
  // An article has at most one word and one chunk per token.
  reserve(out, n);

  // (No closures over these: captured variables are slower in a loop run for every token.)
  let inTitle = hasTitle;
  let runStart = -1; // start of the current run of phrase words
  let words = out.length; // words (tokens that are not punctuation or spaces) so far
  const { token: tokenOf, keyId: keyIdOf, flags: flagsOf, role: roleOf, position: positionOf } = out;

  for (let i = 0; i < n; i++) {
    const info = infos[i];
    const code = codes[i];
    if ((info & WORD_START) === 0 || code === NOT_WORD) {
      if (runStart >= 0) pushChunks(out, runStart, out.count, inTitle);
      runStart = -1;
      // The title ends at the first blank line (one tagging call for title and body: each call costs).
      if (inTitle && (info & BLANK_LINE) !== 0) inTitle = false;
      continue;
    }
    // Glue "a-b", "a/b" and the halves of codes the tokenizer split ("3" "D", "G" "8") into one word.
    const begin = i;
    let j = i;
    for (;;) {
      if (j + 2 < n && (infos[j + 1] & JOINER) !== 0 && (infos[j + 2] & WORD_START) !== 0 && touching[j + 1] !== 0 && touching[j + 2] !== 0) {
        j += 2;
      } else if (
        j + 1 < n && codes[j + 1] !== NOT_WORD &&
        (((infos[j] & DIGIT_END) !== 0 && (infos[j + 1] & SHORT_CODE) !== 0) ||
          ((infos[j] & SHORT_CODE) !== 0 && (infos[j + 1] & DIGIT_START) !== 0)) &&
        touching[j + 1] !== 0
      ) {
        j += 1;
      } else break;
    }
    let role: Role;
    // Lexeme flags (| FLAGS_KNOWN, FLAG_LONG), or 0 for a token that cannot be part of a phrase.
    let flags = 0;
    let keyId = 0;
    let token = 0;
    if (j === i) {
      role = roleOfTag(code);
      // A past participle before a noun can describe it ("integrated circuits", "distributed systems").
      if (role === Role.Break && code === VERB && (info & ENDS_ED) !== 0 && j + 1 < n &&
        (codes[j + 1] === NOUN || codes[j + 1] === ADJ) && startsPhraseHere(out, runStart, begin > 0 ? codes[begin - 1] : -1)) {
        role = Role.Modifier;
      }
      if (role !== Role.Break) {
        const id = ids[i];
        flags = ((info >> 8) & 0xff) || table.word(id);
        keyId = recorded[2 * id + 1];
        token = id;
      }
    } else {
      role = roleOfCompound(tagged, infos, i, j);
      if (role !== Role.Break) {
        const glued = table.glued(ids, i, j);
        flags = table.gluedWord(glued);
        keyId = table.gluedKeyId(glued);
        token = -1 - glued;
      }
      i = j;
    }
    const position = words;
    words += 1;
    // Over-long "words" are identifiers, hashes or glued lists; "300 mm fabs": a unit after a number
    // is part of the measurement.
    if (flags === 0 || (flags & NOT_A_WORD_OR_LONG) !== 0 || ((flags & UNIT) !== 0 && begin > 0 && codes[begin - 1] === NUM)) {
      // "NuVox Communications positions itself", "Michael Buble kisses his bride": after a name, a
      // plural-looking noun followed by a determiner or pronoun is a verb the tagger missed.
      if (runStart >= 0) {
        if (code === DET || code === PRON) dropMistaggedVerb(out, runStart);
        pushChunks(out, runStart, out.count, inTitle);
        runStart = -1;
      }
      continue;
    }
    if (runStart < 0) runStart = out.count;
    const at = out.count;
    tokenOf[at] = token;
    keyIdOf[at] = keyId;
    flagsOf[at] = flags & ~TABLE_ONLY_FLAGS;
    roleOf[at] = role;
    positionOf[at] = position;
    out.count = at + 1;
  }
  if (runStart >= 0) pushChunks(out, runStart, out.count, inTitle);
  out.length = words;
}

/**
 * A participle may describe a noun here: after another modifier, or where a noun phrase starts (after
 * a determiner, a preposition, "and", punctuation or at the start). After a noun, a pronoun, an
 * adverb or an auxiliary it is the verb ("the company acquired", "has already reached").
 */
function startsPhraseHere(out: Analysis, runStart: number, previous: number): boolean {
  if (runStart >= 0) return out.role[out.count - 1] === Role.Modifier;
  return previous === DET || previous === ADP || previous === CCONJ || previous === NOT_WORD || previous === -1;
}

function dropMistaggedVerb(out: Analysis, runStart: number): void {
  const last = out.count - 1;
  if (last - 1 < runStart) return;
  if (out.role[last] === Role.Noun && out.role[last - 1] === Role.Proper && /[^s]s$/.test(surface(out, last))) out.count -= 1;
}

/** Trims a run of words to a candidate phrase and records it (split where a common noun meets a name). */
function pushChunks(out: Analysis, start: number, end: number, inTitle: boolean): void {
  const { role, flags } = out;
  // A run ends with a noun: drop trailing modifiers ("the results were significant").
  while (end > start && role[end - 1] === Role.Modifier) end -= 1;
  // Drop quantifiers and pointers at the start ("several new results" -> "results").
  while (start < end && (flags[start] & WEAK) !== 0 && role[start] !== Role.Proper) start += 1;
  if (start >= end) return;
  // "pop star Michael Buble" names two things: the person and what they are.
  for (let k = start + 1; k < end; k++) {
    if (role[k] === Role.Proper && role[k - 1] === Role.Noun) {
      pushChunks(out, start, k, inTitle);
      pushChunks(out, k, end, inTitle);
      return;
    }
  }
  if (end - start > MAX_PHRASE_WORDS) start = end - MAX_PHRASE_WORDS;
  if (end - start === 1 && (flags[start] & EMPTY) !== 0) return;
  out.chunkStart[out.chunks] = start;
  out.chunkEnd[out.chunks] = end;
  out.chunks += 1;
  if (inTitle) out.titleChunks += 1;
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

/** The one analysis, reused (see Analysis). */
const analysis: Analysis = {
  count: 0, token: new Int32Array(1024), texts: [], compounds: [], keyId: new Int32Array(1024), keys: [],
  flags: new Uint8Array(1024), role: new Uint8Array(1024), position: new Int32Array(1024),
  chunks: 0, chunkStart: new Int32Array(1024), chunkEnd: new Int32Array(1024), titleChunks: 0, length: 0,
};

/** Grows the analysis' arrays to hold `words` words and chunks (their contents need not be kept). */
function reserve(out: Analysis, words: number): void {
  if (out.token.length >= words) return;
  const length = Math.max(words, 2 * out.token.length);
  out.token = new Int32Array(length);
  out.keyId = new Int32Array(length);
  out.flags = new Uint8Array(length);
  out.role = new Uint8Array(length);
  out.position = new Int32Array(length);
  out.chunkStart = new Int32Array(length);
  out.chunkEnd = new Int32Array(length);
}

/** The analysis emptied for a new article (after startArticle(): it takes the key table of now). */
function emptyAnalysis(): Analysis {
  const out = analysis;
  out.count = 0;
  out.texts = [];
  out.compounds = [];
  out.keys = keysByIdNow();
  out.chunks = 0;
  out.titleChunks = 0;
  out.length = 0;
  return out;
}

/** Analyses an article into the shared analysis (valid until the next call) and returns it. */
export function analyse(input: { title?: string; text: string }): Analysis {
  startArticle();
  const { title, body } = splitTitle(input);
  const out = emptyAnalysis();
  // The title on one line, then a blank line, then the body: the blank line marks where the title ends.
  // Bounded before wink-nlp sees it: the tokenizer is quadratic in a token's length (bounded-input.ts).
  const titleText = stripBoilerplate(withoutHugeTokens(cap(title, 1000))).replace(/\s+/g, ' ').trim();
  const bodyText = stripBoilerplate(withoutHugeTokens(cap(body, MAX_ANALYSED_CHARS)));
  const hasTitle = titleText !== '';
  // An article that already reads "title, blank line, body" with nothing to remove goes to wink-nlp
  // as it is, instead of a copy put together again (the usual case: a copy costs a pass over it).
  // (A title given separately, or a text with other spacing around its title, fails the length test.)
  const asWritten = hasTitle && titleText === title && bodyText === body && input.text.length === title.length + 2 + body.length;
  const text = asWritten ? input.text : hasTitle ? `${titleText}\n\n${bodyText}` : bodyText;
  if (/\S/.test(text)) scanTokens(readTagged(text), hasTitle, out);
  return out;
}
