import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

// The POS tagger only: sentences, entities and sentiment are not used here. Loaded once, on first use.
let instance: ReturnType<typeof winkNLP> | undefined;

/** wink-nlp with its English model: the English reader's tagger (english.ts), and its stop-word flag (language.ts). */
export function nlp(): ReturnType<typeof winkNLP> {
  return (instance ??= winkNLP(model, ['pos']));
}
