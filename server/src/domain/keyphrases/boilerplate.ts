/**
 * Removes what is about the article, not its subject: bylines, credits, datelines, agency tags, copyright, "read more".
 * Cheap beside tagging: sticky patterns at line starts. A removed span becomes a line break, so words around it never join.
 */
import { NAME_PARTICLES, UNCASED_LETTERS, UNSPACED, escapeRegExp, givenNames, wordSet } from '../language';

// Latin capitals and letters, spelled out so that the expressions need no Unicode mode (faster).
const UP = 'A-Z\\u00c0-\\u00d6\\u00d8-\\u00de';
const LETTER = 'A-Za-z\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u00ff';
const NAME = `[${UP}][${LETTER}.'\\u2019-]{0,30}`;
/** A name's lower-case particle ("de", "van der"), a word of its own. */
const PARTICLE = `(?:${[...NAME_PARTICLES].join('|')})(?![${LETTER}])`;
const PARENTHESISED = /\(([^()\n]{1,140})\)/g;
const CREDITED = 'photo(?:graph)?s?|images?|pictures?|illustrations?|credits?';
const CREDIT_WORDS = new RegExp(`\\b(?:${CREDITED}|courtesy|file|inputs from)\\b`, 'i');
/** A credit's label before a colon, "©" or "by" ("Source: ONS", "Pic:"). */
const CREDIT_LABEL = `(?:(?:${CREDITED}|source)(?:\\s+credits?)?\\s*(?::|\\bby\\b|\u00a9)|(?:photograph(?:er|y)|pics?)\\s*(?::|\u00a9))`;
const AGENCIES = 'AP|AFP|Reuters|UPI|PA|dpa|ANSA|Xinhua|Bloomberg|CNN|BBC|CBS/AP|NBC|ABC|Getty|EFE|Kyodo|IANS|PTI';
const WHEN = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)';
const SENTENCE_WORDS = '(?:the|a|an|is|are|was|were|had|has|have|will|would|could|can)';
const AGENCY = new RegExp(`^\\s*(?:${AGENCIES})\\s*$`);
/** Picture agencies and libraries a credit names alone on its line ("Getty Images", "AFP via Getty Images"). */
const PICTURE_SOURCE = `(?:${AGENCIES}|Getty Images|Shutterstock|Alamy|iStock(?:photo)?|Unsplash|Pexels)`;
const AGENCY_TAG = `\\((?:${AGENCIES})\\)`;
const DASH = '(?:--?|\\u2013|\\u2014)\\s';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
/** "December 15, 2026" or, British, "15 December 2026". */
const DATE = `(?:${MONTH}[ \\t]+\\d{1,2}(?:,[ \\t]*\\d{4})?|\\d{1,2}[ \\t]+${MONTH}(?:[ \\t]+\\d{4})?)`;
/** Agency tags mid-sentence and a wire's sign-off ("--IANS"): removed last. */
const AGENCY_TAGS = new RegExp(`${AGENCY_TAG}|(?:--|\\u2014)[ \\t]*(?:${AGENCIES})[ \\t]*$`, 'gm');
/** "Photo", "credit" and "source" in other languages ("Foto:", "Fot.", "Quelle:"). */
const OTHER_CREDIT_LABELS = `(?:fotos?|bild(?:quelle)?|quelle|zdjęcie|źródło|kuva|фото|fotografia|imagem|imagen|immagine|crédits?(?:[ \t]+photos?)?|créditos?|fuente|fonte|bron|källa)[ \t]*:|fot\\.`;
/** The photographer after a credit and a bar: "Bildquelle: picture alliance/dpa | Robert Michael". */
const PHOTOGRAPHER = `[ \\t]*\\|[ \\t]*${NAME}(?:[ \\t]+${NAME}){0,2}[ \\t]*$`;
/** English: a credit line, up to a bar ("Photo: Reuters/AP", BBC's "Image source, Getty Images"). */
const CREDIT_LINE = new RegExp(`(?:${CREDIT_LABEL}|image (?:source|caption)[ \\t]*,|${OTHER_CREDIT_LABELS})[^\\n|]{0,100}(?:${PHOTOGRAPHER})?`, 'imy');
/** Any language: a labelled credit holding no sentence, to a bar or the line's end ("Foto: dpa"); see namesOnly. */
const LABELLED_CREDIT_LINE = new RegExp(
  `(?:${CREDIT_LABEL}|${OTHER_CREDIT_LABELS})(?:[^\\n|.!?\u2026]|(?<=\\b[A-Z])\\.){0,100}(?:${PHOTOGRAPHER}|(?=[ \\t]*(?:\\||$)))`,
  'imy',
);
/** A picture's source alone on its line: "Getty Images", "AFP via Getty Images", "Reuters/Shutterstock". */
const PICTURE_SOURCE_LINE = new RegExp(`${PICTURE_SOURCE}(?:[ \\t]*(?:/|,|\\bvia\\b)[ \\t]*${PICTURE_SOURCE})*[ \\t]*$`, 'my');
/** Reader furniture on a short line, in the languages with rules of their own ("Also read: …", "Suivez-nous sur Instagram"). */
const FURNITURE_LINE = new RegExp(
  '(?:(?:also read|read (?:more|also)|related(?: coverage| stories| articles| links)?|see also|more on this|(?:à )?lire aussi|voir aussi|' +
    'lesen sie auch|mehr zum thema|lee también|leer más|(?:te|le) puede interesar|leggi anche|leia (?:também|mais)|veja também|lees (?:ook|meer)|zie ook)' +
    '(?:\\s*[:|]|\\.?[ \\t]*$)|click here\\b|sign up\\b|subscribe\\b|share this\\b|advertisement[ \\t]*$|' +
    // (Only following a channel: "Suivez-nous dans les coulisses" is the story's.)
    '(?:follow us|suivez-nous|folgen sie uns|síguenos|seguici|sig[au]-nos|volg ons)\\b(?=[^\\n]{0,80}\\b(?:instagram|facebook|twitter|x|tiktok|youtube|linkedin|whatsapp|telegram|threads|bluesky|mastodon|newsletter)\\b))[^\\n]{0,120}$',
  'imy',
);
const LINE_START: readonly RegExp[] = [
  // Bylines, with an outlet or role after them or alone on the next line ("By Jane Doe | Scotland editor"); no weekday
  // or month as a name ("By Monday, the bridge had"), no sentence as a role.
  new RegExp(
    `(?:[Ww]ritten\\s+|[Ww]ords\\s+(?:and\\s+(?:photo(?:graph)?s|pictures)\\s+)?)?[Bb][Yy]\\s+(?!${WHEN}\\b)${NAME}(?:[ \\t]+(?:(?:and|&|de|da|van|von|der|le|la)(?![${LETTER}])|${NAME})){0,5}` +
      `(?:[ \\t]*(?:[,|]|\\n(?=[^\\n]{1,40}\\n[ \\t]*\\n))(?![^\\n]*\\b${SENTENCE_WORDS}\\b)[^\\n.!?|]{1,40}(?=\\n|$)|[ \\t]*,[ \\t]*${NAME}(?:[ \\t]+${NAME}){0,3})?`,
    'y',
  ),
  CREDIT_LINE,
  // A blog's "Posted by Sam Okafor", perhaps "on March 12, 2026" (not a sentence: "Posted by Royal Mail on Monday, the…").
  new RegExp(`[Pp]osted[ \\t]+by[ \\t]+${NAME}(?:[ \\t]+${NAME}){0,3}(?:[ \\t]+(?:on|in)[ \\t]+[^\\n.!?]{1,40}|[ \\t]*[|,\\u2013\\u2014-][^\\n.!?]{1,60})?[ \\t]*$`, 'my'),
  // "Photography by Jane Doe", a name alone after it (not "Photography by smartphone has changed…").
  new RegExp(`(?:[Pp]hotography|PHOTOGRAPHY|[Pp]ics?|PICS?|[Ii]nterview|INTERVIEW)[ \\t]+(?:by|BY)[ \\t]+${NAME}(?:[ \\t]+${NAME}){0,3}[ \\t]*$`, 'my'),
  PICTURE_SOURCE_LINE,
  // "Courtesy of the Romano family archive." alone on its line (not "Courtesy of a grant, the library…").
  /(?:(?:photos?|images?|pictures?)[ \t]+courtesy|courtesy[ \t]+of)\b[^\n,.!?]{1,80}\.?[ \t]*$/imy,
  // Agency trailers: "Reporting by X; Editing by Y"; then copyright.
  /\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|translated|research)\s+by\b[^)\n]*\)?/iy,
  /(?:copyright\b|\u00a9|\(c\))[^\n]{0,200}|all rights reserved\b\.?/iy,
  FURNITURE_LINE,
  // A link's headline, "WATCH: Owner thanks firefighters" (not "Watch: the water rose a metre").
  /(?:[Ww]atch|WATCH|[Ll]isten|LISTEN|[Rr]ead|READ)[ \t]*[:|][ \t]*(?=[\p{Lu}\p{N}"“'‘])[^\n]{0,120}$/muy,
  // A wire's sign-off: "This report by The Canadian Press was first published Dec. 5, 2026."
  /this (?:report|story|article) by\b[^\n]{0,80}\bfirst published\b[^\n]{0,80}$/imy,
  // Bylines without a name: "By our correspondent", "By a staff reporter".
  /by (?:our|a|an) (?:own |special |staff |senior )?(?:correspondent|reporter|writer|staff)s?\b[^\n.]{0,60}$/imy,
  // Datelines ("LONDON, March 4 (Reuters) - "): any agency's tag when a dash follows, only a known one without it.
  new RegExp(
    `[${UP}][${UP}.'\\u2019-]{1,30}(?:[ \\t]+[${UP}][${UP}.'\\u2019-]{1,30}){0,4}` +
      `(?:,[ \\t]*[${UP}][${LETTER}.]{0,30}(?:[ \\t]+[${UP}][${LETTER}.]{0,30}){0,3})?` +
      `(?:,[ \\t]*${DATE})?[ \\t]*` +
      `(?:${AGENCY_TAG}[ \\t]*(?:${DASH})?|\\([${UP}][^()\\n]{0,40}\\)[ \\t]*${DASH}|${DASH})`,
    'y',
  ),
  // South Asian datelines, "NEW DELHI: …": five capitals or more, or two or three words ("NASA: …" may be a subject).
  new RegExp(`(?:[${UP}]{5,}|[${UP}]{2,}(?:[ \\t]+[${UP}]{2,}){1,2})[ \\t]*:[ \\t]+(?=[${UP}])`, 'y'),
  // Datelines in running case with a bullet: "Washington \u2022 The nation's".
  new RegExp(`[${UP}][${LETTER}.]{1,30}(?:[ \\t]+[${UP}][${LETTER}.]{1,30}){0,3}[ \\t]*[\\u2022\\u00b7][ \\t]`, 'y'),
];
/** A caption's credit after its sentence, in any language: "… the viaduct. Photograph: Murdo MacLeod/Guardian". */
const CAPTION_CREDIT = new RegExp(
  `([.!?]["\u201d\u2019]?[ \t]{1,4})(?:${OTHER_CREDIT_LABELS}|(?:${CREDITED})(?:[ \t]+credits?)?[ \t]*(?::|by\\b|\u00a9)|\u00a9|courtesy[ \t]+of\\b)(?:[^\n.!?]|(?<=\\b[A-Z])\\.){1,100}$`,
  'gimu',
);

// Addresses in ASCII, as nearly all are (a Unicode pattern cost 0.1 ms an article): they end at a space, a quotation
// mark, a bracket or another script ("见https://…，新能源…").
const ADDRESS_CHARACTERS = `[^\\s"'<>\\]\u0080-\uffff]`;
/** A web address, in any quotation marks or brackets ("“https://…”", "Infos:https://…"). */
const WEB_ADDRESS = new RegExp(`(?<![\\w.@/-])(?:(?:https?|ftp):\\/\\/|www\\.)${ADDRESS_CHARACTERS}+`, 'gi');
const EMAIL_ADDRESS = new RegExp(`(?<![\\w.@%+-])[\\w.%+-]+@[\\w-]+\\.[a-z]${ADDRESS_CHARACTERS}*`, 'gi');
/** A bare host or file name in lower case, its ending captured, and its path ("docs.python.org/3", "index.html"). */
const BARE_HOST = new RegExp(`(?<![\\w.@-])[a-z0-9-]{2,}(?:\\.[a-z0-9-]+)*\\.([a-z]{2,})(?![\\w])(?:/${ADDRESS_CHARACTERS}*)?`, 'g');
/** What ends a sentence or a bracket after an address is the text's, not the address's ("(https://…).", "…/report."). */
const TRAILING = /[.,;:!?)}\]]+$/;
/** Generic top-level domains and linked files' endings; a country's is its region code (not "territory.ian"). */
const HOST_ENDINGS = wordSet(`com org net edu gov int info biz app dev shop online site news blog cat eus gal example localhost
  html htm php pdf jpg jpeg png gif svg webp mp3 mp4 doc docx xls xlsx csv txt zip json`);
const REGIONS = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const isHostEnding = (ending: string) => HOST_ENDINGS.has(ending) || (ending.length === 2 && REGIONS.of(ending.toUpperCase()) !== undefined);

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const inSentence = (text: string, at: number, length: number) => /\p{L}[ \t]$/u.test(text.slice(Math.max(0, at - 2), at)) && /^[ \t]\p{Ll}/u.test(text.slice(at + length, at + length + 2));
/** A handle or hashtag ("@loireavelo"); between a sentence's words, a word ("le mouvement #MeToo a bouleversé"). */
const SOCIAL_ADDRESS = /(?<![\p{L}\p{N}_&])[@#][\p{L}\p{N}_][\p{L}\p{M}\p{N}_.]*(?<!\.)/gu;

/** The text without web, e-mail and social addresses (taggers cut them into nouns): a semicolon for each, no sentence end. */
export function dropWebAddresses(text: string): string {
  // (Each pattern only where its mark is. Not inside a word, "müller@…", unless after an unspaced script, "至press@gov.cn".)
  const alone = (at: number, source: string) => !LETTER_OR_DIGIT.test(source.charAt(at - 1)) || UNSPACED.test(source.charAt(at - 1));
  const gone = (address: string) => `;${TRAILING.exec(address)?.[0] ?? ''}`;
  if (/:\/\/|www\./i.test(text)) text = text.replace(WEB_ADDRESS, gone);
  if (text.includes('@')) text = text.replace(EMAIL_ADDRESS, (address, at: number, source: string) => (alone(at, source) ? gone(address) : address));
  if (/[@#]/.test(text)) text = text.replace(SOCIAL_ADDRESS, (address, at: number, source: string) => (inSentence(source, at, address.length) ? address.slice(1) : ';'));
  if (!/[a-z0-9]\.[a-z]{2}/.test(text)) return text;
  return text.replace(BARE_HOST, (host, ending: string, at: number, source: string) => (alone(at, source) && isHostEnding(ending) ? gone(host) : host));
}

/** The text without its captions' credits (a line break stands for each). */
export const dropCaptionCredits = (text: string): string => text.replace(CAPTION_CREDIT, '$1\n');
/** After these a segment may start with a credit: "By Jane Doe | Photo: Reuters". */
const SEPARATOR = /[ \t]*[|\u2022\u00b7][ \t]*/y;

/** "By" in the languages with rules of their own, Polish, Malay and Indonesian (Swedish "Av": see BYLINE_LABEL). */
const OTHER_BY = 'Por|Par|Von|Door|Przez|Oleh';
/**
 * Another language's "by", maybe a colon, and a name of two or three words alone on a line, its last written nowhere
 * else (see isOtherByline).
 */
const OTHER_BYLINE = new RegExp(`(?:${OTHER_BY}):?[ \\t]+${NAME}(?:[ \\t]+(?:${PARTICLE}[ \\t]+){0,2}${NAME}){1,2}[ \\t]*$`, 'my');
const ANY_LANGUAGE_LINE_START: readonly RegExp[] = [LABELLED_CREDIT_LINE, PICTURE_SOURCE_LINE, FURNITURE_LINE, OTHER_BYLINE];

function matchAt(text: string, at: number, patterns: readonly RegExp[]): number {
  for (const pattern of patterns) {
    pattern.lastIndex = at;
    if (!pattern.test(text) || pattern.lastIndex <= at) continue;
    const found = text.slice(at, pattern.lastIndex);
    if (pattern === LABELLED_CREDIT_LINE && !namesOnly(found)) continue;
    if (pattern === OTHER_BYLINE && !isOtherByline(found, text)) continue;
    return pattern.lastIndex - at;
  }
  return 0;
}

/**
 * A byline's name is written nowhere else (a story names its subject again), and with particles opens with a given
 * name ("Door Jan de Vries"; not the headings "Por Dentro da Seleção", "Por Tierra de Campos"). The lists are English
 * and unaccented: "José" is sought as "Jose".
 */
function isOtherByline(line: string, text: string): boolean {
  const [, first, ...rest] = line.trim().split(/[ \t]+/);
  const given = () => givenNames().has(first.normalize('NFD').replace(/\p{M}/gu, ''));
  return occurrences(text, rest.at(-1)!) === 1 && (!rest.some((word) => NAME_PARTICLES.has(word)) || given());
}

/** A credit names: three lower-case words at most after its label (not "FOTOS: Así quedó Valencia tras la DANA"). */
const namesOnly = (credit: string) => (credit.slice(credit.search(/[:\u00a9]/) + 1).match(/(?<![\p{L}\p{M}])\p{Ll}/gu)?.length ?? 0) <= 3;

/** A date or a time in a metadata line's field ("05.12.26, 21:00", "2026-12-04"). */
const DATE_OR_TIME = /\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|(?<!\d)(?:19|20)\d\d(?!\d)/;

/** Short fields between bars, one a date or time ("ספורט | אבי רוזן | 06.12.26"). */
function isMetadataLine(line: string): boolean {
  const fields = line.split('|');
  return fields.length >= 2 && fields.length <= 5 && line.length <= 200 &&
    fields.every((field) => field.trim().length <= 80) && fields.some((field) => DATE_OR_TIME.test(field));
}

/** A short line, no sentence: a header's field ("Mari Tamm", "প্রকাশ: ০৬ ডিসেম্বর ২০২৬"). */
// (Its length first: a paragraph fails at once, not after two scans for a sentence's end.)
const HEADER_FIELD = /^(?=.{1,60}$)(?!.*\p{L}[.!?]$)(?!.*[.!?][ \t]+\p{Lu})/u;
/** A date in any script ("05.12.2026", "Dec. 5, 2026"; not a year or a time alone, which may be a score). */
const HEADER_DATE =
  /(?<!\p{Nd})(?:\p{Nd}{1,4}[./-]\p{Nd}{1,2}[./-]\p{Nd}{2,4}|\p{Nd}{1,2}\.?[ \t]+[\p{L}\p{M}]+\.?,?[ \t]+\p{Nd}{4}|[\p{L}\p{M}]+\.?[ \t]+\p{Nd}{1,2},?[ \t]+\p{Nd}{4})(?!\p{Nd})/u;

/** A speaker's, question's or step's label opening a line ("Swali:", "**Q:**", "Étape 2 :"). */
const LINE_LABEL = /^[ \t]*(?:[-*][ \t]+)?(?:\*\*)?([\p{L}\p{M}][\p{L}\p{M}.'’]*(?:[ \t][\p{L}\p{M}.'’]+){0,2})(?:[ \t]+\p{Nd}{1,3})?[ \t\u00a0\u202f]?:(?:\*\*)?[ \t]/u;

/** A page's field: a label and a colon, or fields between bars ("Autor: …"; not "12:00"). */
const LABELLED_FIELD = /^[ \t]*\p{L}[\p{L}\p{M} ]{0,24}:[ \t]|[ \t]\|[ \t]/u;
/** A time of day as a page stamps it, on the 24-hour clock ("14:05", "kl. 07.30"; not an event's "7.30pm"). */
const STAMPED_TIME = /(?<![\p{Nd}.:])\p{Nd}{1,2}[:.]\p{Nd}{2}(?![\p{Nd}.:])(?![ \t]*[ap]\.?m)/iu;

/**
 * The page's header: 2 to 5 short first lines, one a date, then a blank line; or straight before the first sentence
 * when labelled fields and a publishing time mark it ("Opublikowano: 28 maja 2026, 14:05"; not an event's facts).
 */
function headerLength(lines: string[]): number {
  const start = lines.findIndex((line) => line.trim() !== '');
  let end = Math.max(start, 0);
  while (end < lines.length && end - start < 5 && HEADER_FIELD.test(lines[end].trim())) end++;
  const header = lines.slice(start, end);
  const fieldsOnly = () => header.some((line) => HEADER_DATE.test(line) && STAMPED_TIME.test(line)) && header.some((line) => LABELLED_FIELD.test(line)) &&
    header.every((line) => HEADER_DATE.test(line) || (line.match(/(?<![\p{L}\p{M}])\p{Ll}/gu)?.length ?? 0) <= 2);
  const closed = end - start >= 2 && end < lines.length && lines.slice(end).some((line) => line.trim() !== '') &&
    (lines[end].trim() === '' || (!HEADER_FIELD.test(lines[end].trim()) && fieldsOnly()));
  return closed && header.some((line) => HEADER_DATE.test(line)) ? end : 0;
}

/** How often `words` stand in `text` as words of their own (in a script without spaces, anywhere). */
function occurrences(text: string, words: string): number {
  const escaped = escapeRegExp(words);
  return text.match(new RegExp(UNSPACED.test(words) ? escaped : `(?<![\\p{L}\\p{M}])${escaped}(?![\\p{L}\\p{M}])`, 'gu'))?.length ?? 0;
}

/** A label opening two lines or more and written nowhere else is an interview's ("Swali:"); one named elsewhere stays. */
function withoutRepeatedLabels(lines: string[], title: string): string[] {
  const labels = lines.map((line) => LINE_LABEL.exec(line));
  const seen = new Map<string, number>();
  for (const label of labels) if (label) seen.set(label[1], (seen.get(label[1]) ?? 0) + 1);
  const text = `${title}\n${lines.join('\n')}`;
  // (Each label sought once: a glossary's 3,000 terms were each sought through the whole text.)
  const written = new Map<string, number>();
  const onlyLabel = (label: string) => {
    if (seen.get(label)! < 2) return false;
    if (!written.has(label)) written.set(label, occurrences(text, label));
    return written.get(label) === seen.get(label);
  };
  return lines.map((line, i) => (labels[i] && onlyLabel(labels[i]![1]) ? line.slice(labels[i]![0].length) : line));
}

/** Bylines sit among the first and last lines of a text. */
const BYLINE_LINES = 3;

/**
 * Metadata lines, bylines and the page's header become line breaks; repeated line labels go. Near either end, a label
 * and a name written nowhere else is a byline ("Texti: Sigríður Björnsdóttir"; a review's "Director: …" stays).
 */
export function dropMetadataLines(text: string, title = ''): string {
  const lines = withoutRepeatedLabels(text.split('\n'), title);
  lines.fill('', 0, headerLength(lines));
  const filled = lines.flatMap((line, i) => (line.trim() ? [i] : []));
  const ends = new Set([...filled.slice(0, BYLINE_LINES), ...filled.slice(-BYLINE_LINES)]);
  const whole = `${title}\n${text}`;
  const byline = (line: string) => {
    const name = line.includes(':') ? LABELLED_NAME.exec(line)?.[1] : undefined;
    if (name === undefined) return false;
    return occurrences(whole, name.split(/[ \t]+/).at(-1)!) === 1 && name.split(/[ \t]+/).every((word) => occurrences(whole, word.toLowerCase()) === 0);
  };
  return lines.map((line, i) => ((line.includes('|') && isMetadataLine(line)) || (ends.has(i) && (byline(line) || DESK_LINE.test(line))) ? '' : line)).join('\n');
}

/** A newsroom signing as itself, maybe with its town ("Redacción | Málaga"; not English's "Staff": "Staff Picks"). */
const DESK_LINE = /^[ \t]*[Rr](?:edacci[óo]n?|edactie|edazione|édaction|edaktion(?:en)?|edação|edacção|edakcja)(?:[ \t]*[|,–-]?[ \t]*\p{Lu}[\p{L}\p{M}'’-]*){0,2}[ \t]*$/u;

const NAMED = "\\p{Lu}[\\p{Ll}\\p{M}'’-]+";
/** A word in a script without capitals ("सुनीता"). */
const UNCASED = `[${UNCASED_LETTERS}][${UNCASED_LETTERS}\\p{M}]+`;
/** A label, a colon and a name alone, in a script with capitals (without them, any words would be a name). */
const LABELLED_NAME = new RegExp(`^[ \\t]*[\\p{L}\\p{M}]+[ \\t]*:[ \\t]+(${NAMED}(?:[ \\t]+${NAMED}){1,2})[ \\t]*$`, 'u');
/** A first line's byline: up to three words, a name, perhaps ", outlet"; without capitals, a name after a label at most. */
const FIRST_LINE_BYLINE = new RegExp(`^[ \\t]*(?:(?:[\\p{L}\\p{M}]+:?[ \\t]+){0,3}(${NAMED}(?:[ \\t]+${NAMED}){1,2})|(?:${UNCASED}:[ \\t]+)?(${UNCASED}(?:[ \\t]+${UNCASED}){1,2}))` +
  `(?:,[ \\t]*[^\\n,]{1,30})?[ \\t]*\\n`, 'u');

/**
 * What labels a first line as a byline: a comma, a colon, "by" in any of its languages, Swedish "Av" too (only here:
 * alone on a later line it opens Portuguese avenues, "Av Rio Branco", and Turkish headings, "av" being hunting).
 */
const BYLINE_LABEL = new RegExp(`[,:]|\\bby\\b|^[ \\t]*(?:${OTHER_BY}|Av)[ \\t]`, 'i');
/** Up to two short lines under a byline, each with digits or no lower case ("★★★★☆"), then a blank line. */
const UNDER_BYLINE = /^(?:[ \t]*(?=[^\n]*\p{Nd}|[^\p{Ll}\n]*\n)[^\n]{1,60}\n){0,2}[ \t]*\n/u;

/** A paragraph of up to four words, the first capitalised, no article ("Senior reporter"; not "The Film Critic"). */
const ROLE_PARAGRAPH = /^[ \t]*\n[ \t]*(?!(?:The|A|An|Our|Meet)\b)\p{Lu}[\p{L}\p{M}.'’&-]*(?:[ \t]+(?!(?:the|a|an|of|our)\b)[\p{L}\p{M}.'’&-]+){0,3}[ \t]*(?=\n[ \t]*\n)/u;
/** A writer's role, the last word of one ("Arts Editor", "Sub-editor"). */
const WRITERS_ROLES = wordSet('reporter editor correspondent writer journalist columnist contributor critic photographer producer presenter analyst staff');

/**
 * The body without a first-line byline ("Na Rehema Mussa, Mwananchi") whose last word is written nowhere else (else
 * it is the subject), ended by a blank line. A labelled one may have a rating or date under it, or the writer's role
 * as the next paragraph (Blocks' "By Jane Smith", "Senior Reporter"); a heading's date is its subject's.
 */
export function dropFirstLineByline(body: string, title: string): string {
  const byline = FIRST_LINE_BYLINE.exec(body);
  const name = byline?.[1] ?? byline?.[2];
  // (Not in a script without spaces: its line's "words" are clauses.)
  if (!byline || !name || UNSPACED.test(name)) return body;
  const after = body.slice(byline[0].length);
  const under = UNDER_BYLINE.exec(after);
  const lines = under?.[0].split('\n').slice(0, -2) ?? [];
  const labelled = BYLINE_LABEL.test(byline[0]);
  if (!under || (lines.length && !labelled) || !lines.every((line) => HEADER_FIELD.test(line.trim()))) return body;
  if (occurrences(`${title}\n${body}`, name.split(/[ \t]+/).at(-1)!) !== 1) return body;
  const role = labelled && !lines.length ? ROLE_PARAGRAPH.exec(after)?.[0] : undefined;
  return `\n\n${role && isWritersRole(role) ? after.slice(role.length) : after}`;
}

/** Each part around "and" ends in a writer's role ("Reporter and Sub-editor"). */
const isWritersRole = (paragraph: string): boolean =>
  paragraph.trim().split(/[ \t]+and[ \t]+/).every((part) => part.split(/[ \t]+/).at(-1)!.toLowerCase().split('-').some((piece) => WRITERS_ROLES.has(piece)));

/** A first line of one word, or of words in capitals, and no stop: the section's label ("Obituary", "WORLD NEWS"). */
const KICKER = /^[ \t]*(?:\p{L}[\p{L}\p{M}'’-]*|\p{Lu}[\p{Lu}\p{M}'’-]*(?:[ \t]+\p{Lu}[\p{Lu}\p{M}'’-]*){1,2})[ \t]*\n/u;

/** The body without its kicker; not in an unspaced script, where a line is a sentence. */
export const dropKicker = (body: string): string => {
  const kicker = KICKER.exec(body)?.[0];
  return kicker && kicker.length <= 30 && !UNSPACED.test(kicker) ? `\n${body.slice(kicker.length)}` : body;
};

/** A title's opening words and a colon or bar before its headline ("Viedoklis: …", "ინტერვიუ | …"). */
const TITLE_LABEL = /^[ \t]*([\p{L}\p{M}][\p{L}\p{M}'’-]*(?:[ \t]+[\p{L}\p{M}][\p{L}\p{M}'’-]*){0,2})[ \t]*[:|][ \t]+(?=\S+[ \t]+\S)/u;

/**
 * The title without its section's label: up to three words before a colon or bar that the body writes in no form
 * ("Opinion: …"; not "Ukraine: …" beside "Ukrainian"). A long word is sought less its last two letters; "EU" is too short.
 */
export function dropTitleLabel(title: string, body: string): string {
  const label = TITLE_LABEL.exec(title);
  const words = label?.[1].split(/[ \t]+/) ?? [];
  if (!label || words.some((word) => word.length < 3) || UNSPACED.test(label[1])) return title;
  const written = (word: string) => new RegExp(`(?<![\\p{L}\\p{M}])${escapeRegExp(word.length >= 5 ? word.slice(0, -2) : word)}`, 'iu').test(body);
  return words.some(written) ? title : title.slice(label[0].length);
}

/** The text without its boilerplate: English's bylines, datelines and trailers; any language's credits and furniture. */
export function stripBoilerplate(text: string, english: boolean): string {
  const patterns = english ? LINE_START : ANY_LANGUAGE_LINE_START;
  // Credits in parentheses first; agency tags stay, marking datelines ("CHICAGO (AP) ..."). Elsewhere only labelled ones.
  const credit = (inside: string) => (english ? CREDIT_WORDS.test(inside) && !AGENCY.test(inside) : startsWith(LABELLED_CREDIT_LINE, inside.trimStart()) && namesOnly(inside));
  const source = text.replace(PARENTHESISED, (whole, inside: string) => (credit(inside) ? '\n' : whole));
  let [out, kept] = ['', 0]; // kept: source[kept, ...) not yet copied
  for (let at = 0; at < source.length; ) {
    while (at < source.length && (source[at] === ' ' || source[at] === '\t')) at++;
    // Several pieces of furniture may share a line ("By Jane Doe | Photo: Reuters").
    for (let length = matchAt(source, at, patterns); length; length = matchAt(source, at, patterns)) {
      out += `${source.slice(kept, at)}\n`;
      SEPARATOR.lastIndex = at + length;
      const separated = SEPARATOR.test(source);
      kept = at = separated ? SEPARATOR.lastIndex : at + length;
      if (!separated) break;
    }
    const next = source.indexOf('\n', at);
    at = next < 0 ? source.length : next + 1; // the next line's start
  }
  return english ? (out + source.slice(kept)).replace(AGENCY_TAGS, ' ') : out + source.slice(kept);
}

const startsWith = (pattern: RegExp, text: string): boolean => {
  pattern.lastIndex = 0;
  return pattern.test(text);
};
