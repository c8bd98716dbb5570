import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { MAX_ANALYSED_CHARS, type KeyphraseInput, type RankedPhrase, type TermCounts } from '../domain/keyphrases';
import { loadLanguageDetector } from '../domain/language';
import { TextWorker, TextWorkerError, answer, type TextRequest, type TextWorkerOptions } from './text-worker';

/** A call that gets no answer by then fails, and its worker is replaced. */
export const CALL_TIMEOUT_MS = 10_000;
/** Loading the bundle and wink-nlp's model takes about a second; a busy server gets more. */
const START_TIMEOUT_MS = 30_000;
/**
 * Text sent to the worker: ranking reads MAX_ANALYSED_CHARS of the body at most, so more is never needed (twice
 * that leaves room for a title line and the whitespace before it).
 */
const MAX_SENT_CHARS = 2 * MAX_ANALYSED_CHARS;

// What comes back from the other thread is checked like any other input.
const rankedPhrases = z.array(z.object({ phrase: z.string(), score: z.number(), key: z.string() }));
const termKeys = z.array(z.string());
// (Two letters, or three for a locale's language without two: "ckb".)
const languageCode = z.string().regex(/^[a-z]{2,3}$/);
const phrasesByLine = z.array(z.array(z.string()));

export { TextWorkerError } from './text-worker';

interface Logger {
  warn(message: string): void;
}

/**
 * Keyphrases and term keys of articles, computed off Strapi's thread (text-worker.ts). `worker` says how to start
 * the worker; without one (the TypeScript sources, in unit tests) the work runs on the caller's thread, where the
 * bounded input still keeps it to a fraction of a second.
 */
export function createTextAnalysis(options: { worker?: Omit<TextWorkerOptions, 'callTimeoutMs' | 'startTimeoutMs'> & Partial<TextWorkerOptions>; log: Logger }) {
  const worker = options.worker
    ? new TextWorker({ callTimeoutMs: CALL_TIMEOUT_MS, startTimeoutMs: START_TIMEOUT_MS, ...options.worker })
    : undefined;
  /** The input a worker got stuck on: asked again (the term keys, then the keyphrases), it fails at once. */
  let stuckOn: { input: KeyphraseInput; error: TextWorkerError } | undefined;

  async function run(request: TextRequest): Promise<unknown> {
    const { input } = request;
    if (stuckOn && stuckOn.input.title === input.title && stuckOn.input.text === input.text && stuckOn.input.lang === input.lang) throw stuckOn.error;
    if (!worker) {
      await loadLanguageDetector();
      return answer(request);
    }
    try {
      return await worker.call(request);
    } catch (error) {
      if (error instanceof TextWorkerError && error.stuck) {
        stuckOn = { input, error };
        options.log.warn(`[auto-illustration] ${error.message} The article goes on without keyphrases.`);
      }
      throw error;
    }
  }

  return {
    /** The article's keyphrases, best first; `stats` are the site's counts for its term keys (see termKeys()). */
    async keyphrases(article: KeyphraseInput, { limit = 10, stats }: { limit?: number; stats?: TermCounts } = {}): Promise<RankedPhrase[]> {
      return rankedPhrases.parse(await run({ op: 'keyphrases', input: bounded(article), limit, counts: stats }));
    },

    /** The distinct keys under which the site counts this article's terms. */
    async termKeys(article: KeyphraseInput): Promise<string[]> {
      return termKeys.parse(await run({ op: 'termKeys', input: bounded(article) }));
    },

    /**
     * The language (ISO 639-1) the article's keyphrases are read in: its `lang` (the article's locale) when valid,
     * else the one detected from its text; English when unclear.
     */
    async language(article: KeyphraseInput): Promise<string> {
      return languageCode.parse(await run({ op: 'language', input: bounded(article) }));
    },

    /**
     * The noun phrases of each English phrase (a translated keyphrase), in order: verbs, articles and prepositions
     * left out ("forest fire raged in Kainuu" -> "forest fire", "Kainuu"); a phrase without a verb stays whole.
     */
    async nounPhrases(phrases: string[]): Promise<string[][]> {
      const lines = phrases.map((phrase) => phrase.replace(/\s+/g, ' ').trim());
      if (!lines.length) return [];
      const found = phrasesByLine.parse(await run({ op: 'nounPhrases', input: bounded({ text: lines.join('\n') }) }));
      if (found.length !== lines.length) throw new Error('the noun phrases came back for another number of phrases');
      return found;
    },

    /**
     * The language the article is clearly written in when its locale's `language` is not it (a Polish site that kept
     * Strapi's default "en" locale), else null.
     */
    async otherLanguage(article: { title?: string; text: string }, language: string): Promise<string | null> {
      return languageCode.nullable().parse(await run({ op: 'otherLanguage', input: bounded({ ...article, lang: language }) }));
    },

    /** Whether a sentence asked for in `language` (the text model's alt text) came back in English instead. */
    async answeredInEnglish(text: string, language: string): Promise<boolean> {
      return z.boolean().parse(await run({ op: 'answeredInEnglish', input: bounded({ text, lang: language }) }));
    },

    /** Terminates the worker (Strapi's destroy). */
    async stop(): Promise<void> {
      await worker?.stop();
    },

    /** Whether a worker thread is running now. */
    get workerRunning(): boolean {
      return worker?.running ?? false;
    },
  };
}

/** Only strings, and no more text than the ranking reads; the language (the article's locale) when there is one. */
function bounded(article: KeyphraseInput): KeyphraseInput {
  return {
    title: typeof article?.title === 'string' ? article.title : undefined,
    text: typeof article?.text === 'string' ? article.text.slice(0, MAX_SENT_CHARS) : '',
    ...(typeof article?.lang === 'string' ? { lang: article.lang.slice(0, 35) } : {}),
  };
}

/**
 * The plugin's own CommonJS bundle, which the worker runs: this module is part of it, so its file is the bundle (or,
 * in the ES-module build, the CommonJS bundle next to it). Undefined when running from TypeScript sources.
 */
function bundleFile(): string | undefined {
  // @ts-expect-error -- TS1343: import.meta under the project's CommonJS type check; both builds define it.
  const file = fileURLToPath(import.meta.url as string);
  if (/\.c?js$/.test(file)) return file;
  const sibling = file.replace(/\.mjs$/, '.js');
  return sibling !== file && existsSync(sibling) ? sibling : undefined;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const script = bundleFile();
  return createTextAnalysis({ worker: script ? { script } : undefined, log: strapi.log });
};
