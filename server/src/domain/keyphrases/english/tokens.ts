/** wink-nlp's tokens (public API only), and where a word the tokenizer split ends ("hurricane-force", "3D"). */
import { CAPITAL_START, ENGLISH, languageTools, nlp, wordSet } from '../../language';
import { Role } from '../words';

const BREAK_TAGS = new Set(['PUNCT', 'SYM', 'SPACE', 'X']);
/** A letter code the tokenizer splits from its digits ("3" "D", "G" "7"). */
const SHORT_CODE = /^[A-Z]{1,2}$/;

/** A word glued from parts with these tags ("state-of-the-art", "COVID-19", "F-16"). */
export function compoundRole(tags: string[]): Role | 0 {
  const last = tags[tags.length - 1];
  if (last === 'NOUN') return tags.includes('PROPN') ? Role.Name : Role.Noun;
  if (last === 'PROPN' || (last === 'NUM' && (tags.includes('PROPN') || tags[0] === 'NOUN'))) return Role.Name;
  // "well-known", "real-time", "long-term": describe, never name.
  return last === 'ADJ' || last === 'VERB' || last === 'ADV' || last === 'NUM' ? Role.Modifier : 0;
}

export interface Token {
  text: string;
  tag: string;
  /** Whitespace before the token ("" when it touches the one before). */
  space: string;
  /** Its dictionary form ("broke" -> "break"), read only when asked for. */
  lemma?: string;
}

/** Past tenses the tagger's lexicon lacks and reads as nouns ("the lamp shone again"). */
const UNKNOWN_PAST_TENSES = wordSet('shone swam wove knelt dwelt clung flung drank trod');

export function tokensOf(text: string, withLemmas = false): Token[] {
  const { its } = nlp();
  const tokens = nlp().readDoc(text).tokens();
  const [values, tags, spaces] = [tokens.out(its.value), tokens.out(its.pos), tokens.out(its.precedingSpaces)];
  // The cast: wink-nlp's types reject its.lemma in out(), though it is a documented token property.
  const lemmas = withLemmas ? (tokens.out(its.lemma as unknown as typeof its.value) as string[]) : undefined;
  return values.map((value, i) => ({ text: value, tag: UNKNOWN_PAST_TENSES.has(value) ? 'VERB' : nameAfterArticle(values, tags, i) ? 'PROPN' : tags[i], space: spaces[i], lemma: lemmas?.[i] }));
}

/** A capitalised "verb" between an article and a capitalised word is a name's ("the Met Office"). */
const nameAfterArticle = (values: string[], tags: string[], i: number) =>
  tags[i] === 'VERB' && ARTICLES.has(values[i - 1]?.toLowerCase()) && CAPITAL_START.test(values[i]) && CAPITAL_START.test(values[i + 1] ?? '');

/** A headline's capitalised "verb" before a word the body writes it as a name before is that name's ("Met Office issues"). */
export function namedAsInBody(titleTokens: Token[], bodyTokens: Token[]): Token[] {
  const names = new Set(bodyTokens.flatMap((token, i) => (token.tag === 'PROPN' && bodyTokens[i + 1] ? [`${token.text} ${bodyTokens[i + 1].text}`] : [])));
  return titleTokens.map((token, i) => (token.tag === 'VERB' && names.has(`${token.text} ${titleTokens[i + 1]?.text}`) ? { ...token, tag: 'PROPN' } : token));
}

/** A base form after a singular noun heads a compound ("fire escape"; a present would end in -s), unless an object follows. */
export function isCompoundHead(tokens: Token[], i: number): boolean {
  const [before, token, after] = [tokens[i - 1], tokens[i], tokens[i + 1]];
  const nounBefore = before?.tag === 'NOUN' ? before.lemma === before.text : before?.tag === 'VERB' && /ing$/.test(before.text);
  return token.tag === 'VERB' && nounBefore && token.lemma === token.text && !(after && OBJECT_TAGS.has(after.tag));
}

export const OBJECT_TAGS: ReadonlySet<string> = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM', 'PRON']);
export const SMALL_DIGITS = /^[\u2070-\u2079\u2080-\u2089\u00b2\u00b3\u00b9]+$/;
/** What joins a word's parts ("real-time", "TCP/IP", "PM2.5", "1,550"). */
export const JOINS: ReadonlySet<string> = new Set(['-', '/', '.', ',']);
const LAST_LETTER = /\p{L}$/u;
export const FIRST_LETTER = /^\p{L}/u;
/** After a dotted name's dot ("Node.js", "ASP.NET"; not "Paris.The"). */
const DOTTED_PART = /^(?:\p{Ll}+|\p{Lu}{2,})$/u;

/** The tokenizer cuts a word at letters it does not know ("Dvo" "ř" "ák"). */
export const cutInsideWord = (before: string, after: string) => LAST_LETTER.test(before) && FIRST_LETTER.test(after) &&
  !(before.charCodeAt(before.length - 1) < 0x80 && after.charCodeAt(0) < 0x80);

/** Inclusive: past hyphen and slash joins, split codes and cut letters. */
export function wordEnd(tokens: Token[], i: number): number {
  for (let j = i; ; ) {
    const [token, next, after] = [tokens[j], tokens[j + 1], tokens[j + 2]];
    // Every join touches the token before it.
    if (!next || next.space !== '') return j;
    const joins = after !== undefined && after.space === '' && !BREAK_TAGS.has(after.tag);
    if (cutInsideWord(token.text, next.text)) j += 1;
    else if ((next.text === '-' || next.text === '/' || next.text === '&') && joins) j += 2;
    else if (!BREAK_TAGS.has(next.tag) && ((/\d$/.test(token.text) && SHORT_CODE.test(next.text)) || (SHORT_CODE.test(token.text) && /^\d/.test(next.text)))) j += 1;
    else if ((next.text === '.' || next.text === ',') && joins && /\d$/.test(token.text) && /^\d/.test(after.text)) j += 2; // "PM2.5", "1,550"
    else if (next.text === '.' && joins && CAPITAL_START.test(tokens[i].text) && DOTTED_PART.test(after.text) && !languageTools(ENGLISH).stopwords.has(after.text)) {
      j += 2; // a dotted name: "Node.js" (a lower-case "example.com" is an address)
    } else if (SMALL_DIGITS.test(next.text) || (SMALL_DIGITS.test(token.text) && FIRST_LETTER.test(next.text))) j += 1; // "CO₂", "m²"
    else return j;
  }
}

export const ARTICLES: ReadonlySet<string> = new Set(['a', 'an', 'the']);
export const opensSentence = (before: Token | undefined) =>
  before === undefined || before.tag === 'SPACE' || (before.tag === 'PUNCT' && /^[.!?:;•*\-–—]$/.test(before.text));
