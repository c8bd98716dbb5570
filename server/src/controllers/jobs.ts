import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { chooseBody, documentQuery, generateBody, jobIdParams, jobListQuery, parse, thumbnailParams } from '../validation';
import { actingUser, answerScenarioFailure, type Ctx } from './http';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const illustrations = () => getService(strapi, 'illustrations');

  return {
    async list(ctx: Ctx) {
      ctx.body = await illustrations().list(parse(jobListQuery, ctx.query));
    },

    async findOne(ctx: Ctx) {
      const { id } = parse(jobIdParams, ctx.params);
      ctx.body = { job: await illustrations().findOne(id) };
    },

    /** Everything the edit view's side panel shows about one article. */
    async forDocument(ctx: Ctx) {
      ctx.body = await illustrations().panel(illustrations().targetOf(parse(documentQuery, ctx.query)));
    },

    async generate(ctx: Ctx) {
      const body = parse(generateBody, ctx.request.body);
      const job = await illustrations().generate(illustrations().targetOf(body), { ...(body.prompt ? { prompt: body.prompt } : {}), user: actingUser(ctx) });
      ctx.status = 201;
      ctx.body = { job: illustrations().view(job) };
    },

    async retry(ctx: Ctx) {
      const { id } = parse(jobIdParams, ctx.params);
      ctx.status = 201;
      ctx.body = { job: illustrations().view(await illustrations().retry(id, actingUser(ctx))) };
    },

    async choose(ctx: Ctx) {
      const { id } = parse(jobIdParams, ctx.params);
      const { assetId } = parse(chooseBody, ctx.request.body);
      ctx.status = 201;
      ctx.body = { job: illustrations().view(await illustrations().choose(id, assetId, actingUser(ctx))) };
    },

    /** Review mode without draft & publish: the editor's "Use this image". */
    async useImage(ctx: Ctx) {
      const { id } = parse(jobIdParams, ctx.params);
      ctx.body = { job: illustrations().view(await illustrations().useImage(id, actingUser(ctx))) };
    },

    async thumbnail(ctx: Ctx) {
      const { id, assetId } = parse(thumbnailParams, ctx.params);
      await answerScenarioFailure(ctx, async () => {
        ctx.body = await illustrations().thumbnail(id, assetId);
        ctx.type = 'image/webp';
        ctx.set('Cache-Control', 'private, max-age=86400, immutable');
      });
    },
  };
};
