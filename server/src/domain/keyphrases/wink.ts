import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

let instance: ReturnType<typeof winkNLP> | undefined;

/** wink-nlp's English model, its POS tagger only: english.ts's tags, language.ts's stop-word flag. */
export function nlp(): ReturnType<typeof winkNLP> {
  return (instance ??= winkNLP(model, ['pos']));
}
