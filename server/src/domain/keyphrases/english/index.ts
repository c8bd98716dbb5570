/** English candidates from wink-nlp's tags: adjectives and nouns ending with a noun; split words ("3D") glued back. */
import { CAPITAL_START, ENGLISH, englishStem, givenNames, languageTools, wordSet } from '../../language';
import { ChunkBuilder, Role } from '../words';
import { inSentenceCase } from './casing';
import { type Headline, OBJECT_PRONOUNS, VERB_FORM, headlineOf, isHeadlineVerb, isPluralsVerb, isVerb, joinedClause, misreadVerbs, nameOpensLine, verbInClause } from './headline';
import { COMPASS, CURRENCY_CODES, EMPTY, LONG_SPANS, MONTHS_AND_DAYS, SHORT_DATES, SHORT_LABEL, UNITS, WEAK, WEEKDAYS, isNamedDay, notAWord } from './lexicon';
import { type Joins, NAMED_POSSESSIVES, PLACE_HEADS, POSSESSIVE, SAINTS, gerundCompounds, joinedNamesOf, modelNumbers, namesPlace, particledSurname } from './names';
import { ARTICLES, FIRST_LETTER, JOINS, SMALL_DIGITS, type Token, compoundRole, cutInsideWord, isCompoundHead, namedAsInBody, opensSentence, tokensOf, wordEnd } from './tokens';

export { withoutPossessive } from './casing';

const TIME_AFTER = wordSet('before after ago later earlier');

/** A saint's or group's possessive in a place's name ("Children's Hospital", "Miners' Institute"; no person's, "Charles' Hospital visit"). */
function possessiveInName(tokens: Token[], at: number, surface: string, into: ChunkBuilder): boolean {
  const [last, after] = [into.run.at(-1), tokens[at + 1]];
  if (!POSSESSIVE.test(surface) || tokens[at].space !== '' || last?.role !== Role.Name || !namesPlace(tokens, at + 1)) return false;
  if (givenNames().has(after?.text ?? '') && !PLACE_HEADS.has((after?.text ?? '').toLowerCase())) return false;
  const group = NAMED_POSSESSIVES.has(last.text.toLowerCase()) || (/^['’]$/.test(surface) && /s$/.test(last.text) && !givenNames().has(last.text));
  return (into.run.length === 2 && SAINTS.has(into.run[0].text)) || group;
}

/** Reads a text's tokens into the builder; `judged` (keyphrases) marks weak words ("new") and empty nouns ("year"). */
function readTokens(tokens: Token[], into: ChunkBuilder, judged: boolean, { joinedNames, gerunds, models }: Joins, headline?: Headline, verbs = misreadVerbs(tokens)): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.tag === 'PUNCT' || token.tag === 'SPACE') {
      if (possessiveInName(tokens, i, token.text, into)) into.run.at(-1)!.text += token.text;
      else into.end();
      continue;
    }
    const j = wordEnd(tokens, i);
    const misread = j === i && verbs.has(i);
    const [before, after] = [tokens[i - 1], tokens[j + 1]];
    const pieces = j > i ? tokens.slice(i, j + 1) : undefined;
    const surface = pieces ? pieces.map((p) => p.text).join('') : token.text;
    const tags = pieces?.filter((p) => !JOINS.has(p.text)).map((p) => (SMALL_DIGITS.test(p.text) ? 'NUM' : p.tag));
    /** Cut at letters the tagger does not know: its tags for the pieces say nothing. */
    const cut = pieces?.some((p, k) => k > 0 && cutInsideWord(pieces[k - 1].text, p.text));
    i = j;
    const lower = surface.toLowerCase();
    // "of" inside a name written so twice, a middle initial… (joinedNamesOf); "&" between names always.
    const last = into.run.at(-1);
    if (last?.role === Role.Name && after?.tag === 'PROPN' && (surface === '&' || joinedNames.has(`${last.text} ${surface} ${after.text}`))) {
      into.add({ text: surface, key: englishStem(lower), role: Role.Name, joint: true });
      continue;
    }
    // A model's number after its name, written so twice ("iPhone 16"; once may be a score: "Chelsea 2").
    if (last?.role === Role.Name && token.tag === 'NUM' && models.has(`${last.text} ${surface}`)) {
      into.add({ text: surface, key: lower, role: Role.Name });
      if (after?.tag !== 'PROPN') into.end();
      continue;
    }
    if (last && possessiveInName(tokens, j, surface, into)) {
      last.text += surface;
      continue;
    }
    // A surname's particles ("van der Sloot", once the text wrote the full name).
    const surname = j === i && (last?.role === Role.Name || !into.run.length) ? particledSurname(tokens, i) : undefined;
    if (surname && (last?.role === Role.Name || joinedNames.has(surname))) {
      into.add({ text: surface, key: englishStem(lower), role: Role.Name });
      continue;
    }
    let role: Role | 0;
    // Mostly a foreign name ("Dvořák").
    if (cut) role = CAPITAL_START.test(surface) ? Role.Name : Role.Noun;
    else if (tags) role = compoundRole(tags);
    // Compound heads only in the prompt's phrases (keyphrases read lemmas only for a headline).
    else role = token.tag === 'NOUN' || (!judged && isCompoundHead(tokens, i)) || gerunds.has(`${before?.text.toLowerCase()} ${lower}`) ? Role.Noun : token.tag === 'PROPN' ? Role.Name : token.tag === 'ADJ' ? Role.Modifier : 0;
    if (isNamedDay(token, after)) role = Role.Name;
    // A compass point before a name describes it ("west London").
    if (role === Role.Noun && surface === lower && COMPASS.test(lower) && after?.tag === 'PROPN') role = Role.Modifier;
    // A capitalised noun or "All" mid-sentence before a name is the name's ("River Thames", "the All England Club").
    if ((role === Role.Noun || (role === 0 && surface === 'All')) && !tags && after?.tag === 'PROPN' && CAPITAL_START.test(surface) && !opensSentence(before)) role = Role.Name;
    // A past participle may describe a noun ("integrated circuits"); -ing forms only in prompt phrases (scored worse).
    const describing = token.tag === 'VERB' && after && (after.tag === 'NOUN' || after.tag === 'ADJ') &&
      (last?.role === Role.Modifier || !before || ['DET', 'ADP', 'CCONJ', 'PUNCT'].includes(before.tag));
    if (role === 0 && describing && (judged ? /ed$/ : /(?:ed|ing)$/).test(lower)) role = Role.Modifier;
    // An opening imperative before an article ("Dig a hole"); not in a title ("Messi the hero").
    const imperative = !tags && !into.inTitle && ARTICLES.has(after?.text.toLowerCase() ?? '') &&
      CAPITAL_START.test(surface) && opensSentence(before);
    if ((role === Role.Name || role === Role.Noun) && imperative && isVerb(lower)) role = 0;
    // A plural after a singular noun or name, before an article, a name (after a noun) or a pronoun object in a clause
    // with no verb yet, is a misread verb ("Storm hits the coast", "Buble kisses his bride").
    const nounAfterNounOrName = role === Role.Noun && !tags && token.tag === 'NOUN' && surface === lower && (last?.role === Role.Noun || last?.role === Role.Name);
    const misreadVerb = nounAfterNounOrName && /[^su]s$/.test(lower) && !/s$/.test(before?.text ?? 's') &&
      (after?.tag === 'DET' || (after?.tag === 'PROPN' && last?.role === Role.Noun) || (OBJECT_PRONOUNS.has(after?.text.toLowerCase() ?? '') && !verbInClause(tokens, i - 1, -1)));
    // (Or ending the headline after a plural, a verb the body writes: "as number of A grades rises".)
    const endingVerb = (after === undefined || after.tag === 'PUNCT') && /^\p{Ll}+s$/u.test(lower) && /[^su]s$/.test(before?.text ?? '') && headline !== undefined &&
      (headline.isBodyVerb(englishStem(lower)) || [...headline.body.matchAll(VERB_FORM)].some(([word]) => englishStem(word) === englishStem(lower)));
    const headlineVerb = nounAfterNounOrName && headline !== undefined && (isHeadlineVerb(lower, after, headline, last, {
      verbLater: () => verbInClause(tokens, j + 1),
      joinedWithoutVerb: () => joinedClause(tokens, i) && !verbInClause(tokens, j + 1, 1, false) && !verbInClause(tokens, i - 1, -1, false),
    }) || isPluralsVerb(lower, before, after, headline, after?.tag === 'PROPN' ? nameOpensLine(tokens, i - 1) : opensSentence(tokens[i - 2]), tokens[j + 2]?.tag === 'PROPN') || endingVerb);
    // A capitalised month or day is a date ("March 3"), not ending a name ("Theresa May").
    const besideNumber = before?.tag === 'NUM' || after?.tag === 'NUM' || (/^[.,]$/.test(after?.text ?? '') && tokens[j + 2]?.tag === 'NUM');
    const date = MONTHS_AND_DAYS.has(lower) && CAPITAL_START.test(surface) && (WEEKDAYS.has(lower) || last?.role !== Role.Name) &&
      !(before?.text === 'The' && !opensSentence(tokens[i - 2])) && (!SHORT_DATES.has(lower) || besideNumber) && !isNamedDay(before, token);
    // (British English writes a percentage in two words: "90 per cent accuracy".)
    const afterAmount = before !== undefined && (before.tag === 'NUM' || before.text === '°' || UNITS.has(before.text.toLowerCase()) || (before.text === 'per' && tokens[i - 2]?.tag === 'NUM'));
    const unitAfterNumber = afterAmount && (UNITS.has(lower) || languageTools(ENGLISH).isUnit(lower));
    // (Not a model's code, "AMD 9950X"; not inside a name, "Iron Man 3".)
    const number = after?.text === '.' ? j + 2 : j + 1;
    const amount = tokens[number]?.tag === 'NUM' && !(tokens[number + 1]?.space === '' && FIRST_LETTER.test(tokens[number + 1].text));
    const numberLabel = amount && !tags && last?.role !== Role.Name && (SHORT_LABEL.test(surface) || CURRENCY_CODES.has(surface));
    if (role === 0 || misread || date || headlineVerb || misreadVerb || unitAfterNumber || numberLabel || notAWord(surface, lower)) {
      into.skip();
      continue;
    }
    // A span of time before "before", "ago"… says when ("disease years before"; not "the fiscal year after").
    if (judged && (last?.role === Role.Noun || last?.role === Role.Name) && TIME_AFTER.has(after?.text.toLowerCase() ?? '') && (languageTools(ENGLISH).isTimeSpan(lower) || LONG_SPANS.has(lower))) {
      into.skip();
      continue;
    }
    // (A letter alone is no topic: "B" of "Block B".)
    const [empty, weak] = [judged && (EMPTY.has(lower.replace(/\.$/, '')) || /^\p{L}$/u.test(surface)), judged && WEAK.has(lower)];
    into.add({ text: surface, key: englishStem(lower), role, empty, weak });
  }
  into.end();
}

/** The candidate chunks of an English article (title, then its opening; `rest`: the text past the opening). */
export function englishChunks(title: string, body: string, rest = ''): ChunkBuilder {
  const builder = new ChunkBuilder();
  const cased = inSentenceCase(title, body, rest);
  // Lemmas when there is a title: the body's "broke" is the headline's "breaks" (see headlineOf).
  const bodyTokens = body ? tokensOf(cased.body, Boolean(title)) : [];
  const titleTokens = title ? namedAsInBody(tokensOf(cased.title), bodyTokens) : [];
  const allTokens = [...titleTokens, ...bodyTokens];
  const joins = { joinedNames: joinedNamesOf(titleTokens, bodyTokens), gerunds: gerundCompounds(allTokens), models: modelNumbers(allTokens) };
  builder.inTitle = true;
  // (The body's misread verbs serve its headline's reading and its own: found once.)
  const bodyVerbs = misreadVerbs(bodyTokens);
  if (title) readTokens(titleTokens, builder, true, joins, bodyTokens.length ? headlineOf(bodyTokens, bodyVerbs, body, rest) : undefined);
  builder.inTitle = false;
  if (body) readTokens(bodyTokens, builder, true, joins, undefined, bodyVerbs);
  return builder;
}

/**
 * A verb saying what happens ("raged"), not in a name ("Rolling Stones", "Pico do Arieiro"), nor -ing, -ed before a
 * noun, or a compound's head; an opening capital with none after is an imperative ("Cut it").
 */
function isPredicate(tokens: Token[], i: number): boolean {
  const { text, tag } = tokens[i];
  if (tag !== 'VERB' && tag !== 'AUX') return false;
  const [before, next] = [tokens[i - 1], tokens[i + 1]];
  const named = CAPITAL_START.test(text)
    ? i > 0 || (next !== undefined && CAPITAL_START.test(next.text))
    : tag === 'AUX' && CAPITAL_START.test(before?.text ?? '') && CAPITAL_START.test(next?.text ?? '');
  if (named || /ing$/i.test(text) || isCompoundHead(tokens, i)) return false;
  return !(/ed$/i.test(text) && next && (next.tag === 'NOUN' || next.tag === 'PROPN' || next.tag === 'ADJ'));
}

/** Tags of words that name nothing: a text of only these ("twice", "2024") is no phrase. */
const EMPTY_TAGS = wordSet('ADV NUM DET PRON ADP PART CCONJ SCONJ INTJ AUX PUNCT SYM SPACE');
/** Lower-case edge words of a verbless phrase ("in Szeged"); capitalised, a name's ("The Hague"). */
const EDGE_TAGS: ReadonlySet<string> = new Set(['ADP', 'CCONJ', 'SCONJ', 'PART', 'DET', 'PUNCT']);
const atEdge = (token: Token) => EDGE_TAGS.has(token.tag) && token.text === token.text.toLowerCase();

/** A translated keyphrase may keep a verb ("fire raged in Kainuu"); verbless, one phrase less EDGE_TAGS words. */
export function nounPhrasesIn(text: string): string[] {
  const tokens = tokensOf(text, true);
  if (tokens.every((token) => EMPTY_TAGS.has(token.tag))) return [];
  if (!tokens.some((_, i) => isPredicate(tokens, i))) {
    let [start, end] = [0, tokens.length];
    while (start < end && atEdge(tokens[start])) start += 1;
    while (end > start && atEdge(tokens[end - 1])) end -= 1;
    const phrase = tokens.slice(start, end).map((token, i) => (i ? token.space : '') + token.text).join('');
    return phrase ? [phrase] : [];
  }
  const builder = new ChunkBuilder();
  readTokens(tokens, builder, false, { joinedNames: new Set(), gerunds: new Set(), models: new Set() });
  return builder.chunks.map((chunk) => chunk.words.map((word) => word.text).join(' '));
}
