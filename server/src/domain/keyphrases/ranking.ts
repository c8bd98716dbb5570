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
const PROPER = Role.Proper;

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
  /** For a single word inside phrases: its neighbours there ("" at a phrase's edge), first seen... */
  left: string | undefined;
  right: string | undefined;
  /** ...and how many of its in-phrase occurrences have that same left, and that same right neighbour. */
  sameLeft: number;
  sameRight: number;
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
/** Phrases by their words' key ids: the first two words' ids make one number, longer phrases branch on. */
interface PhraseNode {
  candidate: Candidate | undefined;
  next: Map<number, PhraseNode> | undefined;
}

/** Key ids stay far below this (they are reset with the lexicon's memos), so two fit in one exact number. */
const PAIR = 2 ** 26;

/** The candidates being collected for one article, keyed by key ids (equal keys, equal ids). */
class Collector {
  private readonly words = new Map<number, Candidate>();
  private readonly phrases = new Map<number, PhraseNode>();
  readonly list: Candidate[] = [];
  private readonly titleKeys = new Set<number>();

  constructor(private readonly analysis: Analysis) {
    const { keyId, chunkStart, chunkEnd, titleChunks } = analysis;
    for (let k = 0; k < titleChunks; k++) for (let i = chunkStart[k]; i < chunkEnd[k]; i++) this.titleKeys.add(keyId[i]);
  }

  /** A new candidate for words [start, end) as `key`, or undefined past the limits. */
  private create(key: string, start: number, end: number, inTitle: boolean): Candidate | undefined {
    if (this.list.length >= MAX_CANDIDATES || key.length > MAX_KEY_LENGTH) return undefined;
    const { keyId } = this.analysis;
    let titleWords = true;
    for (let i = start; i < end && titleWords; i++) titleWords = this.titleKeys.has(keyId[i]);
    const c: Candidate = {
      key, start, end, shownFromTitle: inTitle, words: end - start, exact: 0, total: 0, maxContainer: 0,
      left: undefined, right: undefined, sameLeft: 0, sameRight: 0,
      firstPosition: this.analysis.position[start], titleWords, inTitle: false,
    };
    this.list.push(c);
    return c;
  }

  /** Another occurrence of a known candidate, at words [start, end). */
  private again(c: Candidate, start: number, end: number, inTitle: boolean): void {
    const { surface } = this.analysis;
    if (!inTitle && (c.shownFromTitle || (isUpper(surface[c.start]) && !isUpper(surface[start])))) {
      // Headlines and sentence starts capitalise words: show how running text writes the phrase.
      c.start = start;
      c.end = end;
      c.shownFromTitle = false;
    }
  }

  /** Counts one occurrence of word i on its own; whole = as a complete noun phrase. */
  addWord(i: number, inTitle: boolean, whole: boolean): Candidate | undefined {
    const id = this.analysis.keyId[i];
    let c = this.words.get(id);
    if (c === undefined) {
      c = this.create(this.analysis.key[i], i, i + 1, inTitle);
      if (c === undefined) return undefined;
      this.words.set(id, c);
    } else {
      this.again(c, i, i + 1, inTitle);
    }
    c.total += 1;
    if (whole) {
      c.exact += 1;
      if (inTitle) c.inTitle = true;
    }
    return c;
  }

  /** Counts one occurrence of words [start, end) (two or more) as a complete noun phrase. */
  addPhrase(start: number, end: number, inTitle: boolean): Candidate | undefined {
    const { keyId } = this.analysis;
    const pair = keyId[start] * PAIR + keyId[start + 1];
    let node = this.phrases.get(pair);
    if (node === undefined) {
      node = { candidate: undefined, next: undefined };
      this.phrases.set(pair, node);
    }
    for (let i = start + 2; i < end; i++) {
      const next: Map<number, PhraseNode> = node.next ?? (node.next = new Map());
      let child = next.get(keyId[i]);
      if (child === undefined) {
        child = { candidate: undefined, next: undefined };
        next.set(keyId[i], child);
      }
      node = child;
    }
    let c = node.candidate;
    if (c === undefined) {
      const keys = this.analysis.key;
      let key = keys[start];
      for (let i = start + 1; i < end; i++) key += ` ${keys[i]}`;
      c = this.create(key, start, end, inTitle);
      if (c === undefined) return undefined;
      node.candidate = c;
    } else {
      this.again(c, start, end, inTitle);
    }
    c.total += 1;
    c.exact += 1;
    if (inTitle) c.inTitle = true;
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
      collector.addWord(start, inTitle, true);
      continue;
    }
    phraseOf[k] = collector.addPhrase(start, end, inTitle);
    for (let i = start; i < end; i++) if (role[i] !== MODIFIER) wordOf[i] = collector.addWord(i, inTitle, false);
  }
  // A word inside a phrase is only its own topic if it also occurs outside the phrase's occurrences,
  // and not if, never alone, it always stands next to the same word inside phrases: then it is part
  // of a fixed name or term ("San" and "Francisco" in "San Francisco", "San Francisco police").
  for (let k = 0; k < chunks; k++) {
    const phrase = phraseOf[k];
    if (!phrase) continue;
    const start = chunkStart[k];
    const end = chunkEnd[k];
    for (let i = start; i < end; i++) {
      const word = wordOf[i];
      if (!word) continue;
      if (word.maxContainer < phrase.total) word.maxContainer = phrase.total;
      const left = i > start ? keys[i - 1] : '';
      const right = i + 1 < end ? keys[i + 1] : '';
      if (word.left === undefined) {
        word.left = left;
        word.right = right;
        word.sameLeft = left ? 1 : 0;
        word.sameRight = right ? 1 : 0;
      } else {
        if (left && left === word.left) word.sameLeft += 1;
        if (right && right === word.right) word.sameRight += 1;
      }
    }
  }
  return { analysis, list: collector.list };
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
  const { role, surface, count, chunkEnd, titleChunks } = analysis;
  // The body only (headlines capitalise every word), and names written as names: "Lopilato", not
  // acronyms ("PID", "TCP"), which technical texts are full of and the tagger also calls proper nouns.
  const from = titleChunks > 0 ? chunkEnd[titleChunks - 1] : 0;
  if (count - from <= 0) return 0;
  let names = 0;
  for (let i = from; i < count; i++) {
    if (role[i] !== PROPER) continue;
    const word = surface[i];
    // A capital, then a lower-case letter (or any non-ASCII letter: "Álvarez", "Łódź").
    if (isUpper(word) && word.charCodeAt(1) >= 97) names += 1;
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

/** Slack on early rejections, far above rounding differences and far below any score difference. */
const BOUND_MARGIN = 1e-9;

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
  const story = storyShare(candidates.analysis);
  const w = weightsFor(story);
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
  // The most the site's statistics can add (at the extremes of the idf: each term is monotonic in
  // it), so that a candidate that cannot reach the current top `limit` is not looked up at all.
  const maxIdf = hasStats ? idfFromCount(stats!.documentCount, 0) : 1;
  const most = (f: (x: number) => number): number => Math.max(f(1), f(maxIdf));
  const singleBonus = w.singleWord + most((x) => w.phraseRarity * Math.log(x)) + most((x) => w.wordRarity * x);
  const wordBonus = most((x) => w.wordRarity * x);
  const phraseBonus = most((x) => w.wordRarity * x) + most((x) => w.phraseRarity * Math.log(x)) + Math.max(0, w.establishedTerm * log1p(2));
  const top: Scored[] = [];
  for (const c of candidates.list) {
    // A word that never occurs outside one longer phrase is that phrase's fragment ("services" when
    // the text always says "wavelength services"); so is one always next to the same word inside
    // phrases and never alone ("San" in "San Francisco").
    if (c.total - c.maxContainer <= 0 || (c.exact === 0 && (c.sameLeft === c.total || c.sameRight === c.total))) continue;
    let s = w.exact * log1p(c.exact) + w.total * log1p(c.total) + w.position * log1p(c.firstPosition);
    if (c.titleWords) s += w.titleWords;
    if (c.inTitle) s += c.exact > 1 ? w.inTitle : w.titleOnly;
    if (top.length >= limit && s + (c.words === 1 ? singleBonus : phraseBonus) < top[top.length - 1].score) continue;
    if (c.words === 1) {
      const rarity = hasStats ? idf(stats, c.key) : 1;
      s += w.singleWord + w.phraseRarity * Math.log(rarity) + w.wordRarity * rarity;
    } else {
      // The phrase's own rarity first: when even the rarest words could not lift it into the top
      // `limit`, its words are not looked up. (Added in the same order as always: same score.)
      let phraseTerms = 0;
      if (hasStats) {
        const df = Math.max(0, Math.min(stats!.documentCount, Number(stats!.documentFrequency(c.key)) || 0));
        phraseTerms = w.phraseRarity * Math.log(idfFromCount(stats!.documentCount, df)) + w.establishedTerm * log1p(Math.min(2, df));
        if (top.length >= limit && s + phraseTerms + wordBonus + BOUND_MARGIN < top[top.length - 1].score) continue;
      }
      let sum = 0;
      for (let i = c.start; i < c.end; i++) sum += hasStats ? idfOfWord(keys[i]) : 1;
      s += w.wordRarity * (sum / (c.end - c.start));
      if (hasStats) s += phraseTerms;
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
function isTitleCase(word: string): boolean {
  if (!isUpper(word)) return false;
  const rest = word.slice(1);
  return rest === rest.toLowerCase();
}

/** The phrases as the article writes them (one pass over the article for all of them). */
export function displayForms(candidates: Candidates, list: readonly Candidate[]): string[] {
  const { surface, key, count } = candidates.analysis;
  // Keys of the Title-case words shown, then whether the article also writes them in lower case.
  let lowered: Map<string, boolean> | undefined;
  for (const c of list) {
    for (let i = c.start; i < c.end; i++) if (isTitleCase(surface[i])) (lowered ??= new Map()).set(key[i], false);
  }
  if (lowered) {
    let left = lowered.size;
    for (let i = 0; i < count && left > 0; i++) {
      if (lowered.get(key[i]) === false && !isUpper(surface[i])) {
        lowered.set(key[i], true);
        left -= 1;
      }
    }
  }
  return list.map((c) => {
    let phrase = '';
    for (let i = c.start; i < c.end; i++) {
      const word = surface[i];
      const shown = lowered?.get(key[i]) === true && isTitleCase(word) ? word[0].toLowerCase() + word.slice(1) : word;
      phrase = i === c.start ? shown : `${phrase} ${shown}`;
    }
    return phrase;
  });
}

/** The phrase as the article writes it. */
export function displayForm(candidates: Candidates, c: Candidate): string {
  return displayForms(candidates, [c])[0];
}
