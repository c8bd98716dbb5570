/** English candidates from wink-nlp's tags: adjectives and nouns ending with a noun; split words ("3D") glued back. */
import { lazy, memoised, repeated } from '../functions';
import { CAPITAL_START, ENGLISH, HAS_LETTER, NAME_PARTICLES, englishStem, givenNames, languageTools, nlp, wordSet } from '../language';
import { ChunkBuilder, Role, type Word } from './words';

const WEEKDAYS = wordSet('monday tuesday wednesday thursday friday saturday sunday');
/** Words naming a day with a weekday ("Black Friday"; a closed list: "Ohio Friday" is a place and a date). */
const NAMED_DAYS = wordSet('black cyber good bloody super ash palm easter holy maundy shrove fat blue giving selection remembrance mothering whit');
const isNamedDay = (word: Token | undefined, day: Token | undefined) => word !== undefined && day !== undefined && NAMED_DAYS.has(word.text.toLowerCase()) &&
  CAPITAL_START.test(word.text) && CAPITAL_START.test(day.text) && WEEKDAYS.has(day.text.toLowerCase());
/** Short forms, words of names too ("Sun Valley"): a date only beside a number ("Mar 4"). */
const SHORT_DATES = wordSet('jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun');
const MONTHS_AND_DAYS = new Set([...WEEKDAYS, ...SHORT_DATES, ...wordSet(`january february march april may june july august
  september october november december`)]);
const TIME_WORDS = wordSet('a.m. p.m. am pm gmt utc est edt pst pdt bst cet');
/** Days relative to the writer, in lower case: adverbs ("the vote today"; not "USA Today"). */
const DEICTIC_DAYS = wordSet('yesterday today tomorrow tonight');
/** Quantifiers, pointers and judgements ("several new results"): dropped from a phrase's start. */
const WEAK = wordSet(`such other many much several various certain own same few more most less least further numerous
  additional given respective whole entire total overall particular different similar following above below only etc
  previous next last first second third final recent present current existing usual new old novel proposed known
  available possible potential good better best great big bigger biggest little important main major minor able very
  specific simple common`);
/** Compass points: in lower case before a name, they describe it ("west London"). */
const COMPASS = /^(?:(?:north|south)-?(?:east|west)?|east|west)$/;
/** Spans of time ICU's units lack (isTimeSpan). */
const LONG_SPANS = wordSet('decade decades century centuries');
/** Nouns never a topic alone (they stay inside longer phrases: "time zone"). */
const EMPTY = wordSet(`thing things way ways lot lots kind sort type types part parts number numbers amount case cases
  fact use time times year years day days week weeks month months hour hours minute minutes today yesterday tomorrow
  tonight morning afternoon evening night people someone something anything nothing everything percent per cent mr mrs
  ms dr st no inc ltd co corp jr sr one ones example examples article result results lead end side step steps ${[...LONG_SPANS].join(' ')}`);
/** Units after a number ("300 mm wafers"); ICU names others (isUnit), not British spellings (last line). */
const UNITS = wordSet(`mm cm km m nm kg g mg lb lbs oz ft mi mph hz khz mhz ghz kb mb gb tb kbps mbps gbps w kw mw gw
  kwh wh mah ah v kv db s ms sec min h hr hrs k l ml b bn cent mn tn trn million billion trillion lakh lakhs crore crores x tbsp tbs tsp cups pinch
  tin tins cans c f f.
  metre metres kilometre kilometres centimetre centimetres millimetre millimetres litre litres`);
const BREAK_TAGS = new Set(['PUNCT', 'SYM', 'SPACE', 'X']);
const WORD_START = /^[\p{L}\p{N}]/u;
const NUMBER_LIKE = /^[\d.,:/-]*\d(?:st|nd|rd|th|s)?$/;
/** References and titles: "p.", "vol.", "Dr.". */
const SHORT_ABBREVIATION = /^\p{L}{1,3}\.$/u;
/** Not a Roman numeral, which may end a sentence ("Division I. Moore won"). */
const MIDDLE_INITIAL = /^(?![IVX])\p{Lu}\.$/u;
/** A letter code the tokenizer splits from its digits ("3" "D", "G" "7"). */
const SHORT_CODE = /^[A-Z]{1,2}$/;
/** A currency or label before a number ("Rs 3,520 crore", "No. 10"). */
const SHORT_LABEL = /^\p{Lu}(?:\p{L}?\p{Ll})?$/u;
const CURRENCY_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** "Leeds Rhinos v Wigan": between two names, no part of one. */
const VERSUS = wordSet('v vs');
/** Speech the tagger reads as names or nouns ("I'm", "gonna"). */
const SPOKEN = /^i['’](?:m|ve|ll|d)$|^(?:gonna|wanna|gotta)$/;
const notAWord = (text: string, lower: string) =>
  !HAS_LETTER.test(text) || !WORD_START.test(text) || NUMBER_LIKE.test(text) || SHORT_ABBREVIATION.test(text) ||
  TIME_WORDS.has(lower) || DEICTIC_DAYS.has(text) || VERSUS.has(text) || SPOKEN.test(lower);

/** A word glued from parts with these tags ("state-of-the-art", "COVID-19", "F-16"). */
function compoundRole(tags: string[]): Role | 0 {
  const last = tags[tags.length - 1];
  if (last === 'NOUN') return tags.includes('PROPN') ? Role.Name : Role.Noun;
  if (last === 'PROPN' || (last === 'NUM' && (tags.includes('PROPN') || tags[0] === 'NOUN'))) return Role.Name;
  // "well-known", "real-time", "long-term": describe, never name.
  return last === 'ADJ' || last === 'VERB' || last === 'ADV' || last === 'NUM' ? Role.Modifier : 0;
}

interface Token {
  text: string;
  tag: string;
  /** Whitespace before the token ("" when it touches the one before). */
  space: string;
  /** Its dictionary form ("broke" -> "break"), read only when asked for. */
  lemma?: string;
}

/** Past tenses the tagger's lexicon lacks and reads as nouns ("the lamp shone again"). */
const UNKNOWN_PAST_TENSES = wordSet('shone swam wove knelt dwelt clung flung drank trod');

function tokensOf(text: string, withLemmas = false): Token[] {
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
function namedAsInBody(titleTokens: Token[], bodyTokens: Token[]): Token[] {
  const names = new Set(bodyTokens.flatMap((token, i) => (token.tag === 'PROPN' && bodyTokens[i + 1] ? [`${token.text} ${bodyTokens[i + 1].text}`] : [])));
  return titleTokens.map((token, i) => (token.tag === 'VERB' && names.has(`${token.text} ${titleTokens[i + 1]?.text}`) ? { ...token, tag: 'PROPN' } : token));
}

/** A base form after a singular noun heads a compound ("fire escape"; a present would end in -s), unless an object follows. */
function isCompoundHead(tokens: Token[], i: number): boolean {
  const [before, token, after] = [tokens[i - 1], tokens[i], tokens[i + 1]];
  const nounBefore = before?.tag === 'NOUN' ? before.lemma === before.text : before?.tag === 'VERB' && /ing$/.test(before.text);
  return token.tag === 'VERB' && nounBefore && token.lemma === token.text && !(after && OBJECT_TAGS.has(after.tag));
}

const OBJECT_TAGS: ReadonlySet<string> = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM', 'PRON']);
const SMALL_DIGITS = /^[\u2070-\u2079\u2080-\u2089\u00b2\u00b3\u00b9]+$/;
/** What joins a word's parts ("real-time", "TCP/IP", "PM2.5", "1,550"). */
const JOINS: ReadonlySet<string> = new Set(['-', '/', '.', ',']);
const LAST_LETTER = /\p{L}$/u;
const FIRST_LETTER = /^\p{L}/u;
/** After a dotted name's dot ("Node.js", "ASP.NET"; not "Paris.The"). */
const DOTTED_PART = /^(?:\p{Ll}+|\p{Lu}{2,})$/u;

/** The tokenizer cuts a word at letters it does not know ("Dvo" "ř" "ák"). */
const cutInsideWord = (before: string, after: string) => LAST_LETTER.test(before) && FIRST_LETTER.test(after) &&
  !(before.charCodeAt(before.length - 1) < 0x80 && after.charCodeAt(0) < 0x80);

/** Inclusive: past hyphen and slash joins, split codes and cut letters. */
function wordEnd(tokens: Token[], i: number): number {
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

/** What the body tells of a headline's words (the tagger reads its verbs as nouns): its nouns, names and verb keys. */
type Headline = { bodyNouns: ReadonlySet<string>; bodyNames: ReadonlySet<string>; isBodyVerb: (key: string) => boolean; body: string };
const VERB_FORM = /\b[a-z]{3,}(?:ed|ing)\b/g;

function headlineOf(bodyTokens: Token[], misread: ReadonlySet<number>, opening: string, rest: string): Headline {
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
const OBJECT_PRONOUNS = wordSet('his her its their our my your him them us me');
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
function isHeadlineVerb(lower: string, after: Token | undefined, headline: Headline, subject: Word | undefined, clause: Clause): boolean {
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
const isVerb = verbIn((lower) => `to ${lower}`);
/** Roles that are verbs too: after a club's name a role ("Warriors coach Peet"), after a plural a verb ("Residents chair meeting"). */
const ROLES = wordSet('coach captain guard boss chair skipper referee umpire');
/**
 * A base form after a plural noun, or a name opening the headline, is its verb with no object after, or after an -s
 * plural the body never writes it beside ("Farmers harvest bumper olive crop"; not "the farmers market").
 */
const isPluralsVerb = (lower: string, before: Token | undefined, after: Token | undefined, headline: Headline, startsHeadline: boolean, fullName: boolean) => {
  const plural = before?.text.toLowerCase() ?? '';
  // (Before a full name, a person's, whatever the body writes: "Chiefs coach Andy Reid", beside "League chiefs".)
  const club = before !== undefined && (headline.bodyNames.has(before.text) || (after?.tag === 'PROPN' && (fullName || !headline.bodyNouns.has(plural))));
  if (!(before?.tag === 'NOUN' || (before?.tag === 'PROPN' && startsHeadline)) || /s$/.test(lower) || (ROLES.has(lower) && club) || !isVerb(lower)) return false;
  if (after === undefined || AFTER_INTRANSITIVE.has(after.tag)) return /[^su]s$|(?<![io])men$/.test(plural) || IRREGULAR_PLURALS.has(plural);
  return /[^su]s$/.test(plural) && !headline.body.includes(`${plural} ${lower}`);
};

/** The name of up to three words ending at `last` opens its line ("Harbourside Rovers edge Millbrook"). */
function nameOpensLine(tokens: Token[], last: number): boolean {
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
function misreadVerbs(tokens: Token[]): Set<number> {
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
function verbInClause(tokens: Token[], from: number, step = 1, describing = true): boolean {
  for (let i = from; i >= 0 && i < tokens.length && !endsClause(tokens[i]); i += step) {
    if (tokens[i].tag === 'AUX' || (tokens[i].tag === 'VERB' && (describing || !(/ed$/.test(tokens[i].text) && ['NOUN', 'ADJ'].includes(tokens[i + 1]?.tag))))) return true;
  }
  return false;
}

const CONJUNCTIONS = wordSet('as while when');
/** A conjunction opens or ends the clause around `i`, after a subject of one or two words ("as fire rips through…"). */
function joinedClause(tokens: Token[], i: number): boolean {
  const isConjunction = (token: Token | undefined) => token !== undefined && (token.tag === 'SCONJ' || CONJUNCTIONS.has(token.text.toLowerCase()));
  let [back, forward] = [i - 1, i + 1];
  while (back >= 0 && !endsClause(tokens[back])) back--;
  while (forward < tokens.length && !endsClause(tokens[forward])) forward++;
  const subject = tokens.slice(back + 1, i).filter((token) => token.tag !== 'DET');
  return subject.length <= 2 && (isConjunction(tokens[back]) || isConjunction(tokens[forward]));
}

const ARTICLES: ReadonlySet<string> = new Set(['a', 'an', 'the']);
const TIME_AFTER = wordSet('before after ago later earlier');
const opensSentence = (before: Token | undefined) =>
  before === undefined || before.tag === 'SPACE' || (before.tag === 'PUNCT' && /^[.!?:;•*\-–—]$/.test(before.text));

/** Reads a text's tokens into the builder; `judged` (keyphrases) marks weak words ("new") and empty nouns ("year"). */
function readTokens(tokens: Token[], into: ChunkBuilder, judged: boolean, { joinedNames, gerunds, models }: Joins, headline?: Headline, verbs = misreadVerbs(tokens)): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.tag === 'PUNCT' || token.tag === 'SPACE') {
      into.end();
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
    // A saint's or group's possessive inside a place's or day's name ("St Martin's Night Shelter", "Children's Hospital";
    // not before a person, "St Mirren's Danny Green", unless a place word: "St George's Park").
    if (POSSESSIVE.test(surface) && token.space === '' && last?.role === Role.Name && namesPlace(tokens, j + 1) &&
      !(givenNames().has(after?.text ?? '') && !PLACE_HEADS.has((after?.text ?? '').toLowerCase())) &&
      ((into.run.length === 2 && SAINTS.has(into.run[0].text)) || NAMED_POSSESSIVES.has(last.text.toLowerCase()))) {
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

/** A capitalised (then a lower-case) word, hyphenated parts too ("Foxes", "No-Knead", "Built-in"; not "COVID-19"). */
const CAPITALISED_WORD = /(?<![\p{L}\p{N}'’-])\p{Lu}[\p{Ll}'’]*(?:-\p{L}[\p{Ll}'’]*)*(?![\p{L}\p{N}-])/gu;
const LOWER_CASE_WORD = new RegExp(CAPITALISED_WORD.source.replace('\\p{Lu}', '\\p{Ll}'), 'gu');
const MAX_HEADING_CHARS = 100;
/** "Apple's" is Apple's name (the test first: keyRuns calls it on every word past the opening). */
export const withoutPossessive = (word: string) => (word.endsWith('s') ? word.replace(/['’]s$/, '') : word);

/** Prepositions Title Case writes in lower case that the stopword list lacks ("Struggle amid Rising Costs"). */
const PREPOSITIONS = wordSet('amid amidst despite versus via onto upon unlike toward towards throughout beyond within without against among amongst around behind beneath beside besides between inside outside underneath feat featuring');
/** Most words capitalised, none of four letters or more in lower case but function words ("Struggle amid Rising Costs"). */
function isTitleCase(line: string): boolean {
  const capitalised = line.match(CAPITALISED_WORD)?.length ?? 0;
  return capitalised >= 3 && capitalised >= 0.6 * line.split(/\s+/).filter((w) => HAS_LETTER.test(w)).length &&
    // (Not an aside in brackets: "Beef Stew (serves 4)".)
    (line.replace(/\([^()]*\)/g, ' ').match(LOWER_CASE_WORD) ?? []).every((word) => word.length < 4 || word.includes('-') || PREPOSITIONS.has(word) || languageTools(ENGLISH).stopwords.has(word));
}

/** A sentence-case title's first word in lower case if the body writes it so, never capitalised mid-sentence ("Gloves up"). */
function openingInLowerCase(title: string, body: string): string {
  const first = /^\p{Lu}\p{Ll}+(?=[\s,:;]|$)/u.exec(title)?.[0];
  if (!first) return title;
  const lower = first.toLowerCase();
  const written = (pattern: string) => new RegExp(pattern, 'u').test(body);
  return written(`(?<![\\p{L}])${lower}(?![\\p{L}])`) && !written(`[\\p{Ll},;] ${first}(?![\\p{L}])`) ? lower + title.slice(first.length) : title;
}

/** Title Case reads as names: a word keeps its capital if the body writes it so mid-sentence, or never lower-case. */
function inSentenceCase(title: string, body: string, rest: string): { title: string; body: string } {
  const lines = body.split('\n');
  // (A heading is short: a long line of capitals lists names.)
  const headings = lines.map((line) => line.length <= MAX_HEADING_CHARS && isTitleCase(line));
  const titled = isTitleCase(title);
  if (!titled && !headings.includes(true)) return { title: openingInLowerCase(title, `${body}\n${rest}`), body };
  const [names, openers] = [new Set<string>(), new Set<string>()];
  for (const line of lines.filter((_, index) => !headings[index])) {
    for (const match of line.matchAll(CAPITALISED_WORD)) {
      const before = line.slice(Math.max(0, match.index - 3), match.index).trimEnd();
      (before && !/[.!?:"“”«»]$/.test(before) ? names : openers).add(withoutPossessive(match[0]));
    }
  }
  const lowerCase = new Set(body.match(LOWER_CASE_WORD));
  const kept = new Set([...names, ...[...openers].filter((word) => !lowerCase.has(word.toLowerCase()))]);
  const recase = (line: string) => line.replace(CAPITALISED_WORD, (word) => (kept.has(withoutPossessive(word)) ? word : word.toLowerCase()));
  return { title: titled ? recase(title) : title, body: lines.map((line, index) => (headings[index] ? recase(line) : line)).join('\n') };
}

const POSSESSIVE = /^['’]s?$/;
const SAINTS = new Set(['St', 'St.', 'Saint', 'Ste']);
/** Groups whose possessive opens places' names ("Children's Hospital"). */
const NAMED_POSSESSIVES = wordSet('women men children people');
/** What the name of a place, an institution or a day ends with. */
const PLACE_HEADS = wordSet(`shelter church chapel cathedral abbey priory school college academy university institute hospital hospice
  centre center hall house park gardens green square street road lane way close market bridge cross well day eve month
  association society league club trust fund`);
/** Capitalised words from `k` up to one of PLACE_HEADS, the name's last ("Night Shelter", "Hospital"). */
function namesPlace(tokens: Token[], k: number): boolean {
  let end = k;
  while (end < k + 4 && CAPITAL_START.test(tokens[end + 1]?.text ?? '')) end++;
  return CAPITAL_START.test(tokens[k]?.text ?? '') && PLACE_HEADS.has(tokens[end].text.toLowerCase());
}

/** Lower-case words inside names: English's prepositions, other languages' particles ("Viña del Mar"). */
const NAME_LINKS = wordSet('of for de del della di da do dos das du des van von der den la le');

/** Lower-case words inside a name spelled out before its acronym ("Food and Drug Administration (FDA)"). */
const SPELLED_LINKS = wordSet('of for and');

/** The surname a run of particles opens at `i` ("van der Sloot"), if one does. */
function particledSurname(tokens: Token[], i: number): string | undefined {
  let k = i;
  while (k < i + 3 && NAME_PARTICLES.has(tokens[k]?.text ?? '')) k++;
  return k > i && tokens[k]?.tag === 'PROPN' ? tokens.slice(i, k + 1).map((token) => token.text).join(' ') : undefined;
}

/**
 * Names holding a lower-case or short word (readTokens): written twice ("Bank of Canada"), spelled out before an
 * acronym, with a middle initial, and surnames with particles after a given name once ("van der Sloot").
 */
function joinedNamesOf(titleTokens: Token[], bodyTokens: Token[]): Set<string> {
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

/** Names with a middle initial after a known given name ("Daniel R. Fontaine"; not "Plan B. Boris Johnson"). */
function initialled(tokens: Token[]): string[] {
  return tokens.slice(1, -1).flatMap((token, k) => {
    const [before, after] = [tokens[k], tokens[k + 2]];
    const joined = MIDDLE_INITIAL.test(token.text) && givenNames().has(before.text) && after.tag === 'PROPN' && CAPITAL_START.test(after.text);
    return joined ? [`${before.text} ${token.text} ${after.text}`] : [];
  });
}

/** Words that join inside this article's phrases (see readTokens). */
type Joins = { joinedNames: ReadonlySet<string>; gerunds: ReadonlySet<string>; models: ReadonlySet<string> };

const MODEL_NUMBER = /^\d{1,4}$/;
const SEASONS = wordSet('spring summer fall autumn winter');
/** A name and a number of up to four digits, written together twice ("Boeing 737"; not a date). */
const modelNumbers = (tokens: Token[]): Set<string> => repeated(tokens.slice(1).flatMap((token, k) => {
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
function gerundCompounds(tokens: Token[]): Set<string> {
  const pairs = tokens.slice(1).map((token, k) => {
    const [noun, after] = [tokens[k], tokens[k + 2]];
    const compound = token.tag === 'VERB' && /^\p{Ll}+ing$/u.test(token.text) && !PREPOSITIONAL.has(token.text) && (noun.tag === 'NOUN' || noun.tag === 'PROPN') &&
      !/[^su]s$/.test(noun.text);
    return compound ? { pair: `${noun.text.toLowerCase()} ${token.text}`, common: noun.tag === 'NOUN', object: OBJECT_START.has(after?.tag ?? '') } : undefined;
  }).filter((found) => found !== undefined);
  const [objects, common] = [new Set(pairs.filter((found) => found.object).map((found) => found.pair)), new Set(pairs.filter((found) => found.common).map((found) => found.pair))];
  return new Set([...repeated(pairs.map((found) => found.pair))].filter((pair) => common.has(pair) && !objects.has(pair)));
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
