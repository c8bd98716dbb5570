/** Names and compounds whose words a run would split: "Bank of Canada", "van der Sloot", "iPhone 16", "coral bleaching". */
import { repeated } from '../../functions';
import { CAPITAL_START, NAME_PARTICLES, givenNames, wordSet } from '../../language';
import { MONTHS_AND_DAYS } from './lexicon';
import { type Token } from './tokens';

export const POSSESSIVE = /^['’]s?$/;
export const SAINTS = new Set(['St', 'St.', 'Saint', 'Ste']);
/** Groups whose possessive opens places' names ("Children's Hospital"). */
export const NAMED_POSSESSIVES = wordSet('women men children people');
/** What the name of a place, an institution or a day ends with. */
export const PLACE_HEADS = wordSet(`shelter church chapel cathedral abbey priory school college academy university institute hospital hospice
  centre center hall house park gardens green square street road lane way close market bridge cross well day eve month
  association society league club trust fund`);
/** Capitalised words from `k` up to one of PLACE_HEADS, the name's last ("Night Shelter", "Hospital"). */
export function namesPlace(tokens: Token[], k: number): boolean {
  let end = k;
  while (end < k + 4 && CAPITAL_START.test(tokens[end + 1]?.text ?? '')) end++;
  return CAPITAL_START.test(tokens[k]?.text ?? '') && PLACE_HEADS.has(tokens[end].text.toLowerCase());
}

/** Lower-case words inside names: English's prepositions, other languages' particles ("Viña del Mar"). */
const NAME_LINKS = wordSet('of for de del della di da do dos das du des van von der den la le');

/** Lower-case words inside a name spelled out before its acronym ("Food and Drug Administration (FDA)"). */
const SPELLED_LINKS = wordSet('of for and');

/** The surname a run of particles opens at `i` ("van der Sloot"), if one does. */
export function particledSurname(tokens: Token[], i: number): string | undefined {
  let k = i;
  while (k < i + 3 && NAME_PARTICLES.has(tokens[k]?.text ?? '')) k++;
  return k > i && tokens[k]?.tag === 'PROPN' ? tokens.slice(i, k + 1).map((token) => token.text).join(' ') : undefined;
}

/**
 * Names holding a lower-case or short word (readTokens): written twice ("Bank of Canada"), spelled out before an
 * acronym, with a middle initial, and surnames with particles after a given name once ("van der Sloot").
 */
export function joinedNamesOf(titleTokens: Token[], bodyTokens: Token[]): Set<string> {
  const texts = [titleTokens, bodyTokens];
  const names = texts.flatMap((tokens) => tokens.slice(2).flatMap((last, i) => {
    const [first, link] = [tokens[i], tokens[i + 1]];
    const named = NAME_LINKS.has(link.text) && CAPITAL_START.test(first.text) && CAPITAL_START.test(last.text);
    return named ? [`${first.text} ${link.text} ${last.text}`] : [];
  }));
  const surnames = texts.flatMap((tokens) => tokens.slice(1).flatMap((_, i) => (CAPITAL_START.test(tokens[i].text) ? particledSurname(tokens, i + 1) ?? [] : [])));
  return new Set([...repeated(names), ...surnames, ...texts.flatMap(spelledOut), ...initialled(bodyTokens)]);
}

const ACRONYM = /^\p{Lu}{2,6}$/u;
/** Words around "of", "for", "and" in a name spelled out before its acronym ("Food and Drug Administration (FDA)"). */
function spelledOut(tokens: Token[]): string[] {
  const inside: string[] = [];
  tokens.forEach((token, i) => {
    const acronym = tokens[i + 1]?.text ?? '';
    if (token.text !== '(' || tokens[i + 2]?.text !== ')' || !ACRONYM.test(acronym)) return;
    // (Back over the acronym's number of capitalised words, links between them.)
    let [start, initials] = [i, ''];
    while (initials.length < acronym.length && start > 0 && (CAPITAL_START.test(tokens[start - 1].text) || (initials && SPELLED_LINKS.has(tokens[start - 1].text)))) {
      start -= 1;
      if (CAPITAL_START.test(tokens[start].text)) initials = tokens[start].text[0] + initials;
    }
    if (initials !== acronym) return;
    for (let j = start + 1; j < i - 1; j++) if (SPELLED_LINKS.has(tokens[j].text)) inside.push(`${tokens[j - 1].text} ${tokens[j].text} ${tokens[j + 1].text}`);
  });
  return inside;
}

/** Not a Roman numeral, which may end a sentence ("Division I. Moore won"). */
const MIDDLE_INITIAL = /^(?![IVX])\p{Lu}\.$/u;
/** Names with a middle initial after a known given name ("Daniel R. Fontaine"; not "Plan B. Boris Johnson"). */
function initialled(tokens: Token[]): string[] {
  return tokens.slice(1, -1).flatMap((token, k) => {
    const [before, after] = [tokens[k], tokens[k + 2]];
    const joined = MIDDLE_INITIAL.test(token.text) && givenNames().has(before.text) && after.tag === 'PROPN' && CAPITAL_START.test(after.text);
    return joined ? [`${before.text} ${token.text} ${after.text}`] : [];
  });
}

/** Words that join inside this article's phrases (see readTokens). */
export type Joins = { joinedNames: ReadonlySet<string>; gerunds: ReadonlySet<string>; models: ReadonlySet<string> };

const MODEL_NUMBER = /^\d{1,4}$/;
const SEASONS = wordSet('spring summer fall autumn winter');
/** A name and a number of up to four digits, written together twice ("Boeing 737"; not a date). */
export const modelNumbers = (tokens: Token[]): Set<string> => repeated(tokens.slice(1).flatMap((token, k) => {
  const name = tokens[k];
  const model = MODEL_NUMBER.test(token.text) && token.space !== '' && name.tag === 'PROPN' && !MONTHS_AND_DAYS.has(name.text.toLowerCase()) &&
    !SEASONS.has(name.text.toLowerCase()) && tokens[k + 2]?.text !== '-';
  return model ? [`${name.text} ${token.text}`] : [];
}));

/** -ing forms that work as prepositions ("costs including"). */
const PREPOSITIONAL = wordSet('using including following regarding concerning involving containing totaling totalling excluding featuring according');
/** An object after an -ing form makes it a verb ("train carrying hazardous materials"). */
const OBJECT_START: ReadonlySet<string> = new Set(['DET', 'ADJ', 'NUM', 'PRON', 'PROPN', 'SYM']);

/** A common singular noun and an -ing form, written together twice and never before an object: a compound ("coral bleaching"). */
export function gerundCompounds(tokens: Token[]): Set<string> {
  const pairs = tokens.slice(1).map((token, k) => {
    const [noun, after] = [tokens[k], tokens[k + 2]];
    const compound = token.tag === 'VERB' && /^\p{Ll}+ing$/u.test(token.text) && !PREPOSITIONAL.has(token.text) && (noun.tag === 'NOUN' || noun.tag === 'PROPN') &&
      !/[^su]s$/.test(noun.text);
    return compound ? { pair: `${noun.text.toLowerCase()} ${token.text}`, common: noun.tag === 'NOUN', object: OBJECT_START.has(after?.tag ?? '') } : undefined;
  }).filter((found) => found !== undefined);
  const [objects, common] = [new Set(pairs.filter((found) => found.object).map((found) => found.pair)), new Set(pairs.filter((found) => found.common).map((found) => found.pair))];
  return new Set([...repeated(pairs.map((found) => found.pair))].filter((pair) => common.has(pair) && !objects.has(pair)));
}
