import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { fileIdParams, parse } from '../validation';
import type { Ctx } from './http';

/** The public, read-only Content API: where a Media Library file came from, for a front-end's "AI image" label. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async findOne(ctx: Ctx) {
    const { id } = parse(fileIdParams, ctx.params);
    const provenance = await getService(strapi, 'media').publicProvenance(id);
    if (!provenance) throw new errors.NotFoundError('This file was not made by auto-illustration');
    ctx.body = { data: provenance };
  },
});
