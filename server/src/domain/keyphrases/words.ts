/** What both readers make of a text: candidate phrases ("chunks") as words with role and key, and their positions. */
import { UNSPACED, UNSPACED_LETTER, wordSet } from '../language';

const WORD_CHARACTER = /[\p{L}\p{M}\p{N}]/uy; // sticky: no copy of the character

/** 1 or 2 (a surrogate pair), or 0 for a character that is no letter, mark or digit. */
function wordCharacter(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) ? 1 : 0;
  WORD_CHARACTER.lastIndex = at;
  return WORD_CHARACTER.test(text) ? WORD_CHARACTER.lastIndex - at : 0;
}

/** The characters JavaScript's \s matches. */
function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/**
 * Inside a word when a word character follows: apostrophe, hyphen, slash, ampersand ("l'île", "AT&T"), zero-width
 * (non-)joiner ("خانه‌ها"), middle dot ("pel·lícula"; Korean's means "and"), Hebrew's gershayim ("צה״ל", or a quote mark).
 */
const isJoiner = (code: number) => code === 0x27 || code === 0x2019 || code === 0x2d || code === 0x2f || code === 0x26 || code === 0x200c || code === 0x200d ||
  code === 0xb7 || code === 0x5f4;
const isHebrewLetter = (code: number) => code >= 0x5d0 && code <= 0x5ea;
const isHangul = (code: number) => code >= 0xac00 && code <= 0xd7a3;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

const [UNSPACED_START, UNSPACED_END] = [new RegExp(`^${UNSPACED_LETTER}`, 'u'), new RegExp(`${UNSPACED_LETTER}$`, 'u')];
/** A phrase's words as written: a space between them, none between two of a script without spaces ("月球南极"). */
export const joinWords = (texts: readonly string[]): string =>
  texts.reduce((joined, text) => joined + (UNSPACED_END.test(joined) && UNSPACED_START.test(text) ? '' : ' ') + text);
// (Letters with their vowel signs: Tamil "செ.மீ.", centimetres.)
const ABBREVIATION_BEFORE = /(?:^|[^\p{L}\p{M}\p{N}])[\p{L}\p{M}]{1,3}$/u;
const ABBREVIATION_AFTER = /^[\p{L}\p{M}]{1,3}(?![\p{L}\p{M}\p{N}])/u;
const INITIAL = /(?:^|[^\p{L}\p{M}\p{N}])\p{Lu}$/u;
/** A dot joining an abbreviation ("S.A."; a sentence end, "end.The", seldom) or an initial to a name ("Г.Энхбаяр"). */
function isAbbreviationDot(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 4), at);
  return (ABBREVIATION_AFTER.test(text.slice(at + 1, at + 5)) && ABBREVIATION_BEFORE.test(before)) || (INITIAL.test(before) && /\p{Lu}/u.test(text.charAt(at + 1)));
}

const BLANK_LINE = /\n[ \t\r]*\n/y;
type Visit = (word: string | undefined, start: number, end: number) => void;

/** `visit(word)`, or `visit(undefined)` for a break; a loop over character codes: a third of a Unicode regex's time. */
export function scanWords(text: string, visit: Visit, segmenter?: Intl.Segmenter): void {
  const length = text.length;
  let at = 0;
  while (at < length) {
    const start = at;
    let size = wordCharacter(text, at);
    if (size) {
      at += size;
      for (;;) {
        while (at < length && (size = wordCharacter(text, at))) at += size;
        const code = text.charCodeAt(at);
        // A decimal or thousands separator between digits is inside a number ("PM2.5", "1,550").
        const joins = (isJoiner(code) && !(code === 0xb7 && isHangul(text.charCodeAt(at - 1)))) || ((code === 0x2e || code === 0x2c) && isDigit(text.charCodeAt(at - 1)) && isDigit(text.charCodeAt(at + 1))) ||
          (code === 0x2e && isAbbreviationDot(text, at)) || (code === 0x22 && isHebrewLetter(text.charCodeAt(at - 1)) && isHebrewLetter(text.charCodeAt(at + 1)));
        if (!joins || !(size = wordCharacter(text, at + 1))) {
          // A word-final non-joiner or joiner is the word's spelling (Kannada "ಸಿಲ್ಕ್‌ ಬೋರ್ಡ್‌"), no break between words.
          if (code === 0x200c || code === 0x200d) at += 1;
          break;
        }
        at += 1 + size;
      }
      const word = text.slice(start, at);
      if (segmenter && UNSPACED.test(word)) visitSegments(word, start, segmenter, visit);
      else visit(word, start, at);
      continue;
    }
    const code = text.charCodeAt(at);
    // An ampersand between spaces is a word, which may join names ("Riese & Müller"; see the readers).
    const ampersand = code === 0x26 && isSpace(text.charCodeAt(at - 1)) && isSpace(text.charCodeAt(at + 1));
    // A blank line: a line break, spaces or tabs, another line break. A single line break is a space.
    BLANK_LINE.lastIndex = at;
    if (code === 0x0a && BLANK_LINE.test(text)) at = BLANK_LINE.lastIndex;
    else if (isSpace(code)) {
      at += 1;
      continue;
    } else if (ampersand) at += 1;
    else {
      while (at < length && !isSpace(text.charCodeAt(at)) && !wordCharacter(text, at)) at += text.codePointAt(at)! > 0xffff ? 2 : 1;
    }
    visit(ampersand ? '&' : undefined, start, at);
  }
}

type Reword = (lower: string) => string;

/** A text's words as runs of keys between breaks: `keyOf` after `word` strips what the reader does ("l'", "'s"). */
export function keyRuns(text: string, keyOf: Reword, word: Reword = (w) => w, segmenter?: Intl.Segmenter): string[][] {
  const runs: string[][] = [[]];
  scanWords(text.toLowerCase(), (written) => {
    const bare = written === undefined ? '' : word(written);
    if (bare) runs[runs.length - 1].push(keyOf(bare));
    else if (written === undefined) runs.push([]);
  }, segmenter);
  return runs.filter((run) => run.length);
}

const KATAKANA_ONLY = /^[\p{Script=Katakana}ー]+$/u;
const KANJI_ONLY = /^\p{Script=Han}+$/u;
const HIRAGANA_START = /^\p{Script=Hiragana}/u;
/** After a noun: a particle ("卵を") or copula ("雪だ"); other hiragana after kanji ends a verb or adjective ("煮ます"). */
const PARTICLE_START = /^[はがをにでとのへもやかよ]/u;
const PARTICLES = wordSet('まで から より だけ など しか ほど ばかり こそ さえ くらい ぐらい なら だ です でした だった');

/** Two segments ICU's dictionary split apart that are one word: katakana ("メガ" "ソーラー"), or Japanese kanji (below). */
function oneWord(before: string, segment: string, japanese: boolean): boolean {
  if (KATAKANA_ONLY.test(segment) && KATAKANA_ONLY.test(before)) return true;
  // A lone kanji beside kanji is a compound's affix ("親子" "丼"), in Japanese only: Chinese writes grammar in kanji too.
  return japanese && KANJI_ONLY.test(segment) && KANJI_ONLY.test(before) && (segment.length === 1 || before.length === 1);
}

/** ICU's words of an unspaced run, rejoined (oneWord); a lone kanji before non-particle hiragana is a stem: a break. */
function visitSegments(word: string, start: number, segmenter: Intl.Segmenter, visit: Visit): void {
  const japanese = segmenter.resolvedOptions().locale.startsWith('ja');
  let pending: { text: string; start: number } | undefined;
  const flush = (next?: { segment: string; at: number }) => {
    if (!pending) return;
    const end = pending.start + pending.text.length;
    const stem = japanese && pending.text.length === 1 && KANJI_ONLY.test(pending.text) && next?.at === end &&
      HIRAGANA_START.test(next.segment) && !PARTICLE_START.test(next.segment) && !PARTICLES.has(next.segment);
    visit(stem ? undefined : pending.text, pending.start, end);
    pending = undefined;
  };
  for (const { segment, index, isWordLike } of segmenter.segment(word)) {
    const at = start + index;
    const joined = pending && pending.start + pending.text.length === at && oneWord(pending.text, segment, japanese);
    if (!isWordLike) flush();
    else if (joined) pending!.text += segment;
    else {
      flush({ segment, at });
      pending = { text: segment, start: at };
    }
  }
  flush();
}

export const enum Role {
  /** Starts or sits inside a phrase, never ends it. */
  Modifier = 1,
  Noun = 2,
  /** Proper noun: a phrase of common nouns and one of names are two phrases ("pop star | Michael Buble"). */
  Name = 3,
}

export interface Word {
  text: string;
  /** LanguageTools.key: "spill", "fr:phar". */
  key: string;
  role: Role;
  /** A word never a topic alone ("year", "thing"): kept inside phrases, not on its own. */
  empty?: boolean;
  /** A quantifier or pointer dropped from a phrase's start ("several", "new"). */
  weak?: boolean;
  /** A stopword inside a name ("Bank of Canada"): never at a phrase's edge. */
  joint?: boolean;
}

export interface Chunk {
  words: Word[];
  /** Of its first word among the article's words, title first. */
  position: number;
  inTitle: boolean;
}

/** Words a phrase does not start with: a name's stopword, a quantifier or pointer (but a name's: "New York"). */
const atStart = (word: Word) => word.joint || (word.weak && word.role !== Role.Name);
/** Longest phrase kept whole; a longer run (a list of names, a tagging error) keeps its last words. */
export const MAX_PHRASE_WORDS = 5;

/** Collects chunks from runs of phrase words: each run trimmed to a phrase and split where nouns meet names. */
export class ChunkBuilder {
  readonly chunks: Chunk[] = [];
  /** The phrase words since the last break (readers may change their roles). */
  run: Word[] = [];
  /** Phrase words or not: the position of the next word (the run's words are the last ones). */
  words = 0;
  inTitle = false;

  add(word: Word): void {
    this.run.push(word);
    this.words += 1;
  }

  skip(): void {
    this.end();
    this.words += 1;
  }

  end(): void {
    if (this.run.length) this.push(this.run, this.words - this.run.length);
    this.run = [];
  }

  private push(run: Word[], position: number): void {
    let [start, end] = [0, run.length];
    // A phrase ends with a noun ("the results were significant" has no "significant" phrase).
    while (end > start && (run[end - 1].role === Role.Modifier || run[end - 1].joint)) end -= 1;
    while (start < end && atStart(run[start])) start += 1;
    // Role and person are two phrases ("pop star | Michael Buble"); a pointer after a noun starts one ("last year").
    for (let k = start + 1; k < end; k++) {
      const previous = run[k - 1].role;
      if ((run[k].role === Role.Name && previous === Role.Noun) || (run[k].weak && run[k].role === Role.Modifier && previous !== Role.Modifier)) {
        this.push(run.slice(start, k), position + start);
        this.push(run.slice(k, end), position + k);
        return;
      }
    }
    if (end - start > MAX_PHRASE_WORDS) start = end - MAX_PHRASE_WORDS;
    while (start < end && atStart(run[start])) start += 1;
    if (start >= end || (end - start === 1 && run[start].empty)) return;
    this.chunks.push({ words: run.slice(start, end), position: position + start, inTitle: this.inTitle });
  }
}

/** The title is given, else a short first line before a blank line: pasted or imported texts usually start with it. */
export function splitTitle({ title, text }: { title?: string; text: string }): { title: string; body: string } {
  const given = title?.trim() ?? '';
  if (given) return { title: given, body: text };
  // (Leading space cut first: a pattern opening with \s* took over a minute on 100,000 spaces.)
  const start = text.length - text.trimStart().length;
  const m = /^([^\n]{1,250}?)[ \t]*\r?\n[ \t]*\r?\n/.exec(text.slice(start));
  if (m && /\S/.test(text.slice(start + m[0].length))) return { title: m[1], body: text.slice(start + m[0].length) };
  return { title: '', body: text };
}
