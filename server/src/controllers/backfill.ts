import type { Core } from '@strapi/strapi';
import { entryAccess } from '../permissions';
import { getService } from '../utils/get-service';
import { backfillBody, backfillIdParams, parse } from '../validation';
import type { Ctx } from './http';

/** Archive backfill: quote, start, follow, pause, resume, cancel. The backfill service does the work. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const backfill = () => getService(strapi, 'backfill');
  const idOf = (ctx: Ctx) => parse(backfillIdParams, ctx.params).id;
  /** A valid request whose every entry the user may change the image of (a backfill takes them all). */
  async function permittedRequest(ctx: Ctx) {
    const request = parse(backfillBody, ctx.request.body);
    entryAccess(strapi, ctx.state?.userAbility).requireWholeType('change', request.contentType, await backfill().localesOf(request));
    return request;
  }

  return {
    async quote(ctx: Ctx) {
      ctx.body = await backfill().quote(await permittedRequest(ctx));
    },

    async create(ctx: Ctx) {
      const request = await permittedRequest(ctx);
      ctx.status = 201;
      ctx.body = await backfill().start(request);
    },

    async list(ctx: Ctx) {
      ctx.body = await backfill().list();
    },

    async findOne(ctx: Ctx) {
      ctx.body = await backfill().findOne(idOf(ctx));
    },

    async pause(ctx: Ctx) {
      ctx.body = await backfill().pause(idOf(ctx));
    },

    async resume(ctx: Ctx) {
      ctx.body = await backfill().resume(idOf(ctx));
    },

    async cancel(ctx: Ctx) {
      ctx.body = await backfill().cancel(idOf(ctx));
    },
  };
};
