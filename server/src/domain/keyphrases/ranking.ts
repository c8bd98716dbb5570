/**
 * Ranks candidates in every language on the usual signals (frequency, first position, title, word count, site rarity)
 * as a weighted sum of logarithms: a phrase needs several to rank high, and none (a word said thirty times) swamps all.
 */
import { CAPITAL_START, HAS_CAPITAL, HAS_LETTER, NOUNS_CAPITALISED, SYLLABLES_SPACED } from '../language';
import { MAX_PHRASE_WORDS, Role, joinWords, type Chunk } from './words';

export interface TermStatistics {
  documentCount: number;
  documentFrequency(key: string): number;
}

/** Weights of the log-scale score: round values chosen on the mean F@10 of all three benchmark sets, never one. */
export const WEIGHTS = {
  /** Inner uses count half for a word (a modifier: "oil prices"), full for a phrase ("worst oil spill"). */
  frequency: 1,
  inner: 0.5,
  innerPhrase: 1,
  /** Per log of word count: longer is more specific. Tagged noun phrases only: an untagged run may hold a verb. */
  length: 0.5,
  /** Per log of the first word position: a story says what it is about first. */
  position: -0.2,
  /** The title has it; a tagged noun phrase there gets its length bonus again: a headline names a story precisely. */
  title: 0.5,
  rarity: 0.75,
};
/** A word this share of whose uses are inside one phrase is that phrase's part (see rank()). */
const PART_SHARE = 0.6;
/** Longest key kept (a site's statistics table stores keys). */
const MAX_KEY_CHARS = 200;
const ONE_CAPITAL = /^\p{Lu}[\p{Ll}\p{M}'’-]*$/u;
/** A word in capitals only, two letters or more ("OIL", "ПРИМОРЬЕ"): a headline's or an acronym's way. */
const ALL_CAPITALS = /^(?=(?:\P{L}*\p{L}){2})[^\p{Ll}]+$/u;

export interface Candidate {
  key: string;
  words: number;
  /** Body occurrences as a whole phrase, and inside longer ones. */
  exact: number;
  inner: number;
  inTitle: boolean;
  first: number;
  /** With counts, in order of first sight. */
  forms: Map<string, number>;
  /** Shown when the body never writes it. */
  titleForm: string;
  /** Written alone as a name (a one-word chunk tagged as a proper noun: "Buble"; not "bank" in "the bank"). */
  nameAlone?: boolean;
  /** A name written alone and inside a longer name: its short form ("Buble"; see WEIGHTS.length). */
  shortName?: boolean;
  /** A name of several words, every one a name's ("Pedro Sánchez"). */
  fullName?: boolean;
  /** Every word capitalised, but a name's inner stopword ("Museo Nacional de Bellas Artes"). */
  capitalised?: boolean;
  /** Position of its first chunk of its own; none when only inside longer ones ("San" of "San Francisco"). */
  firstWhole?: number;
  /** Untagged, never alone but after two different words and before two: a word of its own (Turkish "çay"; see collect). */
  ownWord?: boolean;
}

/** The article's candidates by key, and how it writes its words (see displayForm()). */
export interface Collected {
  candidates: Map<string, Candidate>;
  lowerCase: Set<string>;
  /** Words written with a capital but not in capitals only, by their lower case ("caledon" -> "Caledon"). */
  capitalised: Map<string, string>;
  /** The candidates are noun phrases from a tagger (see WEIGHTS.length). */
  nounPhrases: boolean;
}

function candidate(map: Map<string, Candidate>, key: string, words: number, position: number): Candidate {
  if (!map.has(key)) map.set(key, { key, words, exact: 0, inner: 0, inTitle: false, first: position, forms: new Map(), titleForm: '' });
  return map.get(key)!;
}

function seen(c: Candidate, form: string, inTitle: boolean): void {
  if (!inTitle) c.forms.set(form, (c.forms.get(form) ?? 0) + 1);
  else if (!c.inTitle) [c.inTitle, c.titleForm] = [true, form];
}

/**
 * Candidates: every chunk and each noun in one; `later` (key runs past the opening) adds only occurrences. `listed`:
 * chunks between a list's stopwords, clauses where function words are endings ("bahçede çay topluyor"), whose lower-case
 * words may be words of their own (ownWord); not a fixed phrase's ("Silk Board"), a modifier's ("forces afghanes").
 */
export function collect(chunks: Chunk[], nounPhrases: boolean, later: string[][] = [], listed = false): Collected {
  const [map, lowerCase, capitalised] = [new Map<string, Candidate>(), new Set<string>(), new Map<string, string>()];
  const [before, after] = [new Map<Candidate, Set<string>>(), new Map<Candidate, Set<string>>()];
  const neighbour = (of: Map<Candidate, Set<string>>, c: Candidate, word: string) => of.set(c, (of.get(c) ?? new Set()).add(word));
  for (const { words, position, inTitle } of chunks) {
    for (const { text } of words) {
      const lower = text.toLowerCase();
      if (text === lower) lowerCase.add(text);
      else if (!ALL_CAPITALS.test(text) && !capitalised.has(lower)) capitalised.set(lower, text);
    }
    const key = words.map((w) => w.key).join(' ');
    // (A longer one still gives its words.)
    if (key.length > MAX_KEY_CHARS) continue;
    const c = candidate(map, key, words.length, position);
    if (!inTitle) c.exact += 1;
    if (words.length === 1 && (words[0].role === Role.Name || (!nounPhrases && ONE_CAPITAL.test(words[0].text)))) c.nameAlone = true;
    if (words.length > 1 && words.length <= 3 && words.every((w) => w.role === Role.Name && !ALL_CAPITALS.test(w.text))) c.fullName = true;
    if (words.every((w) => w.joint || CAPITAL_START.test(w.text))) c.capitalised = true;
    c.firstWhole = Math.min(c.firstWhole ?? Infinity, position);
    seen(c, joinWords(words.map((w) => w.text)), inTitle);
  }
  for (const { words, position, inTitle } of chunks) {
    const fullName = words.every((w) => w.role === Role.Name);
    forEachPart(words.map((w) => w.key), (key, from, to) => {
      const word = words[from];
      let c = map.get(key);
      if (!c && to - from === 1 && word.role !== Role.Modifier && !word.empty && !word.joint) c = candidate(map, key, 1, position + from);
      if (!c) return;
      if (to - from === 1 && fullName && c.nameAlone) c.shortName = true;
      if (to - from === 1 && listed && from > 0) neighbour(before, c, words[from - 1].key);
      if (to - from === 1 && listed && to < words.length) neighbour(after, c, words[to].key);
      if (!inTitle) c.inner += 1;
      c.first = Math.min(c.first, position + from);
      seen(c, to - from === 1 ? word.text : joinWords(words.slice(from, to).map((w) => w.text)), inTitle);
    });
  }
  for (const [c, words] of before) {
    c.ownWord = words.size >= 2 && (after.get(c)?.size ?? 0) >= 2 && !SYLLABLES_SPACED.has(keyLanguage(c.key)) && [...c.forms.keys()].some((form) => !HAS_CAPITAL.test(form));
  }
  // Every candidate's first words: a phrase past the opening is read on only while some candidate starts with it.
  const starts = new Set<string>();
  for (const key of map.keys()) {
    for (let space = key.indexOf(' '); space >= 0; space = key.indexOf(' ', space + 1)) starts.add(key.slice(0, space));
    starts.add(key);
  }
  for (const run of later) countLater(map, starts, run);
  return { candidates: map, lowerCase, capitalised, nounPhrases };
}

/** Each phrase inside a phrase's keys, shorter than it ("oil", "oil spill" of "worst oil spill"), and its span. */
function forEachPart(keys: readonly string[], visit: (key: string, from: number, to: number) => void): void {
  for (let from = 0; from < keys.length; from++) {
    for (let to = from + 1, key = ''; to <= keys.length && to - from < keys.length; to++) {
      key = to - from === 1 ? keys[from] : `${key} ${keys[to - 1]}`;
      visit(key, from, to);
    }
  }
}

/** Occurrences past the opening: the longest candidate at each place counts whole, those inside it as inner. */
function countLater(map: Map<string, Candidate>, starts: ReadonlySet<string>, run: string[]): void {
  for (let from = 0; from < run.length; ) {
    let found: Candidate | undefined;
    let [key, length] = ['', 0];
    for (let to = from + 1; to <= Math.min(run.length, from + MAX_PHRASE_WORDS); to++) {
      key = to - from === 1 ? run[from] : `${key} ${run[to - 1]}`;
      // (Most words start no candidate: they are passed at once.)
      if (!starts.has(key)) break;
      const c = map.get(key);
      if (c) [found, length] = [c, to - from];
    }
    if (found) {
      found.exact += 1;
      forEachPart(run.slice(from, from + length), (inner) => {
        const c = map.get(inner);
        if (c) c.inner += 1;
      });
    }
    from += length || 1;
  }
}

/** Smoothed inverse document frequency, at least 1 (1 for every term of a new site; a bad count reads as 0). */
function idf(stats: TermStatistics | undefined, key: string): number {
  if (!stats || !(stats.documentCount > 0)) return 1;
  const frequency = Math.max(0, Math.min(stats.documentCount, Number(stats.documentFrequency(key)) || 0));
  return 1 + Math.log((stats.documentCount + 1) / (frequency + 1));
}

export type Scored = { candidate: Candidate; score: number };

export function score(c: Candidate, nounPhrases: boolean, stats?: TermStatistics): number {
  const w = WEIGHTS;
  const length = nounPhrases ? w.length * Math.log(c.shortName ? 2 : c.words) : 0;
  return w.frequency * Math.log(1 + c.exact + (c.words > 1 ? w.innerPhrase : w.inner) * c.inner) + length +
    w.position * Math.log(1 + c.first) + (c.inTitle ? w.title + length : 0) + w.rarity * Math.log(idf(stats, c.key));
}

/** The best `limit` candidates (ties: earlier, then key), less words a better phrase shows ("oil" of "oil spill"). */
export function rank({ candidates, nounPhrases }: Collected, limit: number, stats?: TermStatistics): Scored[] {
  // Not a word written only inside longer phrases (it only counts their occurrences: "San" of "San Francisco"), unless
  // a word of its own (ownWord). Untagged, not a run as long as a
  // phrase may be that the body writes once: as often a clause as a name ("pühapäeval Tallinnas toimunud XXVIII
  // üldlaulupidu"); a name that long recurs, or has a capital on every word (Vietnamese spaces its syllables).
  const once = (c: Candidate) => c.exact + c.inner < 2 && !c.capitalised && !SYLLABLES_SPACED.has(keyLanguage(c.key));
  const kept = (c: Candidate) => (c.words > 1 || c.firstWhole !== undefined || c.ownWord) && (nounPhrases || c.words < MAX_PHRASE_WORDS || !once(c));
  const scored: Scored[] = [...candidates.values()].filter(kept).map((c) => ({ candidate: c, score: score(c, nounPhrases, stats) }));
  scored.sort((a, b) => b.score - a.score || a.candidate.first - b.candidate.first || (a.candidate.key < b.candidate.key ? -1 : 1));
  // Without a tagger, a name written in full, then by its last word, is shown in full ("Manuel Pellegrini"), as is one
  // of two words written twice, then by its first ("Real Madrid"; once may be two names: "Tapparan Oulussa"); a name
  // first written alone is no part ("France" before "Ouest France").
  const [byLast, byFirst] = [new Map<string, Candidate>(), new Map<string, Candidate>()];
  const keep = (names: Map<string, Candidate>, part: string, c: Candidate) => {
    if (!names.has(part) || names.get(part)!.exact < c.exact) names.set(part, c);
  };
  for (const c of candidates.values()) {
    if (nounPhrases || !c.fullName) continue;
    keep(byLast, c.key.slice(c.key.lastIndexOf(' ') + 1), c);
    if (c.words === 2 && c.exact >= 2) keep(byFirst, c.key.slice(0, c.key.indexOf(' ')), c);
  }
  // Each word's commonest phrase of two or three words (a longer run may be a clause): a word written mostly in it is
  // its part, and the phrase is shown in its place ("Météo" of "Météo France", "unemployment" of "unemployment rate").
  const holder = new Map<string, Candidate>();
  const uses = (c: Candidate) => c.exact + c.inner;
  for (const c of candidates.values()) {
    if (c.words === 1 || c.words > 3) continue;
    for (const word of c.key.split(' ')) if (!holder.has(word) || uses(holder.get(word)!) < uses(c)) holder.set(word, c);
  }
  const [chosen, shownWords, shownKeys] = [[] as Scored[], new Set<string>(), new Set<string>()];
  for (const item of scored) {
    if (chosen.length >= limit) break;
    const { shortName, key: alone, firstWhole = Infinity } = item.candidate;
    const full = shortName ? [byLast.get(alone), byFirst.get(alone)].find((named) => named && (named.firstWhole ?? Infinity) < firstWhole) : undefined;
    const whole = item.candidate.words === 1 ? holder.get(alone) : undefined;
    // A name only as its phrase's first word ("Météo France"; "Kutcher" alone tells the prompt that "Ashton Kutcher" is
    // a person), and untagged, only into a name: a verb may follow it ("Gobierno aprueba"); German capitalises every
    // noun, so no capital tells a name there ("Apple Aktien").
    const name = item.candidate.nameAlone && whole && (!whole.key.startsWith(`${alone} `) || NOUNS_CAPITALISED.has(keyLanguage(alone)) ||
      !(nounPhrases || [...whole.forms.keys(), whole.titleForm].some((form) => /^\p{Lu}\S*(?: \p{Lu}\S*)+$/u.test(form))));
    const part = !full && !name && whole && uses(whole) >= Math.max(2, PART_SHARE * uses(item.candidate)) ? whole : undefined;
    const shown = full || part ? { candidate: (full ?? part)!, score: item.score } : item;
    const { key, words } = shown.candidate;
    if ((words === 1 && (shownWords.has(key) || partOfShownCompound(key, shownKeys))) || shownKeys.has(key)) continue;
    chosen.push(shown);
    shownKeys.add(key);
    if (words > 1) for (const word of key.split(' ')) shownWords.add(word);
  }
  return chosen;
}

/** Languages that write a compound as one word ("Hochwasser"): its parts are as "oil" of "oil spill". */
const COMPOUNDING = new Set(['de', 'nl', 'sv', 'da', 'no', 'fi', 'is']);
/** A word of four letters or more opening or ending a shown one-word compound, three left over ("de:wass" of "de:hochwass"). */
function partOfShownCompound(key: string, shownKeys: ReadonlySet<string>): boolean {
  const language = keyLanguage(key);
  if (!COMPOUNDING.has(language)) return false;
  const part = key.slice(language.length + 1);
  return [...shownKeys].some((shown) => shown.startsWith(`${language}:`) && !shown.includes(' ') &&
    part.length >= 4 && shown.length - language.length - 1 >= part.length + 3 && (shown.endsWith(part) || shown.startsWith(key)));
}

/** The language a key is kept under ("fr" of "fr:phar"); "" for English's unprefixed keys. */
const keyLanguage = (key: string): string => key.slice(0, Math.max(0, key.indexOf(':')));

/**
 * The most frequent body form, else the title's. A Title-case first word goes to lower case if the article also writes
 * it so ("Heat pumps"). A title in capitals gives each word as the body writes it, if it does (else acronym: "NATO").
 */
export function displayForm(c: Candidate, { lowerCase, capitalised }: Collected): string {
  // Only a form's first word: a capital further in was the writer's ("Prince William Sound", not "the sound").
  const running = (form: string) => {
    const [first] = form.split(' ', 1);
    const lower = ONE_CAPITAL.test(first) && lowerCase.has(first.toLowerCase()) && !HAS_CAPITAL.test(form.slice(first.length));
    return lower ? first.toLowerCase() + form.slice(first.length) : form;
  };
  if (c.forms.size === 0 && c.titleForm.split(' ').every((word) => ALL_CAPITALS.test(word) || !HAS_LETTER.test(word))) {
    const asBodyWrites = (word: string) => (lowerCase.has(word.toLowerCase()) ? word.toLowerCase() : (capitalised.get(word.toLowerCase()) ?? word));
    return c.titleForm.split(' ').map(asBodyWrites).join(' ');
  }
  const counts = new Map<string, number>();
  for (const [form, n] of c.forms) counts.set(running(form), (counts.get(running(form)) ?? 0) + n);
  let best = running(c.titleForm);
  // The title's lower-case inflection wins a tie with the body's ("incendio forestal" over one "incendios forestales").
  let count = best && !HAS_CAPITAL.test(best) && !counts.has(best) ? 1 : 0;
  // (The same words in capitals lose a tie: a kicker's or a dateline's "KERALA" is no way to show "Kerala".)
  for (const [form, n] of counts) {
    if (n > count || (n === count && ALL_CAPITALS.test(best) && !ALL_CAPITALS.test(form) && form.toLowerCase() === best.toLowerCase())) [best, count] = [form, n];
  }
  return best;
}
