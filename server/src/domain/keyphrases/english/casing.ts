/** Title Case read as sentence case: capitals kept only where the body writes a name. */
import { ENGLISH, HAS_LETTER, languageTools, wordSet } from '../../language';

/** A capitalised (then a lower-case) word, hyphenated parts too ("Foxes", "No-Knead", "Built-in"; not "COVID-19"). */
const CAPITALISED_WORD = /(?<![\p{L}\p{N}'’-])\p{Lu}[\p{Ll}'’]*(?:-\p{L}[\p{Ll}'’]*)*(?![\p{L}\p{N}-])/gu;
const LOWER_CASE_WORD = new RegExp(CAPITALISED_WORD.source.replace('\\p{Lu}', '\\p{Ll}'), 'gu');
const MAX_HEADING_CHARS = 100;
/** "Apple's" is Apple's name (the test first: keyRuns calls it on every word past the opening). */
export const withoutPossessive = (word: string) => (word.endsWith('s') ? word.replace(/['’]s$/, '') : word);

/** Prepositions Title Case writes in lower case that the stopword list lacks ("Struggle amid Rising Costs"). */
const PREPOSITIONS = wordSet('amid amidst despite versus via onto upon unlike toward towards throughout beyond within without against among amongst around behind beneath beside besides between inside outside underneath feat featuring');
/** Most words capitalised, none of four letters or more in lower case but function words ("Struggle amid Rising Costs"). */
function isTitleCase(line: string): boolean {
  const capitalised = line.match(CAPITALISED_WORD)?.length ?? 0;
  return capitalised >= 3 && capitalised >= 0.6 * line.split(/\s+/).filter((w) => HAS_LETTER.test(w)).length &&
    // (Not an aside in brackets: "Beef Stew (serves 4)".)
    (line.replace(/\([^()]*\)/g, ' ').match(LOWER_CASE_WORD) ?? []).every((word) => word.length < 4 || word.includes('-') || PREPOSITIONS.has(word) || languageTools(ENGLISH).stopwords.has(word));
}

/** A sentence-case title's first word in lower case if the body writes it so, never capitalised mid-sentence ("Gloves up"). */
function openingInLowerCase(title: string, body: string): string {
  const first = /^\p{Lu}\p{Ll}+(?=[\s,:;]|$)/u.exec(title)?.[0];
  if (!first) return title;
  const lower = first.toLowerCase();
  const written = (pattern: string) => new RegExp(pattern, 'u').test(body);
  return written(`(?<![\\p{L}])${lower}(?![\\p{L}])`) && !written(`[\\p{Ll},;] ${first}(?![\\p{L}])`) ? lower + title.slice(first.length) : title;
}

/** Title Case reads as names: a word keeps its capital if the body writes it so mid-sentence, or never lower-case. */
export function inSentenceCase(title: string, body: string, rest: string): { title: string; body: string } {
  const lines = body.split('\n');
  // (A heading is short: a long line of capitals lists names.)
  const headings = lines.map((line) => line.length <= MAX_HEADING_CHARS && isTitleCase(line));
  const titled = isTitleCase(title);
  if (!titled && !headings.includes(true)) return { title: openingInLowerCase(title, `${body}\n${rest}`), body };
  const [names, openers] = [new Set<string>(), new Set<string>()];
  for (const line of lines.filter((_, index) => !headings[index])) {
    for (const match of line.matchAll(CAPITALISED_WORD)) {
      const before = line.slice(Math.max(0, match.index - 3), match.index).trimEnd();
      (before && !/[.!?:"“”«»]$/.test(before) ? names : openers).add(withoutPossessive(match[0]));
    }
  }
  const lowerCase = new Set(body.match(LOWER_CASE_WORD));
  const kept = new Set([...names, ...[...openers].filter((word) => !lowerCase.has(word.toLowerCase()))]);
  const recase = (line: string) => line.replace(CAPITALISED_WORD, (word) => (kept.has(withoutPossessive(word)) ? word : word.toLowerCase()));
  return { title: titled ? recase(title) : title, body: lines.map((line, index) => (headings[index] ? recase(line) : line)).join('\n') };
}
