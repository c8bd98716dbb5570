/**
 * The candidates of an article, counted: every noun phrase (chunk), and every noun in a longer
 * phrase as a word on its own ("spill" in "the oil spill"). A word counts all its occurrences, so a
 * subject named in many different phrases ("ceremony" in "civil ceremony", "wedding ceremony") can
 * outrank each of them. (Every sub-phrase as a candidate was measured too: no better on either
 * benchmark, and slower.)
 *
 * How they are stored, and why: a long article has thousands of chunks and hundreds of distinct
 * phrases, all counted and only a few ranked. An object per phrase and maps from phrases to them
 * cost more than the counting itself (profiling), so the candidates are columns of typed arrays, and
 * phrases are found by their words' key ids through a hash table kept in typed arrays too. Both are
 * reused from one article to the next: entries are stamped with the article they belong to, so
 * nothing is cleared between articles and nothing of an earlier article is kept alive.
 */
import { Role, type Analysis } from './candidates';
import { Flag, MAX_WORD_LENGTH, hashIds } from './lexicon';

/** Local constants: read per word, cheaper than a property of another module's exports. */
const MODIFIER = Role.Modifier;
const CAPITALISED = Flag.Capitalised;

/**
 * Distinct candidates kept per article. Beyond this (a book pasted into an article) new phrases are
 * ignored, which bounds memory, time and the number of document-frequency rows looked up.
 */
export const MAX_CANDIDATES = 3000;
/** Keys longer than this are not candidates (the DF table stores keys as short strings). */
const MAX_KEY_LENGTH = 200;
/**
 * A word's key is at most MAX_WORD_LENGTH characters (a stem is never longer than the word), so a
 * phrase of this many words or fewer is never too long and its keys need not be read to know it.
 */
const WORDS_ALWAYS_SHORT = Math.floor((MAX_KEY_LENGTH + 1) / (MAX_WORD_LENGTH + 1));

/** Candidate bits. */
const SHOWN_FROM_TITLE = 1;
const TITLE_WORDS = 2;
const IN_TITLE = 4;

/** A neighbour that is not there: the word is at the edge of the phrase. */
const EDGE = -1;
/** No occurrence inside a phrase seen yet. */
const UNSET = -2;

// A candidate's fields, side by side (see CandidateTable.data).
/** Word span [start, end) of the occurrence shown (see again()). */
const START = 0;
const END = 1;
/** Position of the first occurrence among the article's words (0 = the first word of the title). */
const FIRST = 2;
/** Occurrences as a whole noun phrase ("oil spill" in "the oil spill spread"). */
const EXACT = 3;
/** Occurrences anywhere: for a single word, also inside longer phrases ("spill" in "oil spill"). */
const TOTAL = 4;
/** For a single word, the most occurrences of a longer phrase that contains it. */
const MAX_CONTAINER = 5;
/** For a single word inside phrases: the key ids of its neighbours there (EDGE at a phrase's edge), first seen... */
const LEFT = 6;
const RIGHT = 7;
/** ...and how many of its in-phrase occurrences have that same left, and that same right neighbour. */
const SAME_LEFT = 8;
const SAME_RIGHT = 9;
/** SHOWN_FROM_TITLE, TITLE_WORDS (every word of it is in the title), IN_TITLE (it is a noun phrase of the title). */
const BITS = 10;
const FIELDS = 12;

/**
 * The candidates of the article last collected (collectCandidates() refills the one table, so a
 * table is read before the next article is collected). Candidates are numbered in order of first
 * occurrence.
 */
export class CandidateTable {
  analysis!: Analysis;
  count = 0;
  /**
   * FIELDS numbers per candidate, side by side: wink-nlp's tagging between two articles pushes this
   * table out of the processor's cache, and a candidate in one place costs one memory access to
   * bring back instead of one per field.
   */
  private readonly data = new Int32Array(MAX_CANDIDATES * FIELDS);
  /** Keys built so far (most candidates never need theirs). */
  private readonly keys: (string | undefined)[] = new Array(MAX_CANDIDATES).fill(undefined);

  start(c: number): number {
    return this.data[c * FIELDS + START];
  }

  end(c: number): number {
    return this.data[c * FIELDS + END];
  }

  words(c: number): number {
    return this.data[c * FIELDS + END] - this.data[c * FIELDS + START];
  }

  firstPosition(c: number): number {
    return this.data[c * FIELDS + FIRST];
  }

  exact(c: number): number {
    return this.data[c * FIELDS + EXACT];
  }

  total(c: number): number {
    return this.data[c * FIELDS + TOTAL];
  }

  /**
   * A word that never occurs outside one longer phrase is that phrase's fragment ("services" when
   * the text always says "wavelength services"); so is one always next to the same word inside
   * phrases and never alone ("San" in "San Francisco").
   */
  isFragment(c: number): boolean {
    const at = c * FIELDS;
    const { data } = this;
    const total = data[at + TOTAL];
    return total - data[at + MAX_CONTAINER] <= 0 || (data[at + EXACT] === 0 && (data[at + SAME_LEFT] === total || data[at + SAME_RIGHT] === total));
  }

  titleWords(c: number): boolean {
    return (this.data[c * FIELDS + BITS] & TITLE_WORDS) !== 0;
  }

  inTitle(c: number): boolean {
    return (this.data[c * FIELDS + BITS] & IN_TITLE) !== 0;
  }

  /** The normalised form: its words' keys, space-separated ("oil spill"). */
  key(c: number): string {
    let key = this.keys[c];
    if (key === undefined) {
      const { keys, keyId } = this.analysis;
      const start = this.start(c);
      const end = this.end(c);
      key = keys[keyId[start]];
      for (let i = start + 1; i < end; i++) key += ` ${keys[keyId[i]]}`;
      this.keys[c] = key;
    }
    return key;
  }

  /** A new candidate for words [start, end), or -1 past the limits. */
  create(start: number, end: number, inTitle: boolean, titleWords: boolean): number {
    const c = this.count;
    if (c >= MAX_CANDIDATES) return -1;
    if (end - start > WORDS_ALWAYS_SHORT) {
      const { keys, keyId } = this.analysis;
      let length = end - start - 1;
      for (let i = start; i < end; i++) length += keys[keyId[i]].length;
      if (length > MAX_KEY_LENGTH) return -1;
    }
    this.count = c + 1;
    const { data } = this;
    const at = c * FIELDS;
    data[at + START] = start;
    data[at + END] = end;
    data[at + FIRST] = this.analysis.position[start];
    data[at + EXACT] = 0;
    data[at + TOTAL] = 0;
    data[at + MAX_CONTAINER] = 0;
    data[at + LEFT] = UNSET;
    data[at + RIGHT] = UNSET;
    data[at + SAME_LEFT] = 0;
    data[at + SAME_RIGHT] = 0;
    data[at + BITS] = (inTitle ? SHOWN_FROM_TITLE : 0) | (titleWords ? TITLE_WORDS : 0);
    this.keys[c] = undefined;
    return c;
  }

  /** Another occurrence of candidate c as a whole or part of a noun phrase, at words [start, end). */
  again(c: number, start: number, end: number, inTitle: boolean): void {
    if (inTitle) return;
    const { flags } = this.analysis;
    const { data } = this;
    const at = c * FIELDS;
    if ((data[at + BITS] & SHOWN_FROM_TITLE) !== 0 || ((flags[data[at + START]] & CAPITALISED) !== 0 && (flags[start] & CAPITALISED) === 0)) {
      // Headlines and sentence starts capitalise words: show how running text writes the phrase.
      data[at + START] = start;
      data[at + END] = end;
      data[at + BITS] &= ~SHOWN_FROM_TITLE;
    }
  }

  /** Counts an occurrence: whole = as a complete noun phrase (else inside a longer one). */
  occurs(c: number, whole: boolean, inTitle: boolean): void {
    const at = c * FIELDS;
    this.data[at + TOTAL] += 1;
    if (!whole) return;
    this.data[at + EXACT] += 1;
    if (inTitle) this.data[at + BITS] |= IN_TITLE;
  }

  /** Word candidate `word` occurs at word i of an occurrence of phrase candidate `phrase`, words [start, end). */
  occursInside(word: number, phrase: number, i: number, start: number, end: number): void {
    const { data } = this;
    const { keyId } = this.analysis;
    const at = word * FIELDS;
    const containerTotal = data[phrase * FIELDS + TOTAL];
    if (data[at + MAX_CONTAINER] < containerTotal) data[at + MAX_CONTAINER] = containerTotal;
    const left = i > start ? keyId[i - 1] : EDGE;
    const right = i + 1 < end ? keyId[i + 1] : EDGE;
    if (data[at + LEFT] === UNSET) {
      data[at + LEFT] = left;
      data[at + RIGHT] = right;
      data[at + SAME_LEFT] = left !== EDGE ? 1 : 0;
      data[at + SAME_RIGHT] = right !== EDGE ? 1 : 0;
    } else {
      if (left !== EDGE && left === data[at + LEFT]) data[at + SAME_LEFT] += 1;
      if (right !== EDGE && right === data[at + RIGHT]) data[at + SAME_RIGHT] += 1;
    }
  }
}

/**
 * Finds candidates by their words' key ids: a single word through a record per key id, a phrase
 * through an open-addressing hash table of the phrases of the article, keyed by the hash of their
 * key ids (one probe per occurrence, in a table sized to the article). Entries count only when
 * stamped with the current article. Each record's numbers sit side by side, for the same reason as
 * CandidateTable.data.
 */
class PhraseIndex {
  private article = 0;
  /** Per key id: [article stamp, the word's candidate, title stamp (the word is in the title)]. */
  private byKey = new Int32Array(3 << 12);
  /** Per hash slot: [article stamp, phrase candidate]; the article uses the first `slots` of them. */
  private phraseSlots = new Int32Array(2 << 12);
  private slots = 1 << 12;

  /** Starts a new article whose key ids are below keyIds, with at most `phrases` phrase occurrences. */
  reset(keyIds: number, phrases: number): void {
    this.article += 1;
    if (this.article === 0x7fffffff) {
      // Stamps wrap after two billion articles: start them again from scratch.
      this.byKey.fill(0);
      this.phraseSlots.fill(0);
      this.article = 1;
    }
    if (3 * keyIds > this.byKey.length) {
      let length = this.byKey.length;
      while (length < 3 * keyIds) length *= 2;
      this.byKey = new Int32Array(length);
    }
    // At most half full; no bigger than the article needs, so that its probes stay close together.
    let slots = 1 << 10;
    while (slots < 2 * phrases) slots *= 2;
    this.slots = slots;
    if (2 * slots > this.phraseSlots.length) this.phraseSlots = new Int32Array(2 * slots);
  }

  markTitleWord(keyId: number): void {
    this.byKey[3 * keyId + 2] = this.article;
  }

  isTitleWord(keyId: number): boolean {
    return this.byKey[3 * keyId + 2] === this.article;
  }

  /** The candidate of a single word, or -1. */
  word(keyId: number): number {
    return this.byKey[3 * keyId] === this.article ? this.byKey[3 * keyId + 1] : -1;
  }

  setWord(keyId: number, c: number): void {
    this.byKey[3 * keyId] = this.article;
    this.byKey[3 * keyId + 1] = c;
  }

  /**
   * The slot of the phrase of words [start, end): where its candidate is (phraseAt()), or the empty
   * slot where it goes (setPhrase()).
   */
  phraseSlot(candidates: CandidateTable, start: number, end: number): number {
    const { keyId } = candidates.analysis;
    const mask = this.slots - 1;
    const slots = this.phraseSlots;
    for (let s = hashIds(keyId, start, end) & mask; ; s = (s + 1) & mask) {
      if (slots[2 * s] !== this.article) return s;
      const c = slots[2 * s + 1];
      const from = candidates.start(c);
      if (candidates.end(c) - from !== end - start) continue;
      let i = start;
      while (i < end && keyId[from + i - start] === keyId[i]) i++;
      if (i === end) return s;
    }
  }

  /** The candidate in a slot from phraseSlot(), or -1. */
  phraseAt(slot: number): number {
    return this.phraseSlots[2 * slot] === this.article ? this.phraseSlots[2 * slot + 1] : -1;
  }

  setPhrase(slot: number, c: number): void {
    this.phraseSlots[2 * slot] = this.article;
    this.phraseSlots[2 * slot + 1] = c;
  }
}

// One of each, reused: collecting is synchronous, and the table is read before the next article.
const table = new CandidateTable();
const index = new PhraseIndex();
/** Per chunk, its phrase candidate; per word, its own candidate (-1 for none). */
let phraseOfChunk = new Int32Array(1 << 12);
let wordOfWord = new Int32Array(1 << 12);

function capacity(array: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  let length = array.length;
  while (length < needed) length *= 2;
  return new Int32Array(length);
}

/** Counts one occurrence of word i on its own; whole = as a complete noun phrase. Returns its candidate or -1. */
function addWord(analysis: Analysis, i: number, inTitle: boolean, whole: boolean): number {
  const id = analysis.keyId[i];
  let c = index.word(id);
  if (c < 0) {
    c = table.create(i, i + 1, inTitle, index.isTitleWord(id));
    if (c < 0) return -1;
    index.setWord(id, c);
  } else {
    table.again(c, i, i + 1, inTitle);
  }
  table.occurs(c, whole, inTitle);
  return c;
}

/** Counts one occurrence of words [start, end) (two or more) as a complete noun phrase. Returns its candidate or -1. */
function addPhrase(analysis: Analysis, start: number, end: number, inTitle: boolean): number {
  const { keyId } = analysis;
  const slot = index.phraseSlot(table, start, end);
  let c = index.phraseAt(slot);
  if (c < 0) {
    let titleWords = true;
    for (let i = start; i < end && titleWords; i++) titleWords = index.isTitleWord(keyId[i]);
    c = table.create(start, end, inTitle, titleWords);
    if (c < 0) return -1;
    index.setPhrase(slot, c);
  } else {
    table.again(c, start, end, inTitle);
  }
  table.occurs(c, true, inTitle);
  return c;
}

/** Collects the candidates of an analysed article into the shared table, and returns it. */
export function collectCandidates(analysis: Analysis): CandidateTable {
  const { keyId, keys, role, chunks, chunkStart, chunkEnd, titleChunks } = analysis;
  table.analysis = analysis;
  table.count = 0;
  index.reset(keys.length, chunks);
  for (let k = 0; k < titleChunks; k++) for (let i = chunkStart[k]; i < chunkEnd[k]; i++) index.markTitleWord(keyId[i]);

  phraseOfChunk = capacity(phraseOfChunk, chunks);
  wordOfWord = capacity(wordOfWord, analysis.count);
  const phraseOf = phraseOfChunk;
  const wordOf = wordOfWord;
  for (let k = 0; k < chunks; k++) {
    const start = chunkStart[k];
    const end = chunkEnd[k];
    const inTitle = k < titleChunks;
    if (end - start === 1) {
      addWord(analysis, start, inTitle, true);
      phraseOf[k] = -1;
      continue;
    }
    phraseOf[k] = addPhrase(analysis, start, end, inTitle);
    for (let i = start; i < end; i++) wordOf[i] = role[i] !== MODIFIER ? addWord(analysis, i, inTitle, false) : -1;
  }
  // A word inside a phrase is only its own topic if it also occurs outside the phrase's occurrences,
  // and not if, never alone, it always stands next to the same word inside phrases: then it is part
  // of a fixed name or term ("San" and "Francisco" in "San Francisco", "San Francisco police").
  for (let k = 0; k < chunks; k++) {
    const phrase = phraseOf[k];
    if (phrase < 0) continue;
    const start = chunkStart[k];
    const end = chunkEnd[k];
    for (let i = start; i < end; i++) if (wordOf[i] >= 0) table.occursInside(wordOf[i], phrase, i, start, end);
  }
  return table;
}
