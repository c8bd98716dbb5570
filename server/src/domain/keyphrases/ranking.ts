/**
 * Ranks candidate phrases with the signals known to work for keyphrase extraction: how often a phrase
 * occurs, where it first occurs, whether the title uses it, whether it is a single word, and how rare
 * it is across the site's own published articles.
 *
 * The score is a weighted sum of logarithms (a product of factors): every signal multiplies the others,
 * so a phrase needs several to rank high, and no single one (a word repeated thirty times, say) can
 * swamp the rest. The weights are in WEIGHTS, each with the reason for its sign.
 */
import { Role, surface, type Analysis } from './candidates';
import type { CandidateTable } from './collector';
import { Flag } from './lexicon';

/** Local constants: read per word, cheaper than a property of another module's exports. */
const PROPER = Role.Proper;
const CAPITALISED = Flag.Capitalised;
const NAME_CASE = Flag.NameCase;

export interface TermStatistics {
  documentCount: number;
  documentFrequency(key: string): number;
}

/**
 * The weights of the log-scale score. Signs follow the keyphrase literature; sizes were set on the
 * two public benchmarks in bench/keyphrases (scientific abstracts and news), never on single articles.
 */
export type WeightName =
  | 'exact' | 'total' | 'singleWord' | 'titleWords' | 'inTitle' | 'titleOnly' | 'position'
  | 'phraseRarity' | 'establishedTerm' | 'wordRarity';

export const WEIGHTS: Record<WeightName, number> = {
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
  /** ...or the phrase itself is one of the title's noun phrases, and the body uses it again... */
  inTitle: 0.6,
  /** ...or only the title has it (a headline's hook rather than the story's subject, in a long story). */
  titleOnly: 0.6,
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

/**
 * The same weights for a story: a long article (LONG_TEXT.to words and more) or one full of names
 * (NAME_DENSE). In a ~100-word abstract a term occurs once or twice and the topics are its multiword
 * terms; in a long news story repetition is real evidence, and what readers call its keywords are
 * mostly the words it keeps coming back to (a name, "ceremony", "pregnancy"), next to a few phrases.
 * Between the two the weights move smoothly with the article's own properties (storyShare), so no
 * article sits on a cliff edge, and nothing depends on which site or document it is.
 */
export const LONG_TEXT_WEIGHTS: typeof WEIGHTS = {
  ...WEIGHTS,
  exact: 0.4,
  total: 1.5,
  singleWord: 1.8,
  position: -0.1,
  // A headline phrase the story keeps using is its subject; one only the headline has is a hook.
  inTitle: 1.8,
  titleOnly: 0,
  titleWords: 0,
  // The site's rarity matters less: the story's own repetitions say what it is about (on news,
  // plain frequency beats tf-idf).
  phraseRarity: 0.3,
  establishedTerm: 0,
  wordRarity: 0,
};

/** Word counts (title and body) between which the weights move from WEIGHTS to LONG_TEXT_WEIGHTS. */
export const LONG_TEXT = { from: 200, to: 600 };

/** 0 for a short text, 1 for a long one, in between on a log scale of its number of words. */
export function longTextShare(words: number): number {
  if (!(words > LONG_TEXT.from)) return 0;
  if (words >= LONG_TEXT.to) return 1;
  return Math.log(words / LONG_TEXT.from) / Math.log(LONG_TEXT.to / LONG_TEXT.from);
}

/** Shares of the body's phrase words that are names, between which names move the weights the same way. */
export const NAME_DENSE = { from: 0.15, to: 0.3 };

/**
 * 0 for a text of common-noun terms, 1 for one full of names. A story about people and places (news,
 * a profile, a match report) is summed up by its names and the words around them, one word at a time;
 * a technical text by its multiword terms, names or not.
 */
export function nameShare(analysis: Analysis): number {
  const { role, flags, count, chunkEnd, titleChunks } = analysis;
  // The body only (headlines capitalise every word), and names written as names: "Lopilato", not
  // acronyms ("PID", "TCP"), which technical texts are full of and the tagger also calls proper nouns.
  const from = titleChunks > 0 ? chunkEnd[titleChunks - 1] : 0;
  if (count - from <= 0) return 0;
  let names = 0;
  for (let i = from; i < count; i++) {
    // A capital, then a lower-case letter (or any non-ASCII letter: "Álvarez", "Łódź").
    if (role[i] === PROPER && (flags[i] & NAME_CASE) !== 0) names += 1;
  }
  const share = names / (count - from);
  if (!(share > NAME_DENSE.from)) return 0;
  if (share >= NAME_DENSE.to) return 1;
  return (share - NAME_DENSE.from) / (NAME_DENSE.to - NAME_DENSE.from);
}

/**
 * How far an article is a story (1) rather than a short technical text (0): long or name-dense,
 * either is enough (1 - (1 - a)(1 - b)).
 */
export function storyShare(analysis: Analysis): number {
  return 1 - (1 - longTextShare(analysis.length)) * (1 - nameShare(analysis));
}

/**
 * The weights for an article with this storyShare: between WEIGHTS and LONG_TEXT_WEIGHTS, by the
 * square of the share, so that an article only a little long or a little name-dense keeps nearly
 * the short-text weights (abstracts of 200-300 words, technical texts naming a product or two).
 */
export function weightsFor(story: number): typeof WEIGHTS {
  const t = story * story;
  if (t === 0) return WEIGHTS;
  const out = { ...WEIGHTS };
  for (const name of Object.keys(out) as (keyof typeof WEIGHTS)[]) out[name] = WEIGHTS[name] + t * (LONG_TEXT_WEIGHTS[name] - WEIGHTS[name]);
  return out;
}


/** A term's document frequency, read defensively: a number between 0 and the document count. */
function documentFrequency(stats: TermStatistics, key: string): number {
  return Math.max(0, Math.min(stats.documentCount, Number(stats.documentFrequency(key)) || 0));
}

/** Smoothed inverse document frequency, at least 1 (1 for every term on a new site with no statistics). */
function idf(stats: TermStatistics, key: string): number {
  if (!(stats.documentCount > 0)) return 1;
  return idfFromCount(stats.documentCount, documentFrequency(stats, key));
}

function idfFromCount(documents: number, df: number): number {
  return 1 + Math.log((documents + 1) / (df + 1));
}

// log(1 + n) for the small counts and positions that make most of the calls.
const LOG1P = Float64Array.from({ length: 1024 }, (_, n) => Math.log1p(n));
function log1p(n: number): number {
  return n < 1024 && n >= 0 && (n | 0) === n ? LOG1P[n] : Math.log1p(n);
}

/** Slack on early rejections, far above rounding differences and far below any score difference. */
const BOUND_MARGIN = 1e-9;

export interface Scored {
  /** Index in the candidate table. */
  candidate: number;
  score: number;
}

/** Ties go to the earlier phrase, then the key, so results are stable. */
function better(table: CandidateTable, a: Scored, b: Scored): boolean {
  if (a.score !== b.score) return a.score > b.score;
  const first = table.firstPosition(a.candidate);
  const second = table.firstPosition(b.candidate);
  if (first !== second) return first < second;
  return table.key(a.candidate) < table.key(b.candidate);
}

/** Per candidate, the part of its score that needs no statistics (NaN for a candidate left out). */
let baseScores = new Float64Array(1 << 12);
/** Per candidate, the most its score can be (base score plus the most the statistics can add). */
let upperBounds = new Float64Array(1 << 12);
/** Candidates still to score, as a binary heap: the highest upper bound (then the earliest candidate) first. */
let heap = new Int32Array(1 << 12);
/** The best `limit` least scores while the candidates are gone through (see scoreCandidates()). */
let lowest = new Float64Array(16);
/**
 * Per key id, side by side (one memory access, not two): at 2 * id the article its word's rarity was
 * looked up for, at 2 * id + 1 that rarity.
 */
let wordIdfs = new Float64Array(2 << 12);
let article = 0;

/** The rarity of the word with key id `id`, looked up once per article. */
function wordIdf(stats: TermStatistics, keys: readonly string[], id: number): number {
  if (wordIdfs[2 * id] === article) return wordIdfs[2 * id + 1];
  const v = idf(stats, keys[id]);
  wordIdfs[2 * id] = article;
  wordIdfs[2 * id + 1] = v;
  return v;
}

/** Candidate a comes out of the heap before candidate b. */
function before(a: number, b: number): boolean {
  const ua = upperBounds[a];
  const ub = upperBounds[b];
  return ua > ub || (ua === ub && a < b);
}

function siftDown(at: number, size: number): void {
  const c = heap[at];
  for (;;) {
    let child = 2 * at + 1;
    if (child >= size) break;
    if (child + 1 < size && before(heap[child + 1], heap[child])) child += 1;
    if (!before(heap[child], c)) break;
    heap[at] = heap[child];
    at = child;
  }
  heap[at] = c;
}

/**
 * The best `limit` candidates, best first.
 *
 * Looking up the site's statistics is the costly part, so it is done for as few candidates as
 * possible, without changing the result. First every candidate gets the part of its score that
 * needs no statistics, and with it the least and the most the statistics could make of it. A
 * candidate whose most is below the `limit`-th best least cannot make the top; the others are scored
 * in full from the highest most down, until the most left falls below the top's last score.
 */
export function scoreCandidates(table: CandidateTable, stats?: TermStatistics, limit = Infinity): Scored[] {
  if (!(limit > 0)) return [];
  const w = weightsFor(storyShare(table.analysis));
  const hasStats = !!stats && stats.documentCount > 0;
  const { keys, keyId } = table.analysis;
  const count = table.count;
  if (baseScores.length < count) {
    baseScores = new Float64Array(Math.max(count, baseScores.length * 2));
    upperBounds = new Float64Array(baseScores.length);
    heap = new Int32Array(baseScores.length);
  }
  // Each word's rarity is looked up once per article, whether it is a candidate or part of one.
  if (wordIdfs.length < 2 * keys.length) wordIdfs = new Float64Array(Math.max(2 * keys.length, wordIdfs.length * 2));
  article = article === 0x7fffffff ? (wordIdfs.fill(0), 1) : article + 1;
  // What the statistics can add, at the extremes of the idf (each term is monotonic in it).
  const maxIdf = hasStats ? idfFromCount(stats!.documentCount, 0) : 1;
  const phraseRarityAt1 = w.phraseRarity * Math.log(1);
  const phraseRarityAtMax = w.phraseRarity * Math.log(maxIdf);
  const wordRarityAt1 = w.wordRarity * 1;
  const wordRarityAtMax = w.wordRarity * maxIdf;
  const established = w.establishedTerm * log1p(2);
  const phraseRarityMost = Math.max(phraseRarityAt1, phraseRarityAtMax);
  const phraseRarityLeast = Math.min(phraseRarityAt1, phraseRarityAtMax);
  const wordMost = Math.max(wordRarityAt1, wordRarityAtMax);
  const wordLeast = Math.min(wordRarityAt1, wordRarityAtMax);
  const singleMost = w.singleWord + phraseRarityMost + wordMost;
  const singleLeast = w.singleWord + phraseRarityLeast + wordLeast;
  const phraseMost = wordMost + phraseRarityMost + Math.max(0, established);
  const phraseLeast = wordLeast + phraseRarityLeast + Math.min(0, established);

  const base = baseScores;
  // The best `limit` leasts so far, best first: the first `kept` of lowest. With no more candidates
  // than the limit there is no floor to find (every candidate is scored), so none are kept.
  const slots = limit <= count ? limit : 0;
  if (lowest.length < slots) lowest = new Float64Array(Math.max(slots, 2 * lowest.length));
  const leasts = lowest;
  let kept = 0;
  for (let c = 0; c < count; c++) {
    if (table.isFragment(c)) {
      base[c] = NaN;
      continue;
    }
    const exact = table.exact(c);
    let s = w.exact * log1p(exact) + w.total * log1p(table.total(c)) + w.position * log1p(table.firstPosition(c));
    if (table.titleWords(c)) s += w.titleWords;
    if (table.inTitle(c)) s += exact > 1 ? w.inTitle : w.titleOnly;
    base[c] = s;
    const low = s + (table.words(c) === 1 ? singleLeast : phraseLeast);
    if (kept < slots || low > leasts[kept - 1]) {
      // Insert in order; when all slots are taken the last (smallest) one goes.
      let at = kept < slots ? kept++ : kept - 1;
      for (; at > 0 && low > leasts[at - 1]; at--) leasts[at] = leasts[at - 1];
      leasts[at] = low;
    }
  }
  const floor = kept >= limit ? leasts[limit - 1] : -Infinity;
  let size = 0;
  for (let c = 0; c < count; c++) {
    const upper = base[c] + (table.words(c) === 1 ? singleMost : phraseMost);
    upperBounds[c] = upper;
    if (upper + BOUND_MARGIN >= floor) heap[size++] = c; // NaN never is
  }
  for (let at = (size >> 1) - 1; at >= 0; at--) siftDown(at, size);

  const top: Scored[] = [];
  while (size > 0) {
    const c = heap[0];
    heap[0] = heap[--size];
    siftDown(0, size);
    if (top.length >= limit && upperBounds[c] + BOUND_MARGIN < top[top.length - 1].score) break;
    let s = base[c];
    const start = table.start(c);
    const words = table.words(c);
    if (words === 1) {
      const rarity = hasStats ? wordIdf(stats!, keys, keyId[start]) : 1;
      s += w.singleWord + w.phraseRarity * Math.log(rarity) + w.wordRarity * rarity;
    } else {
      // The phrase's own rarity first: when even the rarest words could not lift it into the top
      // `limit`, its words are not looked up. (Added in the same order as always: same score.)
      let phraseTerms = 0;
      if (hasStats) {
        const df = documentFrequency(stats!, table.key(c));
        phraseTerms = w.phraseRarity * Math.log(idfFromCount(stats!.documentCount, df)) + w.establishedTerm * log1p(Math.min(2, df));
        if (top.length >= limit && s + phraseTerms + wordMost + BOUND_MARGIN < top[top.length - 1].score) continue;
      }
      // Long stories weigh their words' rarity at zero: no lookups for them.
      if (w.wordRarity !== 0) {
        let sum = 0;
        for (let i = start; i < start + words; i++) sum += hasStats ? wordIdf(stats!, keys, keyId[i]) : 1;
        s += w.wordRarity * (sum / words);
      }
      if (hasStats) s += phraseTerms;
    }
    const item = { candidate: c, score: s };
    // Keep the best `limit` in order (insertion: the limit is small).
    if (top.length >= limit && !better(table, item, top[top.length - 1])) continue;
    let at = top.length;
    while (at > 0 && better(table, item, top[at - 1])) at--;
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
function isTitleCase(word: string): boolean {
  const first = word.charCodeAt(0);
  if (first < 65 || first > 90) return false;
  // Read, not lower-cased: no string is made for the common case of an ASCII word.
  for (let k = 1; k < word.length; k++) {
    const c = word.charCodeAt(k);
    if (c >= 65 && c <= 90) return false;
    if (c > 127) {
      const rest = word.slice(1);
      return rest === rest.toLowerCase();
    }
  }
  return true;
}

/**
 * Per key id, for the phrases being displayed: PENDING when a shown word with that key is Title-case,
 * then LOWERED once the article is seen writing it in lower case. Marks are 2 * call (+ 1), so each
 * call starts with none and nothing is cleared.
 */
let caseMarks = new Int32Array(1 << 12);
let displayCall = 0;

/** The candidates as the article writes them (one pass over the article for all of them). */
export function displayForms(table: CandidateTable, candidates: readonly number[]): string[] {
  const { analysis } = table;
  const { keyId, keys, flags, count } = analysis;
  if (caseMarks.length < keys.length) caseMarks = new Int32Array(Math.max(keys.length, 2 * caseMarks.length));
  if (displayCall >= 0x3fffffff) {
    caseMarks.fill(0);
    displayCall = 0;
  }
  displayCall += 1;
  const marks = caseMarks;
  const PENDING = 2 * displayCall;
  const LOWERED = PENDING + 1;
  let pending = 0;
  for (const c of candidates) {
    for (let i = table.start(c); i < table.end(c); i++) {
      if (marks[keyId[i]] !== PENDING && isTitleCase(surface(analysis, i))) {
        marks[keyId[i]] = PENDING;
        pending += 1;
      }
    }
  }
  for (let i = 0; i < count && pending > 0; i++) {
    if ((flags[i] & CAPITALISED) === 0 && marks[keyId[i]] === PENDING) {
      marks[keyId[i]] = LOWERED;
      pending -= 1;
    }
  }
  return candidates.map((c) => {
    let phrase = '';
    const start = table.start(c);
    for (let i = start; i < table.end(c); i++) {
      const word = surface(analysis, i);
      const shown = marks[keyId[i]] === LOWERED && isTitleCase(word) ? word[0].toLowerCase() + word.slice(1) : word;
      phrase = i === start ? shown : `${phrase} ${shown}`;
    }
    return phrase;
  });
}
