/**
 * Alt text and captions for the images this plugin attaches.
 *
 * Rules, following WCAG guidance on text alternatives:
 * - never empty and never a file name (screen readers would read "img underscore 2041 dot png");
 * - at most 200 characters, cut at a word boundary, starting with a capital and ending cleanly;
 * - no "Image of…"/"A picture of…" filler: assistive technology already announces an image;
 * - in the article's language. Scenario captions are English, so for other languages the alt text is
 *   written from the (already localized) title with a short localized template instead.
 */

export const MAX_ALT_LENGTH = 200;
/** Captions are shown under the image, so they may run a little longer than alt text. */
export const MAX_CAPTION_LENGTH = 300;

const ELLIPSIS = '…';

interface LanguageTemplates {
  /** Alt text / caption of an AI illustration, from the title. */
  illustration: (title: string) => string;
  /** Alt text of the title-card placeholder, from the title and keyphrases. */
  titleCard: (title: string, keyphrases: string) => string;
  /** Last resort when even the title is empty. */
  fallback: string;
}

/**
 * Short templates per language. Quotation marks follow each language's typography (French spaces
 * inside guillemets and before a colon, German opens low). Plain spaces, not non-breaking ones: alt
 * text is read aloud, not laid out.
 */
const TEMPLATES: Record<string, LanguageTemplates> = {
  en: {
    illustration: (t) => `Illustration for “${t}”`,
    titleCard: (t, k) => `Title card for “${t}”${k ? `: ${k}` : ''}`,
    fallback: 'Illustration',
  },
  fr: {
    illustration: (t) => `Illustration : « ${t} »`,
    titleCard: (t, k) => `Visuel titre : « ${t} »${k ? ` — ${k}` : ''}`,
    fallback: 'Illustration',
  },
  de: {
    illustration: (t) => `Illustration: „${t}“`,
    titleCard: (t, k) => `Titelbild: „${t}“${k ? ` – ${k}` : ''}`,
    fallback: 'Illustration',
  },
  es: {
    illustration: (t) => `Ilustración: «${t}»`,
    titleCard: (t, k) => `Portada con el título «${t}»${k ? `: ${k}` : ''}`,
    fallback: 'Ilustración',
  },
  it: {
    illustration: (t) => `Illustrazione: «${t}»`,
    titleCard: (t, k) => `Copertina con il titolo «${t}»${k ? `: ${k}` : ''}`,
    fallback: 'Illustrazione',
  },
  pt: {
    illustration: (t) => `Ilustração: “${t}”`,
    titleCard: (t, k) => `Capa com o título “${t}”${k ? `: ${k}` : ''}`,
    fallback: 'Ilustração',
  },
  nl: {
    illustration: (t) => `Illustratie bij “${t}”`,
    titleCard: (t, k) => `Titelkaart voor “${t}”${k ? `: ${k}` : ''}`,
    fallback: 'Illustratie',
  },
};

/**
 * Any other language: no words at all, only the title (and keyphrases), so nothing English ends up on
 * a Japanese or Polish article. The fallback is a picture-frame symbol: a word would have to be in some
 * language, and this path is only reached when the article has no title either.
 */
const NEUTRAL: LanguageTemplates = {
  illustration: (t) => t,
  titleCard: (t, k) => (k ? `${t} — ${k}` : t),
  fallback: '🖼',
};

/** 'fr', 'fr-FR', 'pt_BR', 'zh-Hans' → 'fr', 'fr', 'pt', 'zh'. Missing or blank → English. */
export function languageOf(locale: string | null | undefined): string {
  if (typeof locale !== 'string') return 'en';
  const language = locale.trim().toLowerCase().split(/[-_]/)[0];
  return /^[a-z]{2,3}$/.test(language) ? language : 'en';
}

function templatesFor(locale: string | null | undefined): LanguageTemplates {
  return TEMPLATES[languageOf(locale)] ?? NEUTRAL;
}

// ---------------------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------------------

function collapse(text: unknown): string {
  return typeof text === 'string' ? text.replace(/[\s\u00a0]+/g, ' ').trim() : '';
}

/** Upper-cases the first letter (scripts without case are left alone). */
function capitalize(text: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const char = String.fromCodePoint(first);
  return char.toLocaleUpperCase() + text.slice(char.length);
}

/**
 * Words that make a cut sentence trail off awkwardly ("…a cat sitting on the"), per language: articles,
 * conjunctions, prepositions and the like. Removed before the ellipsis; other languages keep every word.
 */
const DANGLING_WORDS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries({
    en: 'a an the and or but of in on at to for with by from as into over under near its their his her while which that is are',
    fr: 'le la les un une des de du d et ou à au aux en pour par sur avec dans sous chez qui que est sont son sa ses leur leurs',
    de: 'der die das den dem des ein eine einen einem einer und oder mit von zu zum zur im in am an auf für aus bei ist sind sein seine ihr ihre',
    es: 'el la los las un una unos unas y e o u de del a al en con por para sobre que es son su sus',
    it: 'il lo la i gli le un uno una e o di del della dei delle a al alla in nel nella con per su da che è sono suo sua',
    pt: 'o a os as um uma e ou de do da dos das em no na nos nas com por para que é são seu sua',
    nl: 'de het een en of van in op met voor aan bij naar die dat is zijn',
  }).map(([language, words]) => [language, new Set(words.split(' '))]),
);

/** Sentence ends, in scripts with and without spaces. */
const SENTENCE_END = /[.!?…。！？]["'”’»)]*$/u;
/** What may not end a cut text: spaces, pauses and opening marks. */
const TRAILING_JUNK = /[\s,;:.\-–—(“«„"'、，：；]+$/u;

const wordSegmenters = new Map<string, Intl.Segmenter>();
function wordSegmenter(language: string): Intl.Segmenter {
  let segmenter = wordSegmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: 'word' });
    wordSegmenters.set(language, segmenter);
  }
  return segmenter;
}

/** Marks that join the parts of one word ("state-of-the-art", "l'île", "example.com", "and/or"). */
const JOINER = /^[-‐‑'’./@_:]$/u;

/**
 * The longest start of `text` of at most `room` characters that ends between two words: at a space, next to
 * punctuation, or, in scripts written without spaces (Chinese, Japanese, Thai...), between two of the words the
 * language's segmenter finds. Never inside a word or a joined compound. Empty when the first word is longer than
 * `room`.
 */
function cutBetweenWords(text: string, room: number, language: string): string {
  const segments = [...wordSegmenter(language).segment(text.slice(0, room + 64))];
  let best = 0;
  for (let i = 0; i < segments.length - 1; i++) {
    const before = segments[i].segment;
    const after = segments[i + 1].segment;
    const end = segments[i].index + before.length;
    if (end > room) break;
    const atSpace = /\s$/.test(before) || /^\s/.test(after);
    if (atSpace || !(JOINER.test(before) || JOINER.test(after))) best = end;
  }
  return text.slice(0, best);
}

/** The first `room` characters, never splitting a character (emoji, accents): only for one word longer than that. */
function cutBetweenCharacters(text: string, room: number): string {
  let cut = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    if (cut.length + segment.length > room) break;
    cut += segment;
  }
  return cut;
}

/**
 * Shortens to at most `max` characters between two words (see cutBetweenWords) in the text's language. A cut that
 * ends a sentence stays a sentence; any other cut loses its trailing punctuation and dangling little words and is
 * marked with an ellipsis. Only a single word longer than `max` is cut inside, between characters.
 */
export function truncateAtWord(text: string, max: number, locale?: string | null): string {
  const clean = collapse(text);
  if (clean.length <= max) return clean;
  const language = languageOf(locale);
  const room = max - ELLIPSIS.length;
  const cut = cutBetweenWords(clean, max, language).trimEnd();
  // A whole sentence that keeps most of the room needs no ellipsis: nothing is left hanging.
  if (SENTENCE_END.test(cut) && cut.length <= max && cut.length >= max * 0.6) return cut;

  let shortened = cutBetweenWords(clean, room, language);
  const dangling = DANGLING_WORDS[language];
  for (let i = 0; i < 3; i++) {
    shortened = shortened.replace(TRAILING_JUNK, '');
    const lastSpace = shortened.lastIndexOf(' ');
    if (dangling && lastSpace > 0 && dangling.has(shortened.slice(lastSpace + 1).toLocaleLowerCase(language))) shortened = shortened.slice(0, lastSpace);
  }
  shortened = shortened.replace(TRAILING_JUNK, '');
  return (shortened || cutBetweenCharacters(clean, room)) + ELLIPSIS;
}

/** Text that is a file name or a URL says nothing about the picture. */
function looksLikeFileNameOrUrl(text: string): boolean {
  return (
    /^[^\s/\\]*[\\/]?[\w\-. ()[\]]*\.(?:png|jpe?g|webp|gif|avif|svg|bmp|tiff?|heic)$/i.test(text) ||
    /^(?:https?:\/\/|www\.|\/\S*$|[A-Za-z]:\\)/i.test(text) ||
    /^[\w-]*_[\w-]*$/.test(text) || // "img_2041-final", "scenario_asset_abc123" (but not "COVID-19")
    /^(?:img|dsc|dscn|pxl|image|photo|screenshot|scan)[_-]?\d/i.test(text)
  );
}

// ---------------------------------------------------------------------------------------------
// Caption cleaning
// ---------------------------------------------------------------------------------------------

/** Leading filler that only repeats "this is an image". */
const LEADING_FILLER = [
  /^(?:there (?:is|are)|this is|here is|it is|it's)\s+/i,
  /^(?:(?:a|an|the)\s+)?(?:close[- ]?up\s+)?(?:image|picture|photo|photograph|pic|illustration|graphic|rendering|render|screenshot|snapshot)\s+(?:of|showing|shows|depicting|depicts|that shows|with|featuring)(?:\s+|$)/i,
  /^(?:in this (?:image|picture|photo|illustration)|this (?:image|picture|photo|illustration) (?:shows|depicts|features))[,:]?\s+/i,
  /^(?:an?\s+)?(?:image|picture|photo|illustration)\s*[:–—-]\s*/i,
];

/**
 * Artefacts of automatic captioners: BLIP's "arafed"/"araffe" noise words and prompt-style tags that say
 * nothing to a reader.
 */
const NOISE = [
  /\b(?:arafe?d?|araffe|arafly|arafed|araffed|arrafed)\b\s*/gi,
  /,?\s*\b(?:trending on artstation|artstation|unreal engine|octane render|8k|4k|hd|uhd|highly detailed|high resolution|high quality|stock photo|digital art)\b/gi,
];

function cleanCaption(caption: string): string {
  let text = collapse(caption)
    .replace(/^["'“”‘’«»]+|["'“”‘’«»]+$/g, '')
    .replace(/<[^>]*>/g, ' ');
  for (const pattern of NOISE) text = text.replace(pattern, ' ');
  text = collapse(text)
    // "a a cat" → "a cat": captioners sometimes stutter.
    .replace(/\b(\p{L}+)(?:\s+\1\b)+/giu, '$1')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/([,;:])\1+/g, '$1');
  // Filler can be stacked ("there is an image of a …"): strip until stable.
  for (let i = 0; i < 3; i++) for (const filler of LEADING_FILLER) text = text.replace(filler, '');
  text = text.replace(/^[\s,;:.\-–—]+/, '').replace(/[\s,;:\-–—]+$/, '');
  const saysNothing = /^(?:(?:a|an|the)\s+)?(?:image|picture|photo|photograph|illustration|graphic|drawing|painting)$/i.test(text);
  if (!text || saysNothing || looksLikeFileNameOrUrl(text) || !/\p{L}/u.test(text)) return '';
  return capitalize(text);
}

/** Ends a caption as a sentence: with a period unless it already ends with punctuation. */
function asSentence(text: string): string {
  if (!text) return text;
  return /[.!?…]["'”’»)]*$/.test(text) ? text : `${text}.`;
}

function cleanTitle(title: unknown): string {
  const text = collapse(title);
  return looksLikeFileNameOrUrl(text) ? '' : text;
}

/** Fills a template with a title shortened (in the article's language) so that the whole text stays within `max`. */
function fitTitle(build: (title: string) => string, title: string, max: number, locale: string | null | undefined): string {
  const full = build(title);
  if (full.length <= max) return full;
  const room = Math.max(1, max - build('').length);
  return build(truncateAtWord(title, room, locale));
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** Alt text and caption for an AI image from Scenario's English caption. */
export function altTextFromCaption(input: { caption: string; title: string; locale?: string | null }): { alternativeText: string; caption: string } {
  const language = languageOf(input?.locale);
  const templates = templatesFor(input?.locale);
  const title = cleanTitle(input?.title);

  if (language === 'en') {
    const caption = cleanCaption(typeof input?.caption === 'string' ? input.caption : '');
    if (caption) {
      return {
        alternativeText: capitalize(asSentenceIfFits(caption, MAX_ALT_LENGTH)),
        caption: capitalize(asSentenceIfFits(caption, MAX_CAPTION_LENGTH)),
      };
    }
  }

  // Not English (the caption would be in the wrong language), or no usable caption: describe the
  // illustration from the title, which the editor wrote in the article's language.
  const text = title ? capitalize(fitTitle(templates.illustration, title, MAX_ALT_LENGTH, input?.locale)) : templates.fallback;
  return { alternativeText: text, caption: text };
}

/** Alt text for the placeholder: written from the title and keyphrases, never a file name. */
export function placeholderAltText(input: { title: string; keyphrases?: string[]; locale?: string | null }): string {
  const templates = templatesFor(input?.locale);
  const title = cleanTitle(input?.title);
  if (!title) return templates.fallback;

  const seen = new Set<string>([title.toLowerCase()]);
  const keyphrases: string[] = [];
  for (const raw of Array.isArray(input?.keyphrases) ? input.keyphrases : []) {
    const phrase = collapse(raw);
    if (!phrase || seen.has(phrase.toLowerCase()) || looksLikeFileNameOrUrl(phrase)) continue;
    seen.add(phrase.toLowerCase());
    keyphrases.push(phrase);
    if (keyphrases.length === 3) break;
  }

  // Keyphrases are the first thing to give up when the text is too long, then the title is shortened.
  for (let count = keyphrases.length; count > 0; count--) {
    const text = templates.titleCard(title, keyphrases.slice(0, count).join(', '));
    if (text.length <= MAX_ALT_LENGTH) return capitalize(text);
  }
  return capitalize(fitTitle((t) => templates.titleCard(t, ''), title, MAX_ALT_LENGTH, input?.locale));
}

/** Truncates (captions are English), and ends with a period when the sentence is complete. */
function asSentenceIfFits(text: string, max: number): string {
  const sentence = asSentence(text);
  return sentence.length <= max ? sentence : truncateAtWord(text, max, 'en');
}

// ---------------------------------------------------------------------------------------------
// Descriptions written by a text model, in the article's language
// ---------------------------------------------------------------------------------------------

/** Alt text a text model writes is asked for in one sentence of at most this many characters. */
export const MAX_DESCRIBED_ALT_LENGTH = 125;

/**
 * "Image of …" and its kin in the languages with templates above (the words a model starts with when it forgets the
 * instruction), plus labels such as "Alt text:" that some models put first.
 */
const DESCRIPTION_FILLER = [
  /^(?:alt(?:ernative)?[ -]?text|texte alternatif|alternativtext|texto alternativo|testo alternativo|alt-tekst)\s*[:：]\s*/iu,
  /^(?:(?:a|an|the)\s+)?(?:image|picture|photo|photograph|illustration)\s+(?:of|showing|depicting)\s+/iu,
  /^(?:(?:une?|l[a'’]\s*)\s*)?(?:image|photo(?:graphie)?|illustration)\s+(?:de|d[’']|du|des|montrant|représentant)\s*/iu,
  /^(?:(?:ein(?:e)?|das|die)\s+)?(?:bild|foto|illustration)\s+(?:von|vom|eines|einer|mit|zeigt)\s+/iu,
  /^(?:(?:una?|la|el)\s+)?(?:imagen|foto(?:grafía)?|ilustración)\s+(?:de|del|que muestra)\s+/iu,
  /^(?:(?:una?|l[a'’])\s*)?(?:immagine|foto(?:grafia)?|illustrazione)\s+(?:di|del|della|che mostra)\s+/iu,
  /^(?:(?:uma?|a)\s+)?(?:imagem|foto(?:grafia)?|ilustração)\s+(?:de|do|da|mostrando)\s+/iu,
  /^(?:(?:een|de|het)\s+)?(?:afbeelding|foto|illustratie)\s+(?:van|met)\s+/iu,
];

/**
 * Alt text and caption from a text model's description of the image, already in the article's language: the first
 * line, unquoted, without "Image of…" openings or labels, at most MAX_DESCRIBED_ALT_LENGTH characters cut between
 * words (the caption may run to MAX_CAPTION_LENGTH). Null when nothing usable is left (empty, a file name, a URL).
 */
export function altTextFromDescription(input: { text: string; locale?: string | null }): { alternativeText: string; caption: string } | null {
  const firstLine = (typeof input?.text === 'string' ? input.text : '').split(/\r?\n/).map(collapse).find(Boolean) ?? '';
  let text = firstLine.replace(/<[^>]*>/g, ' ');
  for (let i = 0; i < 3; i++) {
    text = collapse(text).replace(/^["'“”‘’«»„]+|["'“”‘’«»]+$/g, '');
    for (const filler of DESCRIPTION_FILLER) text = text.replace(filler, '');
  }
  text = text.replace(/^[\s,;:.\-–—]+/, '').trim();
  if (!text || looksLikeFileNameOrUrl(text) || !/\p{L}/u.test(text)) return null;
  const sentence = capitalize(asSentence(text));
  const fit = (max: number) => (sentence.length <= max ? sentence : capitalize(truncateAtWord(text, max, input?.locale)));
  return { alternativeText: fit(MAX_DESCRIBED_ALT_LENGTH), caption: fit(MAX_CAPTION_LENGTH) };
}

/** Where alt text from altTextFromCaption came from: the English caption, or (any other language, no usable caption) the title. */
export function captionAltTextSource(input: { caption: string; locale?: string | null }): 'caption' | 'title' {
  return languageOf(input?.locale) === 'en' && cleanCaption(typeof input?.caption === 'string' ? input.caption : '') ? 'caption' : 'title';
}
