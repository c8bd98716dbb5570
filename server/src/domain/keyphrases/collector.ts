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
 * phrases are found by their words' key ids through a trie kept in typed arrays too. Both are reused
 * from one article to the next: entries are stamped with the article they belong to, so nothing is
 * cleared between articles and nothing of an earlier article is kept alive.
 */
import { Role, type Analysis } from './candidates';
import { Flag } from './lexicon';

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

/** Candidate bits. */
const SHOWN_FROM_TITLE = 1;
const TITLE_WORDS = 2;
const IN_TITLE = 4;

/** A neighbour that is not there: the word is at the edge of the phrase. */
const EDGE = -1;
/** No occurrence inside a phrase seen yet. */
const UNSET = -2;

/**
 * The candidates of the article last collected (collectCandidates() refills the one table, so a
 * table is read before the next article is collected). Candidate c's columns are at index c;
 * candidates are numbered in order of first occurrence.
 */
export class CandidateTable {
  analysis!: Analysis;
  count = 0;
  /** Word span [start, end) of the occurrence shown (see collect). */
  readonly start = new Int32Array(MAX_CANDIDATES);
  readonly end = new Int32Array(MAX_CANDIDATES);
  /** Position of the first occurrence among the article's words (0 = the first word of the title). */
  readonly firstPosition = new Int32Array(MAX_CANDIDATES);
  /** Occurrences as a whole noun phrase ("oil spill" in "the oil spill spread"). */
  readonly exact = new Int32Array(MAX_CANDIDATES);
  /** Occurrences anywhere: for a single word, also inside longer phrases ("spill" in "oil spill"). */
  readonly total = new Int32Array(MAX_CANDIDATES);
  /** For a single word, the most occurrences of a longer phrase that contains it. */
  readonly maxContainer = new Int32Array(MAX_CANDIDATES);
  /** For a single word inside phrases: the key ids of its neighbours there (EDGE at a phrase's edge), first seen... */
  readonly left = new Int32Array(MAX_CANDIDATES);
  readonly right = new Int32Array(MAX_CANDIDATES);
  /** ...and how many of its in-phrase occurrences have that same left, and that same right neighbour. */
  readonly sameLeft = new Int32Array(MAX_CANDIDATES);
  readonly sameRight = new Int32Array(MAX_CANDIDATES);
  /** SHOWN_FROM_TITLE, TITLE_WORDS (every word of it is in the title), IN_TITLE (it is a noun phrase of the title). */
  readonly bits = new Uint8Array(MAX_CANDIDATES);
  /** Keys built so far (most candidates never need theirs). */
  private readonly keys: (string | undefined)[] = new Array(MAX_CANDIDATES).fill(undefined);

  words(c: number): number {
    return this.end[c] - this.start[c];
  }

  titleWords(c: number): boolean {
    return (this.bits[c] & TITLE_WORDS) !== 0;
  }

  inTitle(c: number): boolean {
    return (this.bits[c] & IN_TITLE) !== 0;
  }

  /** The normalised form: its words' keys, space-separated ("oil spill"). */
  key(c: number): string {
    let key = this.keys[c];
    if (key === undefined) {
      const { keys, keyId } = this.analysis;
      key = keys[keyId[this.start[c]]];
      for (let i = this.start[c] + 1; i < this.end[c]; i++) key += ` ${keys[keyId[i]]}`;
      this.keys[c] = key;
    }
    return key;
  }

  /** A new candidate for words [start, end), or -1 past the limits. */
  create(start: number, end: number, inTitle: boolean, titleWords: boolean): number {
    const c = this.count;
    if (c >= MAX_CANDIDATES) return -1;
    if (end - start > 1) {
      const { keys, keyId } = this.analysis;
      let length = end - start - 1;
      for (let i = start; i < end; i++) length += keys[keyId[i]].length;
      if (length > MAX_KEY_LENGTH) return -1;
    }
    this.count = c + 1;
    this.start[c] = start;
    this.end[c] = end;
    this.firstPosition[c] = this.analysis.position[start];
    this.exact[c] = 0;
    this.total[c] = 0;
    this.maxContainer[c] = 0;
    this.left[c] = UNSET;
    this.right[c] = UNSET;
    this.sameLeft[c] = 0;
    this.sameRight[c] = 0;
    this.bits[c] = (inTitle ? SHOWN_FROM_TITLE : 0) | (titleWords ? TITLE_WORDS : 0);
    this.keys[c] = undefined;
    return c;
  }

  /** Another occurrence of candidate c as a whole or part of a noun phrase, at words [start, end). */
  again(c: number, start: number, end: number, inTitle: boolean): void {
    if (inTitle) return;
    const { flags } = this.analysis;
    if ((this.bits[c] & SHOWN_FROM_TITLE) !== 0 || ((flags[this.start[c]] & CAPITALISED) !== 0 && (flags[start] & CAPITALISED) === 0)) {
      // Headlines and sentence starts capitalise words: show how running text writes the phrase.
      this.start[c] = start;
      this.end[c] = end;
      this.bits[c] &= ~SHOWN_FROM_TITLE;
    }
  }

  /** Counts an occurrence as a whole noun phrase. */
  countWhole(c: number, inTitle: boolean): void {
    this.total[c] += 1;
    this.exact[c] += 1;
    if (inTitle) this.bits[c] |= IN_TITLE;
  }
}

/**
 * Finds candidates by their words' key ids: a single word through an array indexed by key id, a
 * phrase through a trie whose edges (parent node, next word's key id) sit in an open-addressing hash
 * table. Entries count only when stamped with the current article.
 */
class PhraseIndex {
  private article = 0;
  /** By key id: the article stamp, the word's candidate and the trie node of the word as a first word. */
  private keyStamp = new Int32Array(1 << 12);
  private wordCandidate = new Int32Array(1 << 12);
  /** By trie node (1, 2, ...; 0 is the root): its candidate, or -1. */
  private nodeCandidate = new Int32Array(1 << 12);
  private nodes = 0;
  /** Trie edges by slot. */
  private slotStamp = new Int32Array(1 << 12);
  private slotParent = new Int32Array(1 << 12);
  private slotKey = new Int32Array(1 << 12);
  private slotChild = new Int32Array(1 << 12);
  private edges = 0;

  /** Starts a new article whose key ids are below keyIds. */
  reset(keyIds: number): void {
    this.article += 1;
    if (this.article === 0x7fffffff) {
      // Stamps wrap after two billion articles: start them again from scratch.
      this.keyStamp.fill(0);
      this.slotStamp.fill(0);
      this.article = 1;
    }
    this.nodes = 0;
    this.edges = 0;
    if (keyIds > this.keyStamp.length) {
      let length = this.keyStamp.length;
      while (length < keyIds) length *= 2;
      this.keyStamp = new Int32Array(length);
      this.wordCandidate = new Int32Array(length);
    }
  }

  /** The candidate of a single word, or -1. */
  word(keyId: number): number {
    return this.keyStamp[keyId] === this.article ? this.wordCandidate[keyId] : -1;
  }

  setWord(keyId: number, c: number): void {
    this.keyStamp[keyId] = this.article;
    this.wordCandidate[keyId] = c;
  }

  /** The trie node of a phrase: the root's child for its first word, that node's child for the next... */
  child(parent: number, keyId: number): number {
    if ((this.edges + 1) * 2 > this.slotStamp.length) this.growEdges();
    const mask = this.slotStamp.length - 1;
    let h = Math.imul(parent ^ Math.imul(keyId, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      if (this.slotStamp[s] !== this.article) {
        const node = ++this.nodes;
        if (node >= this.nodeCandidate.length) {
          const grown = new Int32Array(this.nodeCandidate.length * 2);
          grown.set(this.nodeCandidate);
          this.nodeCandidate = grown;
        }
        this.nodeCandidate[node] = -1;
        this.slotStamp[s] = this.article;
        this.slotParent[s] = parent;
        this.slotKey[s] = keyId;
        this.slotChild[s] = node;
        this.edges += 1;
        return node;
      }
      if (this.slotParent[s] === parent && this.slotKey[s] === keyId) return this.slotChild[s];
    }
  }

  candidateOf(node: number): number {
    return this.nodeCandidate[node];
  }

  setCandidate(node: number, c: number): void {
    this.nodeCandidate[node] = c;
  }

  private growEdges(): void {
    const { slotStamp, slotParent, slotKey, slotChild, article } = this;
    const length = slotStamp.length * 2;
    this.slotStamp = new Int32Array(length);
    this.slotParent = new Int32Array(length);
    this.slotKey = new Int32Array(length);
    this.slotChild = new Int32Array(length);
    const mask = length - 1;
    for (let old = 0; old < slotStamp.length; old++) {
      if (slotStamp[old] !== article) continue;
      let h = Math.imul(slotParent[old] ^ Math.imul(slotKey[old], 0x9e3779b1), 0x85ebca6b);
      h ^= h >>> 15;
      let s = h & mask;
      while (this.slotStamp[s] === article) s = (s + 1) & mask;
      this.slotStamp[s] = article;
      this.slotParent[s] = slotParent[old];
      this.slotKey[s] = slotKey[old];
      this.slotChild[s] = slotChild[old];
    }
  }
}

// One of each, reused: collecting is synchronous, and the table is read before the next article.
const table = new CandidateTable();
const index = new PhraseIndex();
let titleStamp = new Int32Array(1 << 12);
let titleArticle = 0;
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
    c = table.create(i, i + 1, inTitle, titleStamp[id] === titleArticle);
    if (c < 0) return -1;
    index.setWord(id, c);
  } else {
    table.again(c, i, i + 1, inTitle);
  }
  if (whole) table.countWhole(c, inTitle);
  else table.total[c] += 1;
  return c;
}

/** Counts one occurrence of words [start, end) (two or more) as a complete noun phrase. Returns its candidate or -1. */
function addPhrase(analysis: Analysis, start: number, end: number, inTitle: boolean): number {
  const { keyId } = analysis;
  let node = 0;
  for (let i = start; i < end; i++) node = index.child(node, keyId[i]);
  let c = index.candidateOf(node);
  if (c < 0) {
    let titleWords = true;
    for (let i = start; i < end && titleWords; i++) titleWords = titleStamp[keyId[i]] === titleArticle;
    c = table.create(start, end, inTitle, titleWords);
    if (c < 0) return -1;
    index.setCandidate(node, c);
  } else {
    table.again(c, start, end, inTitle);
  }
  table.countWhole(c, inTitle);
  return c;
}

/** Collects the candidates of an analysed article into the shared table, and returns it. */
export function collectCandidates(analysis: Analysis): CandidateTable {
  const { keyId, keys, role, chunkStart, chunkEnd, titleChunks } = analysis;
  table.analysis = analysis;
  table.count = 0;
  index.reset(keys.length);
  // The key ids of the title's words, stamped like the index's entries.
  titleStamp = capacity(titleStamp, keys.length);
  titleArticle += 1;
  for (let k = 0; k < titleChunks; k++) for (let i = chunkStart[k]; i < chunkEnd[k]; i++) titleStamp[keyId[i]] = titleArticle;

  const chunks = chunkStart.length;
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
  const { total, maxContainer, left: lefts, right: rights, sameLeft, sameRight } = table;
  for (let k = 0; k < chunks; k++) {
    const phrase = phraseOf[k];
    if (phrase < 0) continue;
    const start = chunkStart[k];
    const end = chunkEnd[k];
    for (let i = start; i < end; i++) {
      const word = wordOf[i];
      if (word < 0) continue;
      if (maxContainer[word] < total[phrase]) maxContainer[word] = total[phrase];
      const left = i > start ? keyId[i - 1] : EDGE;
      const right = i + 1 < end ? keyId[i + 1] : EDGE;
      if (lefts[word] === UNSET) {
        lefts[word] = left;
        rights[word] = right;
        sameLeft[word] = left !== EDGE ? 1 : 0;
        sameRight[word] = right !== EDGE ? 1 : 0;
      } else {
        if (left !== EDGE && left === lefts[word]) sameLeft[word] += 1;
        if (right !== EDGE && right === rights[word]) sameRight[word] += 1;
      }
    }
  }
  return table;
}
