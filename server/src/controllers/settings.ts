import type { Core } from '@strapi/strapi';
import { TextWorkerError } from '../services/text-analysis';
import { getService } from '../utils/get-service';
import { modelListQuery, modelSupportQuery, parse, promptPreviewBody, settingsBody, settingsResetBody } from '../validation';
import { answerScenarioFailure, sendError, type Ctx } from './http';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings');
  const scenario = () => getService(strapi, 'scenario');

  return {
    async find(ctx: Ctx) {
      ctx.body = settings().view();
    },

    async update(ctx: Ctx) {
      await settings().update(parse(settingsBody, ctx.request.body));
      ctx.body = settings().view();
    },

    /** "Use the file's value": drops saved values (some keys, or all) so config/plugins (or the default) applies. */
    async reset(ctx: Ctx) {
      const { keys } = parse(settingsResetBody, ctx.request.body);
      await settings().reset(keys);
      ctx.body = settings().view();
    },

    async testConnection(ctx: Ctx) {
      ctx.body = await scenario().testConnection();
    },

    async models(ctx: Ctx) {
      const query = parse(modelListQuery, ctx.query);
      await answerScenarioFailure(ctx, async () => {
        ctx.body = await scenario().textToImageModels(query);
      });
    },

    async previewPrompt(ctx: Ctx) {
      const body = parse(promptPreviewBody, ctx.request.body);
      try {
        ctx.body = await getService(strapi, 'prompt-preview').preview(body);
      } catch (error) {
        if (!(error instanceof TextWorkerError)) throw error;
        sendError(ctx, 503, 'TextAnalysisError', error.message);
      }
    },

    async modelSupport(ctx: Ctx) {
      const { id, aspectRatio } = parse(modelSupportQuery, ctx.query);
      await answerScenarioFailure(ctx, async () => {
        ctx.body = await scenario().modelSupport(id, aspectRatio ?? settings().current().aspectRatio);
      });
    },

    /**
     * "About N credits per article": a dry run of the saved settings (nothing is billed), with the size the model is
     * really sent and the wishes it has no input for (a 16:9 setting is not claimed on a model that ignores it).
     */
    async estimate(ctx: Ctx) {
      ctx.body = await getService(strapi, 'illustrations').estimate();
    },

    /** Credits spent this UTC month and day, and what is left under the caps. */
    async budget(ctx: Ctx) {
      ctx.body = await getService(strapi, 'budget').status();
    },
  };
};
