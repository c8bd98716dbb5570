/**
 * Keyphrases of an article, best first, in any language; pure (no Strapi). Needs loadLanguageDetector() settled (the
 * analysis thread calls it at start). English is chunked by tags (english/), others by stopwords; ranked alike.
 */
import { attempt } from '../functions';
import { DetectorNotLoadedError, ENGLISH, detectLanguage, englishStem, escapeRegExp, languageTools, normaliseLanguage, wordsOf, type LanguageTools } from '../language';
import { dropCaptionCredits, dropFirstLineByline, dropKicker, dropMetadataLines, dropTitleLabel, dropWebAddresses, stripBoilerplate } from './boilerplate';
import { withoutHugeTokens } from './bounded-input';
import { englishChunks, nounPhrasesIn, withoutPossessive } from './english';
import { collect, displayForm, rank, type Collected, type TermStatistics } from './ranking';
import { stopwordChunks, withoutElision } from './stopword-runs';
import { keyRuns, splitTitle } from './words';

export type { TermStatistics } from './ranking';

/** Characters read from the start (~15,000 words, more than any article): publish stays fast whatever a field holds. */
export const MAX_ANALYSED_CHARS = 100_000;
const MAX_TITLE_CHARS = 1_000;
const DEFAULT_LIMIT = 10;

export interface RankedPhrase {
  phrase: string;
  /** In (0, 1]: 1 for the best phrase. */
  score: number;
  /** For site statistics and de-duplication ("fr:vieux phar"). */
  key: string;
}

export interface KeyphraseInput {
  title?: string;
  text: string;
  /** ISO 639-1, or a locale such as "fr-CA"; detected from the text without it. */
  lang?: string;
}

export interface ExtractOptions {
  limit?: number;
  /** Document frequencies on the site, without this article. */
  stats?: TermStatistics;
}

/** Site statistics as plain data, from Strapi's thread to the analysis thread (a Map: a key may be "__proto__"). */
export interface TermCounts {
  documentCount: number;
  documentFrequencies: Map<string, number>;
}

export const termStatistics = (counts: TermCounts): TermStatistics =>
  ({ documentCount: counts.documentCount, documentFrequency: (key) => counts.documentFrequencies.get(key) ?? 0 });

/** Words past it only count candidates (the tagger's cost): quality is flat from 250 to 700 words, cost is not. */
export const OPENING_WORDS = 300;
const OPENING = new RegExp(`^\\s*(?:\\S+\\s+){${OPENING_WORDS - 1}}\\S+`);

/** No huge token: wink-nlp's tokenizer is quadratic in a token's length (bounded-input.ts). */
function bounded(text: string, max: number): string {
  const cut = text.length <= max ? text.length : text.lastIndexOf(' ', max);
  return withoutHugeTokens(text.slice(0, cut > max * 0.9 ? cut : max));
}

/** The body without a line that is the title again: English reads the headline's verbs from the body (english/). */
function withoutTitleLine(body: string, title: string): string {
  if (!title) return body;
  // (One search, its line break put back: comparing every line cost 0.1 ms, a lookbehind at every character 3 times more.)
  const space = '[^\\S\\n]';
  const line = new RegExp(`(^|\n)${space}*${title.split(' ').map(escapeRegExp).join(`${space}+`)}${space}*(?=\n|$)`, 'iu');
  return body.replace(line, '$1');
}

/** Accepts whatever a field held. */
function prepare(input: unknown): { title: string; body: string; language: string } {
  const value = (input ?? {}) as { title?: unknown; text?: unknown; lang?: unknown };
  // Composed: keyboards that type accents as combining marks (Yoruba "ọ̀") would miss every stopword and stem.
  const [given, text] = [value.title, value.text].map((field) => (typeof field === 'string' ? field.normalize('NFC') : undefined));
  const split = splitTitle({ title: given, text: text ?? '' });
  let title = bounded(split.title, MAX_TITLE_CHARS).replace(/\s+/g, ' ').trim();
  let body = dropFirstLineByline(dropKicker(dropMetadataLines(dropCaptionCredits(dropWebAddresses(bounded(split.body, MAX_ANALYSED_CHARS))), title)), title);
  title = dropTitleLabel(title, body);
  const language = normaliseLanguage(value.lang) ?? detectLanguage(`${title}\n\n${body.slice(0, 1_000)}`);
  if (language === ENGLISH) [title, body] = [stripBoilerplate(title, true), stripBoilerplate(withoutTitleLine(body, title), true)];
  else body = stripBoilerplate(body, false);
  return { title, body, language };
}

/** A stopword list covering under this share of an article's words is thin for it (prose: a quarter to a half). */
const THIN_LIST = 0.1;
/** Words at least this share of the language's articles on the site write are its function words, once there are ten. */
const [SITE_FUNCTION_WORDS, SITE_ARTICLES, SAMPLE_CHARS] = [0.5, 10, 3_000];
const [SHORT_WORD, SHORT_WORD_TIMES] = [3, 3];

/**
 * Where the language's stopword list is none or thin (Kannada, Maltese), the site's articles tell its function words:
 * their lower-case words are counted, and those half of the language's articles write are stopwords ("defaid", sheep,
 * a quarter write on a farming site, is not). The language's article count is its most frequent word's.
 */
function thinListWords(tools: LanguageTools, text: string): string[] {
  // (A sample tells: an unspaced opening may be the whole text, and ICU's segmenter costs per character.)
  const words = wordsOf(text.slice(0, SAMPLE_CHARS), tools.segmenter);
  const listed = words.filter((word) => tools.stopwords.has(tools.lower(word))).length;
  return listed >= THIN_LIST * words.length ? [] : [...new Set(words.filter((word) => word === tools.lower(word)))];
}

/**
 * Where the list is thin, the article's short words tell too: one of SHORT_WORD letters or fewer written
 * SHORT_WORD_TIMES times ("og", "на") is a function word. A short noun goes with them ("су", water), a price worth the
 * clauses cut, as the sets measured. Not in syllabic scripts (Hangul, Ethiopic), where three letters make a noun.
 */
function articleStopwords(tools: LanguageTools, thin: string[], title: string, body: string): string[] {
  if (!thin.length || tools.segmenter) return [];
  const counts = new Map<string, number>();
  for (const word of wordsOf(`${title}\n${body}`)) {
    if (word === tools.lower(word) && word !== word.toUpperCase() && [...word].length <= SHORT_WORD) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const frequent = [...counts].filter(([, count]) => count >= SHORT_WORD_TIMES).map(([word]) => word);
  // So are the language's "and" and "or", however long, as ICU writes them between list items (Gaelic "agus").
  return [...frequent, ...tools.conjunctions()];
}

function siteStopwords(tools: LanguageTools, words: string[], stats: TermStatistics | undefined): string[] {
  if (!stats || !words.length) return [];
  const counts = words.map((word) => [word, Number(stats.documentFrequency(tools.key(word))) || 0] as const);
  const articles = Math.max(0, ...counts.map(([, count]) => count));
  return articles < SITE_ARTICLES ? [] : counts.filter(([, count]) => count >= SITE_FUNCTION_WORDS * articles).map(([word]) => word);
}

/**
 * The article's candidates, and the keys of its words a thin list leaves to the site to learn; none if unreadable
 * (keyphrases never fail a publish), but an unloaded detector throws.
 */
function candidatesOf(input: unknown, stats?: TermStatistics): { collected: Collected; wordKeys: string[] } {
  try {
    const { title, body, language } = prepare(input);
    const cut = OPENING.exec(body)?.[0].length ?? body.length;
    const [opening, rest] = [body.slice(0, cut), body.slice(cut)];
    if (language === ENGLISH) return { collected: collect(englishChunks(title, opening, rest).chunks, true, keyRuns(rest, englishStem, withoutPossessive)), wordKeys: [] };
    const listed = languageTools(language);
    const words = thinListWords(listed, `${title}\n${opening}`);
    const added = attempt(() => [...articleStopwords(listed, words, title, body), ...siteStopwords(listed, words, stats)], () => []);
    const tools = added.length ? { ...listed, stopwords: new Set([...listed.stopwords, ...added]) } : listed;
    const collected = collect(stopwordChunks(title, opening, tools).chunks, false, keyRuns(rest, tools.key, (word) => withoutElision(word, tools), tools.segmenter), !words.length);
    return { collected, wordKeys: words.map((word) => tools.key(word)) };
  } catch (error) {
    if (error instanceof DetectorNotLoadedError) throw error;
    return { collected: collect([], false), wordKeys: [] };
  }
}

/** Its `lang` when valid, else the detected one. */
export const articleLanguage = (input: KeyphraseInput): string => prepare(input).language;

export function extractKeyphrases(input: KeyphraseInput, options: ExtractOptions = {}): RankedPhrase[] {
  const { limit: asked } = options ?? {};
  const limit = typeof asked === 'number' && Number.isFinite(asked) ? Math.max(0, Math.floor(asked)) : DEFAULT_LIMIT;
  if (limit === 0) return [];
  const { collected } = candidatesOf(input, options?.stats);
  // Statistics that fail to answer (a closed database handle...) are ignored, not fatal.
  const ranked = attempt(() => rank(collected, limit, options?.stats), () => rank(collected, limit));
  const best = ranked[0]?.score ?? 0;
  return ranked.map(({ candidate, score }) => ({
    phrase: displayForm(candidate, collected),
    // Scores are log-scale sums; exp of the difference to the best gives a readable ratio.
    score: Math.round(Math.exp(Math.min(0, score - best)) * 10_000) / 10_000 || 0.0001,
    key: candidate.key,
  }));
}

/** Added to the site's document-frequency table when the document is published. */
export function documentTermKeys(input: KeyphraseInput): string[] {
  const { collected, wordKeys } = candidatesOf(input);
  return [...new Set([...collected.candidates.keys(), ...wordKeys])];
}

/** Translated keyphrases, for the prompt. Never throws. */
export const englishNounPhrases = (lines: string[]): string[][] =>
  lines.map((line) => attempt(() => nounPhrasesIn(bounded(String(line), MAX_TITLE_CHARS)), () => []));
