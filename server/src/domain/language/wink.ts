import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { lazy } from '../functions';

/** wink-nlp's English model, its POS tagger only: the keyphrases' English tags (keyphrases/english/), tools.ts's stop-word flag. */
export const nlp = lazy(() => winkNLP(model, ['pos']));
