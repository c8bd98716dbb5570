/** English word lists the reader judges words by: dates, units, empty nouns, weak quantifiers. */
import { CAPITAL_START, HAS_LETTER, wordSet } from '../../language';
import { type Token } from './tokens';

export const WEEKDAYS = wordSet('monday tuesday wednesday thursday friday saturday sunday');
/** Words naming a day with a weekday ("Black Friday"; a closed list: "Ohio Friday" is a place and a date). */
const NAMED_DAYS = wordSet('black cyber good bloody super ash palm easter holy maundy shrove fat blue giving selection remembrance mothering whit');
export const isNamedDay = (word: Token | undefined, day: Token | undefined) => word !== undefined && day !== undefined && NAMED_DAYS.has(word.text.toLowerCase()) &&
  CAPITAL_START.test(word.text) && CAPITAL_START.test(day.text) && WEEKDAYS.has(day.text.toLowerCase());
/** Short forms, words of names too ("Sun Valley"): a date only beside a number ("Mar 4"). */
export const SHORT_DATES = wordSet('jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun');
export const MONTHS_AND_DAYS = new Set([...WEEKDAYS, ...SHORT_DATES, ...wordSet(`january february march april may june july august
  september october november december`)]);
const TIME_WORDS = wordSet('a.m. p.m. am pm gmt utc est edt pst pdt bst cet');
/** Days relative to the writer, in lower case: adverbs ("the vote today"; not "USA Today"). */
const DEICTIC_DAYS = wordSet('yesterday today tomorrow tonight');
/** Quantifiers, pointers and judgements ("several new results"): dropped from a phrase's start. */
export const WEAK = wordSet(`such other many much several various certain own same few more most less least further numerous
  additional given respective whole entire total overall particular different similar following above below only etc
  previous next last first second third final recent present current existing usual new old novel proposed known
  available possible potential good better best great big bigger biggest little important main major minor able very
  specific simple common`);
/** Compass points: in lower case before a name, they describe it ("west London"). */
export const COMPASS = /^(?:(?:north|south)-?(?:east|west)?|east|west)$/;
/** Spans of time ICU's units lack (isTimeSpan). */
export const LONG_SPANS = wordSet('decade decades century centuries');
/** Nouns never a topic alone (they stay inside longer phrases: "time zone"). */
export const EMPTY = wordSet(`thing things way ways lot lots kind sort type types part parts number numbers amount case cases
  fact use time times year years day days week weeks month months hour hours minute minutes today yesterday tomorrow
  tonight morning afternoon evening night people someone something anything nothing everything percent per cent mr mrs
  ms dr st no inc ltd co corp jr sr one ones example examples article result results lead end side step steps ${[...LONG_SPANS].join(' ')}`);
/** Units after a number ("300 mm wafers"); ICU names others (isUnit), not British spellings (last line). */
export const UNITS = wordSet(`mm cm km m nm kg g mg lb lbs oz ft mi mph hz khz mhz ghz kb mb gb tb kbps mbps gbps w kw mw gw
  kwh wh mah ah v kv db s ms sec min h hr hrs k l ml b bn cent mn tn trn million billion trillion lakh lakhs crore crores x tbsp tbs tsp cups pinch
  tin tins cans c f f.
  metre metres kilometre kilometres centimetre centimetres millimetre millimetres litre litres`);
const WORD_START = /^[\p{L}\p{N}]/u;
const NUMBER_LIKE = /^[\d.,:/-]*\d(?:st|nd|rd|th|s)?$/;
/** References and titles: "p.", "vol.", "Dr.". */
const SHORT_ABBREVIATION = /^\p{L}{1,3}\.$/u;
/** A currency or label before a number ("Rs 3,520 crore", "No. 10"). */
export const SHORT_LABEL = /^\p{Lu}(?:\p{L}?\p{Ll})?$/u;
export const CURRENCY_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** "Leeds Rhinos v Wigan": between two names, no part of one. */
const VERSUS = wordSet('v vs');
/** Speech the tagger reads as names or nouns ("I'm", "gonna"). */
const SPOKEN = /^i['’](?:m|ve|ll|d)$|^(?:gonna|wanna|gotta)$/;
export const notAWord = (text: string, lower: string) =>
  !HAS_LETTER.test(text) || !WORD_START.test(text) || NUMBER_LIKE.test(text) || SHORT_ABBREVIATION.test(text) ||
  TIME_WORDS.has(lower) || DEICTIC_DAYS.has(text) || VERSUS.has(text) || SPOKEN.test(lower);
