/**
 * Part of the local Scenario emulator (a TEST FIXTURE and demo aid, never the plugin's endpoint): plausible English
 * captions derived from the prompt an asset was made with, worded differently for each output so candidates differ.
 */

const FILLER =
  /^(high|best|ultra|highly|very|masterpiece|4k|8k|hd|uhd|detailed|intricate|sharp|award|trending|professional|photorealistic|hyperrealistic|realistic|no text|without text|no watermark|no logos?|for a story|about)\b/i;
const MEDIUM =
  /^(?:an?\s+|the\s+)?((?:[\w-]+\s+){0,3}?(?:photo(?:graph)?|illustration|painting|drawing|render(?:ing)?|image|picture|sketch|watercolou?r|poster|artwork|shot|scene|sketch))\s+(?:of|showing|depicting)\s+(.+)$/i;
const DEFAULT_MEDIA = ['photograph', 'illustration', 'wide view', 'close-up view'];

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'An' : 'A');
const lowerArticle = (text: string) => text.replace(/^(A|An|The)\s/, (match) => match.toLowerCase());

function join(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export interface CaptionInput {
  prompt: string;
  outputIndex: number;
  /** The medium the model is known for (a trained watercolor style says "watercolor illustration"). */
  medium?: string;
  detailsLevel?: 'action' | 'action+style';
}

export function captionFor(input: CaptionInput): string {
  const clauses = input.prompt
    .split(/[,;\n]|\.\s+|\s+-\s+/)
    .map((clause) => clause.trim().replace(/\.$/, '').replace(/^(featuring|with|evoking|including|showing)\s+/i, ''))
    .filter((clause) => clause.length > 1 && !FILLER.test(clause));
  let subject = clauses.shift() ?? 'an abstract composition';
  let medium = input.medium;
  const named = MEDIUM.exec(subject);
  if (named) {
    medium = medium ?? named[1].replace(/^\w/, (c) => c.toLowerCase());
    subject = named[2];
  }
  medium = medium ?? DEFAULT_MEDIA[input.outputIndex % DEFAULT_MEDIA.length];
  subject = lowerArticle(subject);

  const styleWords =
    /\b(style|palette|lighting|light|tones?|colou?rs?|mood|lens|grain|depth of field|composition|texture|background|materials|shapes|space|lines|washes|ink|paper|detail)\b/i;
  const details = clauses.filter((clause) => !styleWords.test(clause));
  const style = clauses.filter((clause) => styleWords.test(clause));
  const shift = details.length ? input.outputIndex % details.length : 0;
  const picked = [...details.slice(shift), ...details.slice(0, shift)].slice(0, 2).map(lowerArticle);

  let sentence: string;
  switch (input.outputIndex % 4) {
    case 1:
      sentence = `${article(medium)} ${medium} showing ${subject}`;
      break;
    case 2:
      sentence = `${subject.charAt(0).toUpperCase()}${subject.slice(1)}, seen in ${article(medium).toLowerCase()} ${medium}`;
      break;
    case 3:
      sentence = `A close look at ${subject} in ${article(medium).toLowerCase()} ${medium}`;
      break;
    default:
      sentence = `${article(medium)} ${medium} of ${subject}`;
  }
  if (picked.length) sentence += `, with ${join(picked)}`;
  sentence += '.';
  if (input.detailsLevel === 'action+style' && style.length) sentence += ` The style: ${join(style.map((clause) => clause.replace(/^\w/, (c) => c.toLowerCase())))}.`;
  return sentence.length > 300 ? `${sentence.slice(0, 298)}….` : sentence;
}
