import type { Core } from '@strapi/strapi';
import { entryAccess } from '../permissions';
import { getService } from '../utils/get-service';
import type { BackfillView } from '../shared/contracts';
import { backfillBody, backfillIdParams, parse } from '../validation';
import type { Ctx } from './http';

/** Following a backfill shows its entries (read) and acts on them (change). */
const FOLLOWING = ['read', 'change'] as const;

/** Archive backfill: quote, start, follow, pause, resume, cancel. The backfill service does the work. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const backfill = () => getService(strapi, 'backfill');
  const idOf = (ctx: Ctx) => parse(backfillIdParams, ctx.params).id;
  const access = (ctx: Ctx) => entryAccess(strapi, ctx.state?.userAbility);
  /** A valid request whose every entry the user may change the image of (a backfill takes them all). */
  async function permittedRequest(ctx: Ctx) {
    const request = parse(backfillBody, ctx.request.body);
    access(ctx).requireWholeType('change', request.contentType, await backfill().localesOf(request));
    return request;
  }
  /**
   * The backfill, once the user is found to be one who could have started it and may read its entries (following it
   * shows their titles and prompts).
   */
  async function permittedBackfill(ctx: Ctx) {
    const found = await backfill().findOne(idOf(ctx));
    const locales = await localesOf(found);
    for (const needs of FOLLOWING) access(ctx).requireWholeType(needs, found.contentType, locales);
    return found;
  }
  const localesOf = (view: Pick<BackfillView, 'contentType' | 'locales'>) => backfill().selectedLocales({ contentType: view.contentType, locales: view.locales ?? undefined });

  return {
    async quote(ctx: Ctx) {
      ctx.body = await backfill().quote(await permittedRequest(ctx));
    },

    async create(ctx: Ctx) {
      const request = await permittedRequest(ctx);
      ctx.status = 201;
      ctx.body = await backfill().start(request);
    },

    /** The backfills the user may follow, and the types they may illustrate. */
    async list(ctx: Ctx) {
      const user = access(ctx);
      // (Backfills of one selection share its locales: the site's are read once, not once a row.)
      const selections = new Map<string, Promise<Array<string | null>>>();
      const follows = async (row: Pick<BackfillView, 'contentType' | 'locales'>) => {
        const key = `${row.contentType}\u0000${row.locales?.join(',') ?? '*'}`;
        if (!selections.has(key)) selections.set(key, localesOf(row));
        const locales = await selections.get(key)!;
        return FOLLOWING.every((needs) => user.wholeType(needs, row.contentType, locales));
      };
      ctx.body = await backfill().list(follows, (uid) => user.wholeType('change', uid, []));
    },

    async findOne(ctx: Ctx) {
      ctx.body = await permittedBackfill(ctx);
    },

    async pause(ctx: Ctx) {
      await permittedBackfill(ctx);
      ctx.body = await backfill().pause(idOf(ctx));
    },

    async resume(ctx: Ctx) {
      await permittedBackfill(ctx);
      ctx.body = await backfill().resume(idOf(ctx));
    },

    async cancel(ctx: Ctx) {
      await permittedBackfill(ctx);
      ctx.body = await backfill().cancel(idOf(ctx));
    },
  };
};
