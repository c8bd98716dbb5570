/**
 * Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", 1980) with the small departures
 * NLTK makes in its default mode, written from the published algorithm.
 *
 * Why this flavour: keyphrase benchmarks (and the shared scorer) compare phrases after this exact
 * stemming, so using the same one makes our de-duplication agree with how the results are judged:
 * two phrases that would count as one prediction never take two of the top slots. wink-nlp's
 * `its.stem` is Porter2 (a different algorithm) and is slower per token.
 *
 * Like the scorer, a hyphenated word is stemmed as one word ("real-time systems" -> "real-time system").
 */
import { memoised } from './memo';

/** Irregular forms NLTK maps directly instead of running the rules. */
const IRREGULAR: Readonly<Record<string, string>> = {
  sky: 'sky', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', news: 'news',
  innings: 'inning', inning: 'inning', outings: 'outing', outing: 'outing',
  cannings: 'canning', canning: 'canning', howe: 'howe',
  proceed: 'proceed', exceed: 'exceed', succeed: 'succeed',
};

/** True when the letter at i acts as a consonant ('y' after a consonant is a vowel). */
function consonantAt(word: string, i: number): boolean {
  switch (word.charCodeAt(i)) {
    case 97: case 101: case 105: case 111: case 117: // a e i o u
      return false;
    case 121: // y
      return i === 0 || !consonantAt(word, i - 1);
    default:
      return true;
  }
}

/** Porter's m: the number of vowel-consonant sequences in word[0, end). */
function measure(word: string, end = word.length): number {
  let m = 0;
  let sawVowel = false;
  for (let i = 0; i < end; i++) {
    if (consonantAt(word, i)) {
      if (sawVowel) m++;
      sawVowel = false;
    } else {
      sawVowel = true;
    }
  }
  return m;
}

function hasVowel(word: string, end = word.length): boolean {
  for (let i = 0; i < end; i++) if (!consonantAt(word, i)) return true;
  return false;
}

function endsWithDoubleConsonant(word: string): boolean {
  const n = word.length;
  return n >= 2 && word[n - 1] === word[n - 2] && consonantAt(word, n - 1);
}

/** *o: consonant-vowel-consonant ending (last not w, x, y); NLTK also accepts a two-letter vowel-consonant word. */
function endsCvc(word: string): boolean {
  const n = word.length;
  if (n >= 3) {
    const last = word[n - 1];
    return consonantAt(word, n - 3) && !consonantAt(word, n - 2) && consonantAt(word, n - 1)
      && last !== 'w' && last !== 'x' && last !== 'y';
  }
  return n === 2 && !consonantAt(word, 0) && consonantAt(word, 1);
}

type Rule = readonly [suffix: string, replacement: string];

/**
 * Applies the first rule whose suffix matches (only that one, even when its condition fails, as the
 * algorithm specifies), replacing the suffix when the stem's measure exceeds minMeasure.
 */
function firstRule(word: string, rules: readonly Rule[], minMeasure: number): string {
  for (const [suffix, replacement] of rules) {
    if (word.endsWith(suffix)) {
      const stemEnd = word.length - suffix.length;
      return measure(word, stemEnd) > minMeasure ? word.slice(0, stemEnd) + replacement : word;
    }
  }
  return word;
}

function step1a(w: string): string {
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ies')) return w.length === 4 ? w.slice(0, -1) : w.slice(0, -2); // ties -> tie, ponies -> poni
  if (w.endsWith('ss')) return w;
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

function step1b(w: string): string {
  if (w.endsWith('ied')) return w.length === 4 ? w.slice(0, -1) : w.slice(0, -2); // tied -> tie, cried -> cri
  if (w.endsWith('eed')) return measure(w, w.length - 3) > 0 ? w.slice(0, -1) : w;
  let stem: string;
  if (w.endsWith('ed') && hasVowel(w, w.length - 2)) stem = w.slice(0, -2);
  else if (w.endsWith('ing') && hasVowel(w, w.length - 3)) stem = w.slice(0, -3);
  else return w;
  // Tidy the stem left by -ed/-ing: restore an 'e', undouble a consonant.
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return stem + 'e';
  if (endsWithDoubleConsonant(stem)) {
    const last = stem[stem.length - 1];
    return last === 'l' || last === 's' || last === 'z' ? stem : stem.slice(0, -1);
  }
  if (measure(stem) === 1 && endsCvc(stem)) return stem + 'e';
  return stem;
}

function step1c(w: string): string {
  // NLTK: y -> i only after a consonant that is not the first letter (so "cry" -> "cri", "say" stays).
  if (w.endsWith('y') && w.length > 2 && consonantAt(w, w.length - 2)) return w.slice(0, -1) + 'i';
  return w;
}

const STEP2: readonly Rule[] = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'],
  ['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'],
  ['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'],
  ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble'],
  ['fulli', 'ful'],
];

function step2(w: string): string {
  // NLTK: "alli" is reduced to "al" and step 2 re-run on the result.
  if (w.endsWith('alli') && measure(w, w.length - 4) > 0) return step2(w.slice(0, -2));
  // NLTK: "logi" -> "log" (with the measure taken on the stem before "logi"'s "ogi").
  if (w.endsWith('logi')) return measure(w, w.length - 3) > 0 ? w.slice(0, -1) : w;
  return firstRule(w, STEP2, 0);
}

const STEP3: readonly Rule[] = [
  ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', ''],
];

const STEP4_SUFFIXES = [
  'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion',
  'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize',
] as const;

function step4(w: string): string {
  for (const suffix of STEP4_SUFFIXES) {
    if (!w.endsWith(suffix)) continue;
    const stemEnd = w.length - suffix.length;
    if (measure(w, stemEnd) <= 1) return w;
    if (suffix === 'ion') {
      const before = w[stemEnd - 1];
      if (before !== 's' && before !== 't') return w;
    }
    return w.slice(0, stemEnd);
  }
  return w;
}

function step5(w: string): string {
  if (w.endsWith('e')) {
    const m = measure(w, w.length - 1);
    if (m > 1 || (m === 1 && !endsCvc(w.slice(0, -1)))) w = w.slice(0, -1);
  }
  if (w.endsWith('ll') && measure(w, w.length - 1) > 1) w = w.slice(0, -1);
  return w;
}

/** Stems one lower-case word. */
export function stemWord(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular !== undefined && Object.prototype.hasOwnProperty.call(IRREGULAR, word)) return irregular;
  if (word.length <= 2) return word;
  return step5(step4(firstRule(step2(step1c(step1b(step1a(word)))), STEP3, 0)));
}

/** The stem of a lower-case word, memoised (articles repeat their words): an English word's key. */
export const stem = memoised(stemWord, 20_000);
