/** A headline's verbs, which the tagger reads as nouns (headlines drop their articles), told by what the body writes. */
import { lazy, memoised } from '../../functions';
import { englishStem, nlp, wordSet } from '../../language';
import { Role, type Word } from '../words';
import { OBJECT_TAGS, type Token, opensSentence } from './tokens';

/** What the body tells of a headline's words (the tagger reads its verbs as nouns): its nouns, names and verb keys. */
export type Headline = { bodyNouns: ReadonlySet<string>; bodyNames: ReadonlySet<string>; isBodyVerb: (key: string) => boolean; body: string };
export const VERB_FORM = /\b[a-z]{3,}(?:ed|ing)\b/g;

export function headlineOf(bodyTokens: Token[], misread: ReadonlySet<number>, opening: string, rest: string): Headline {
  const [bodyNouns, bodyNames, bodyVerbs] = [new Set<string>(), new Set<string>(), new Set<string>()];
  // Past the opening (untagged), a verb shows by its -ed or -ing form (read if a headline asks).
  const lowerRest = rest.toLowerCase();
  const restVerbs = lazy(() => new Set(Array.from(lowerRest.matchAll(VERB_FORM), ([word]) => englishStem(word))));
  // (With `misread` verbs: "Its machines sort bottles" for "Plant sorts bottles".)
  bodyTokens.forEach((token, i) => {
    if (misread.has(i)) bodyVerbs.add(englishStem(token.text.toLowerCase()));
    else if (token.tag === 'NOUN') bodyNouns.add(token.text.toLowerCase()).add((token.lemma ?? token.text).toLowerCase());
    // (A sentence's capitalised first word may be a noun: "Licensing is costly.")
    else if (token.tag === 'PROPN' && !opensSentence(bodyTokens[i - 1])) bodyNames.add(token.text);
    else if (token.tag === 'VERB') bodyVerbs.add(englishStem((token.lemma ?? token.text).toLowerCase()));
  });
  return { bodyNouns, bodyNames, isBodyVerb: (key) => bodyVerbs.has(key) || restVerbs().has(key), body: `${opening.toLowerCase()}\n${lowerRest}` };
}

const QUANTIFIERS = /^(?:most|many|more|several|few)$/i;
const PARTICLES = wordSet('up out off down away back');
/** Pronouns after a verb ("kisses his bride"), seldom after a noun phrase. */
export const OBJECT_PRONOUNS = wordSet('his her its their our my your him them us me');
const YEAR = /^(?:1[89]|20)\d\d$/;
/** What a headline's clause says of a word in it (readTokens). */
interface Clause {
  /** A verb follows in the clause. */
  verbLater(): boolean;
  /** The clause is one of two a conjunction joins ("as", "while"), and no other verb is in it but a participle describing a noun. */
  joinedWithoutVerb(): boolean;
}

/**
 * A headline's verb tagged NOUN: a body verb, no body noun, before an object or a particle; before a preposition, the
 * clause's only verb after a name ("Serena Williams returns to Wimbledon"), or after a noun in a clause a conjunction
 * joins ("Family escapes as fire rips through…"; not a title of nouns, "Peace talks in Geneva end").
 */
export function isHeadlineVerb(lower: string, after: Token | undefined, headline: Headline, subject: Word | undefined, clause: Clause): boolean {
  const key = englishStem(lower);
  // A plural is the body's noun too ("police patrols" after "a police patrol").
  const withoutS = [lower.replace(/s$/, ''), lower.replace(/es$/, '')];
  // (Unless a count follows and the body writes it as a verb too: "returns 29 bronzes".)
  const count = after?.tag === 'NUM' && !YEAR.test(after.text) && headline.isBodyVerb(key);
  if (after === undefined || ([lower, ...withoutS].some((form) => headline.bodyNouns.has(form)) && !count)) return false;
  // Before a phrasal verb's particle, only a verb of the body's: "department sets up cages", not "sea levels in Asia".
  if (!OBJECT_TAGS.has(after.tag)) {
    if (!/^\p{Ll}+s$/u.test(lower)) return false;
    if (PARTICLES.has(after.text)) return headline.isBodyVerb(key) || withoutS.some((verb) => headline.body.includes(`${verb} ${after.text}`));
    if (after.tag !== 'ADP' || !subject) return false;
    if (subject.role === Role.Name) return headline.bodyNames.has(subject.text) && headline.isBodyVerb(key) && !clause.verbLater();
    return !/ing$/.test(subject.text) && clause.joinedWithoutVerb() && isPresentTense(lower);
  }
  // (Not before an -s word that is the verb: "Soap star swaps the stall", where the body says "also stars Helen".)
  if (!/s$/.test(lower) && after.tag === 'NOUN' && /^\p{Ll}+[^su]s$/u.test(after.text) && isPresentTense(after.text)) return false;
  // So is one the body never writes, before a determiner, pronoun or count ("halts most trains").
  const quantified = after.tag === 'DET' || after.tag === 'PRON' || QUANTIFIERS.test(after.text) || (after.tag === 'NUM' && !YEAR.test(after.text));
  return headline.isBodyVerb(key) || (/^\p{Ll}+s$/u.test(lower) && quantified && !headline.body.includes(lower.replace(/e?s$/, '')));
}

/** Tags that may follow a headline's verb with no object: "Night trains return", "seals return to the estuary". */
const AFTER_INTRANSITIVE: ReadonlySet<string> = new Set(['ADP', 'ADV', 'PART', 'PUNCT', 'SPACE']);
/** Whether wink-nlp tags a word as a verb in a frame of two or three words, the word second. */
const verbIn = (frame: (lower: string) => string) => memoised((lower: string) => nlp().readDoc(frame(lower)).tokens().out(nlp().its.pos)[1] === 'VERB', 2_000);
/** An -s form the tagger reads as a verb after a pronoun ("it rips"; not "ratings", "prices"). */
const isPresentTense = verbIn((lower) => `it ${lower} it`);
export const isVerb = verbIn((lower) => `to ${lower}`);
/** Roles that are verbs too: after a club's name a role ("Warriors coach Peet"), after a plural a verb ("Residents chair meeting"). */
const ROLES = wordSet('coach captain guard boss chair skipper referee umpire');
/**
 * A base form after a plural noun, or a name opening the headline, is its verb with no object after, or after an -s
 * plural the body never writes it beside ("Farmers harvest bumper olive crop"; not "the farmers market").
 */
export const isPluralsVerb = (lower: string, before: Token | undefined, after: Token | undefined, headline: Headline, startsHeadline: boolean, fullName: boolean) => {
  const plural = before?.text.toLowerCase() ?? '';
  // (Before a full name, a person's, whatever the body writes: "Chiefs coach Andy Reid", beside "League chiefs".)
  const club = before !== undefined && (headline.bodyNames.has(before.text) || (after?.tag === 'PROPN' && (fullName || !headline.bodyNouns.has(plural))));
  if (!(before?.tag === 'NOUN' || (before?.tag === 'PROPN' && startsHeadline)) || /s$/.test(lower) || (ROLES.has(lower) && club) || !isVerb(lower)) return false;
  if (after === undefined || AFTER_INTRANSITIVE.has(after.tag)) return /[^su]s$|(?<![io])men$/.test(plural) || IRREGULAR_PLURALS.has(plural);
  return /[^su]s$/.test(plural) && !headline.body.includes(`${plural} ${lower}`);
};

/** The name of up to three words ending at `last` opens its line ("Harbourside Rovers edge Millbrook"). */
export function nameOpensLine(tokens: Token[], last: number): boolean {
  let first = last;
  while (first > last - 2 && tokens[first - 1]?.tag === 'PROPN') first -= 1;
  return opensSentence(tokens[first - 1]);
}

/** Plurals without an -s ("Police arrive", "Fishermen return"; not "specimen"). */
const IRREGULAR_PLURALS = wordSet('police people children cattle');

/** "A" or "each" before the nouns ending at `last`: the phrase's head is singular ("a sales force"). */
function singularBefore(tokens: Token[], last: number): boolean {
  let i = last;
  while (i > 0 && ['NOUN', 'PROPN', 'ADJ'].includes(tokens[i - 1].tag)) i--;
  return /^(?:a|an|each|every|one)$/i.test(tokens[i - 1]?.text ?? '');
}

/** A clause ends at a stop, comma, semicolon, colon, dash, or a conjunction ("while", "as"). */
const endsClause = (token: Token) =>
  (token.tag === 'PUNCT' && (/^[.!?,;:—–]$/.test(token.text) || (token.text === '-' && token.space !== ''))) || token.tag === 'SCONJ' || token.text.toLowerCase() === 'as';

/** In a clause without a verb, a base form after a plural and before a preposition or object is it ("seals rest on sandbanks"). */
export function misreadVerbs(tokens: Token[]): Set<number> {
  const verbs = new Set<number>();
  let start = 0;
  tokens.forEach((token, end) => {
    if (token.tag === 'SPACE') start = end + 1;
    if (!endsClause(token)) return;
    if (!tokens.slice(start, end).some((t) => t.tag === 'VERB' || t.tag === 'AUX')) {
      for (let i = start + 1; i < end - 1; i++) {
        const [before, word, after] = [tokens[i - 1], tokens[i], tokens[i + 1]];
        // (The plural may open the sentence, tagged a name: "Seabirds nest on the cliffs".)
        const plural = before.tag === 'NOUN' || (before.tag === 'PROPN' && opensSentence(tokens[i - 2]));
        if (word.tag === 'NOUN' && /^\p{Ll}+$/u.test(word.text) && !word.text.endsWith('s') && plural && /[^su]s$/.test(before.text) &&
          (after.tag === 'ADP' || after.tag === 'ADV' || after.tag === 'PART' || (after.tag === 'NOUN' && /^\p{Ll}+[^su]s$/u.test(after.text))) && !singularBefore(tokens, i - 1) && !(ROLES.has(word.text) && before.tag === 'PROPN') && isVerb(word.text)) {
          verbs.add(i);
          break;
        }
      }
    }
    start = end + 1;
  });
  return verbs;
}

/** A verb from `from` to its clause's end (or start: `step` -1); `describing`: a participle before a noun counts too. */
export function verbInClause(tokens: Token[], from: number, step = 1, describing = true): boolean {
  for (let i = from; i >= 0 && i < tokens.length && !endsClause(tokens[i]); i += step) {
    if (tokens[i].tag === 'AUX' || (tokens[i].tag === 'VERB' && (describing || !(/ed$/.test(tokens[i].text) && ['NOUN', 'ADJ'].includes(tokens[i + 1]?.tag))))) return true;
  }
  return false;
}

const CONJUNCTIONS = wordSet('as while when');
/** A conjunction opens or ends the clause around `i`, after a subject of one or two words ("as fire rips through…"). */
export function joinedClause(tokens: Token[], i: number): boolean {
  const isConjunction = (token: Token | undefined) => token !== undefined && (token.tag === 'SCONJ' || CONJUNCTIONS.has(token.text.toLowerCase()));
  let [back, forward] = [i - 1, i + 1];
  while (back >= 0 && !endsClause(tokens[back])) back--;
  while (forward < tokens.length && !endsClause(tokens[forward])) forward++;
  const subject = tokens.slice(back + 1, i).filter((token) => token.tag !== 'DET');
  return subject.length <= 2 && (isConjunction(tokens[back]) || isConjunction(tokens[forward]));
}
