/** Letters and words in any script, as the text rules (language, keyphrases, prompt, alt text) test them. */
export const HAS_LETTER = /\p{L}/u;
export const HAS_CAPITAL = /\p{Lu}/u;
export const CAPITAL_START = /^\p{Lu}/u;
/** Letters of scripts that write no capitals (inside a class): Georgian's are lower case to Unicode, its capitals for headings. */
export const UNCASED_LETTERS = '\\p{Lo}\\p{Script=Georgian}';
export const UNSPACED_LETTER = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}]';
export const UNSPACED = new RegExp(UNSPACED_LETTER, 'u');

/** A text matched as written inside a regular expression. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const wordSet = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s+/));
/** Lower-case particles inside a person's name ("Ursula von der Leyen", "Joran van der Sloot", "Erik ten Hag"). */
export const NAME_PARTICLES: ReadonlySet<string> = wordSet('van von der den de del della di da du des dos das le la ten ter bin ibn al');
