/**
 * Keyphrases of an article: the few noun phrases that say what it is about, best first.
 *
 * Pure (no Strapi): wink-nlp tags the text (tagged-text.ts), its noun phrases are found (candidates.ts), counted
 * (collector.ts) and ranked on frequency, position, the title, length and rarity on the site
 * (ranking.ts). The site's rarity comes in as TermStatistics, built from documentTermKeys() of the
 * articles already published; without it ranking still works.
 */
import { analyse, type Analysis } from './candidates';
import { collectCandidates } from './collector';
import { displayForms, scoreCandidates, type Scored, type TermStatistics } from './ranking';

export type { TermStatistics } from './ranking';
export { MAX_ANALYSED_CHARS } from './candidates';

export interface RankedPhrase {
  /** The phrase as written in the article ("wavelength services", "Michael Buble"). */
  phrase: string;
  /** Relative score: 1 for the best phrase, lower for the others (always in (0, 1]). */
  score: number;
  /** Normalised (lower-case, stemmed) form, for document-frequency counting and de-duplication. */
  key: string;
}

export interface KeyphraseInput {
  title?: string;
  text: string;
}

export interface ExtractOptions {
  /** How many phrases to return (default 10). */
  limit?: number;
  /** Document frequencies on the site, without this article. */
  stats?: TermStatistics;
}

const DEFAULT_LIMIT = 10;

/**
 * Site statistics as plain data: they are read from the database on Strapi's thread and used by the ranking on
 * the text-analysis thread (a Map: keys are words from articles, "__proto__" included).
 */
export interface TermCounts {
  documentCount: number;
  documentFrequencies: Map<string, number>;
}

export function termStatistics(counts: TermCounts): TermStatistics {
  return { documentCount: counts.documentCount, documentFrequency: (key) => counts.documentFrequencies.get(key) ?? 0 };
}

/** Accepts whatever a content field held: only strings are read. */
function safeInput(input: unknown): KeyphraseInput {
  const value = (input ?? {}) as { title?: unknown; text?: unknown };
  return {
    title: typeof value.title === 'string' ? value.title : undefined,
    text: typeof value.text === 'string' ? value.text : '',
  };
}

/**
 * The article the shared analysis holds, reused when the same article comes again: on publish the
 * plugin asks for the article's term keys (to look up and then count its document frequencies) and
 * for its keyphrases.
 */
let last: { title: string | undefined; text: string; analysis: Analysis } | undefined;

function safeAnalyse(input: unknown): Analysis | null {
  try {
    const { title, text } = safeInput(input);
    if (last && last.title === title && last.text === text) return last.analysis;
    // analyse() overwrites the shared analysis: forget what it held first, in case it throws.
    last = undefined;
    const analysis = analyse({ title, text });
    last = { title, text, analysis };
    return analysis;
  } catch {
    // Never let a keyphrase problem fail a publish: the caller falls back to the title.
    return null;
  }
}

export function extractKeyphrases(input: KeyphraseInput, options: ExtractOptions = {}): RankedPhrase[] {
  const rawLimit = options?.limit;
  const limit = typeof rawLimit === 'number' && Number.isFinite(rawLimit) ? Math.max(0, Math.floor(rawLimit)) : DEFAULT_LIMIT;
  if (limit === 0) return [];
  const analysis = safeAnalyse(input);
  if (!analysis) return [];
  try {
    const candidates = collectCandidates(analysis);
    let ranked: Scored[];
    try {
      ranked = scoreCandidates(candidates, options?.stats, limit);
    } catch {
      // Statistics that fail to answer (a closed database handle...) are ignored, not fatal.
      ranked = scoreCandidates(candidates, undefined, limit);
    }
    if (!ranked.length) return [];
    const best = ranked[0].score;
    const phrases = displayForms(candidates, ranked.map((r) => r.candidate));
    return ranked.map(({ candidate, score }, i) => ({
      phrase: phrases[i],
      // Scores are log-scale sums; exp of the difference to the best gives a readable ratio.
      score: Math.round(Math.exp(Math.min(0, score - best)) * 10_000) / 10_000 || 0.0001,
      key: candidates.key(candidate),
    }));
  } catch {
    return [];
  }
}

/** The distinct keys of one document, to add to the site's document-frequency table when it is published. */
export function documentTermKeys(input: KeyphraseInput): string[] {
  const analysis = safeAnalyse(input);
  if (!analysis) return [];
  // Every candidate phrase and every word of them: ranking looks both up.
  const keys = new Set<string>();
  const candidates = collectCandidates(analysis);
  for (let c = 0; c < candidates.count; c++) {
    keys.add(candidates.key(c));
    if (candidates.words(c) > 1) for (let i = candidates.start(c); i < candidates.end(c); i++) keys.add(analysis.keys[analysis.keyId[i]]);
  }
  return [...keys];
}
