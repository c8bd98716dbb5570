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

import { UNCASED_LETTERS, languageOf, normaliseLanguage } from './language';
import { truncateAtWord } from './truncate';

export const MAX_ALT_LENGTH = 200;
/** Captions are shown under the image, so they may run a little longer than alt text. */
export const MAX_CAPTION_LENGTH = 300;

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

function templatesFor(locale: string | null | undefined): LanguageTemplates {
  return TEMPLATES[languageOf(locale)] ?? NEUTRAL;
}

// ---------------------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------------------

function collapse(text: unknown): string {
  return typeof text === 'string' ? text.replace(/[\s\u00a0]+/g, ' ').trim() : '';
}

/** A letter of a script that writes no capitals: Georgian has them (Mtavruli) for headings, not for a sentence's start. */
const UNCASED_START = new RegExp(`^[${UNCASED_LETTERS}]`, 'u');

/** Upper-cases the first letter by the language's rules (Turkish "i" -> "İ"); scripts without case are left alone. */
function capitalize(text: string, locale?: string | null): string {
  const first = text.codePointAt(0);
  if (first === undefined || UNCASED_START.test(text)) return text;
  const char = String.fromCodePoint(first);
  return char.toLocaleUpperCase(normaliseLanguage(locale)) + text.slice(char.length);
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
  // (With the kind of picture a prompt asked for, "an editorial photograph of": it describes the picture, not its subject.)
  /^(?:(?:a|an|the)\s+)?(?:close[- ]?up\s+)?(?:(?:editorial|stock|digital|realistic|documentary|candid)\s+)?(?:image|picture|photo|photograph|pic|illustration|graphic|rendering|render|screenshot|snapshot)\s+(?:of|showing|shows|depicting|depicts|that shows|with|featuring)(?:\s+|$)/i,
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

/**
 * Markdown a text model writes around its answer ("**A lighthouse**", "- …", "> …"): emphasis only where its marks
 * stand at a word's edges ("user_id", "2*3*4" stay).
 */
function withoutMarkdown(text: string): string {
  return text.replace(/^\s*(?:[-*•>])\s+/u, '').replace(/(?<![\p{L}\p{N}])(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1(?![\p{L}\p{N}])/gu, '$2');
}

/**
 * A model declining or apologising instead of describing, in English and the languages with templates above (the
 * instruction asks for the article's language; other languages' refusals often come in English, no alt text for them
 * either): an apology opening it ("I'm sorry, …", "Je suis navré, …"), or a sentence saying it cannot describe
 * ("I cannot describe this image", "no puedo describir", "申し訳…できません"). Not "Sorry Day marchers…", "Leider
 * geschlossen: ein Schild…".
 */
const APOLOGY = /^(?:i(?:'m| am) (?:sorry|afraid)|sorry[,!.]|i apologi[sz]e|unfortunately,|as an ai\b|je suis (?:désolée?|navrée?)|désolée?,|malheureusement,|es tut mir leid|lo siento|lamentablemente,|mi dispiace|purtroppo,|desculpe|sinto muito|infelizmente,|het spijt me|helaas,|przepraszam|申し訳|抱歉|对不起|죄송)/iu;
/** The model saying it cannot do something, in the first person: "I cannot identify…", "Je ne peux pas voir l'image". */
const FIRST_PERSON_CANNOT = /^(?:(?:unfortunately|sadly|leider)[, ]+)?(?:i (?:cannot|can(?:'|’)t|can not|am unable|'m unable|am not able|'m not able|won(?:'|’)t|will not|do not|don(?:'|’)t have)|je ne (?:peux|puis|suis) pas|ich kann (?:\p{L}+ ){0,2}(?:nicht|keine?)|(?:leider )?kann ich (?:\p{L}+ ){0,2}(?:nicht|keine?)|no (?:puedo|es posible) (?:ver|describir|identificar|ayudar|acceder|proporcionar)|non (?:posso|è possibile) (?:vedere|descrivere|identificare|aiutare|accedere)|não (?:posso|consigo) (?:ver|descrever|identificar|ajudar|acessar)|ik kan (?:\p{L}+ ){0,2}(?:niet|geen))/iu;
const CANNOT = /(?:\bcan(?:not|'t|’t| not)|\bunable to|\bnot able to|\bne (?:peux|puis) pas|\bkann (?:ich )?(?:leider )?(?:nicht|keine?)|\bno (?:puedo|es posible)|\bnon (?:posso|è possibile)|\bnão (?:posso|consigo|é possível)|\bkan (?:ik )?(?:dit |deze |het )?(?:niet|geen)|\bnie mogę|できません|无法|不能)/iu;
/** What a refusal says it cannot do: describe, see, identify, help, access. */
const DESCRIBE = /(?:describ|décri|beschreib|descri[bv]|descrev|beschrijv|opisa|説明|描述|\bsee\b|\bview|identif|\bhelp\b|\baccess|\bvoir\b|\baider|\bsehen|erkennen|helfen|\bver\b|ayudar|vedere|aiutare|ajudar|\bzien\b|helpen|zobaczy|見る|看到|识别)/iu;
/** The image itself, which a refusal or a failed load speaks of ("describe this image", "the image could not be loaded"). */
const IMAGE_WORD = /(?:\bimage|\bpicture|\bphoto|\bbild|\bimagen|\bimmagine|\bimagem|\bafbeelding|\bobraz|画像|图片|图像|照片)/iu;
/** The model saying it got no image: "I don't see an image…", "The image could not be loaded", "Je ne vois pas d'image". */
const NO_IMAGE = /(?:\bno (?:image|picture)\b|\b(?:image|picture) (?:did not|didn(?:'|’)t|could not|couldn(?:'|’)t|was not|wasn(?:'|’)t|is not|isn(?:'|’)t) (?:be )?(?:come|load|attach|show|display|visible|available)|don(?:'|’)t see (?:an?|any|the) (?:image|picture)|(?:provide|upload|share|send|attach) (?:the|an|your) (?:image|picture)|\bje ne vois pas\b|\bich sehe (?:kein|das bild nicht)|\bno veo\b|\bnon vedo\b|\bnão vejo\b|\bik zie geen\b|画像が(?:添付|表示|見)|看不到)/iu;
/** (The text as the model wrote it: one opening with a quote is a sign's words, "“I can’t breathe” placard…".) */
const isRefusal = (text: string, written: string) => !/^["“”„«‘']/u.test(written.trim()) &&
  (APOLOGY.test(text) || FIRST_PERSON_CANNOT.test(text) || NO_IMAGE.test(text) || (CANNOT.test(text) && DESCRIBE.test(text) && IMAGE_WORD.test(text)));

function cleanCaption(caption: string): string {
  let text = withoutMarkdown(collapse(caption))
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
  if (!text || saysNothing || isRefusal(text, withoutMarkdown(collapse(caption))) || looksLikeFileNameOrUrl(text) || !/\p{L}/u.test(text)) return '';
  return capitalize(text);
}

/** Ends a caption as a sentence: with a period unless it already ends with punctuation. */
function asSentence(text: string): string {
  if (!text) return text;
  // (Every script's sentence end: "。" in Chinese and Japanese, "।" in Hindi, "؟" in Arabic.)
  return /[.!?…。．！？।؟]["'”’»」』)）]*$/.test(text) ? text : `${text}.`;
}

function cleanTitle(title: unknown): string {
  const text = collapse(title);
  return looksLikeFileNameOrUrl(text) ? '' : text;
}

/**
 * The article's first keyphrases as the placeholder card shows them beside its title, and as an untitled article's alt
 * text: no repeats, file names nor the title again, and no phrase holding two shown ("Swiatek battles past Rybakina"
 * after "Swiatek" and "Rybakina": a trial's card). (A lone word and a longer phrase holding it stay: "Wales" and "New
 * South Wales", "Madrid" and "Real Madrid" are two things.)
 */
export function cardTopics(keyphrases: unknown, title: string, count = 3): string[] {
  const seen = new Set<string>([title.trim().toLowerCase()]);
  const shown: string[] = [];
  for (const raw of Array.isArray(keyphrases) ? keyphrases : []) {
    const phrase = collapse(raw);
    if (!phrase || seen.has(phrase.toLowerCase()) || looksLikeFileNameOrUrl(phrase)) continue;
    seen.add(phrase.toLowerCase());
    if (phrase.split(' ').filter((word) => shown.includes(word)).length < 2) shown.push(phrase);
    if (shown.length === count) break;
  }
  return shown;
}

/**
 * Alt text for an article with no title: its keyphrases, in its own language and words ("Lighthouse, Puffin Island,
 * keeper cottage"), else the language's one word.
 */
function untitled(templates: LanguageTemplates, keyphrases: unknown, locale: string | null | undefined): string {
  const words = cardTopics(keyphrases, '');
  return words.length ? capitalize(truncateAtWord(words.join(', '), MAX_ALT_LENGTH, locale), locale) : templates.fallback;
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
export function altTextFromCaption(input: { caption: string; title: string; keyphrases?: string[]; locale?: string | null }): {
  alternativeText: string;
  caption: string;
} {
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
  const text = title ? capitalize(fitTitle(templates.illustration, title, MAX_ALT_LENGTH, input?.locale), input?.locale) : untitled(templates, input?.keyphrases, input?.locale);
  return { alternativeText: text, caption: text };
}

/** Alt text for the placeholder: written from the title and keyphrases, never a file name. */
export function placeholderAltText(input: { title: string; keyphrases?: string[]; locale?: string | null }): string {
  const templates = templatesFor(input?.locale);
  const title = cleanTitle(input?.title);
  // (A card with no title shows its keyphrases alone.)
  if (!title) return untitled(templates, input?.keyphrases, input?.locale);
  const keyphrases = cardTopics(input?.keyphrases, title);

  // Keyphrases are the first thing to give up when the text is too long, then the title is shortened.
  for (let count = keyphrases.length; count > 0; count--) {
    const text = templates.titleCard(title, keyphrases.slice(0, count).join(', '));
    if (text.length <= MAX_ALT_LENGTH) return capitalize(text, input?.locale);
  }
  return capitalize(fitTitle((t) => templates.titleCard(t, ''), title, MAX_ALT_LENGTH, input?.locale), input?.locale);
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

/** Labels a model may put before its answer ("Alt text", "Texte alternatif", "Description"), as a line of their own too. */
const LABEL = /^(?:alt(?:ernative)?[ -]?text|texte alternatif|alternativtext|texto alternativo|testo alternativo|alt-tekst|description|beschreibung|descripción|descrizione|descrição|beschrijving)(?:\s*\([^)]*\))?/iu;
/**
 * "Image of …" and its kin in the languages with templates above (the words a model starts with when it forgets the
 * instruction), plus labels such as "Alt text:" that some models put first.
 */
const DESCRIPTION_FILLER = [
  new RegExp(`${LABEL.source}\\s*[:：]\\s*`, 'iu'),
  /^(?:(?:a|an|the)\s+)?(?:image|picture|photo|photograph|illustration)\s+(?:of|showing|depicting)\s+/iu,
  /^(?:(?:une?|l[a'’]\s*)\s*)?(?:image|photo(?:graphie)?|illustration)\s+(?:(?:de|du|des|montrant|représentant)(?![\p{L}])\s*|d[’']\s*)/iu,
  /^(?:(?:ein(?:e)?|das|die)\s+)?(?:bild|foto|illustration)\s+(?:von|vom|eines|einer|mit|zeigt)\s+/iu,
  /^(?:(?:una?|la|el)\s+)?(?:imagen|foto(?:grafía)?|ilustración)\s+(?:de|del|que muestra)\s+/iu,
  /^(?:(?:una?|l[a'’])\s*)?(?:immagine|foto(?:grafia)?|illustrazione)\s+(?:di|del|della|che mostra)\s+/iu,
  /^(?:(?:uma?|a)\s+)?(?:imagem|foto(?:grafia)?|ilustração)\s+(?:de|do|da|mostrando)\s+/iu,
  /^(?:(?:een|de|het)\s+)?(?:afbeelding|foto|illustratie)\s+(?:van|met)\s+/iu,
];

const LABEL_ALONE = new RegExp(`${LABEL.source}\\s*[:：]?$`, 'iu');
/** What a model says before its answer: "Sure!", "Here is the alt text in French:", "Voici une description :". */
const PREAMBLE = /^(?:(?:sure|certainly|of course|okay|ok|bien sûr|claro|certo|natürlich)[!.,]?\s*)?(?:here(?:'s| is| are)|voici|voilà|hier (?:ist|sind|is)|aquí (?:tienes|está)|ecco|aqui está)\b[^:：\n]{0,40}\b(?:alt|text|texte|texto|testo|description|descripción|beschreibung|descrizione|descrição|beschrijving)\b[^:：\n]{0,30}[:：]\s*/iu;

/**
 * A line that is no description: a heading ("# Alt text"), a label alone ("**Alt text**"), or one announcing the next
 * ("Sure! Here is the alt text in French:") when another follows.
 */
const isPreface = (line: string, last: boolean) => {
  const bare = withoutMarkdown(line.replace(/^#{1,6}\s+/u, '')).trim();
  return (!last && /^#{1,6}\s/u.test(line)) || LABEL_ALONE.test(bare) || (!last && /[:：]\**$/u.test(line));
};

/**
 * Alt text and caption from a text model's description of the image, already in the article's language: its first
 * line that is no heading, label or announcement, without Markdown, quotes, a preamble, "Image of…" openings or
 * labels, at most MAX_DESCRIBED_ALT_LENGTH characters cut between words (the caption may run to
 * MAX_CAPTION_LENGTH). Null when nothing usable is left (empty, a file name, a URL, a refusal).
 */
export function altTextFromDescription(input: { text: string; locale?: string | null }): { alternativeText: string; caption: string } | null {
  const lines = (typeof input?.text === 'string' ? input.text : '').split(/\r?\n/).map(collapse).filter(Boolean);
  const line = lines.find((candidate, i) => !isPreface(candidate, i === lines.length - 1)) ?? '';
  let text = withoutMarkdown(line.replace(/^#{1,6}\s+/u, '')).replace(/<[^>]*>/g, ' ');
  for (let i = 0; i < 3; i++) {
    text = collapse(text).replace(PREAMBLE, '').replace(/^["'“”‘’«»„]+|["'“”‘’«»]+$/g, '');
    for (const filler of DESCRIPTION_FILLER) text = text.replace(filler, '');
  }
  text = text.replace(/^[\s,;:.\-–—]+/, '').replace(/[\s:：]+$/u, '').trim();
  if (!text || looksLikeFileNameOrUrl(text) || !/\p{L}/u.test(text) || isRefusal(text, withoutMarkdown(line))) return null;
  const sentence = capitalize(asSentence(text), input?.locale);
  const fit = (max: number) => (sentence.length <= max ? sentence : capitalize(truncateAtWord(text, max, input?.locale), input?.locale));
  return { alternativeText: fit(MAX_DESCRIBED_ALT_LENGTH), caption: fit(MAX_CAPTION_LENGTH) };
}

/**
 * Where alt text from altTextFromCaption came from: the English caption, or (any other language, no usable caption)
 * the title, or the keyphrases of an article without one.
 */
export function captionAltTextSource(input: { caption: string; title: string; locale?: string | null }): 'caption' | 'title' | 'keyphrases' {
  if (languageOf(input?.locale) === 'en' && cleanCaption(typeof input?.caption === 'string' ? input.caption : '')) return 'caption';
  return cleanTitle(input?.title) ? 'title' : 'keyphrases';
}
