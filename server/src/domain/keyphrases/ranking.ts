/**
 * Ranks candidate phrases with the signals known to work for keyphrase extraction: how often a phrase
 * occurs (on its own, not only inside a longer phrase), where it first occurs, whether the title uses
 * it, how many words it has, and how rare it is across the site's own published articles.
 *
 * The score is a weighted sum of logarithms (a product of factors): every signal multiplies the others,
 * so a phrase needs several to rank high, and no single one (a word repeated thirty times, say) can
 * swamp the rest. The weights are in WEIGHTS, each with the reason for its sign and size.
 */
import { Role, type Analysis, type Word } from './candidates';

export interface TermStatistics {
  documentCount: number;
  documentFrequency(key: string): number;
}

export interface Candidate {
  key: string;
  /** Word span [start, end) of the occurrence shown: the first one in the body, else in the title. */
  start: number;
  end: number;
  shownFromTitle: boolean;
  words: number;
  /** Occurrences as a whole noun phrase ("oil spill" in "the oil spill spread"). */
  exact: number;
  /** Occurrences anywhere, including inside longer phrases ("oil spill" in "oil spill response"). */
  total: number;
  /** The most occurrences of a longer candidate that contains this one. */
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
  /** Id of each word of the analysis (-1 past MAX_WORD_IDS distinct words). */
  ids: Int32Array;
  /** Key of each id. */
  wordKeys: string[];
  /** Computed on first display (see lowerCaseKeys). */
  lowerCase?: Set<string>;
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

/** Distinct words per article that get an id (one UTF-16 code unit each); later new words are ignored. */
const MAX_WORD_IDS = 0xfff0;

/** All candidates of an article: each noun phrase and each of its sub-phrases that ends with a noun. */
export function collectCandidates(analysis: Analysis): Candidates {
  const { words, chunks } = analysis;
  // Each distinct word key gets a small id written as one character: a sub-phrase is then looked up by
  // a string of one to five characters instead of its full text (cheap to build and to hash).
  const idOf = new Map<string, number>();
  const ids = new Int32Array(words.length);
  const wordKeys: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const key = words[i].key;
    let id = idOf.get(key);
    if (id === undefined) {
      id = idOf.size < MAX_WORD_IDS ? idOf.size : -1;
      if (id >= 0) {
        idOf.set(key, id);
        wordKeys.push(key);
      }
    }
    ids[i] = id;
  }
  const inTitle = new Uint8Array(wordKeys.length);
  for (const chunk of chunks) {
    if (!chunk.inTitle) continue;
    for (let i = chunk.start; i < chunk.end; i++) if (ids[i] >= 0) inTitle[ids[i]] = 1;
  }

  const byCode = new Map<string, Candidate>();
  let count = 0;
  // Every (start, end, candidate) occurrence, for the containment pass below.
  const spanStart: number[] = [];
  const spanEnd: number[] = [];
  const spanCandidate: Candidate[] = [];
  const chunkSpans: number[] = []; // index of each chunk's first span
  for (const chunk of chunks) {
    chunkSpans.push(spanCandidate.length);
    // Sub-phrases matter: "oil spill" may be the topic of an article that says "the oil spill
    // response" and "the oil spill cleanup" but never "the oil spill" alone.
    for (let s = chunk.start; s < chunk.end; s++) {
      let code = '';
      let allInTitle = true;
      for (let e = s; e < chunk.end; e++) {
        const word = words[e];
        const id = ids[e];
        if (id < 0) break;
        code += String.fromCharCode(id);
        allInTitle &&= inTitle[id] === 1;
        if (word.role === Role.Modifier) continue; // a phrase ends with a noun
        let c = byCode.get(code);
        if (!c) {
          if (count >= MAX_CANDIDATES) continue;
          let key = word.key;
          for (let k = e - 1; k >= s; k--) key = `${words[k].key} ${key}`;
          if (key.length > MAX_KEY_LENGTH) break;
          c = {
            key, start: s, end: e + 1, shownFromTitle: chunk.inTitle, words: e - s + 1, exact: 0, total: 0,
            maxContainer: 0, firstPosition: words[s].position, titleWords: allInTitle, inTitle: false,
          };
          byCode.set(code, c);
          count += 1;
        } else if (!chunk.inTitle && (c.shownFromTitle || (isUpper(words[c.start].surface) && !isUpper(words[s].surface)))) {
          // Headlines and sentence starts capitalise words: show how running text writes the phrase.
          c.start = s;
          c.end = e + 1;
          c.shownFromTitle = false;
        }
        c.total += 1;
        if (s === chunk.start && e === chunk.end - 1) {
          c.exact += 1;
          if (chunk.inTitle) c.inTitle = true;
        }
        spanStart.push(s);
        spanEnd.push(e + 1);
        spanCandidate.push(c);
      }
    }
  }
  // How often each candidate occurs inside its most frequent longer candidate: every occurrence of a
  // longer candidate contains the shorter one within the same chunk, so comparing spans chunk by chunk
  // finds them all.
  chunkSpans.push(spanCandidate.length);
  for (let k = 0; k + 1 < chunkSpans.length; k++) {
    const from = chunkSpans[k];
    const to = chunkSpans[k + 1];
    if (to - from < 2) continue;
    for (let a = from; a < to; a++) {
      const inner = spanCandidate[a];
      for (let b = from; b < to; b++) {
        if (spanStart[b] > spanStart[a] || spanEnd[b] < spanEnd[a]) continue;
        const outer = spanCandidate[b];
        if (outer !== inner && inner.maxContainer < outer.total) inner.maxContainer = outer.total;
      }
    }
  }
  return { analysis, list: [...byCode.values()], ids, wordKeys };
}

/**
 * The weights of the log-scale score. Signs follow the keyphrase literature; sizes were set on the
 * two public benchmarks in bench/keyphrases (scientific abstracts and news), never on single articles.
 */
export const WEIGHTS = {
  /** Occurrences as a whole noun phrase: the strongest signal ("the oil spill spread"). */
  exact: 1,
  /** Occurrences anywhere, also inside longer phrases ("the oil spill response"). */
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
  const df = Math.max(0, Math.min(stats.documentCount, Number(stats.documentFrequency(key)) || 0));
  return 1 + Math.log((stats.documentCount + 1) / (df + 1));
}

export interface Scored {
  candidate: Candidate;
  score: number;
}

/** The first `limit` candidates by score, best first (ties: earlier, then key, so results are stable). */
export function scoreCandidates(candidates: Candidates, stats?: TermStatistics, limit = Infinity): Scored[] {
  const w = WEIGHTS;
  const hasStats = !!stats && stats.documentCount > 0;
  const { ids, wordKeys } = candidates;
  // Word rarity by word id, looked up once per article.
  const wordIdf = new Float64Array(wordKeys.length);
  const idfOfWord = (index: number): number => {
    const id = ids[index];
    if (id < 0) return 1;
    if (wordIdf[id] === 0) wordIdf[id] = idf(stats, wordKeys[id]);
    return wordIdf[id];
  };
  const top: Scored[] = [];
  const better = (a: Scored, b: Scored): boolean => a.score > b.score || (a.score === b.score && (
    a.candidate.firstPosition < b.candidate.firstPosition ||
    (a.candidate.firstPosition === b.candidate.firstPosition && a.candidate.key < b.candidate.key)));
  for (const c of candidates.list) {
    // A phrase that never occurs outside one longer phrase is that longer phrase's fragment
    // ("services" when the text always says "wavelength services").
    const alone = c.total - c.maxContainer;
    if (alone <= 0) continue;
    let s = w.exact * Math.log1p(c.exact) + w.total * Math.log1p(c.total);
    if (c.words === 1) s += w.singleWord;
    if (c.titleWords) s += w.titleWords;
    if (c.inTitle) s += w.inTitle;
    s += w.position * Math.log1p(c.firstPosition);
    if (c.words === 1) {
      const rarity = idfOfWord(c.start);
      s += w.phraseRarity * Math.log(rarity) + w.wordRarity * rarity;
    } else {
      s += w.phraseRarity * Math.log(idf(stats, c.key));
      if (hasStats) {
        const df = Number(stats!.documentFrequency(c.key)) || 0;
        s += w.establishedTerm * Math.log1p(Math.min(2, Math.max(0, df)));
      }
      let sum = 0;
      for (let i = c.start; i < c.end; i++) sum += idfOfWord(i);
      s += w.wordRarity * (sum / (c.end - c.start));
    }
    const item = { candidate: c, score: s };
    // Keep the best `limit` in order (insertion: limit is small, candidates a few hundred).
    if (top.length >= limit && !better(item, top[top.length - 1])) continue;
    let at = top.length;
    while (at > 0 && better(item, top[at - 1])) at--;
    top.splice(at, 0, item);
    if (top.length > limit) top.pop();
  }
  return top;
}

/** Keys of the words the body writes in lower case somewhere ("heat" in "the heat pump"). */
function lowerCaseKeys(candidates: Candidates): Set<string> {
  if (!candidates.lowerCase) {
    const set = new Set<string>();
    for (const word of candidates.analysis.words) if (!isUpper(word.surface)) set.add(word.key);
    candidates.lowerCase = set;
  }
  return candidates.lowerCase;
}

/**
 * A Title-case word is shown in lower case when the article writes it so elsewhere: its capital came
 * from a headline or a sentence start ("Heat pumps move warmth" -> "heat pumps"). Names, acronyms
 * ("PID") and mixed case ("iPhone") stay as written.
 */
function displayWord(word: Word, lowerCase: Set<string>): string {
  const surface = word.surface;
  if (!isUpper(surface) || !lowerCase.has(word.key)) return surface;
  const rest = surface.slice(1);
  return rest === rest.toLowerCase() ? surface[0].toLowerCase() + rest : surface;
}

/** The phrase as the article writes it. */
export function displayForm(candidates: Candidates, c: Candidate): string {
  const words = candidates.analysis.words;
  const lowerCase = lowerCaseKeys(candidates);
  const parts: string[] = [];
  for (let i = c.start; i < c.end; i++) parts.push(displayWord(words[i], lowerCase));
  return parts.join(' ');
}
