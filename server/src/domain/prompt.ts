/**
 * The image prompt: a subject-first scene description in the site's style.
 *
 * The subject is one noun phrase (the best keyphrase the headline also names, else the best one that can be
 * drawn; never one headed by an action while a thing is there), two or three supporting phrases follow, then the
 * style preset's wording. The title is added only when most of its words are not in the prompt already. Everything
 * that goes in is sanitized first (no URLs, e-mail addresses, markup or control characters reach the image model),
 * near-duplicate phrases are merged ("oil spill", "oil spills", "the spill" say one thing), and the result is kept
 * within the model's prompt limit by dropping the least important phrases before touching the title. Words left
 * untranslated are compared by their own language's stopwords and stems.
 */
import { HAS_CAPITAL, HAS_LETTER, HEAD_FIRST, NAME_PARTICLES, NOUNS_CAPITALISED, englishStem, escapeRegExp, givenNames, languageTools, normaliseLanguage, wordSet, type LanguageTools } from './language';
import { markdownToText } from './text';
import { cutAtWord } from './truncate';

export interface StylePreset {
  id: string;
  name: string;
  /** Text with placeholders (PROMPT_PLACEHOLDERS); unknown placeholders are left out. */
  template: string;
  negativePrompt?: string;
}

/** Shared by the presets: image models tend to paint letters unless told not to. */
const NO_TEXT = 'text, letters, words, captions, watermark, signature, logo';

export const BUILT_IN_STYLE_PRESETS: readonly StylePreset[] = Object.freeze([
  {
    id: 'editorial-photo',
    name: 'Editorial photo',
    template:
      'Editorial photograph of {subject}, with {keyphrases}, for a story about {title}. ' +
      'Natural light, realistic detail, documentary style, shallow depth of field',
    negativePrompt: `${NO_TEXT}, blurry, oversaturated, distorted faces, extra fingers`,
  },
  {
    id: 'flat-illustration',
    name: 'Flat illustration',
    template:
      'Flat vector illustration of {subject}, with {keyphrases}, for a story about {title}. ' +
      'Bold simple shapes, limited colour palette, clean composition, generous negative space',
    negativePrompt: `${NO_TEXT}, photorealistic, gradients, clutter`,
  },
  {
    id: 'watercolor',
    name: 'Watercolour',
    template:
      'Watercolour painting of {subject}, with {keyphrases}, for a story about {title}. ' +
      'Loose washes, visible paper texture, soft natural colours, editorial illustration',
    negativePrompt: `${NO_TEXT}, photorealistic, harsh outlines, neon colours`,
  },
  {
    id: 'isometric-3d',
    name: 'Isometric 3D',
    template:
      'Isometric 3D scene of {subject}, with {keyphrases}, for a story about {title}. ' +
      'Soft studio lighting, matte clay materials, pastel colours, plain background',
    negativePrompt: `${NO_TEXT}, photorealistic, clutter, dark background`,
  },
  {
    id: 'ink-sketch',
    name: 'Ink sketch',
    template:
      'Ink sketch of {subject}, with {keyphrases}, for a story about {title}. ' +
      'Fine pen lines, cross-hatching, black ink on off-white paper, editorial drawing',
    negativePrompt: `${NO_TEXT}, colour, photorealistic, smudges`,
  },
].map((preset) => Object.freeze(preset)));

export const PROMPT_PLACEHOLDERS: readonly string[] = Object.freeze(['{title}', '{keyphrases}', '{subject}']);

/** The subject and three supporting phrases: more crowds the picture. */
const DEFAULT_MAX_KEYPHRASES = 4;
/** A title or keyphrase is read this far: a field holding a whole text (100,000 characters) took gigabytes. */
const MAX_TITLE_CHARS = 1_000;
/** A title or keyphrase up to MAX_TITLE_CHARS, cut between words. */
const bounded = (text: unknown): string =>
  typeof text !== 'string' ? '' : text.length <= MAX_TITLE_CHARS ? text : cutAtWord(text.slice(0, MAX_TITLE_CHARS + 100), MAX_TITLE_CHARS);

// ---------------------------------------------------------------------------------------------
// Sanitizing
// ---------------------------------------------------------------------------------------------

/**
 * Control characters, zero-width and bidi marks: invisible, and able to hide a URL from the stripper. Tabs and line
 * breaks stay until the Markdown is read (they make its blocks), then all whitespace becomes single spaces.
 */
const EMOJI = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\uFE0F\u20E3]/gu;
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

/**
 * One line of words for the image model: the text's markup (HTML, Markdown), URLs and e-mail addresses go the way
 * they go from article text, but the words of code and image descriptions stay; invisible characters go first, and
 * braces too (so a title cannot inject a placeholder).
 */
export function sanitizePromptText(text: string): string {
  if (typeof text !== 'string' || !text) return '';
  // (Emoji draw nothing an image model can follow: "Street food festival 🌮🔥".)
  const words = markdownToText(text.replace(INVISIBLE, ' ').replace(EMOJI, ' ').replace(/[{}]/g, ' '), { keepCodeAndImageText: true });
  // Punctuation orphaned by the removals ("see  ." -> "see.").
  return tidyPunctuation(words.replace(/\s+/g, ' ').trim());
}

/**
 * The prompt a prompt writer answered, without what it said around it: a line announcing it ("Here is a richer
 * prompt:"), a label ("**Prompt:**"), quotes around it as a pair, and a closing paragraph about it ("This prompt
 * emphasizes…") are not for the image model.
 */
export function promptFromAssistant(written: string): string {
  const paragraphs = (typeof written === 'string' ? written : '').split(/\r?\n[ \t]*\r?\n/).map((part) => part.trim()).filter(Boolean);
  while (paragraphs.length > 1 && /^(?:[^\n]{0,80}[:：]\**|(?:sure|certainly|of course|okay)\b[^\n]{0,80})$/iu.test(paragraphs[0])) paragraphs.shift();
  // (A fuller scene may run over paragraphs: only a closing note about the prompt goes.)
  while (paragraphs.length > 1 && /^\**(?:this (?:prompt|version|description)|notes?\b)/iu.test(paragraphs[paragraphs.length - 1])) paragraphs.pop();
  const prompt = paragraphs.join('\n\n').replace(/^\**\s*prompt\s*[:：]\s*\**\s*/iu, '').trim();
  const pair = /^(["“«])([^"“”«»]*)(["”»])$/u.exec(prompt);
  return sanitizePromptText(pair ? pair[2] : prompt);
}

// ---------------------------------------------------------------------------------------------
// Near-duplicates
// ---------------------------------------------------------------------------------------------

/** English words that say nothing of what is shown, beside the nouns and adjectives that do. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'its', 'their', 'his', 'her', 'our', 'your', 'my',
  'of', 'and', 'or', 'in', 'on', 'for', 'to', 'with', 'at', 'by', 'from', 'into', 'over', 'after', 'as', '&',
  'is', 'are', 'was', 'were', 'be', 'it', 'you', 'we', 'they', 'how', 'why', 'what', 'who', 's',
]);

/**
 * How the words of one language are compared: the words that carry no content, and the stem that groups a word's
 * inflections. Words left untranslated are compared by their own language's stopwords and Snowball stems (the
 * keyphrase extractor's), never by English ones: "Des", "le", "aux" are not content, "phares" is "phare".
 */
type WordRules = Pick<LanguageTools, 'stopwords' | 'stem' | 'segmenter'>;

const ENGLISH_RULES: WordRules = { stopwords: FUNCTION_WORDS, stem: englishStem };
/** A language code that names no known language: words compared as written. */
const AS_WRITTEN: WordRules = { stopwords: new Set(), stem: (word) => word };

function isEnglish(language: string): boolean {
  return language.toLowerCase().startsWith('en');
}

function wordRules(language: string): WordRules {
  if (isEnglish(language)) return ENGLISH_RULES;
  const code = normaliseLanguage(language);
  return code ? languageTools(code) : AS_WRITTEN;
}

/** The content words of a phrase, lower-cased and stemmed ("The oil spills" -> {oil, spill}). */
function contentStems(phrase: string, rules: WordRules, leaveOut?: (word: string) => boolean): Set<string> {
  return new Set(contentWords(phrase, rules).filter((word) => !leaveOut?.(word)).map(rules.stem));
}

/** A phrase's words, lower-cased. */
function wordsOf(phrase: string): string[] {
  return wordsAsWritten(phrase.toLowerCase());
}

function wordsAsWritten(phrase: string): string[] {
  return phrase.split(/[\s\-/–—,;:.!?()"“”‘’']+/u).filter(Boolean);
}

/** A phrase's words without its function words ("l’île aux Moines" -> île, moines; "月球南极" -> 月球, 南极). */
function contentWords(phrase: string, rules: WordRules): string[] {
  return segmented(wordsOf(phrase), rules).filter((word) => !rules.stopwords.has(word));
}

/** In a script without spaces, a written word's dictionary words. */
function segmented(words: string[], { segmenter }: WordRules): string[] {
  return segmenter ? words.flatMap((word) => [...segmenter.segment(word)].filter((part) => part.isWordLike).map((part) => part.segment)) : words;
}

/**
 * Whether `stem` is a two-word phrase's noun: its last word ("sourdough loaf"), or its first before a name where the
 * noun comes first ("Galleria Borghese"; not "bénévoles restaurent", which no tagger read: its verb may follow).
 */
function headsPhrase(stem: string, phrase: string, rules: WordRules, language: string): boolean {
  const words = segmented(wordsAsWritten(phrase), rules);
  if (!words.length) return false;
  const stemOf = (word: string) => rules.stem(word.toLowerCase());
  if (stemOf(words[words.length - 1]) === stem) return true;
  return HEAD_FIRST.has(normaliseLanguage(language) ?? '') && stemOf(words[0]) === stem && words.slice(1).every((word) => /^\p{Lu}/u.test(word));
}

function isSubset(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/**
 * Keeps the first (best-ranked) of phrases that say the same thing: same content words up to
 * inflection and determiners ("oil spill", "oil spills", "The oil spill"), or one's words all inside
 * the other's ("the spill", "Buble" after "Michael Buble"); in English, a name's parts shown apart give way
 * to the name made of exactly them ("Emily", "Deschanel", then "Emily Deschanel"; "Thwaites", "glacier", then
 * "Thwaites Glacier"). A lone word followed by a two-word phrase whose noun it is (headsPhrase: "Galleria
 * Borghese" too) takes that phrase's wording, in its own place: "loaf" then "sourdough loaf" is one sourdough loaf,
 * which draws better than a loaf ("lighthouse" then "lighthouse lantern" is another thing, a lantern, and stays).
 * Phrases with no content word are dropped. Words are compared by the rules of
 * `language` (ISO 639-1 or a locale, default English): "vieux phare" and "phares" are one lighthouse in French.
 */
export function dedupeNearDuplicates(phrases: string[], language = 'en'): string[] {
  const rules = wordRules(language);
  const english = isEnglish(language);
  let kept: { phrase: string; stems: Set<string> }[] = [];
  for (const phrase of Array.isArray(phrases) ? phrases : []) {
    if (typeof phrase !== 'string') continue;
    const stems = contentStems(phrase, rules);
    if (!stems.size) continue;
    const same = kept.filter((k) => (isSubset(stems, k.stems) || isSubset(k.stems, stems)) && !(english && namesAnotherThing(phrase, k.phrase, rules)));
    if (!same.length) kept.push({ phrase, stems });
    else if (english && same.length >= 2 && stems.size === same.length && isName(phrase) &&
      same.every((k) => k.stems.size === 1 && (isName(k.phrase) || headsPhrase([...k.stems][0], phrase, rules, language) || (opensName(k.phrase, phrase) && same.some((n) => isName(n.phrase)))))) {
      // One person, by first and last name and then in full, or one place or thing by its name and what it is
      // ("Thwaites", "glacier", "Thwaites Glacier"; "storm", "Darragh", "Storm Darragh"): named in full, in the first
      // part's place.
      [same[0].phrase, same[0].stems] = [phrase, stems];
      kept = kept.filter((k) => k === same[0] || !(same.includes(k) && isSubset(k.stems, stems)));
    } else if (same[0].stems.size === 1 && (stems.size === 2 || (english && namedByItsNoun(same[0].phrase, phrase))) && headsPhrase([...same[0].stems][0], phrase, rules, language)) {
      // ("warehouse", "Leeds", then "Leeds warehouse": one Leeds warehouse, in the first one's place; "line", then
      // "West Highland Line": the line the story is about.)
      [same[0].phrase, same[0].stems] = [phrase, stems];
      kept = kept.filter((k) => k === same[0] || !(same.includes(k) && isSubset(k.stems, stems)));
    }
  }
  return kept.map((k) => k.phrase);
}

/**
 * Of two common nouns' phrases, a lone word and a longer phrase holding it not as its noun name two things: "beaver"
 * and "beaver dams", "chicken" and "chicken thighs" (but "spill" and "oil spill" are one, and "climate change" draws
 * only the climate).
 */
function namesAnotherThing(a: string, b: string, rules: WordRules): boolean {
  const [lone, longer] = contentWords(a, rules).length === 1 ? [a, b] : [b, a];
  const longerWords = contentWords(longer, rules);
  const head = longerWords[longerWords.length - 1];
  // ("climate change" is about the climate, no other thing to draw.)
  if (contentWords(lone, rules).length !== 1 || longerWords.length < 2 || HAS_CAPITAL.test(a + b) || isUndrawable(head)) return false;
  return rules.stem(contentWords(lone, rules)[0]) !== rules.stem(head);
}

/**
 * A name ending in a common noun the phrases also give alone, as written ("line" and "West Highland Line", "reef" and
 * "Great Barrier Reef"; not "robber" and "Outrageous Bank Robbers", a headline's words): that thing, named.
 */
function namedByItsNoun(lone: string, name: string): boolean {
  const words = name.trim().split(/\s+/);
  return /^\p{Ll}+$/u.test(lone.trim()) && words.length >= 2 && words.length <= 4 && isName(name) && words[words.length - 1].toLowerCase() === lone.trim();
}

/** A lone common noun opening a name, as English names a storm, a lake or a mountain ("storm" of "Storm Darragh"). */
const opensName = (lone: string, name: string) => /^\p{Ll}+$/u.test(lone) && name.split(/\s+/)[0].toLowerCase() === lone;

/** Every word capitalised: in English, a name ("Emily Deschanel", "Addams Family"); German capitalises every noun. */
function isName(phrase: string): boolean {
  const words = phrase.split(/\s+/).filter(Boolean);
  return words.length > 0 && words.every((word) => /^\p{Lu}/u.test(word));
}

// ---------------------------------------------------------------------------------------------
// Choosing what to draw (English: prompts go to the image model in English)
// ---------------------------------------------------------------------------------------------

/**
 * What the text itself is: a phrase headed by one shows nothing of its subject ("spring newsletter", "Team news",
 * "release notes"), but a name before it is the subject's ("Sony WH-1000XM5 review").
 */
const DOCUMENT_WORDS = [
  'story', 'stories', 'news', 'report', 'reports', 'article', 'articles', 'update', 'updates', 'review', 'reviews',
  'tutorial', 'tutorials', 'recap', 'interview', 'interviews', 'overview', 'newsletter', 'newsletters', 'notes', 'notice',
  'notices', 'episode', 'episodes', 'preview', 'previews', 'bulletin', 'digest', 'roundup', 'edition', 'announcement',
  'column', 'opinion', 'podcast', 'essay', 'essays', 'briefing', 'explainer',
];

/**
 * What news measures, decides or runs, which no picture shows ("property prices", "sales growth", "town council"):
 * no supporting phrase is headed by one. (Not the words below that may head a thing: "glass case", "mountain hike".)
 */
const NEWS_ABSTRACTIONS = [
  // Feelings: a face could show one, a scene not ("fear" of a swimming story, "hope" of a profile).
  'fear', 'fears', 'hope', 'hopes', 'grief', 'anger', 'joy', 'love', 'shame', 'anxiety', 'pride', 'sadness', 'happiness',
  // Quantities, which a translated case ending or a news figure leaves as a phrase, and spans of time.
  'increase', 'decrease', 'rise', 'rises', 'majority', 'minority', 'margin', 'share', 'rate', 'total', 'number', 'level', 'value',
  'time', 'times', 'year', 'years', 'month', 'months', 'hour', 'hours', 'minute', 'minutes', 'future',
  // What is said or known of something ("KCSE results", "personal information", "starring role", "climate change").
  'result', 'results', 'information', 'role', 'change', 'changes', 'plan', 'plans', 'issue', 'issues', 'problem',
  'problems', 'idea', 'ideas', 'question', 'reason', 'fact', 'impact', 'effect', 'effects', 'situation', 'process',
  'experience',
  // What a post is, not what it shows ("stage-by-stage guide", "cleaning tips").
  'guide', 'guides', 'tip', 'tips', 'trick', 'tricks', 'instructions', 'directions', 'itinerary', 'itineraries', 'chronicle',
  'highlights', 'version', 'method',
  // What news measures or decides, not what it shows ("oil prices", "heart failure", "lower risk", "sales").
  'price', 'prices', 'cost', 'costs', 'sales', 'profit', 'profits', 'revenue', 'earnings', 'growth', 'decline', 'loss',
  'losses', 'demand', 'supply', 'risk', 'risks', 'failure', 'study', 'studies', 'research', 'data', 'figures',
  'forecast', 'outlook', 'crisis', 'emergency', 'policy', 'deal', 'talks', 'decision', 'order', 'orders', 'journey',
  'quality', 'performance', 'sound', 'shares', 'resale', 'tax', 'taxes', 'levy', 'levies', 'fee', 'fees', 'tariff',
  'tariffs', 'inflation', 'budget', 'budgets', 'debt', 'job', 'bill', 'ban', 'reform', 'proposal', 'agreement',
  'strategy', 'funding', 'investment', 'deadlock', 'stalemate', 'habit',
  // Wrongdoing a court hears of, which no picture shows (its court does).
  'bribery', 'corruption', 'fraud', 'allegation', 'charge',
  // Conditions, which no photograph shows ("Alzheimer's disease"; the test or the ward does).
  'disease', 'diseases', 'illness', 'illnesses', 'disorder', 'disorders', 'syndrome', 'condition', 'conditions',
  // Institutions, which a story names but a picture cannot show ("forest department", "county council").
  'government', 'ministry', 'department', 'agency', 'authority', 'commission', 'committee', 'administration',
  'council', 'season', 'seasons', 'project', 'projects', 'scheme', 'schemes',
];

/**
 * Words that draw nothing on their own: a phrase made only of these ("home", "heart", "the first time") is left
 * out of the picture. A phrase with one concrete word beside them stays ("city home").
 */
const UNDRAWABLE = new Set([
  ...NEWS_ABSTRACTIONS,
  'home', 'heart', 'way', 'ways', 'thing', 'things', 'day', 'days', 'week', 'weeks', 'today', 'people', 'life',
  'lives', 'world', 'part', 'lot', 'lots', 'kind', 'sort', 'case', 'point', 'end', 'place', 'area', 'example', 'first',
  'second', 'last', 'next', 'third', 'fourth', 'new', 'other', 'many', 'more', 'most', 'some', 'few', 'own', 'whole',
  'work', 'use', 'need', 'help', 'support', 'moment', 'side', 'past', 'state', 'form', 'interest', 'matter', 'step',
  'steps', 'start', 'beginning', 'series',
  // What a blog post is (a recipe, a review, a how-to's tips), not what it shows.
  'recipe', 'recipes', 'ingredient', 'ingredients', 'beginner', 'beginners', 'preparation', 'symptom', 'symptoms',
  'cause', 'causes',
  // A listicle's judgements and spans ("7 Easy Ways", "A Weekend Guide"): no thing to show.
  'easy', 'quick', 'simple', 'best', 'ultimate', 'essential', 'weekend', 'weekends', 'weekly', 'daily', 'monthly',
  'annual', 'yearly',
  // Quantities' and times of day's other words ("price hike", "a drop of 5%").
  'drop', 'hike', 'hikes', 'noon', 'midnight', 'dozens', 'hundreds', 'thousands', 'millions', 'billions', 'million',
  'billion',
  // Areas, which a story names but a picture cannot show alone ("the district").
  'parish', 'county', 'district', 'region', 'province', 'persons', 'quarter',
  // The article's own media: "photo" of "photo finish" drew a photograph of a photograph.
  'photo', 'photos', 'picture', 'pictures', 'image', 'images', 'video', 'videos', 'footage',
  // Dates, which a title's "14–16 June" would otherwise add ("May" is a name too: "Theresa May").
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  ...DOCUMENT_WORDS,
]);

/** A word of the list, or its plural ("cases", "forecasts", "rates"). */
const listedOrPlural = (list: ReadonlySet<string>, word: string) => list.has(word) || (/[^s]s$/.test(word) && list.has(word.slice(0, -1)));
const isUndrawable = (word: string) => listedOrPlural(UNDRAWABLE, word);
const ABSTRACTIONS: ReadonlySet<string> = new Set(NEWS_ABSTRACTIONS);
const isAbstraction = (word: string) => listedOrPlural(ABSTRACTIONS, word);

/** Nouns that end like a gerund: an "-ing" word is an action unless it is one of these. */
const ING_NOUNS = new Set([
  'building', 'buildings', 'ceiling', 'clothing', 'evening', 'morning', 'painting', 'paintings', 'wedding',
  'king', 'ring', 'spring', 'string', 'wing', 'wings', 'thing', 'swing', 'sibling', 'siblings', 'pudding',
  'stuffing', 'icing', 'awning', 'railing', 'railings', 'dumpling', 'dumplings', 'seedling', 'seedlings',
  'sapling', 'duckling', 'herring', 'viking', 'vikings', 'offspring', 'lightning', 'landing', 'housing',
  // Events and places a picture shows as such ("council meeting", "ferry crossing").
  'meeting', 'hearing', 'gathering', 'crossing',
]);

/** Nouns that end like a past participle. */
const ED_NOUNS = /(?:bed|eed|shed|sled|hundred|kindred)$/;

function isVerbForm(word: string): boolean {
  return (/^[a-z]{3,}ing$/.test(word) && !ING_NOUNS.has(word)) || (/^[a-z]{4,}ed$/.test(word) && !ED_NOUNS.test(word));
}

/** A lone verb form ("baking", "restoring", "repaired") says what happens, not what is there. */
function isLoneAction(phrase: string): boolean {
  const words = contentWords(phrase, ENGLISH_RULES);
  // A capitalised word is a name ("Beijing", "Wyoming", "Mohammed").
  return words.length === 1 && isVerbForm(words[0]) && !/^\p{Lu}/u.test(phrase.trim());
}

/**
 * A phrase headed by a verb form (its last word: "sourdough baking", "roof repaired") names an action, not a thing
 * to draw: it may support the picture but is no subject. A capitalised head is a name or a name's part ("Beijing",
 * "Peyton Manning", "Prince Alfred").
 */
function isActionHeaded(phrase: string): boolean {
  const written = wordsAsWritten(phrase).filter((word) => !FUNCTION_WORDS.has(word.toLowerCase()));
  if (!written.length) return false;
  const head = written[written.length - 1];
  if (/^\p{Lu}/u.test(head)) return false;
  return isVerbForm(head.toLowerCase());
}

/**
 * A phrase whose noun draws nothing ("oil prices", "heart failure", "railway journey", "care home") is no subject: the
 * subject's noun says what the picture shows. `measured`: only a noun of what news measures, decides or runs
 * (NEWS_ABSTRACTIONS), which heads no supporting phrase either; "glass case" and "care home" may support the picture.
 */
function isAbstractHeaded(phrase: string, measured = false): boolean {
  const written = wordsAsWritten(phrase).filter((word) => !FUNCTION_WORDS.has(word.toLowerCase()));
  const head = written[written.length - 1];
  return head !== undefined && !/^\p{Lu}/u.test(head) && (measured ? isAbstraction : isUndrawable)(head.toLowerCase());
}

const DOCUMENT_HEADS: ReadonlySet<string> = new Set(DOCUMENT_WORDS);

/**
 * A phrase without what the text is: the name before it ("Sony WH-1000XM5" of "Sony WH-1000XM5 review"), else nothing.
 * A capitalised head is a name's ("Fox News", "Nelson's Column").
 */
function withoutDocumentHead(phrase: string): string {
  const words = phrase.trim().split(/\s+/);
  if (!DOCUMENT_HEADS.has(words[words.length - 1])) return phrase;
  const rest = words.slice(0, -1).join(' ');
  return rest && isNameOnly(rest, ENGLISH_RULES) && HAS_LETTER.test(rest) ? rest : '';
}

/**
 * Acts an editorial picture never shows, only their place (a court, a church): a phrase or title saying one in lower
 * case ("sex outside marriage", "murder charge", "sexual abuse") asks for a picture nobody would publish, or one the
 * image model refuses. A phrase's name holding one is a thing's ("Suicide Squad"); a title capitalises for style.
 */
const UNSHOWN = wordSet('sex sexual rape raped murder murders murdered murderous homicide suicide abuse abused assault torture massacre genocide porn pornography');
/** Where such a word names a thing (a crop, an obstacle course, a hornet, a flock of crows). */
const NAMES_A_THING = /\b(?:oilseed rape|assault course|murder hornets?|murder of crows)\b/gi;
/**
 * A phrase's capitals a name's only in Title Case ("Suicide Squad"): a first word's may be a headline's opening
 * ("Murder trial"), a word in capitals a headline's style ("MURDER trial").
 */
const asRead = (phrase: string) => {
  const words = phrase.trim().split(/\s+/);
  const titleCase = words.length > 1 && words.every((word) => /^\p{Lu}/u.test(word));
  return words.map((word, i) => (/^\p{Lu}{2,}$/u.test(word) || (i === 0 && !titleCase) ? word.toLowerCase() : word)).join(' ');
};
const saysUnshown = (text: string) => wordsAsWritten(asRead(text).replace(NAMES_A_THING, ' ')).some((word) => UNSHOWN.has(word));
/** A title capitalises for style ("Murder Trial Opens"): its act counts in any case. */
const titleSaysUnshown = (title: string) => saysUnshown(title.toLowerCase());

/**
 * What a picture can show: phrases with a concrete word (a number is none), never a lone action nor what the text is,
 * nor an act UNSHOWN.
 */
function drawable(phrases: string[], title: string): string[] {
  // (An activity the phrases or the title name a thing by is one to show: "boxing" beside "boxing gyms", "swimming"
  // and "swimming pool".)
  const activities = new Set([
    ...phrases.flatMap((phrase) => /^(\p{Ll}+ing)\s+\p{Ll}/u.exec(phrase.trim())?.[1] ?? []),
    // (In the title after a determiner: "the boxing gyms", not "admits strangling seven women".)
    ...[...title.matchAll(/\b(?:the|a|an|its|their|his|her|our)\s+(\p{Ll}+ing)\s+\p{Ll}/giu)].map((m) => m[1]),
  ]);
  return phrases.map(withoutDocumentHead).filter((phrase) => phrase && (!isLoneAction(phrase) || activities.has(phrase.trim())) &&
    !namesAnOffice(phrase) && !saysUnshown(phrase) && contentWords(phrase, ENGLISH_RULES).some((word) => !isUndrawable(word) && HAS_LETTER.test(word)));
}

/**
 * Offices one known person holds: a phrase headed by one ("Mayor", "former mayor", "health minister", "Tesla CEO",
 * "Secretary of State") is a real person, drawn as a stranger (not "ministers", nor "President Hotel").
 */
const OFFICES = wordSet('mayor president minister secretary chancellor governor senator commissioner archbishop ceo executive chairman chairwoman founder captain skipper author');
const namesAnOffice = (phrase: string) => {
  const words = contentWords(phrase, ENGLISH_RULES);
  // (Or "of" after it: "Secretary of State", "Minister of Health"; or hyphenated: "Secretary-General".)
  const hyphenated = phrase.trim().split(/\s+/).at(-1)!.toLowerCase().split('-');
  return OFFICES.has(words.at(-1) ?? '') || (hyphenated.length > 1 && hyphenated.some((part) => OFFICES.has(part))) ||
    (OFFICES.has(words[0] ?? '') && /^\S+ of /i.test(phrase.trim()));
};
/**
 * A title naming one such holder ("Google founder hopes…", "India charges ex-minister…"; not "president's palace", nor
 * "executive order", the one office word a title writes as an adjective).
 */
const titleNamesAnOffice = (title: string) => title.toLowerCase().split(/[^\p{L}\p{M}'’]+/u).some((word) => OFFICES.has(word) && word !== 'executive');

/**
 * Whether an English title and keyphrases name nothing to draw, only what the text is or when ("Weekly roundup",
 * "Newsletter"): an image of that is the words themselves, paid for.
 */
export function drawsNothing(title: string, keyphrases: string[]): boolean {
  const clean = sanitizePromptText(bounded(title));
  // (With no keyphrase, "Suicide Squad Sequel Announced" goes too.)
  const said = titleSaysUnshown(clean) ? '' : clean;
  return drawable([said, ...(Array.isArray(keyphrases) ? keyphrases : []).map((phrase) => sanitizePromptText(bounded(phrase)))].filter(Boolean), clean).length === 0;
}

/** A part of a place named by a compass point ("southern Oregon", "central London"): still only the place. */
const COMPASS = /^(?:(?:(?:north|south)(?:east|west)?|east|west)(?:ern)?|central)$/;

/** A word of a name: capitalised, or a code or dotted name ("WH-1000XM5", "Node.js", "iPhone 16"). */
const NAME_WORD = /^\p{Lu}|\d|\p{L}\.\p{L}/u;

/** Only names: every content word a name's ("Rotterdam", "Peyton Manning", "Bank of England", "Cazalla de la Sierra"). */
function isNameOnly(phrase: string, rules: WordRules): boolean {
  const words = phrase.split(/[\s,;:!?()"“”]+/u).filter((word) => word && !rules.stopwords.has(word.toLowerCase()));
  const named = rules === ENGLISH_RULES && words.length > 1 && COMPASS.test(words[0]) ? words.slice(1) : words;
  return named.length > 0 && named.every((word) => NAME_WORD.test(word));
}

/**
 * A name's first word that is no given name: a place's, a club's or a thing's ("Great Britain", "Mount Everest", "Real
 * Madrid", "Los Angeles Lakers", "Sierra Nevada", "Loch Ness").
 */
const NOT_A_GIVEN_NAME = /^(?:great(?:er)?|new|old|little|upper|lower|united|royal|grand|real|atl[eé]tico|athletic|inter|sporting|olympique|borussia|dynamo|saint|st|san|santa|los|las|el|la|le|les|sierra|loch|glen|isle|mount|mt|lake|river|bay|gulf|cape|port|fort|hurricane|storm|typhoon|cyclone|tropical|national|central|(?:north|south)(?:east|west)?(?:ern)?|east(?:ern)?|west(?:ern)?)$/i;
const NAME_PART = /^\p{Lu}[\p{L}\p{M}'’-]*$/u;
/** Between a given name and a last name ("Daniel R. Fontaine"; not "John F. Kennedy Center"). */
const MIDDLE_INITIAL = /^\p{Lu}\.$/u;
/** The people of a club, a place or a firm, as news says them after its name: no person has these. */
const PLACES_PEOPLE = /^(?:manager|managers|boss|bosses|players|squad|side|coach|chairman|officials|residents|authorities|council|councillors|mayor|governor|police|airport|station|employees|workers|staff|shareholders|executives)$/;

/** A name's generation after it ("Ferdinand Marcos Jr", "Henry Ford II"). */
const GENERATION = /\s+(?:Jr|Sr|II|III|IV)\.?$/u;
/** A club's or a place's people that no person has (not "officials", "staff": "Trump officials"). */
const CLUBS_AND_PLACES_PEOPLE = '(?:manager|managers|boss|bosses|players|squad|captain|coach|chairman|striker|midfielder|defender|goalkeeper|residents|council|councillors|mayor|governor)';
/** Whether the English text names `end`'s people so: a club's or a place's name, no person's ("Villa manager Unai Emery"). */
const namesItsPeople = (end: string, englishText: string) =>
  new RegExp(`(?<![\\p{L}\\p{M}'’-])${escapeRegExp(end)} ${CLUBS_AND_PLACES_PEOPLE}(?![\\p{L}\\p{M}'’-])`, 'u').test(englishText);

/** Whether the English text writes a name after "the", a thing's way ("The Oakland Coliseum, home to…"): no person's. */
const writtenAfterThe = (name: string, englishText: string) =>
  new RegExp(`\\b[Tt]he[ \\t]+${escapeRegExp(name)}(?![\\p{L}\\p{M}'’-])(?![ \\t]+\\p{Lu})`, 'u').test(englishText);

/**
 * Words that may be a person's name: capitalised (particles inside), its first word no place's or club's ("New",
 * "Real"). Its first word given alone beside a plural end is a place's: "Detroit" of "Detroit Pistons"; not "Bukayo"
 * of "Bukayo Saka".
 */
const shapedLikeName = (words: string[], listed: ReadonlySet<string>) =>
  words.length >= 2 && words.length <= 5 && NAME_PART.test(words[0]) && NAME_PART.test(words[words.length - 1]) &&
  words.every((word, i) => NAME_PART.test(word) || NAME_PARTICLES.has(word) || (MIDDLE_INITIAL.test(word) && i === 1 && words.length === 3)) && !NOT_A_GIVEN_NAME.test(words[0]) &&
  !(listed.has(words[0]) && /[^s]s$/.test(words[words.length - 1]));

/**
 * The people the phrases name, by the words of their names: a full name the phrases also give by its end alone
 * ("Serena Williams", "Williams"; "Ursula von der Leyen", "von der Leyen"), as news names a person after the first
 * mention. A real person cannot be drawn truthfully: an image model makes a likeness or a stranger, and either,
 * captioned on a news page, misleads. A name whose first word the phrases give alone, or whose end they use for
 * something else, is a club's, a place's or a firm's ("Detroit" and "Pistons"; "United manager", "Munich players"), not a
 * person's.
 */
function peopleNamed(phrases: string[], englishText = ''): { surnames: Set<string>; names: string[]; firstNames: Set<string> } {
  const given = phrases.map((phrase) => phrase.trim().replace(/\s+/g, ' '));
  const listed = new Set(given);
  // (A club's, a place's or a firm's people, after it alone: "United manager", "Nevada officials"; not "Trump tariffs";
  // in the English text, only those no person has: "Villa manager Unai Emery", not "Trump officials", "Musk employees".)
  const describes = (end: string) => given.some((phrase) => phrase.startsWith(`${end} `) && PLACES_PEOPLE.test(phrase.slice(end.length + 1))) ||
    namesItsPeople(end, englishText);
  // (Names only: "bridge" is not "Sydney Harbour Bridge"'s end.)
  const listedLower = new Set(given.filter((phrase) => /^\p{Lu}/u.test(phrase) || NAME_PARTICLES.has(phrase.split(' ')[0])).map((phrase) => phrase.toLowerCase()));
  // (firstNames: a person's first name, not drawn as a keyphrase of its own, "Ollie"; inside a name it may be a place's.)
  const found = { surnames: new Set<string>(), names: [] as string[], firstNames: new Set<string>() };
  for (const phrase of given) {
    const words = phrase.split(' ');
    // (Ending in a given name, a middle initial and a last name, a person's: the extractor keeps an initial only after a
    // given name, "Vice Admiral Michael H. Miller"; not "John F. Kennedy Center".)
    const initialled = words.slice(-3);
    if (initialled.length === 3 && MIDDLE_INITIAL.test(initialled[1]) && shapedLikeName(initialled, listed)) {
      found.surnames.add(words.at(-1)!);
      found.names.push(initialled.join(' '));
      continue;
    }
    if (!shapedLikeName(words, listed) || writtenAfterThe(phrase, englishText)) continue;
    // (In any case: "Erik ten Hag", "Ten Hag".)
    const end = words.slice(1).map((_, i) => words.slice(i + 1).join(' '))
      .find((suffix) => listedLower.has(suffix.toLowerCase()) && !NAME_PARTICLES.has(suffix) && !describes(suffix));
    if (!end) continue;
    // (A generation's mark after it, the name without it too: "Marcos" of "Marcos Jr".)
    found.surnames.add(end).add(end.replace(GENERATION, ''));
    // (A given name as a keyphrase of its own too, "Jarrod" of "Jarrod Bowen"; not "Vodafone" of "Vodafone Essar".)
    if (givenNames().has(words[0])) found.firstNames.add(words[0]);
    found.names.push(phrase);
  }
  return found;
}

/** Roles written short, with or without a full stop ("Dr.", "Capt."): no other role takes one (a sentence's end). */
const ABBREVIATED = wordSet('dr mr mrs ms capt col lt sgt gov sen rep prof det insp');
/**
 * A name after a role or honorific, in the article's English text: a person, even named once ("Arsenal manager Mikel
 * Arteta", "chief executive Jim Farley", "Prime Minister Keir Starmer", "chairman N. Chandrasekaran").
 */
const ROLES: ReadonlySet<string> = new Set([...wordSet(
  'manager coach boss chief_executive executive chairman chairwoman president prime_minister minister secretary chancellor founder ' +
    'director spokesman spokeswoman spokesperson actor actress singer star striker midfielder defender goalkeeper captain author ' +
    'writer artist professor sir dame judge mayor senator governor ceo chef lawyer attorney_general barrister counsel ' +
    'journalist reporter presenter editor winger substitute commissioner inspector detective sergeant constable lieutenant colonel ' +
    'commander admiral archbishop bishop rabbi imam pastor councillor councilman councilwoman congressman congresswoman lawmaker mp ' +
    'prosecutor solicitor',
), ...ABBREVIATED]);
const isHonorific = (word: string) => ABBREVIATED.has(word.toLowerCase().replace(/\.$/, ''));
const anyCase = (word: string) => `(?:[${word[0]}${word[0].toUpperCase()}]${word.slice(1)}|${word.toUpperCase()})`;
/** A name's word ("Arteta", "McDermott", "O'Brien"), an initial ("W."), or a particle inside it ("ten", "von der"). */
const NAME_WORD_AFTER_ROLE = "\\p{Lu}[\\p{L}\\p{M}'’-]*\\p{Ll}[\\p{L}\\p{M}'’-]*";
/**
 * A team's forward, after its name or "said" ("Liverpool forward Darwin Nunez", "Sporting forward Viktor Gyokeres";
 * not "brought forward Black Friday deals", nor a sentence's "Going forward Morgan Stanley", "Fast forward Ten Years").
 */
// (The word first, then what comes before it, bounded: a lookbehind tried at every place over any number of spaces
// took 30 s on 100,000 of them. So are the other lookbehinds here.)
const TEAM_FORWARD = "forward(?<=(?:\\p{Lu}[\\p{L}\\p{M}'’.-]{0,40}(?<!Going|Moving|Looking|Fast)|said)[ \\t]{1,4}forward)";
const ROLE_AND_NAME = new RegExp(
  `(?<![\\p{L}\\p{N}-])(?:${[...ROLES].map((role) => role.split('_').map(anyCase).join(' ') + (ABBREVIATED.has(role) ? '\\.?' : '')).join('|')}|${TEAM_FORWARD})` +
    `[ \\t]+((?:\\p{Lu}\\.[ \\t]*${NAME_WORD_AFTER_ROLE}|${NAME_WORD_AFTER_ROLE}(?:[ \\t]+(?:\\p{Lu}\\.|(?:${[...NAME_PARTICLES].join('|')})(?=[ \\t])))*` +
    // (Letters after a name may follow: "Prosecutor James Okafor KC".)
    `(?:[ \\t]+${NAME_WORD_AFTER_ROLE}){1,2}))(?![ \\t]*\\p{Lu}(?!\\p{Lu}{1,3}(?![\\p{L}\\p{M}])))`,
  'gu',
);
/** The text read for people's roles: the keyphrase extractor's own bound; and the names kept, at most. */
const [MAX_TEXT_READ, MAX_PEOPLE] = [100_000, 50];

/**
 * People the English text names after a role, each once ("Arsenal manager Mikel Arteta's side": Mikel Arteta). Not
 * "leader": a league's is a club ("Serie A leader Inter Milan").
 */
function peopleInText(text: string, found: ReturnType<typeof peopleNamed>): void {
  const names = new Set(found.names);
  for (const [, written] of text.slice(0, MAX_TEXT_READ).matchAll(ROLE_AND_NAME)) {
    const name = written.replace(/['’]s$/u, '');
    if (names.size >= MAX_PEOPLE) break;
    // (A name the keyphrases gave already: a person's, whatever its first word, "João" of "striker João Ferreira".)
    if (!names.has(name)) found.names.push(name);
    names.add(name);
    // (Their first name as a keyphrase of its own too, "Erik" of "manager Erik ten Hag"; inside a name it may be a
    // place's: "Jordan" of "manager Jordan Henderson" and the country.)
    const words = name.split(/\s+/);
    found.surnames.add(words.at(-1)!);
    found.firstNames.add(words[0]);
  }
}

/**
 * Languages whose news puts an article before a club's, a firm's, a ship's or a building's short name ("le Concordia",
 * "la Juve", "el Villamarín") and none before a person's: English writes "Villa scored", "Sachs said" as "Merkel said".
 */
const NAMES_THINGS_WITH_ARTICLE: ReadonlySet<string> = new Set(['fr', 'es', 'it', 'pt', 'ca', 'gl', 'nl']);
/** An end like an English plural: not "-is", "-us" or "-ss", as surnames end ("Harris", "Cyrus", "Hess"). */
const PLURAL_END = /[^isu]s$/;
/** What English news says a person did as it names them by last name ("Watkins said", "said Page."; "added" may be a goal)… */
const SPEECH = '(?:said|says|told)';
/** …unless as a firm or a club says ("said in a statement", "said it would"). */
const NOT_A_PERSONS_SAYING = '(?![ \\t]+(?:in a statement|on (?:its|their) website|it|its|they|their)\\b)';
/** …and after a quote ('…," Turk told', '…?" said Page', '"Superb," Watkins added'; not after its full stop, a new sentence). */
const QUOTED_SPEECH = '(?:said|says|told|added)';
const QUOTE_END = `(?:[,?!]["”'’]+|["”'’]+[ \\t]*,)[ \\t]+`;
/** A person's age in years, and what a person is called after "a 41-year-old" (with a role: ROLES). */
const AGE = '(?:1[01]\\d|\\d{1,2})(?!\\p{Nd})';
const PERSON_NOUNS = '(?:man|woman|boy|girl|mother|father|son|daughter|pensioner|student|teenager|entrepreneur|businessman|businesswoman|grandmother|grandfather|widow|widower)(?![\\p{L}-])';
/**
 * After a name, its age ("Ana Araujo, 30,", "Almodóvar, 74,", "Bakare-Williams, a 41-year-old tech entrepreneur", an
 * obituary's "Dorothy Pickering, who has died aged 94,"; not "The Eagle, a 400-year-old pub", "Bar Italia, a
 * 75-year-old café", "Parmigiano Reggiano, aged 36 months").
 */
const AGE_AFTER = `,[ \\t]+(?:\\p{Nd}{1,3}[,)]|an?[ \\t]+${AGE}-year-old[ \\t]+(?:[\\p{L}-]+[ \\t]+){0,2}?${PERSON_NOUNS}|(?:who[ \\t]+(?:has[ \\t]+)?died[ \\t]+)?aged[ \\t]+${AGE}(?=[,)]))`;
/**
 * After a full name, its age or role ("Ana Araujo, 30,", "Eric Schmidt, a veteran Silicon Valley executive"; not a
 * clause: "Aston Villa, whose striker Ollie Watkins scored").
 */
const APPOSITION =
  `(?:${AGE_AFTER}|,[ \\t]+(?!(?:whose|which|who|where|when|while)\\b)(?:[\\p{L}\\p{N}-]+[ \\t]+){0,4}?(?:${[...ROLES].map((role) => role.replace('_', ' ')).join('|')})(?![\\p{L}'’-]))`;

/**
 * An initial before a last name, as scorers' and casts' lists write it ("E Cody", "J. Smith"; not "A", "I", "J.K.", a
 * code's "3G Verizon", nor inside a name: "Jackie O Show").
 */
const INITIAL_BEFORE = "(?<![\\p{L}\\p{M}\\p{N}'’.-])(?<!\\p{Lu}[\\p{L}\\p{M}'’-]{0,40}[ \\t]{1,4})(?![AI][ \\t])\\p{Lu}\\.?[ \\t]+";

/**
 * The full names the English text writes ending in a one-word phrase: a capitalised word that is no function word
 * ("When Cody"), maybe middle initials or particles, then it ("Daniel R. Fontaine" for "Fontaine").
 */
function fullNamesInText(text: string, phrases: string[]): string[] {
  const ends = phrases.filter((phrase) => NAME_PART.test(phrase));
  if (!ends.length) return [];
  const between = `(?:[ \\t]+(?:\\p{Lu}\\.|${[...NAME_PARTICLES].join('|')}))*`;
  // (A possessive may follow: "Wayne Rooney's hat trick".)
  const pattern = new RegExp(`(?<![\\p{L}\\p{M}'’.-])\\p{Lu}[\\p{L}\\p{M}'’-]*${between}[ \\t]+(?:${ends.map(escapeRegExp).join('|')})(?=['’]s(?![\\p{L}\\p{M}])|(?![\\p{L}\\p{M}'’-]))`, 'gu');
  const english = languageTools('en');
  // (Not a function word, a date, a possessive or a describing compound: "When Cody", "On Tuesday Ryanair", "Japan's
  // Toyota", "Seattle-based Boeing"; the given-name lists hold "Tuesday" and "May".)
  const first = (name: string) => name.slice(0, name.indexOf(' '));
  return [...new Set([...text.matchAll(pattern)].map(([name]) => name.replace(/[ \t]+/g, ' ')))]
    .filter((name) => !english.stopwords.has(first(name).toLowerCase()) && !english.isDateWord(first(name).toLowerCase(), first(name)) && !/^\S*(?:['’]s|-\p{Ll}\S*) /u.test(name));
}

/**
 * People a phrase names in full whose last name the text also writes alone, as news does after the first mention
 * ("Berthe Morisot … Morisot peint"), in a language that would put an article before a thing's: not after a name
 * ("National Guard") nor a short lower-case word ("el Villamarín" is a stadium). In English, quoted or titled.
 */
function surnamedInText(text: string, phrases: string[], found: ReturnType<typeof peopleNamed>, english: boolean): void {
  const listed = new Set(phrases);
  const read = text.slice(0, MAX_TEXT_READ);
  // (English: also the full names the text gives a one-word keyphrase, which no keyphrase shows to be a name: they need
  // what a person has, below.)
  const inTextOnly = new Set(english ? fullNamesInText(read, phrases).filter((name) => !listed.has(name)) : []);
  for (const phrase of [...phrases, ...inTextOnly]) {
    const words = phrase.split(' ');
    const end = words.at(-1)!;
    // (An institution's end is no last name: "Labor Department said". A surname with its particles is a name's shape:
    // "del Socorro said".)
    const particled = english && words.length > 1 && NAME_PARTICLES.has(words[0]) && NAME_PART.test(end);
    // (English: a surname's -s is no plural here, "Ollie Watkins" beside "Ollie" is no "Detroit Pistons": an end like a
    // plural needs a quote, a title or a given name below.)
    if (found.surnames.has(end) || !(shapedLikeName(words, english ? new Set() : listed) || particled)) continue;
    // (Nor a club's: "United said" where the text has "United manager", or one the text writes after "the": "the Sydney
    // Swans", "the Rolling Stones"; news writes no "the" before a person's full name.)
    if (english && (isUndrawable(end.toLowerCase()) || namesItsPeople(end, read) || new RegExp(`\\b[Tt]he[ \\t]+${escapeRegExp(phrase)}(?![\\p{L}\\p{M}'’-])`, 'u').test(read))) continue;
    const name = escapeRegExp(particled ? phrase : end);
    // Alone inside a sentence: after a comma or a lower-case word of four letters or more ("Dès 1864, Morisot",
    // "déclare Morisot"); a sentence's first word may be a club's short name ("Palace a marqué deux fois"). English
    // writes a club's so too ("Villa scored", "Villa said"): there, a person's is quoted, titled, or given an age or a
    // role after the full name ('…," Turk told', "Ms Temperley", "Dr Fauci"; "Dr Pepper" is a drink), or says
    // ("Hamilton said", "said Page.", "according to Modi"; not within the whole name, nor after "the", nor "in a
    // statement" or "said they", a club's or firm's, nor a club's whose people the text names: namesItsPeople above). The
    // given-name lists only add: they lack many names news prints ("Donald", "Mohamed", "Narendra"). A name read from the
    // text only, which a club, a band or a firm may be ("Aston Villa", "Glasgow Celtic"), needs what a person has: a
    // title, an age, a role or an initial; a quote only after a common given name ("Matthew Weiner").
    const givenName = givenNames().has(words[0]);
    const beforePronoun = `(?:(?!\\b(?:its|their)\\b|\\p{Lu}[\\p{Ll}\\p{M}'’-]+[ \\t]+\\p{Lu})[^.!?\\n]){0,200}?`;
    const pronoun = `${beforePronoun}(?:\\b(?:she|he|her|his)\\b|[.!?]["”’]?[ \\t]+(?:She|He)\\b)`;
    const standsAlone = `(?<![\\p{L}\\p{M}'’-])(?<!${escapeRegExp(words.slice(0, -1).join(' '))}[ \\t]{1,4})(?<![Tt]he[ \\t]{1,4})`;
    const personal = `\\b(?:Mr|Mrs|Ms${words[0] === 'Dr' ? '' : '|Dr'})\\.? ${name}(?![\\p{L}\\p{M}-])|` +
      `(?<![\\p{L}\\p{M}'’-])${escapeRegExp(phrase)}${APPOSITION}|(?<![\\p{L}\\p{M}'’-])${name}${AGE_AFTER}` +
      // (Not for a keyphrase opening with a letter: "K Street".)
      (words[0].length > 1 || inTextOnly.has(phrase) ? `|${INITIAL_BEFORE}${name}(?![\\p{L}\\p{M}'’-])` : '') +
      // (Or their name opens a clause that goes on to "his" or "her" after a preposition, no other name, punctuation or
      // conjunction between: "Emery was frustrated with his side"; not after "in", "to"…, a place's, nor "Manchester
      // United were booed off, and the manager defended his tactics", "Galaxy Watch tracked her sleep", a ship's "Cutty
      // Sark made her fastest voyage".)
      `|(?<!\\b(?:in|from|at|near|visited|to|of)[ \\t]{1,4})(?:${escapeRegExp(phrase)}|${standsAlone}${name})(?:['’]s)?[ \\t]+(?=\\p{Ll})` +
      `(?:(?!\\b(?:its|their|and|but|or|where|when|who|which|that|while|as|because|after|before|until|if)\\b|\\p{Lu})[^.!?,;:\\n]){0,120}?` +
      '\\b(?:with|for|in|on|at|to|from|of|about|by|without|against)[ \\t]+(?:his|her)\\b';
    const quoted = `${QUOTE_END}${name}[ \\t]+${QUOTED_SPEECH}\\b(?![ \\t]+in a statement)|${QUOTE_END}${QUOTED_SPEECH}[ \\t]+${name}(?![\\p{L}\\p{M}'’-])`;
    const strong = inTextOnly.has(phrase) && !givenName ? personal : `${quoted}|${personal}`;
    const says = `${standsAlone}${name}(?:[ \\t]+(?:also|later|then|has|had|earlier)){0,2}[ \\t]+${SPEECH}\\b${NOT_A_PERSONS_SAYING}|` +
      `\\b(?:${SPEECH}|[Aa]ccording to)[ \\t]+${name}(?=[ \\t]*[,.;:!?]|[ \\t]*$)`;
    // (A profile's, an obituary's or a column's way: the common given name of a keyphrase of two words alone, saying, with
    // an age, or before "she", "he", "her" or "his" in its sentence or "She"/"He" opening the next, with no other name nor
    // "its" or "their" between: "Ben said", "Pippa, 27,", "Tom started diving at seven, and by 14 he…", "Margaret trained
    // as a nurse. She…"; not "Lincoln scored twice, and manager Michael Skubala said he…", "Morgan cut 300 jobs, and its
    // chief executive said his…". Not after "in", "to"… ("moved to Georgia with her husband"), nor for a name ending in
    // capitals, "Austin FC"; an age of two digits: "Sydney, 2," is a ladder's place.)
    const firstName = givenName && words.length === 2 && !inTextOnly.has(phrase) && !/^\p{Lu}+$/u.test(end)
      ? `|(?<![\\p{L}\\p{M}'’-])(?<!\\b(?:in|from|at|near|visited|to|of|the)[ \\t]{1,4})${escapeRegExp(words[0])}(?:,[ \\t]+\\p{Nd}{2}[,)]|` +
        `[ \\t]+${SPEECH}\\b${NOT_A_PERSONS_SAYING}|(?:['’]s)?[ \\t]+(?!${escapeRegExp(end)}\\b)\\p{Ll}${pronoun})`
      : '';
    // (An end like a plural says as a band or a team: "Stones said", "Rangers said"; after a given name, a surname.)
    const alone = english
      ? new RegExp(((givenName || !PLURAL_END.test(end)) && !inTextOnly.has(phrase) ? `${strong}|${says}` : strong) + firstName, 'u')
      : new RegExp(`(?:[,;][ \\t]*|(?<![\\p{L}\\p{M}'’-])\\p{Ll}[\\p{Ll}\\p{M}]{3,} )${name}(?![\\p{L}\\p{M}-])`, 'u');
    // (A name, not a noun the text also writes in lower case: "Premier League", "the league".)
    if (alone.test(read) && !writesInLowerCase(read, end)) {
      found.surnames.add(end);
      // (English: their first name as a keyphrase of its own too, as a quote calls them: "Ollie was outstanding".)
      if (english && !particled && !isHonorific(words[0])) found.firstNames.add(words[0]);
      found.names.push(phrase);
    }
  }
}

/**
 * A one-word name, then a longer name it opens: the thing named in full, in the first one's place ("Benin", then "Benin
 * Bronzes"; "Lloyds", "Lloyds Banking Group"). Not a person's name: no common given name nor role in it, and its last
 * word a noun the English text also writes in lower case ("Downton Abbey", "the group"; not "Milla Jovovich", "Yoon Suk
 * Yeol"), and not an institution's, which draws nothing ("US Labor Department").
 */
function namedInFull(phrases: string[], englishText: string): string[] {
  const named = [...phrases];
  const opens = (lone: string, name: string) => {
    const words = name.trim().split(/\s+/);
    if (words.length < 2 || words.length > 4 || words[0] !== lone || !isName(name)) return false;
    if (words.some((word) => givenNames().has(word) || ROLES.has(word.toLowerCase()) || OFFICES.has(word.toLowerCase()))) return false;
    const noun = words.at(-1)!;
    return !isUndrawable(noun.toLowerCase()) && writesInLowerCase(englishText, noun);
  };
  for (let i = 0; i < named.length; i++) {
    const at = /^\p{Lu}\S*$/u.test(named[i]) ? named.findIndex((name, j) => j > i && opens(named[i], name)) : -1;
    if (at > i) named[i] = named.splice(at, 1)[0];
  }
  return named;
}

/** Whether the text writes the word in lower case, as a common noun ("the league", "the group's"). */
const writesInLowerCase = (text: string, word: string) =>
  new RegExp(`(?<![\\p{L}\\p{M}'’-])${escapeRegExp(word.toLowerCase())}(?![\\p{L}\\p{M}-])`, 'u').test(text);

/** Whether a phrase or title names one of `people`: a full name in it, or a surname as its words. */
function namesPerson(text: string, people: ReturnType<typeof peopleNamed>): boolean {
  if (!people.surnames.size) return false;
  // (Lower-cased: a title opens "Von der Leyen visits Kyiv".)
  const flat = ` ${wordsAsWritten(text.toLowerCase()).join(' ')} `;
  return [...people.names, ...people.surnames].some((name) => flat.includes(` ${wordsAsWritten(name.toLowerCase()).join(' ')} `));
}

/**
 * A person's first name alone, or after an honorific or a role ("Ollie", "Dame Vivienne", "Arizona Governor Jan"), is them;
 * not one going on ("Sydney Opera House" beside Sydney Sweeney), nor a place's ("Lake Victoria"), nor one the English
 * text writes after "in", "from", "at" or "visited" ("visited Jordan", "filmed in Florence"; "to" may lead to a person).
 */
function endsInFirstName(phrase: string, people: ReturnType<typeof peopleNamed>, englishText: string): boolean {
  const words = phrase.trim().split(/\s+/);
  const first = words.at(-1) ?? '';
  const titled = words.length === 1 || words.slice(0, -1).some((word) => isHonorific(word) || /^(?:Lord|Lady)$/.test(word) || ROLES.has(word.toLowerCase()));
  if (!people.firstNames.has(first) || !titled) return false;
  // (Not before the surname: "the job went to Larry Page".)
  return !new RegExp(`\\b(?:in|from|at|near|visited)[ \\t]+${escapeRegExp(first)}(?![\\p{L}\\p{M}'’-])(?![ \\t]+\\p{Lu})`, 'u').test(englishText);
}

/** A title without the people it names: what it says they do ("Starmer visits car plant" -> "visits car plant"). */
function withoutPeople(title: string, people: ReturnType<typeof peopleNamed>): string {
  let out = title;
  // (One pattern, longest first: "Keir Starmer" before "Starmer".)
  const names = [...new Set([...people.names, ...people.surnames])].sort((a, b) => b.length - a.length);
  if (names.length) out = out.replace(new RegExp(`(?<![\\p{L}\\p{M}])(?:${names.map(escapeRegExp).join('|')})(?![\\p{L}\\p{M}])`, 'giu'), ' ');
  return tidyPunctuation(out.replace(/(?:^|\s)['’]s\b/gu, ' '));
}

/**
 * Subject first: the best phrase the title also names (a headline states what the story is about), among the three
 * best that name a thing; else the best of those. In English a phrase headed by an action is no subject while a
 * phrase naming a thing is there to be one, and of the phrases the title names, a thing goes before a bare name (a
 * place is the setting: "floating solar park" before "Rotterdam" for "Rotterdam opens floating solar park"; a person
 * alone stays the subject). The words of other languages, untranslated, are not read that way: without a tagger
 * their phrases may be verbs ("yendi", won). In English a lone word gives way to a longer phrase holding it that the
 * title says whole.
 */
function subjectFirst(phrases: string[], title: string, rules: WordRules, before: readonly string[]): string[] {
  const english = rules === ENGLISH_RULES;
  const titleStems = contentStems(title, rules);
  const things = english ? phrases.filter((phrase) => !isActionHeaded(phrase) && !isAbstractHeaded(phrase)) : phrases;
  const candidates = (things.length ? things : phrases).slice(0, 3);
  const named = candidates.filter((phrase) => [...contentStems(phrase, rules)].some((word) => titleStems.has(word)));
  // (A name the phrases also give by its common noun is that thing's: "Sydney Harbour Bridge" after "bridge".)
  const thing = (phrase: string) => !isNameOnly(phrase, rules) || before.some((lone) => namedByItsNoun(lone, phrase));
  const best = (english ? named.find(thing) : undefined) ?? named[0] ?? candidates[0];
  // A lone word the title says in a longer phrase further down ("chips", "chip factory" for "Chipmaker builds chip
  // factory"; `before`: the phrases as they were before near-duplicates were merged): that phrase, which says what the
  // story is about.
  const bestStems = best === undefined ? undefined : contentStems(best, rules);
  // (English: untagged words of another language may run on into a verb, "bénévoles restaurent".)
  const subject =
    english && bestStems?.size === 1
      ? (before.find((phrase) => {
          const stems = contentStems(phrase, rules);
          return stems.size > 1 && isSubset(bestStems, stems) && [...stems].every((stem) => titleStems.has(stem)) && !isNameOnly(phrase, rules) &&
            !isAbstractHeaded(phrase);
        }) ?? best)
      : best;
  if (subject === undefined) return phrases;
  // What the subject says already is not said again ("Felixstowe" and "strike" after "Felixstowe dockworkers strike").
  const subjectStems = contentStems(subject, rules);
  return [subject, ...phrases.filter((phrase) => phrase !== subject && !isSubset(contentStems(phrase, rules), subjectStems))];
}

/**
 * A clause of a title opening with a negation, after a stop, to its end ("…; no injuries reported"): an image model
 * draws what it is told, not its absence. Not at the title's start nor inside a clause ("No deal Brexit…", "Man who
 * could not walk…"); capitalised, a name's ("Doctors Without Borders").
 */
const NEGATED_CLAUSE = /([;,:–—][ \t]*)(?:no|not|without|never|nor)[ \t][^,;:.!?()–—]*/gu;
/**
 * Before a phrase, a negation of it ("no injuries", "No injuries", "without power", "no serious injuries"; not "No
 * Kings protest": a capital is a name's).
 */
const NEGATED_BEFORE = /(?<![\p{L}\p{M}'’-])(?:[Nn]o|[Ww]ithout|[Nn]ever|[Nn]or|[Nn]ot any)[ \t]+(?:\p{Ll}[\p{L}\p{M}'’-]*[ \t]+)?$/u;

/**
 * A phrase in lower case the title and text say only as what is not there ("Fire destroys bakery; no injuries
 * reported"), in any form ("Without a rate limit" beside "Rate limiting an API" is what the story adds).
 */
function onlyNegated(phrase: string, text: string): boolean {
  if (!/^\p{Ll}/u.test(phrase.trim())) return false;
  const said = [...text.matchAll(new RegExp(`(?<![\\p{L}\\p{M}'’-])${escapeRegExp(phrase.trim())}`, 'giu'))];
  return said.length > 0 && said.every((match) => NEGATED_BEFORE.test(text.slice(Math.max(0, match.index - 40), match.index)));
}

/**
 * A title as the prompt may say it: without what someone is quoted saying ("'We were called thieves': …", a figure
 * of speech for the image model to draw; a work's title in capitals stays, unquoted: "'The Salt Road' is a slow
 * epic"), an interview's label ("Q&A with …") and what is not there ("; no injuries reported").
 */
function titleToSay(title: string): string {
  // (In a sentence-case title: in Title Case, every quote is capitalised.)
  const capitalised = (text: string) => (text.match(/(?<![\p{L}\p{M}'’])\p{L}[\p{L}\p{M}'’-]{3,}/gu) ?? []).every((word) => /^\p{Lu}/u.test(word));
  // (Nor what is said: a quote before a colon opening the title, or with a comma or "!" in it, "'Thank you, Manchester': …".)
  const workTitle = (quoted: string, at: number) => capitalised(quoted) && !capitalised(title.replace(quoted, ' ')) && !/[,!?]/.test(quoted) &&
    !/^[ \t]*:/.test(title.slice(at + quoted.length));
  const unquoted = title
    // (Three words or more: a single word in quotes is the writer's own, "Super" heroes.)
    .replace(/[“"«„](?:[^“”"«»„\s]+\s+){2,}[^“”"«»„]*[”"»“]|(?<![\p{L}\p{N}])['‘](?:[^'‘’\s]+\s+){2,}[^'‘’]*['’](?![\p{L}\p{N}])/gu,
      (quote, at: number) => (workTitle(quote, at) ? quote.slice(1, -1) : ' '))
    .replace(/\bQ\s*&\s*A\b(?:\s+with\b)?/giu, ' ')
    .replace(NEGATED_CLAUSE, '$1');
  return tidyPunctuation(unquoted);
}

/** The title adds meaning when at least half of its content words are not in the phrases used already. */
function titleAddsMeaning(title: string, used: string[], rules: WordRules): boolean {
  // (Numbers draw nothing: "14–16 June", "1931–2025".)
  const titleStems = [...contentStems(title, rules, rules === ENGLISH_RULES ? isUndrawable : undefined)].filter((stem) => !/\d/.test(stem));
  if (!titleStems.length) return false;
  const said = new Set(used.flatMap((phrase) => [...contentStems(phrase, rules)]));
  const unsaid = titleStems.filter((word) => !said.has(word)).length;
  return unsaid * 2 >= titleStems.length + 1;
}

// ---------------------------------------------------------------------------------------------
// Filling the template
// ---------------------------------------------------------------------------------------------

const PLACEHOLDER = /\{([a-zA-Z_][\w-]*)\}/g;

/** Separators that end a clause of a template. */
const CLAUSE_BREAK = /[,.;:!?\n]/;

/**
 * Removes the clause around every known placeholder whose value is empty ("Featuring {keyphrases}."
 * with no keyphrases goes entirely) and every unknown placeholder on its own.
 */
function dropEmpty(template: string, values: Record<string, string>): string {
  let out = template;
  for (;;) {
    PLACEHOLDER.lastIndex = 0;
    let match: RegExpExecArray | null;
    let changed = false;
    while ((match = PLACEHOLDER.exec(out))) {
      const name = match[1];
      const known = Object.prototype.hasOwnProperty.call(values, name);
      if (known && values[name]) continue;
      let start = match.index;
      let end = match.index + match[0].length;
      if (known) {
        while (start > 0 && !CLAUSE_BREAK.test(out[start - 1])) start -= 1;
        while (end < out.length && !CLAUSE_BREAK.test(out[end])) end += 1;
      } else if (/^\s*(?:[,.;:!?\n]|$)/.test(out.slice(end))) {
        // "in {place}," -> "," rather than a dangling "in,".
        const before = /(?:^|\s)(?:in|of|on|at|by|for|with|about|from|to|and|or|a|an|the)\s*$/i.exec(out.slice(0, start));
        if (before) start = before.index;
      }
      out = out.slice(0, start) + out.slice(end);
      changed = true;
      break;
    }
    if (!changed) return out;
  }
}

/** Tidies what filling and removing left: spaces before punctuation, doubled or leading punctuation. */
function tidyPunctuation(text: string): string {
  let out = text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/\(\s*\)|\[\s*\]|"\s*"|“\s*”/g, ' ')
    .replace(/\s+/g, ' ');
  // A run of separators keeps its strongest: ", ." -> ".", ",," -> ",", ". ," -> ".".
  out = out.replace(/([,.;:!?])(?:\s*[,.;:!?])+/g, (run) => {
    const marks = run.replace(/\s/g, '');
    for (const strong of ['?', '!', '.', ';', ':']) if (marks.includes(strong)) return strong;
    return ',';
  });
  return out.replace(/^[\s,.;:!?]+/, '').replace(/[\s,;:]+$/, '').trim();
}

function fill(template: string, values: Record<string, string>): string {
  const withoutEmpty = dropEmpty(template, values);
  // One pass: values are never scanned for placeholders again.
  const filled = withoutEmpty.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
  return tidyPunctuation(filled);
}

export interface BuildPromptInput {
  title: string;
  /** Best first. */
  keyphrases: string[];
  style: StylePreset;
  /** The model's prompt limit in characters. */
  maxLength: number;
  /** Phrases in the prompt, the subject included (default 4). */
  maxKeyphrases?: number;
  /**
   * The article's text, in `textLanguage`: in English a person it names after a role ("manager Mikel Arteta") is not
   * drawn, in the NAMES_THINGS_WITH_ARTICLE languages one it names in full and then by last name.
   */
  text?: string;
  textLanguage?: string;
  /**
   * Language of the title and phrases (ISO 639-1 or a locale, default "en"). Words left untranslated are compared by
   * their own language's stopwords and stems; the rules on what can be drawn are English ones, not applied to them.
   */
  language?: string;
}

export interface BuiltPrompt {
  prompt: string;
  negativePrompt?: string;
  /** The keyphrases that made it into the prompt, best first. */
  usedKeyphrases: string[];
}

export function buildPrompt(input: BuildPromptInput): BuiltPrompt {
  const maxLength = Number.isFinite(input.maxLength) ? Math.max(0, Math.floor(input.maxLength)) : 0;
  const maxKeyphrases = typeof input.maxKeyphrases === 'number' && Number.isFinite(input.maxKeyphrases)
    ? Math.max(0, Math.floor(input.maxKeyphrases))
    : DEFAULT_MAX_KEYPHRASES;
  const template = typeof input.style?.template === 'string' ? input.style.template : '';
  const title = sanitizePromptText(bounded(input.title));
  const language = typeof input.language === 'string' && input.language ? input.language : 'en';
  const rules = wordRules(language);
  const given = (Array.isArray(input.keyphrases) ? input.keyphrases : []).map((p) => sanitizePromptText(bounded(p))).filter(Boolean);
  // What draws nothing goes before near-duplicates are merged: a lone "cracked" would otherwise take "cracked bridge" with it.
  // (People in any language that capitalises names alone: German capitalises every noun, "Bahn" of "Deutsche Bahn".)
  const textLanguage = normaliseLanguage(input.textLanguage) ?? 'en';
  const englishText = typeof input.text === 'string' && textLanguage === 'en' ? input.text.slice(0, MAX_TEXT_READ) : '';
  const people = peopleNamed(NOUNS_CAPITALISED.has(normaliseLanguage(language) ?? '') ? [] : given, englishText);
  // (The title too when English, unless in Title Case, where every word of four letters or more but function words
  // looks like a name: "Mayor Opens New Bridge over the River", "England v Italy".)
  const titleCase = (title.match(/(?<![\p{L}\p{M}\p{N}'’-])\p{Ll}[\p{L}\p{M}'’-]{3,}/gu) ?? []).every((word) => languageTools('en').stopwords.has(word));
  if (englishText) peopleInText(rules === ENGLISH_RULES && !titleCase ? `${title}\n\n${englishText}` : englishText, people);
  if (typeof input.text === 'string' && (textLanguage === 'en' || NAMES_THINGS_WITH_ARTICLE.has(textLanguage))) surnamedInText(input.text, given, people, textLanguage === 'en');
  const drawn = (rules === ENGLISH_RULES ? drawable(given, title) : given).filter((phrase) => !namesPerson(phrase, people) && !endsInFirstName(phrase, people, englishText) &&
    !(englishText && onlyNegated(phrase, `${title}\n${englishText}`)));
  // (English: past the subject, no phrase headed by what news measures or runs, "property prices", "town council"; its slot
  // is left empty, not given to a phrase ranked lower: those are weaker still.)
  const chosen = subjectFirst(dedupeNearDuplicates(englishText ? namedInFull(drawn, englishText) : drawn, language), title, rules, drawn).slice(0, maxKeyphrases);
  const phrases = rules === ENGLISH_RULES ? chosen.filter((phrase, i) => i === 0 || !isAbstractHeaded(phrase, true)) : chosen;
  const negative = sanitizePromptText(input.style?.negativePrompt ?? '');
  const negativePrompt = negative ? cutAtWord(negative, maxLength) : undefined;

  // The subject is the top phrase; {keyphrases} lists the others when the template names the subject
  // separately, so nothing is said twice. A template with neither placeholder uses no phrase.
  const usesSubject = template.includes('{subject}');
  const usesList = template.includes('{keyphrases}');
  const capacity = usesList ? phrases.length : usesSubject ? 1 : 0;
  const render = (used: string[], titleText: string): string => {
    let subject = usesSubject ? (used[0] ?? '') : '';
    // A title naming a person or an office's holder would bring them back: left out while phrases say what to draw.
    const said = titleToSay(titleText);
    // (A title may name them by first name: "Dov denies bankruptcy".)
    const namesSomeone = namesPerson(said, people) || said.split(/\s+/).some((word) => people.firstNames.has(word)) || (rules === ENGLISH_RULES && titleNamesAnOffice(said));
    let titleValue = titleAddsMeaning(said, used, rules) && !(used.length && namesSomeone) && !(rules === ENGLISH_RULES && titleSaysUnshown(said)) ? said : '';
    // No phrase at all: the title becomes the subject rather than leaving "a photograph of" empty (without the people
    // it names, who are not drawn).
    if (usesSubject && !subject) {
      subject = rules === ENGLISH_RULES && titleSaysUnshown(titleText) ? '' : withoutPeople(titleText, people);
      titleValue = '';
    }
    return fill(template, { title: titleValue, subject, keyphrases: (usesSubject ? used.slice(1) : used).join(', ') });
  };

  // Drop trailing keyphrases first, then shorten the title, then (a tight limit or a very long
  // template) cut the end at a word boundary.
  // The top phrase (the subject) stays until the title has been shortened.
  let used = phrases.slice(0, capacity);
  let prompt = render(used, title);
  while (prompt.length > maxLength && used.length > 1) {
    used = used.slice(0, -1);
    prompt = render(used, title);
  }
  let shortTitle = title;
  while (prompt.length > maxLength && shortTitle) {
    const next = cutAtWord(shortTitle, Math.max(0, shortTitle.length - (prompt.length - maxLength)));
    shortTitle = next.length < shortTitle.length ? next : '';
    prompt = render(used, shortTitle);
  }
  if (prompt.length > maxLength) prompt = cutAtWord(prompt, maxLength);
  return { prompt, ...(negativePrompt ? { negativePrompt } : {}), usedKeyphrases: used };
}
