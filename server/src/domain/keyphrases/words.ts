/**
 * What both readers (english.ts, stopword-runs.ts) make of a text: its candidate phrases ("chunks") in order, as
 * words with their role and key, and where each starts among the article's words (title first).
 */

/**
 * Text read without a tagger, as words and breaks: a word (letters, marks and digits, with inner apostrophes,
 * hyphens and slashes: "l'île", "porte-parole", "TCP/IP") in group 1, or a break (a blank line, or a run of anything
 * else that is not a space: punctuation, a spaced dash, symbols, emoji). Global: reset lastIndex before a scan.
 */
export const WORD_OR_BREAK = /([\p{L}\p{M}\p{N}]+(?:['’\-/][\p{L}\p{M}\p{N}]+)*)|(\n[ \t\r]*\n|[^\s\p{L}\p{M}\p{N}]+)/gu;

/** What a word can do in a phrase. */
export const enum Role {
  /** Adjective-like: starts or sits inside a phrase, never ends it. */
  Modifier = 1,
  Noun = 2,
  /** Proper noun: a phrase of common nouns and one of names are two phrases ("pop star | Michael Buble"). */
  Name = 3,
}

export interface Word {
  /** As written ("Prince", "hurricane-force", "île"). */
  text: string;
  /** Lower-case stem, prefixed but for English (LanguageTools.key: "spill", "fr:phar"). */
  key: string;
  role: Role;
  /** A word never a topic alone ("year", "thing"): kept inside phrases, not on its own. */
  empty?: boolean;
  /** A quantifier or pointer dropped from a phrase's start ("several", "new"). */
  weak?: boolean;
}

export interface Chunk {
  words: Word[];
  /** Index of its first word among the article's words, title first. */
  position: number;
  inTitle: boolean;
}

export interface Analysis {
  /** ISO 639-1 code of the language the text was read as. */
  language: string;
  chunks: Chunk[];
}

/** Longest phrase kept whole; a longer run (a list of names, a tagging error) keeps its last words. */
export const MAX_PHRASE_WORDS = 5;

/** Collects chunks from runs of phrase words: each run trimmed to a phrase and split where nouns meet names. */
export class ChunkBuilder {
  readonly chunks: Chunk[] = [];
  private run: Word[] = [];
  private runStart = 0;
  /** Words read so far (phrase words or not): the position of the next word. */
  words = 0;
  inTitle = false;

  /** A word that may be part of a phrase. */
  add(word: Word): void {
    if (this.run.length === 0) this.runStart = this.words;
    this.run.push(word);
    this.words += 1;
  }

  /** The last word of the current run, if any. */
  runLast(): Word | undefined {
    return this.run[this.run.length - 1];
  }

  /**
   * Called before a determiner or pronoun: a noun phrase's head is not followed by one, so a plural-looking noun
   * that ends a compound there is a verb the tagger missed ("NuVox Communications positions itself", "Storm hits the
   * coast", "Heat pumps cuts the bill").
   */
  dropMistaggedVerb(): void {
    const n = this.run.length;
    const before = this.run[n - 2]?.role;
    if (n >= 2 && this.run[n - 1].role === Role.Noun && (before === Role.Name || before === Role.Noun) && /[^s]s$/.test(this.run[n - 1].text)) {
      this.run.pop();
    }
  }

  /** A word that ends the run (a verb, a stopword...). */
  skip(): void {
    this.end();
    this.words += 1;
  }

  /** Ends the current run (punctuation, a line break, a dropped word). */
  end(): void {
    if (this.run.length) this.push(this.run, this.runStart);
    this.run = [];
  }

  private push(run: Word[], position: number): void {
    let start = 0;
    let end = run.length;
    // A phrase ends with a noun ("the results were significant" has no "significant" phrase).
    while (end > start && run[end - 1].role === Role.Modifier) end -= 1;
    // "several new results" -> "results".
    while (start < end && run[start].weak && run[start].role !== Role.Name) start += 1;
    if (start >= end) return;
    // "pop star Michael Buble" names two things: the person and what they are. A quantifier or pointer after a
    // noun starts another phrase ("cocaine charges last year": "cocaine charges", then "last year").
    for (let k = start + 1; k < end; k++) {
      const previous = run[k - 1].role;
      if ((run[k].role === Role.Name && previous === Role.Noun) || (run[k].weak && run[k].role === Role.Modifier && previous !== Role.Modifier)) {
        this.push(run.slice(start, k), position + start);
        this.push(run.slice(k, end), position + k);
        return;
      }
    }
    if (end - start > MAX_PHRASE_WORDS) start = end - MAX_PHRASE_WORDS;
    if (end - start === 1 && run[start].empty) return;
    this.chunks.push({ words: run.slice(start, end), position: position + start, inTitle: this.inTitle });
  }
}

/** Splits an article into its title (given, or a short first line followed by a blank line) and body. */
export function splitTitle(input: { title?: string; text: string }): { title: string; body: string } {
  const text = input.text;
  const given = input.title?.trim() ?? '';
  if (given) return { title: given, body: text };
  // Texts pasted or imported without a separate title usually start with it on its own line.
  const m = /^\s*([^\n]{1,250}?)[ \t]*\r?\n[ \t]*\r?\n/.exec(text);
  if (m && /\S/.test(text.slice(m[0].length))) return { title: m[1], body: text.slice(m[0].length) };
  return { title: '', body: text };
}
