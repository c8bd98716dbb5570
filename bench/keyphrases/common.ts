/**
 * Shared by the keyphrase CLI (predict.ts) and benchmark (run.ts): reading JSONL documents and
 * predicting with document frequencies taken from the other documents of the same file, as a site's
 * own archive would give them.
 */
import { readFileSync } from 'node:fs';
import { documentTermKeys, extractKeyphrases, type TermStatistics } from '../../server/src/domain/keyphrases';

export interface InputDocument {
  id: string;
  text: string;
  title?: string;
  /** The document's language (ISO 639-1); detected when absent. */
  lang?: string;
}

export interface Prediction {
  id: string;
  keyphrases: string[];
}

/** Reads one JSON object a line; blank lines are skipped, a bad line names its number. */
export function readJsonl<T = Record<string, unknown>>(path: string): T[] {
  const rows: T[] = [];
  readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      rows.push(JSON.parse(line) as T);
    } catch (error) {
      throw new Error(`${path}:${i + 1}: invalid JSON (${(error as Error).message})`);
    }
  });
  return rows;
}

/**
 * The benchmarks feed `text` only (their title is the first line of it, which the extractor
 * recognises); with useTitle a `title` field is passed separately, for articles exported from a CMS. A `lang`
 * field (ISO 639-1) is passed on; without it the extractor detects the language.
 */
export function toDocuments(rows: Record<string, unknown>[], useTitle = false): InputDocument[] {
  return rows.map((row, i) => ({
    id: row.id === undefined || row.id === null ? String(i + 1) : String(row.id),
    text: typeof row.text === 'string' ? row.text : '',
    title: useTitle && typeof row.title === 'string' ? row.title : undefined,
    ...(typeof row.lang === 'string' ? { lang: row.lang } : {}),
  }));
}

/** Document frequencies of a collection, with each document's own keys (to leave it out of its own statistics). */
export class CollectionStatistics {
  private readonly counts = new Map<string, number>();
  readonly keysByDocument: Set<string>[];

  constructor(documents: InputDocument[]) {
    this.keysByDocument = documents.map((doc) => new Set(documentTermKeys(doc)));
    for (const keys of this.keysByDocument) for (const key of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** The same, materialised as one map of this document's keys (what a site's database lookup returns). */
  snapshot(i: number): TermStatistics {
    const own = this.keysByDocument[i];
    const frequencies = new Map<string, number>();
    for (const key of own) frequencies.set(key, (this.counts.get(key) ?? 1) - 1);
    return { documentCount: this.keysByDocument.length - 1, documentFrequency: (key) => frequencies.get(key) ?? 0 };
  }

  /** Statistics for document i as if the others were the site's published articles. */
  forDocument(i: number): TermStatistics {
    const own = this.keysByDocument[i];
    const others = this.keysByDocument.length - 1;
    return {
      documentCount: others,
      documentFrequency: (key) => (this.counts.get(key) ?? 0) - (own.has(key) ? 1 : 0),
    };
  }
}

export const DEFAULT_LIMIT = 10;

export function predict(documents: InputDocument[], limit = DEFAULT_LIMIT, statistics = new CollectionStatistics(documents)): Prediction[] {
  return documents.map((doc, i) => ({
    id: doc.id,
    keyphrases: extractKeyphrases(doc, { limit, stats: statistics.forDocument(i) }).map((k) => k.phrase),
  }));
}
