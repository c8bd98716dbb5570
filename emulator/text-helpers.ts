/**
 * Part of the local Scenario emulator (a TEST FIXTURE and demo aid, never the plugin's endpoint): deterministic
 * stand-ins for Scenario's text helpers (translation, prompt writing, the text model), so tests can assert on their output.
 * - translate: a tiny French / German / Spanish → English word table, word by word; unknown words pass unchanged;
 * - prompt writer: the given prompt wrapped in a recognisable, mode-specific scene description;
 * - text model (model_scenario-llm): alt text in the language the instruction names, built from a per-language
 *   template and the words of the image's prompt that the table can put into that language (a fixed sentence in the
 *   twenty other languages it knows; English for any other).
 */

/** Function words: translated, never used as a described subject. */
const FUNCTION_WORDS: Record<string, Record<string, string>> = {
  fr: {
    le: 'the', la: 'the', les: 'the', "l'": 'the', un: 'a', une: 'a', des: '', de: 'of', du: 'of the', "d'": 'of',
    aux: 'of the', au: 'at the', et: 'and', en: 'in', dans: 'in', sur: 'on', avec: 'with', pour: 'for', par: 'by',
    a: 'has', "qu'": 'that', que: 'that', qui: 'who', son: 'its', sa: 'its', ses: 'its',
  },
  de: {
    der: 'the', die: 'the', das: 'the', den: 'the', dem: 'the', des: 'of the', ein: 'a', eine: 'a', einen: 'a',
    und: 'and', von: 'of', vom: 'of the', auf: 'on', mit: 'with', im: 'in the', in: 'in', für: 'for', am: 'at the',
    haben: 'have', hat: 'has',
  },
  es: {
    el: 'the', la: 'the', los: 'the', las: 'the', un: 'a', una: 'a', y: 'and', de: 'of', del: 'of the', en: 'in',
    con: 'with', para: 'for', por: 'by', al: 'to the', su: 'its', sus: 'its', ha: 'has',
  },
};

/** Content words: translated, and the words alt text is made of. */
const CONTENT_WORDS: Record<string, Record<string, string>> = {
  fr: {
    bénévoles: 'volunteers', restaurent: 'restore', vieux: 'old', vieille: 'old', phare: 'lighthouse', île: 'island',
    équipe: 'team', réparé: 'repaired', lanterne: 'lantern', maison: 'house', gardien: 'keeper', abeilles: 'bees',
    miel: 'honey', toits: 'rooftops', ville: 'city', apiculteurs: 'beekeepers', urbains: 'urban', jardin: 'garden',
    pain: 'bread', boulangerie: 'bakery', mer: 'sea', port: 'harbour', bateau: 'boat', bateaux: 'boats',
    pêcheurs: 'fishermen', école: 'school', enfants: 'children', été: 'summer', village: 'village', église: 'church',
    montagne: 'mountain', forêt: 'forest', rivière: 'river', pont: 'bridge', marché: 'market', vélo: 'bicycle',
    train: 'train', gare: 'station', musée: 'museum', restauration: 'restoration', lampe: 'lamp',
  },
  de: {
    freiwillige: 'volunteers', restaurieren: 'restore', alte: 'old', alten: 'old', leuchtturm: 'lighthouse',
    insel: 'island', bienen: 'bees', honig: 'honey', stadt: 'city', dächer: 'rooftops', dach: 'roof',
    imker: 'beekeepers', garten: 'garden', brot: 'bread', bäckerei: 'bakery', meer: 'sea', hafen: 'harbour',
    boot: 'boat', boote: 'boats', fischer: 'fishermen', schule: 'school', kinder: 'children', sommer: 'summer',
    dorf: 'village', kirche: 'church', berg: 'mountain', wald: 'forest', fluss: 'river', brücke: 'bridge',
    markt: 'market', fahrrad: 'bicycle', zug: 'train', bahnhof: 'station', museum: 'museum', laterne: 'lantern',
  },
  es: {
    voluntarios: 'volunteers', restauran: 'restore', viejo: 'old', antiguo: 'old', faro: 'lighthouse', isla: 'island',
    abejas: 'bees', miel: 'honey', ciudad: 'city', tejados: 'rooftops', apicultores: 'beekeepers', jardín: 'garden',
    pan: 'bread', panadería: 'bakery', mar: 'sea', puerto: 'harbour', barco: 'boat', barcos: 'boats',
    pescadores: 'fishermen', escuela: 'school', niños: 'children', verano: 'summer', pueblo: 'village',
    iglesia: 'church', montaña: 'mountain', bosque: 'forest', río: 'river', puente: 'bridge', mercado: 'market',
    bicicleta: 'bicycle', tren: 'train', estación: 'station', museo: 'museum', linterna: 'lantern',
  },
};

export const TRANSLATABLE_LANGUAGES = ['fr', 'de', 'es'] as const;

/** English content word → the first word of each language that translates to it. */
const REVERSE: Record<string, Map<string, string>> = Object.fromEntries(
  Object.entries(CONTENT_WORDS).map(([language, table]) => {
    const reverse = new Map<string, string>();
    for (const [word, english] of Object.entries(table)) if (!reverse.has(english)) reverse.set(english, word);
    return [language, reverse];
  }),
);

const ENGLISH_CONTENT_WORDS = new Set(Object.values(CONTENT_WORDS).flatMap((table) => Object.values(table)));

const WORD = /\p{L}+(?:['’](?=\p{L}))?/gu;
const normal = (word: string) => word.toLowerCase().replace('’', "'");

function lookup(language: string, word: string): string | undefined {
  const key = normal(word);
  return FUNCTION_WORDS[language]?.[key] ?? CONTENT_WORDS[language]?.[key];
}

/**
 * The table language with most hits in the text, when they are a fifth of its words or more; else 'en' (untranslated):
 * a few shared words ("de", "la") do not make Portuguese French.
 */
export function detectLanguage(text: string): string {
  const words = text.match(WORD) ?? [];
  let best = 'en';
  let bestHits = Math.max(1, Math.ceil(words.length / 5) - 1);
  for (const language of TRANSLATABLE_LANGUAGES) {
    const hits = words.filter((word) => lookup(language, word) !== undefined).length;
    if (hits > bestHits) {
      best = language;
      bestHits = hits;
    }
  }
  return best;
}

/** Word by word into English; punctuation, separators and unknown words are kept; an initial capital is kept. */
export function translateToEnglish(text: string): { translation: string; detectedLanguage: string } {
  const detectedLanguage = detectLanguage(text);
  if (detectedLanguage === 'en') return { translation: text, detectedLanguage };
  const translation = text
    .replace(WORD, (word) => {
      const english = lookup(detectedLanguage, word);
      if (english === undefined) return word;
      if (!english) return '\u0000';
      // An elided word ("l'île") gets its space back.
      const spaced = /['’]$/.test(word) ? `${english} ` : english;
      return /^\p{Lu}/u.test(word) ? spaced.charAt(0).toUpperCase() + spaced.slice(1) : spaced;
    })
    // A dropped word ("des") leaves no double space.
    .replace(/\u0000\s*/g, '');
  return { translation, detectedLanguage };
}

const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en', french: 'fr', german: 'de', spanish: 'es', italian: 'it', portuguese: 'pt', dutch: 'nl', polish: 'pl',
  swedish: 'sv', danish: 'da', norwegian: 'no', finnish: 'fi', czech: 'cs', turkish: 'tr', greek: 'el', russian: 'ru',
  japanese: 'ja', chinese: 'zh', indonesian: 'id', romanian: 'ro', hungarian: 'hu',
};

/** The language an instruction asks for ("… in French …", "… in Norwegian Bokmål …"); English when it names none the emulator knows. */
export function requestedLanguage(instruction: string): string {
  const named = /\bin (\p{Lu}\p{Ll}+)\b/u.exec(instruction);
  return (named && LANGUAGE_NAMES[named[1].toLowerCase()]) || 'en';
}

/** How the emulator's text model words a description, per language: never "image of". */
const DESCRIPTION: Record<string, (words: string[]) => string> = {
  en: (words) => (words.length ? `Scene with ${words.join(', ')}, in soft natural light.` : 'An editorial scene in soft natural light.'),
  fr: (words) => (words.length ? `Scène avec ${words.join(', ')}, sous une lumière naturelle douce.` : 'Scène éditoriale sous une lumière naturelle douce.'),
  de: (words) => (words.length ? `Szene mit ${words.join(', ')}, in weichem natürlichem Licht.` : 'Redaktionelle Szene in weichem natürlichem Licht.'),
  es: (words) => (words.length ? `Escena con ${words.join(', ')}, bajo una luz natural suave.` : 'Escena editorial bajo una luz natural suave.'),
  it: () => 'Scena editoriale in una luce naturale morbida.',
  pt: () => 'Cena editorial sob uma luz natural suave.',
  nl: () => 'Redactionele scène in zacht natuurlijk licht.',
  pl: () => 'Scena redakcyjna w miękkim, naturalnym świetle.',
  sv: () => 'Redaktionell scen i mjukt naturligt ljus.',
  da: () => 'Redaktionel scene i blødt naturligt lys.',
  no: () => 'Redaksjonell scene i mykt naturlig lys.',
  fi: () => 'Toimituksellinen kohtaus pehmeässä luonnonvalossa.',
  cs: () => 'Redakční scéna v měkkém přirozeném světle.',
  tr: () => 'Yumuşak doğal ışıkta bir haber sahnesi.',
  el: () => 'Δημοσιογραφική σκηνή σε απαλό φυσικό φως.',
  ru: () => 'Редакционная сцена в мягком естественном свете.',
  ja: () => '柔らかな自然光の中の報道写真の一場面。',
  zh: () => '柔和自然光下的新闻场景。',
  id: () => 'Adegan berita dalam cahaya alami yang lembut.',
  ro: () => 'Scenă editorială în lumină naturală blândă.',
  hu: () => 'Szerkesztőségi jelenet lágy természetes fényben.',
};

/**
 * The text model's answer to an instruction about an image made from `prompt`: one sentence in the requested
 * language, naming (up to three of) the prompt's words that the table knows in that language.
 */
export function describeForInstruction(instruction: string, prompt: string): string {
  const language = requestedLanguage(instruction);
  const seen = new Set<string>();
  const words: string[] = [];
  for (const token of prompt.toLowerCase().match(/\p{L}+/gu) ?? []) {
    const word = language === 'en' ? (ENGLISH_CONTENT_WORDS.has(token) ? token : undefined) : REVERSE[language]?.get(token);
    if (!word || seen.has(word)) continue;
    seen.add(word);
    words.push(word);
    if (words.length === 3) break;
  }
  return DESCRIPTION[language](words);
}

export const PROMPT_MODES = ['structured', 'completion', 'contextual', 'image-editing', 'inventive'] as const;
export type PromptMode = (typeof PROMPT_MODES)[number];

/** Emulator prices per call (Scenario charges about 0.75 units for structured, about 3.75 for contextual). */
export const PROMPT_MODE_COST: Record<PromptMode, number> = {
  structured: 0.75,
  completion: 0.75,
  contextual: 3.75,
  'image-editing': 1.5,
  inventive: 1.5,
};
export const TRANSLATE_COST = 0.25;

/** The prompt writer's answers: the given prompt, kept whole, in a richer mode-specific wording, one per result. */
export function writePrompts(mode: PromptMode, prompt: string, numResults: number): string[] {
  const base = prompt.trim().replace(/[.\s]+$/, '');
  const variants = ['balanced natural light', 'soft morning light', 'warm evening light', 'overcast diffuse light', 'crisp daylight'];
  return Array.from({ length: numResults }, (_, index) => {
    const light = variants[index % variants.length];
    switch (mode) {
      case 'contextual':
        return `A fully realised scene: ${base}. Clear focal point, layered foreground and background, ${light}.`;
      case 'structured':
        return `Subject: ${base}. Composition: centred, ${light}.`;
      case 'completion':
        return `${base}, ${light}, fine detail.`;
      case 'image-editing':
        return `Edit the image: ${base}.`;
      default:
        return `An unexpected take on ${base}, ${light}.`;
    }
  });
}
