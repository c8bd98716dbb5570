/**
 * Shortening text at a word boundary, in any language: one implementation with two faces.
 * - truncateAtWord: for readers (alt text, captions, titles shown in the admin): a cut that is not a sentence loses
 *   its dangling little words and ends with an ellipsis.
 * - cutAtWord: for machines (prompts, text given to analysis): no ellipsis, only what fits.
 * Both cut between two words as the language's segmenter finds them (scripts without spaces included), never inside
 * a word or a joined compound; only a single word longer than the room is cut between characters.
 */
import { languageOf } from './language/locale';

const ELLIPSIS = '…';

/**
 * Words that make a cut sentence trail off awkwardly ("…a cat sitting on the"), per language: articles,
 * conjunctions, prepositions and the like. Removed before the ellipsis; other languages keep every word.
 */
const DANGLING_WORDS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries({
    en: 'a an the and or but of in on at to for with by from as into over under near its their his her while which that is are',
    fr: 'le la les un une des de du d et ou à au aux en pour par sur avec dans sous chez qui que est sont son sa ses leur leurs',
    de: 'der die das den dem des ein eine einen einem einer und oder mit von zu zum zur im in am an auf für aus bei ist sind sein seine ihr ihre',
    es: 'el la los las un una unos unas y e o u de del a al en con por para sobre que es son su sus',
    it: 'il lo la i gli le un uno una e o di del della dei delle a al alla in nel nella con per su da che è sono suo sua',
    pt: 'o a os as um uma e ou de do da dos das em no na nos nas com por para que é são seu sua',
    nl: 'de het een en of van in op met voor aan bij naar die dat is zijn',
  }).map(([language, words]) => [language, new Set(words.split(' '))]),
);

/** Sentence ends, in scripts with and without spaces. */
const SENTENCE_END = /[.!?…。！？]["'”’»)]*$/u;
/** What may not end a cut text: spaces, pauses and opening marks. */
const TRAILING_JUNK = /[\s,;:.\-–—(“«„"'、，：；]+$/u;

const wordSegmenters = new Map<string, Intl.Segmenter>();
function wordSegmenter(language: string): Intl.Segmenter {
  let segmenter = wordSegmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: 'word' });
    wordSegmenters.set(language, segmenter);
  }
  return segmenter;
}

/** Marks that join the parts of one word ("state-of-the-art", "l'île", "example.com", "and/or"). */
const JOINER = /^[-‐‑'’./@_:]$/u;

/**
 * The longest start of `text` of at most `room` characters that ends between two words: at a space, next to
 * punctuation, or, in scripts written without spaces (Chinese, Japanese, Thai...), between two of the words the
 * language's segmenter finds. Never inside a word or a joined compound. Empty when the first word is longer than
 * `room`.
 */
function cutBetweenWords(text: string, room: number, language: string): string {
  const segments = [...wordSegmenter(language).segment(text.slice(0, room + 64))];
  let best = 0;
  for (let i = 0; i < segments.length - 1; i++) {
    const before = segments[i].segment;
    const after = segments[i + 1].segment;
    const end = segments[i].index + before.length;
    if (end > room) break;
    const atSpace = /\s$/.test(before) || /^\s/.test(after);
    if (atSpace || !(JOINER.test(before) || JOINER.test(after))) best = end;
  }
  return text.slice(0, best);
}

/** The first `room` characters, never splitting a character (emoji, accents): only for one word longer than that. */
function cutBetweenCharacters(text: string, room: number): string {
  let cut = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    if (cut.length + segment.length > room) break;
    cut += segment;
  }
  return cut;
}

/**
 * Shortens to at most `max` characters between two words (see cutBetweenWords) in the text's language. A cut that
 * ends a sentence stays a sentence; any other cut loses its trailing punctuation and dangling little words and is
 * marked with an ellipsis. Only a single word longer than `max` is cut inside, between characters.
 */
export function truncateAtWord(text: string, max: number, locale?: string | null): string {
  const clean = collapse(text);
  if (clean.length <= max) return clean;
  const language = languageOf(locale);
  const room = max - ELLIPSIS.length;
  const cut = cutBetweenWords(clean, max, language).trimEnd();
  // A whole sentence that keeps most of the room needs no ellipsis: nothing is left hanging.
  if (SENTENCE_END.test(cut) && cut.length <= max && cut.length >= max * 0.6) return cut;

  let shortened = cutBetweenWords(clean, room, language);
  const dangling = DANGLING_WORDS[language];
  for (let i = 0; i < 3; i++) {
    shortened = shortened.replace(TRAILING_JUNK, '');
    const lastSpace = shortened.lastIndexOf(' ');
    if (dangling && lastSpace > 0 && dangling.has(shortened.slice(lastSpace + 1).toLocaleLowerCase(language))) shortened = shortened.slice(0, lastSpace);
  }
  shortened = shortened.replace(TRAILING_JUNK, '');
  return (shortened || cutBetweenCharacters(clean, room)) + ELLIPSIS;
}

/** At most `max` characters, cut between two words, without an ellipsis; trailing pauses and spaces removed. */
export function cutAtWord(text: string, max: number, locale?: string | null): string {
  const clean = collapse(text);
  if (clean.length <= max) return clean;
  if (max <= 0) return '';
  const cut = cutBetweenWords(clean, max, languageOf(locale)).replace(TRAILING_JUNK, '');
  return cut || cutBetweenCharacters(clean, max);
}

function collapse(text: unknown): string {
  return typeof text === 'string' ? text.replace(/[\s\u00a0]+/g, ' ').trim() : '';
}
