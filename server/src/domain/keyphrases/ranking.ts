/**
 * Ranks candidate phrases with the signals known to work for keyphrase extraction: how often a phrase
 * occurs, where it first occurs, whether the title uses it, whether it is a single word, and how rare
 * it is across the site's own published articles.
 *
 * The score is a weighted sum of logarithms (a product of factors): every signal multiplies the others,
 * so a phrase needs several to rank high, and no single one (a word repeated thirty times, say) can
 * swamp the rest. The weights are in WEIGHTS, each with the reason for its sign.
 */
import { Role, type Analysis } from './candidates';

/** A local constant: read per word, cheaper than a property of another module's exports. */
const MODIFIER = Role.Modifier;

export interface TermStatistics {
  documentCount: number;
  documentFrequency(key: string): number;
}

export interface Candidate {
  key: string;
  /** Word span [start, end) of the occurrence shown (see collectCandidates). */
  start: number;
  end: number;
  shownFromTitle: boolean;
  words: number;
  /** Occurrences as a whole noun phrase ("oil spill" in "the oil spill spread"). */
  exact: number;
  /** Occurrences anywhere: for a single word, also inside longer phrases ("spill" in "oil spill"). */
  total: number;
  /** For a single word, the most occurrences of a longer phrase that contains it. */
  maxContainer: number;
  /** Position of the first occurrence among the article's words (0 = the first word of the title). */
  firstPosition: number;
  /** Every word of the phrase is in the title. */
  titleWords: boolean;
  /** The phrase itself is a noun phrase of the title. */
  inTitle: boolean;
}

export interface Candidates {
  analysis: Analysis;
  /** In order of first occurrence. */
  list: Candidate[];
}

/**
 * Distinct candidates kept per article. Beyond this (a book pasted into an article) new phrases are
 * ignored, which bounds memory, time and the number of document-frequency rows looked up.
 */
export const MAX_CANDIDATES = 3000;
/** Keys longer than this are not candidates (the DF table stores keys as short strings). */
const MAX_KEY_LENGTH = 200;

function isUpper(word: string): boolean {
  const c = word.charCodeAt(0);
  return c >= 65 && c <= 90;
}

/**
 * The candidates of an article: every noun phrase, and every noun in a longer phrase as a word on its
 * own ("spill" in "the oil spill"). A word counts all its occurrences, so a subject named in many
 * different phrases ("ceremony" in "civil ceremony", "wedding ceremony") can outrank each of them.
 * (Every sub-phrase as a candidate was measured too: no better on either benchmark, and slower.)
 */
/** The candidates being collected for one article. */
class Collector {
  readonly byKey = new Map<string, Candidate>();
  readonly list: Candidate[] = [];
  readonly titleKeys = new Set<string>();

  constructor(private readonly analysis: Analysis) {
    const { key, chunkStart, chunkEnd, titleChunks } = analysis;
    for (let k = 0; k < titleChunks; k++) for (let i = chunkStart[k]; i < chunkEnd[k]; i++) this.titleKeys.add(key[i]);
  }

  /** Counts one occurrence of words [start, end) as `key`; whole = as a complete noun phrase. */
  add(key: string, start: number, end: number, inTitle: boolean, whole: boolean): Candidate | undefined {
    const { surface } = this.analysis;
    let c = this.byKey.get(key);
    if (!c) {
      if (this.list.length >= MAX_CANDIDATES || key.length > MAX_KEY_LENGTH) return undefined;
      let titleWords = true;
      for (let i = start; i < end && titleWords; i++) titleWords = this.titleKeys.has(this.analysis.key[i]);
      c = {
        key, start, end, shownFromTitle: inTitle, words: end - start, exact: 0, total: 0, maxContainer: 0,
        firstPosition: this.analysis.position[start], titleWords, inTitle: false,
      };
      this.byKey.set(key, c);
      this.list.push(c);
    } else if (!inTitle && (c.shownFromTitle || (isUpper(surface[c.start]) && !isUpper(surface[start])))) {
      // Headlines and sentence starts capitalise words: show how running text writes the phrase.
      c.start = start;
      c.end = end;
      c.shownFromTitle = false;
    }
    c.total += 1;
    if (whole) {
      c.exact += 1;
      if (inTitle) c.inTitle = true;
    }
    return c;
  }
}

export function collectCandidates(analysis: Analysis): Candidates {
  const { key: keys, role, chunkStart, chunkEnd, titleChunks } = analysis;
  const collector = new Collector(analysis);
  const chunks = chunkStart.length;
  const phraseOf: (Candidate | undefined)[] = new Array(chunks);
  const wordOf: (Candidate | undefined)[] = new Array(analysis.count);
  for (let k = 0; k < chunks; k++) {
    const start = chunkStart[k];
    const end = chunkEnd[k];
    const inTitle = k < titleChunks;
    if (end - start === 1) {
      collector.add(keys[start], start, end, inTitle, true);
      continue;
    }
    let key = keys[start];
    for (let i = start + 1; i < end; i++) key += ` ${keys[i]}`;
    phraseOf[k] = collector.add(key, start, end, inTitle, true);
    for (let i = start; i < end; i++) if (role[i] !== MODIFIER) wordOf[i] = collector.add(keys[i], i, i + 1, inTitle, false);
  }
  // A word inside a phrase is only its own topic if it also occurs outside the phrase's occurrences.
  for (let k = 0; k < chunks; k++) {
    const phrase = phraseOf[k];
    if (!phrase) continue;
    for (let i = chunkStart[k]; i < chunkEnd[k]; i++) {
      const word = wordOf[i];
      if (word && word.maxContainer < phrase.total) word.maxContainer = phrase.total;
    }
  }
  return { analysis, list: collector.list };
}

/**
 * The weights of the log-scale score. Signs follow the keyphrase literature; sizes were set on the
 * two public benchmarks in bench/keyphrases (scientific abstracts and news), never on single articles.
 */
export const WEIGHTS = {
  /** Occurrences as a whole noun phrase: the strongest signal ("the oil spill spread"). */
  exact: 1,
  /** Occurrences anywhere, for a word also inside longer phrases ("the oil spill"). */
  total: 0.25,
  /**
   * Single words are usually too vague to be a topic ("system", "report"): a multiword phrase with
   * the same evidence ranks first. A word still wins when it is repeated, in the title or rare.
   */
  singleWord: -0.5,
  /** All the words of the phrase appear in the title... */
  titleWords: 0.15,
  /** ...or the phrase itself is one of the title's noun phrases. */
  inTitle: 0.6,
  /** Earlier is better (times the log of the first occurrence's word position). */
  position: -0.05,
  /** Rarity of the phrase on the site (times the log of its smoothed idf). */
  phraseRarity: 1.25,
  /**
   * A multiword phrase a few other articles also use is an established term rather than an
   * accidental sequence of words (saturates after two articles; very common phrases lose on rarity).
   */
  establishedTerm: 0.35,
  /** Rarity of the phrase's words (mean smoothed idf). */
  wordRarity: 0.1,
};

/** Smoothed inverse document frequency, at least 1 (1 for every term on a new site with no statistics). */
function idf(stats: TermStatistics | undefined, key: string): number {
  if (!stats || !(stats.documentCount > 0)) return 1;
  return idfFromCount(stats.documentCount, Math.max(0, Math.min(stats.documentCount, Number(stats.documentFrequency(key)) || 0)));
}

function idfFromCount(documents: number, df: number): number {
  return 1 + Math.log((documents + 1) / (df + 1));
}

// log(1 + n) for the small counts and positions that make most of the calls.
const LOG1P = Float64Array.from({ length: 1024 }, (_, n) => Math.log1p(n));
function log1p(n: number): number {
  return n < 1024 && n >= 0 && (n | 0) === n ? LOG1P[n] : Math.log1p(n);
}

export interface Scored {
  candidate: Candidate;
  score: number;
}

/** Ties go to the earlier phrase, then the key, so results are stable. */
function better(a: Scored, b: Scored): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.candidate.firstPosition !== b.candidate.firstPosition) return a.candidate.firstPosition < b.candidate.firstPosition;
  return a.candidate.key < b.candidate.key;
}

/** The best `limit` candidates, best first. */
export function scoreCandidates(candidates: Candidates, stats?: TermStatistics, limit = Infinity): Scored[] {
  const w = WEIGHTS;
  const hasStats = !!stats && stats.documentCount > 0;
  const keys = candidates.analysis.key;
  const wordIdf = new Map<string, number>();
  const idfOfWord = (key: string): number => {
    let v = wordIdf.get(key);
    if (v === undefined) {
      v = idf(stats, key);
      wordIdf.set(key, v);
    }
    return v;
  };
  const top: Scored[] = [];
  for (const c of candidates.list) {
    // A word that never occurs outside one longer phrase is that phrase's fragment ("services" when
    // the text always says "wavelength services").
    if (c.total - c.maxContainer <= 0) continue;
    let s = w.exact * log1p(c.exact) + w.total * log1p(c.total) + w.position * log1p(c.firstPosition);
    if (c.titleWords) s += w.titleWords;
    if (c.inTitle) s += w.inTitle;
    if (c.words === 1) {
      const rarity = hasStats ? idf(stats, c.key) : 1;
      s += w.singleWord + w.phraseRarity * Math.log(rarity) + w.wordRarity * rarity;
    } else {
      let sum = 0;
      for (let i = c.start; i < c.end; i++) sum += hasStats ? idfOfWord(keys[i]) : 1;
      s += w.wordRarity * (sum / (c.end - c.start));
      if (hasStats) {
        const df = Math.max(0, Math.min(stats!.documentCount, Number(stats!.documentFrequency(c.key)) || 0));
        s += w.phraseRarity * Math.log(idfFromCount(stats!.documentCount, df)) + w.establishedTerm * log1p(Math.min(2, df));
      }
    }
    const item = { candidate: c, score: s };
    // Keep the best `limit` in order (insertion: the limit is small, candidates a few hundred).
    if (top.length >= limit && !better(item, top[top.length - 1])) continue;
    let at = top.length;
    while (at > 0 && better(item, top[at - 1])) at--;
    top.splice(at, 0, item);
    if (top.length > limit) top.pop();
  }
  return top;
}

/**
 * A Title-case word is shown in lower case when the article also writes it so: its capital came
 * from a headline or a sentence start ("Heat pumps move warmth" -> "heat pumps"). Names, acronyms
 * ("PID") and mixed case ("iPhone") stay as written.
 */
function displayWord(analysis: Analysis, index: number): string {
  const word = analysis.surface[index];
  if (!isUpper(word)) return word;
  const rest = word.slice(1);
  if (rest !== rest.toLowerCase()) return word;
  const key = analysis.key[index];
  for (let i = 0; i < analysis.count; i++) {
    if (analysis.key[i] === key && !isUpper(analysis.surface[i])) return word[0].toLowerCase() + rest;
  }
  return word;
}

/** The phrase as the article writes it. */
export function displayForm(candidates: Candidates, c: Candidate): string {
  const parts: string[] = [];
  for (let i = c.start; i < c.end; i++) parts.push(displayWord(candidates.analysis, i));
  return parts.join(' ');
}
