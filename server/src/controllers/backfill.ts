import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { backfillBody, backfillIdParams, parse } from '../validation';
import type { Ctx } from './http';

/** Archive backfill: quote, start, follow, pause, resume, cancel. The backfill service does the work. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const backfill = () => getService(strapi, 'backfill');
  const idOf = (ctx: Ctx) => parse(backfillIdParams, ctx.params).id;

  return {
    async quote(ctx: Ctx) {
      ctx.body = await backfill().quote(parse(backfillBody, ctx.request.body));
    },

    async create(ctx: Ctx) {
      ctx.status = 201;
      ctx.body = await backfill().start(parse(backfillBody, ctx.request.body));
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
