/**
 * Removes what is about the article, not its subject: bylines, credits, datelines, agency tags, copyright, "read more".
 * Run on every article, it must cost little beside tagging: one scan for parentheses, sticky patterns at line starts.
 * A removed span is a line break: words around it never join, a dateline after starts a line (a web address, which
 * sits mid-sentence, a semicolon). Dates: the readers'.
 */
import { UNCASED_LETTERS, UNSPACED, escapeRegExp, wordSet } from '../language';

// Latin capitals and letters, spelled out so that the expressions need no Unicode mode (faster).
const UP = 'A-Z\\u00c0-\\u00d6\\u00d8-\\u00de';
const LETTER = 'A-Za-z\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u00ff';
const NAME = `[${UP}][${LETTER}.'\\u2019-]{0,30}`;
const PARENTHESISED = /\(([^()\n]{1,140})\)/g;
const CREDITED = 'photo(?:graph)?s?|images?|pictures?|illustrations?|credits?';
const CREDIT_WORDS = new RegExp(`\\b(?:${CREDITED}|courtesy|file|inputs from)\\b`, 'i');
/** A credit's label: those words or a source's before a colon, "©" or "by" ("Source: ONS"), a photographer's or "Pic" before a colon. */
const CREDIT_LABEL = `(?:(?:${CREDITED}|source)(?:\\s+credits?)?\\s*(?::|\\bby\\b|\u00a9)|(?:photograph(?:er|y)|pics?)\\s*(?::|\u00a9))`;
const AGENCIES = 'AP|AFP|Reuters|UPI|PA|dpa|ANSA|Xinhua|Bloomberg|CNN|BBC|CBS/AP|NBC|ABC|Getty|EFE|Kyodo|IANS|PTI';
const WHEN = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)';
const SENTENCE_WORDS = '(?:the|a|an|is|are|was|were|had|has|have|will|would|could|can)';
const AGENCY = new RegExp(`^\\s*(?:${AGENCIES})\\s*$`);
/** Picture agencies and libraries a credit names alone on its line ("Getty Images", "AFP via Getty Images"). */
const PICTURE_SOURCE = `(?:${AGENCIES}|Getty Images|Shutterstock|Alamy|iStock(?:photo)?|Unsplash|Pexels)`;
const AGENCY_TAG = `\\((?:${AGENCIES})\\)`;
const DASH = '(?:--?|\\u2013|\\u2014)\\s';
/** English months: boilerplate is stripped from English only. */
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
/** Month first or, as British papers write it, day first ("December 15, 2026", "15 December 2026"). */
const DATE = `(?:${MONTH}[ \\t]+\\d{1,2}(?:,[ \\t]*\\d{4})?|\\d{1,2}[ \\t]+${MONTH}(?:[ \\t]+\\d{4})?)`;
/** Agency tags left after the line-start pass (mid-sentence), and a wire's sign-off ("--IANS"): removed last. */
const AGENCY_TAGS = new RegExp(`${AGENCY_TAG}|(?:--|\\u2014)[ \\t]*(?:${AGENCIES})[ \\t]*$`, 'gm');
/** "Photo", "credit" and "source" as sites in other languages write them before a credit ("Foto:", "Fot.", "Quelle:"). */
const OTHER_CREDIT_LABELS = `(?:fotos?|bild(?:quelle)?|quelle|zdjęcie|źródło|kuva|фото|fotografia|imagem|imagen|immagine|crédits?(?:[ \t]+photos?)?|créditos?|fuente|fonte|bron|källa)[ \t]*:|fot\\.`;
/** The photographer after a credit and a bar: "Bildquelle: picture alliance/dpa | Robert Michael". */
const PHOTOGRAPHER = `[ \\t]*\\|[ \\t]*${NAME}(?:[ \\t]+${NAME}){0,2}[ \\t]*$`;
/**
 * English: a credit line, to a bar ("Photo: Reuters/AP", "Photograph by Jane Doe", BBC's "Image source, Getty
 * Images" and "Image caption, …"; not the caption after "Photo: PA | ").
 */
const CREDIT_LINE = new RegExp(`(?:${CREDIT_LABEL}|image (?:source|caption)[ \\t]*,|${OTHER_CREDIT_LABELS})[^\\n|]{0,100}(?:${PHOTOGRAPHER})?`, 'imy');
/**
 * In any language, a labelled credit with no sentence in it, to its line's end or a bar: "Foto: dpa", "Crédit photo :
 * Ville de Strasbourg", "Fot. J. Nowak" (not "Fonte: elaborazione Svimez … 2019-2023, pubblicati a marzo."); names
 * only (see namesOnly).
 */
const LABELLED_CREDIT_LINE = new RegExp(
  `(?:${CREDIT_LABEL}|${OTHER_CREDIT_LABELS})(?:[^\\n|.!?\u2026]|(?<=\\b[A-Z])\\.){0,100}(?:${PHOTOGRAPHER}|(?=[ \\t]*(?:\\||$)))`,
  'imy',
);
/** A picture's source alone on its line: "Getty Images", "AFP via Getty Images", "Reuters/Shutterstock". */
const PICTURE_SOURCE_LINE = new RegExp(`${PICTURE_SOURCE}(?:[ \\t]*(?:/|,|\\bvia\\b)[ \\t]*${PICTURE_SOURCE})*[ \\t]*$`, 'my');
/**
 * Reader furniture on a short line ("Also read: …", "RELATED COVERAGE", a "Related stories" heading, "Suivez-nous sur
 * Instagram"), in English and the languages with rules of their own (French, German, Spanish, Italian, Portuguese,
 * Dutch): a teaser's label before a colon or bar, or alone on its line.
 */
const FURNITURE_LINE = new RegExp(
  '(?:(?:also read|read (?:more|also)|related(?: coverage| stories| articles| links)?|see also|more on this|(?:à )?lire aussi|voir aussi|' +
    'lesen sie auch|mehr zum thema|lee también|leer más|(?:te|le) puede interesar|leggi anche|leia (?:também|mais)|veja também|lees (?:ook|meer)|zie ook)' +
    '(?:\\s*[:|]|\\.?[ \\t]*$)|click here\\b|sign up\\b|subscribe\\b|share this\\b|advertisement[ \\t]*$|' +
    // (Following on a channel: "Suivez-nous dans les coulisses du Festival" is the story's.)
    '(?:follow us|suivez-nous|folgen sie uns|síguenos|seguici|sig[au]-nos|volg ons)\\b(?=[^\\n]{0,80}\\b(?:instagram|facebook|twitter|x|tiktok|youtube|linkedin|whatsapp|telegram|threads|bluesky|mastodon|newsletter)\\b))[^\\n]{0,120}$',
  'imy',
);
const LINE_START: readonly RegExp[] = [
  // Bylines ("By Jane Doe and Tom Roe, Reuters"), and a role ending the line ("By Jane Doe | Scotland editor") or alone
  // on the next before a blank line ("By Jane Doe", "Senior Reporter"). Not "By Monday, the bridge had": no weekday or
  // month as a name; a role has no article or auxiliary, no final stop.
  new RegExp(
    `(?:[Ww]ritten\\s+|[Ww]ords\\s+(?:and\\s+(?:photo(?:graph)?s|pictures)\\s+)?)?[Bb][Yy]\\s+(?!${WHEN}\\b)${NAME}(?:[ \\t]+(?:(?:and|&|de|da|van|von|der|le|la)(?![${LETTER}])|${NAME})){0,5}` +
      `(?:[ \\t]*(?:[,|]|\\n(?=[^\\n]{1,40}\\n[ \\t]*\\n))(?![^\\n]*\\b${SENTENCE_WORDS}\\b)[^\\n.!?|]{1,40}(?=\\n|$)|[ \\t]*,[ \\t]*${NAME}(?:[ \\t]+${NAME}){0,3})?`,
    'y',
  ),
  CREDIT_LINE,
  // A blog's "Posted by Sam Okafor", perhaps with when, where or a role after it ("on March 12, 2026", "in Community
  // News", "| Community reporter"; not "Posted by Royal Mail on Monday, the ballots reached voters late.").
  new RegExp(`[Pp]osted[ \\t]+by[ \\t]+${NAME}(?:[ \\t]+${NAME}){0,3}(?:[ \\t]+(?:on|in)[ \\t]+[^\\n.!?]{1,40}|[ \\t]*[|,\\u2013\\u2014-][^\\n.!?]{1,60})?[ \\t]*$`, 'my'),
  // "Photography by Jane Doe", "Interview by Helen Wragge", a name alone after it (not "Photography by smartphone has
  // changed…", "Interview by Police Scotland detectives led to…").
  new RegExp(`(?:[Pp]hotography|PHOTOGRAPHY|[Pp]ics?|PICS?|[Ii]nterview|INTERVIEW)[ \\t]+(?:by|BY)[ \\t]+${NAME}(?:[ \\t]+${NAME}){0,3}[ \\t]*$`, 'my'),
  PICTURE_SOURCE_LINE,
  // "Courtesy of the Romano family archive." alone on its line (not a sentence: "Courtesy of a grant, the library…",
  // "Courtesy Bistro opened…").
  /(?:(?:photos?|images?|pictures?)[ \t]+courtesy|courtesy[ \t]+of)\b[^\n,.!?]{1,80}\.?[ \t]*$/imy,
  // Agency trailers: "Reporting by X; Editing by Y"; then copyright.
  /\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|translated|research)\s+by\b[^)\n]*\)?/iy,
  /(?:copyright\b|\u00a9|\(c\))[^\n]{0,200}|all rights reserved\b\.?/iy,
  FURNITURE_LINE,
  // "WATCH: Owner thanks firefighters", a link's headline; not a sentence, "Watch: the water rose a metre".
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
  // Datelines with a colon, as South Asian papers write them ("NEW DELHI: Indian authorities…", "MUMBAI: …"): a word
  // of five capitals or more, or two or three ("NASA: …" may be a subject).
  new RegExp(`(?:[${UP}]{5,}|[${UP}]{2,}(?:[ \\t]+[${UP}]{2,}){1,2})[ \\t]*:[ \\t]+(?=[${UP}])`, 'y'),
  // Datelines in running case with a bullet: "Washington \u2022 The nation's".
  new RegExp(`[${UP}][${LETTER}.]{1,30}(?:[ \\t]+[${UP}][${LETTER}.]{1,30}){0,3}[ \\t]*[\\u2022\\u00b7][ \\t]`, 'y'),
];
/**
 * A caption's credit after its sentence, no sentence itself, in any language: "… the viaduct. Photograph: Murdo
 * MacLeod/Guardian", "… der Zeche Zollverein. Foto: Stadtarchiv Essen", "… na lofty. Fot. Tomasz Wójcik / Muzeum".
 */
const CAPTION_CREDIT = new RegExp(
  `([.!?]["\u201d\u2019]?[ \t]{1,4})(?:${OTHER_CREDIT_LABELS}|(?:${CREDITED})(?:[ \t]+credits?)?[ \t]*(?::|by\\b|\u00a9)|\u00a9|courtesy[ \t]+of\\b)(?:[^\n.!?]|(?<=\\b[A-Z])\\.){1,100}$`,
  'gimu',
);

// Addresses are written in ASCII, as nearly all are (a Unicode pattern cost a tenth of a millisecond an article): their
// characters end at a space, a quotation mark or bracket, or any other script's ("见https://…，新能源…" goes on in Chinese).
const ADDRESS_CHARACTERS = `[^\\s"'<>\\]\u0080-\uffff]`;
/** A web address, in any quotation marks or brackets ("“https://…”", "Infos:https://…"). */
const WEB_ADDRESS = new RegExp(`(?<![\\w.@/-])(?:(?:https?|ftp):\\/\\/|www\\.)${ADDRESS_CHARACTERS}+`, 'gi');
const EMAIL_ADDRESS = new RegExp(`(?<![\\w.@%+-])[\\w.%+-]+@[\\w-]+\\.[a-z]${ADDRESS_CHARACTERS}*`, 'gi');
/**
 * A bare host or file name in lower case, its ending captured, and its path ("brightwell.com", "index.html",
 * "docs.python.org/3/library"; not "Node.js", "e.g.", "3.5", nor "territory.ian", two words a missing space joined:
 * see isHostEnding).
 */
const BARE_HOST = new RegExp(`(?<![\\w.@-])[a-z0-9-]{2,}(?:\\.[a-z0-9-]+)*\\.([a-z]{2,})(?![\\w])(?:/${ADDRESS_CHARACTERS}*)?`, 'g');
/** What ends a sentence or a bracket after an address is the text's, not the address's ("(https://…).", "…/report."). */
const TRAILING = /[.,;:!?)}\]]+$/;
/** Generic and documentation top-level domains, and the files pages link to; a country's is its region code ("de", "io"). */
const HOST_ENDINGS = wordSet(`com org net edu gov int info biz app dev shop online site news blog cat eus gal example localhost
  html htm php pdf jpg jpeg png gif svg webp mp3 mp4 doc docx xls xlsx csv txt zip json`);
const REGIONS = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const isHostEnding = (ending: string) => HOST_ENDINGS.has(ending) || (ending.length === 2 && REGIONS.of(ending.toUpperCase()) !== undefined);

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const inSentence = (text: string, at: number, length: number) => /\p{L}[ \t]$/u.test(text.slice(Math.max(0, at - 2), at)) && /^[ \t]\p{Ll}/u.test(text.slice(at + length, at + length + 2));
/**
 * A handle or hashtag ("@loireavelo", "#MarchéDeNoël"): an address on a social network, not a word of the text;
 * between words of a sentence, its word ("le mouvement #MeToo a bouleversé", "le club @ASMonaco a signé").
 */
const SOCIAL_ADDRESS = /(?<![\p{L}\p{N}_&])[@#][\p{L}\p{N}_][\p{L}\p{M}\p{N}_.]*(?<!\.)/gu;

/**
 * The text without its web, e-mail and social addresses and bare hosts: they name no topic, and taggers cut them into
 * nouns ("www", "com"). A semicolon stands for each, a break that ends no sentence.
 */
export function dropWebAddresses(text: string): string {
  // (Each pattern only where its mark is: most texts have none. Not the end of a word in other letters, "müller@…",
  // but after a script without spaces, "至press@gov.cn".)
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

/** What every language's sites write alike, or in words listed for each: credits, picture sources, "read also". */
/**
 * A byline in the languages with rules of their own and Malay's and Indonesian's "oleh", alone on its line: their "by"
 * and a name of two or three words, nothing after ("Por Lucía Ferrer", "Von Katrin Albers", "Oleh Ahmad Faizal"; not
 * a sentence, "Por Atlético Nacional, anotó Dorlan Pabón"); the first line's is dropFirstLineByline's, this one's
 * anywhere (after a standfirst).
 */
const OTHER_BYLINE = new RegExp(`(?:Por|Par|Von|Door|Oleh|Przez)[ \\t]+${NAME}(?:[ \\t]+${NAME}){1,2}[ \\t]*$`, 'my');
const ANY_LANGUAGE_LINE_START: readonly RegExp[] = [LABELLED_CREDIT_LINE, PICTURE_SOURCE_LINE, FURNITURE_LINE, OTHER_BYLINE];

function matchAt(text: string, at: number, patterns: readonly RegExp[]): number {
  for (const pattern of patterns) {
    pattern.lastIndex = at;
    if (pattern.test(text) && pattern.lastIndex > at && (pattern !== LABELLED_CREDIT_LINE || namesOnly(text.slice(at, pattern.lastIndex)))) return pattern.lastIndex - at;
  }
  return 0;
}

/**
 * A credit names: three words in lower case at most after its label ("picture alliance/dpa", "archivio del Comune di
 * Bolzano"; not a gallery's heading or a sentence without its stop, "FOTOS: Así quedó Valencia tras la DANA").
 */
const namesOnly = (credit: string) => (credit.slice(credit.search(/[:\u00a9]/) + 1).match(/(?<![\p{L}\p{M}])\p{Ll}/gu)?.length ?? 0) <= 3;

/** A field of a metadata line holding a date or a time ("05.12.26, 21:00", "2026-12-04", "4. prosinca 2026."). */
const DATE_OR_TIME = /\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|(?<!\d)(?:19|20)\d\d(?!\d)/;

/** In any language, short fields between bars, one a date or time, are metadata ("ספורט | אבי רוזן | 06.12.26"). */
function isMetadataLine(line: string): boolean {
  const fields = line.split('|');
  return fields.length >= 2 && fields.length <= 5 && line.length <= 200 &&
    fields.every((field) => field.trim().length <= 80) && fields.some((field) => DATE_OR_TIME.test(field));
}

/** A short line, no sentence (a date's dots may end it): a header's field ("Mari Tamm", "প্রকাশ: ০৬ ডিসেম্বর ২০২৬"). */
const HEADER_FIELD = /^(?!.*\p{L}[.!?]$)(?!.*[.!?][ \t]+\p{Lu}).{1,60}$/u;
/**
 * A date in any script's digits and words: "05.12.2026", "০৬ ডিসেম্বর ২০২৬", "Dec. 5, 2026" (not a year alone, "since
 * 1962", nor a time alone, which may be a score).
 */
const HEADER_DATE =
  /(?<!\p{Nd})(?:\p{Nd}{1,4}[./-]\p{Nd}{1,2}[./-]\p{Nd}{2,4}|\p{Nd}{1,2}\.?[ \t]+[\p{L}\p{M}]+\.?,?[ \t]+\p{Nd}{4}|[\p{L}\p{M}]+\.?[ \t]+\p{Nd}{1,2},?[ \t]+\p{Nd}{4})(?!\p{Nd})/u;

/**
 * What opens a line as a speaker's, a question's or a step's label: "Swali:", "**Q:**", "- Jibu:", French "Question :",
 * "Étape 2 :", "Giorno 3:".
 */
const LINE_LABEL = /^[ \t]*(?:[-*][ \t]+)?(?:\*\*)?([\p{L}\p{M}][\p{L}\p{M}.'’]*(?:[ \t][\p{L}\p{M}.'’]+){0,2})(?:[ \t]+\p{Nd}{1,3})?[ \t\u00a0\u202f]?:(?:\*\*)?[ \t]/u;

/** A page's field: a label and a colon, or fields between bars ("Autor: …", "Penulis: … | Editor: …"; not "12:00"). */
const LABELLED_FIELD = /^[ \t]*\p{L}[\p{L}\p{M} ]{0,24}:[ \t]|[ \t]\|[ \t]/u;
/** A time of day as a page stamps it, on the 24-hour clock ("14:05", "kl. 07.30"; not an event's "7.30pm"). */
const STAMPED_TIME = /(?<![\p{Nd}.:])\p{Nd}{1,2}[:.]\p{Nd}{2}(?![\p{Nd}.:])(?![ \t]*[ap]\.?m)/iu;

/**
 * The page's header: 2 to 5 short first lines, one a date, then a blank line ("Mari Tamm", "ERR", "05.12.2026"); or
 * straight before the story's first sentence, when the date has a publishing time and no line but the date's is prose
 * ("Opublikowano: 28 maja 2026, 14:05", "Autor: Agnieszka Wróbel"; not a standfirst, "Police appeal for witnesses
 * after second blaze", nor an event's or a match's facts: "Harvest Fair", "Saturday 12 September 2026").
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

/**
 * The same words and a colon opening two lines or more, and written nowhere else, are an interview's labels ("Swali:",
 * question), not its words; a speaker the text names elsewhere too ("Kru Somchai:") is its subject, and stays.
 */
function withoutRepeatedLabels(lines: string[], title: string): string[] {
  const labels = lines.map((line) => LINE_LABEL.exec(line));
  const seen = new Map<string, number>();
  for (const label of labels) if (label) seen.set(label[1], (seen.get(label[1]) ?? 0) + 1);
  const text = `${title}\n${lines.join('\n')}`;
  // (Each repeated label counted once: a glossary's 3,000 terms were each sought through the whole text.)
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
 * Each metadata line, a byline's, and the page's header, becomes a line break; repeated line labels go. Among the first
 * and last lines, a label and a name alone is a byline when the name is written nowhere else, nor its words in lower
 * case ("Texti: Sigríður Björnsdóttir"; not "Background: Severe Drought", and a review's "Director: …" names someone
 * it tells of).
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

/**
 * A newsroom signing as itself, maybe with its town, alone on a line: "Redacción | Málaga", "Redactie", "Redazione
 * Venezia" (not English's "Staff", "Newsroom": headings open with them, "Staff Picks").
 */
const DESK_LINE = /^[ \t]*[Rr](?:edacci[óo]n?|edactie|edazione|édaction|edaktion(?:en)?|edação|edacção|edakcja)(?:[ \t]*[|,–-]?[ \t]*\p{Lu}[\p{L}\p{M}'’-]*){0,2}[ \t]*$/u;

const NAMED = "\\p{Lu}[\\p{Ll}\\p{M}'’-]+";
/** In a script without capitals, a word ("सुनीता", "شیلان"; a line's words there may be a lede: "פיגוע דקירה בשער שכם"). */
const UNCASED = `[${UNCASED_LETTERS}][${UNCASED_LETTERS}\\p{M}]+`;
/**
 * A label, a colon and a name alone, in a script with capitals: a byline or credit ("Texti: Sigríður Björnsdóttir",
 * "Аўтар: Алена Каваленка"; without capitals, any words would be a name).
 */
const LABELLED_NAME = new RegExp(`^[ \\t]*[\\p{L}\\p{M}]+[ \\t]*:[ \\t]+(${NAMED}(?:[ \\t]+${NAMED}){1,2})[ \\t]*$`, 'u');
/**
 * Up to three words, a name of two or three, perhaps an outlet or town after a comma, alone on its line. Without
 * capitals, only a name of two or three words, after a label and a colon at most ("نووسینی: شیلان عومەر").
 */
const FIRST_LINE_BYLINE = new RegExp(`^[ \\t]*(?:(?:[\\p{L}\\p{M}]+:?[ \\t]+){0,3}(${NAMED}(?:[ \\t]+${NAMED}){1,2})|(?:${UNCASED}:[ \\t]+)?(${UNCASED}(?:[ \\t]+${UNCASED}){1,2}))` +
  `(?:,[ \\t]*[^\\n,]{1,30})?[ \\t]*\\n`, 'u');

/** Header lines under a byline before the blank line ending it: short, no sentence, a date's digits or no lower case ("★★★★☆"). */
const UNDER_BYLINE = /^(?:[ \t]*(?=[^\n]*\p{Nd}|[^\p{Ll}\n]*\n)[^\n]{1,60}\n){0,2}[ \t]*\n/u;

/** A paragraph of up to four words, the first capitalised, no article ("Senior reporter"; not "The Film Critic"). */
const ROLE_PARAGRAPH = /^[ \t]*\n[ \t]*(?!(?:The|A|An|Our|Meet)\b)\p{Lu}[\p{L}\p{M}.'’&-]*(?:[ \t]+(?!(?:the|a|an|of|our)\b)[\p{L}\p{M}.'’&-]+){0,3}[ \t]*(?=\n[ \t]*\n)/u;
/** A writer's role, in the last word of one ("Arts Editor", "Editor-at-Large", "Sub-editor"); a heading names the subject. */
const WRITERS_ROLES = wordSet('reporter editor correspondent writer journalist columnist contributor critic photographer producer presenter analyst staff');

/**
 * The body without a first-line byline ("Na Rehema Mussa, Mwananchi"; a line break stands for it) whose last word is
 * written nowhere else: a name the story goes on to tell of is its subject ("Ein Besuch im Alten Land"). A blank line
 * ends it: a line that runs on into the story is its opening ("Apple Vision Pro", then "The headset costs…"). A
 * byline with a label, an outlet or a role ("Review by Helen Carver, Arts Editor") may have a rating or a date under
 * it ("★★★★☆"), or the writer's role in the next paragraph (Blocks makes a paragraph of each line: "By Jane Smith",
 * "Senior Reporter"); a heading's date is its subject's ("Remembering Queen Elizabeth", "1926 – 2022").
 */
export function dropFirstLineByline(body: string, title: string): string {
  const byline = FIRST_LINE_BYLINE.exec(body);
  const name = byline?.[1] ?? byline?.[2];
  // (Not in a script without spaces: its line's "words" are clauses.)
  if (!byline || !name || UNSPACED.test(name)) return body;
  const after = body.slice(byline[0].length);
  const under = UNDER_BYLINE.exec(after);
  const lines = under?.[0].split('\n').slice(0, -2) ?? [];
  // (A label: "by", or another language's opening the line, "Por Lucía Ferrer".)
  const labelled = /[,:]|\bby\b|^[ \t]*(?:por|par|von|door|av|oleh)[ \t]/i.test(byline[0]);
  if (!under || (lines.length && !labelled) || !lines.every((line) => HEADER_FIELD.test(line.trim()))) return body;
  if (occurrences(`${title}\n${body}`, name.split(/[ \t]+/).at(-1)!) !== 1) return body;
  const role = labelled && !lines.length ? ROLE_PARAGRAPH.exec(after)?.[0] : undefined;
  return `\n\n${role && isWritersRole(role) ? after.slice(role.length) : after}`;
}

/** Each part around "and" ends in a writer's role, or one of its hyphenated pieces ("Reporter and Sub-editor"). */
const isWritersRole = (paragraph: string): boolean =>
  paragraph.trim().split(/[ \t]+and[ \t]+/).every((part) => part.split(/[ \t]+/).at(-1)!.toLowerCase().split('-').some((piece) => WRITERS_ROLES.has(piece)));

/** A first line of one word, or of words in capitals, and no stop: the section's label ("Obituary", "WORLD NEWS"). */
const KICKER = /^[ \t]*(?:\p{L}[\p{L}\p{M}'’-]*|\p{Lu}[\p{Lu}\p{M}'’-]*(?:[ \t]+\p{Lu}[\p{Lu}\p{M}'’-]*){1,2})[ \t]*\n/u;

/** The body without its kicker (a line break stands for it); unspaced, a line is a sentence ("北京冬奥会开幕式今晚在鸟巢举行"). */
export const dropKicker = (body: string): string => {
  const kicker = KICKER.exec(body)?.[0];
  return kicker && kicker.length <= 30 && !UNSPACED.test(kicker) ? `\n${body.slice(kicker.length)}` : body;
};

/** A title's opening words and a colon or bar before its headline: "Viedoklis: …", "ინტერვიუ | …", "Release notes: …". */
const TITLE_LABEL = /^[ \t]*([\p{L}\p{M}][\p{L}\p{M}'’-]*(?:[ \t]+[\p{L}\p{M}][\p{L}\p{M}'’-]*){0,2})[ \t]*[:|][ \t]+(?=\S+[ \t]+\S)/u;

/**
 * The title without its section's label: up to three words opening it before a colon or bar, none of which the body
 * writes in any form (an "Opinion", "Release notes", "Job"; not "Brexit: what happens next", which the story is about,
 * nor "Taiwan quake: …", nor "Ukraine: …" when the body says "Ukrainian", nor "Latvija: …" beside "Latvijas"). A word
 * of five letters or more is sought by its start less two letters, a shorter one whole, endings allowed ("food" in
 * "foods"); an "EU: …" is too short to tell.
 */
export function dropTitleLabel(title: string, body: string): string {
  const label = TITLE_LABEL.exec(title);
  const words = label?.[1].split(/[ \t]+/) ?? [];
  if (!label || words.some((word) => word.length < 3) || UNSPACED.test(label[1])) return title;
  const written = (word: string) => new RegExp(`(?<![\\p{L}\\p{M}])${escapeRegExp(word.length >= 5 ? word.slice(0, -2) : word)}`, 'iu').test(body);
  return words.some(written) ? title : title.slice(label[0].length);
}

/**
 * The text without its boilerplate: the same string when there is none. Bylines, datelines and agency trailers have
 * English shapes ("By ...", "LONDON (Reuters) -"), removed from English only; credit lines, picture sources and reader
 * furniture from any language.
 */
export function stripBoilerplate(text: string, english: boolean): string {
  const patterns = english ? LINE_START : ANY_LANGUAGE_LINE_START;
  // Credits in parentheses go first; agency tags stay: they mark datelines ("CHICAGO (AP) ..."). In other languages,
  // only a labelled one ("(Photo : AFP)"): "file" or "image" may be any word there.
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
