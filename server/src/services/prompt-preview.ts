import type { Core } from '@strapi/strapi';
import { PROMPT_PLACEHOLDERS, buildPrompt } from '../domain/prompt';
import { referenceLimit } from '../scenario/model-inputs';
import type { PromptPreview } from '../shared/contracts';
import { getService } from '../utils/get-service';

/** The sample article of the settings page's prompt preview. */
export const SAMPLE_ARTICLE = {
  title: 'Volunteers restore the old lighthouse on Puffin Island',
  text:
    'The lighthouse on Puffin Island had been dark for thirty years before a group of volunteers took on its restoration. ' +
    'Carpenters rebuilt the keeper cottage while glaziers replaced the lantern glass, and the lighthouse lamp shone again in September. ' +
    'Seabirds nest on the cliffs below the tower, and the island ferry now brings visitors every weekend.',
};

const PLACEHOLDER_PATTERN = /\{([a-zA-Z_][\w-]*)\}/g;

export interface PromptPreviewRequest {
  template: string;
  negativePrompt?: string;
  title?: string;
  text?: string;
}

/** The prompt a template makes for a sample article (the built-in one unless a title and text are given). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** The house-style references a generation would send, and whether the chosen model takes them. */
  async function references(): Promise<PromptPreview['references']> {
    const images = await getService(strapi, 'reference-images').describe();
    if (images.length === 0) return { images, sent: null, limit: null };
    const client = getService(strapi, 'scenario').client();
    const limit = client
      ? await client.getModel(getService(strapi, 'settings').current().model.id).then(referenceLimit, () => null)
      : null;
    return { images, sent: limit === null ? null : limit > 0, limit };
  }

  return {
    async preview(request: PromptPreviewRequest): Promise<PromptPreview> {
      const sample = request.title ? { title: request.title, text: request.text ?? '' } : SAMPLE_ARTICLE;
      // Off Strapi's thread, like every article (services/text-analysis.ts); a TextWorkerError is the caller's 503.
      const textAnalysis = getService(strapi, 'text-analysis');
      // The built-in sample is English; an admin's own is read in the language its text is in.
      const lang = request.title ? await textAnalysis.language(sample) : 'en';
      const keyphrases = (await textAnalysis.keyphrases({ ...sample, lang }, { limit: 10 })).map((phrase) => phrase.phrase);
      const built = buildPrompt({
        title: sample.title,
        keyphrases,
        style: { id: 'preview', name: 'Preview', template: request.template, negativePrompt: request.negativePrompt },
        maxLength: getService(strapi, 'settings').current().model.maxPromptLength,
        language: lang,
        text: sample.text,
        textLanguage: lang,
      });
      const unknownPlaceholders = [...request.template.matchAll(PLACEHOLDER_PATTERN)]
        .map((match) => `{${match[1]}}`)
        .filter((placeholder) => !PROMPT_PLACEHOLDERS.includes(placeholder));
      return {
        sample: { title: sample.title },
        keyphrases,
        usedKeyphrases: built.usedKeyphrases,
        prompt: built.prompt,
        negativePrompt: built.negativePrompt ?? null,
        unknownPlaceholders,
        references: await references(),
      };
    },
  };
};
