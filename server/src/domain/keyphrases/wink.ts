import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

// The POS tagger only: sentences, entities and sentiment are not used here. Loaded once, on first use.
let instance: ReturnType<typeof winkNLP> | undefined;

/** wink-nlp with its English model: the English reader's tagger (english.ts), and its stop-word list (language.ts). */
export function nlp(): ReturnType<typeof winkNLP> {
  if (!instance) instance = winkNLP(model, ['pos']);
  return instance;
}

/**
 * The entries of a stopword list that wink-nlp's English model also counts as stop words: English function words
 * without what stopwords-iso's English list adds (two-letter country codes, "ableabout", numbers), which other
 * languages write as words of their own ("de", "na", "se").
 */
export function englishFunctionWords(list: readonly string[]): string[] {
  const { its } = nlp();
  // One entry at a time: a contraction's pieces ("ai" of "ain't") are no entries of their own.
  return list.filter((word) => {
    const tokens = nlp().readDoc(word).tokens();
    return tokens.length() === 1 && tokens.itemAt(0).out(its.stopWordFlag) === true;
  });
}
