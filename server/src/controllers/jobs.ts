import type { Core } from '@strapi/strapi';
import { entryAccess } from '../permissions';
import type { JobView } from '../shared/contracts';
import { getService } from '../utils/get-service';
import { chooseBody, documentQuery, generateBody, jobIdParams, jobListQuery, parse, thumbnailParams } from '../validation';
import { actingUser, answerScenarioFailure, type Ctx } from './http';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const illustrations = () => getService(strapi, 'illustrations');
  /** Which entries the user may see or change the illustration of: the content manager's permissions decide. */
  const access = (ctx: Ctx) => entryAccess(strapi, ctx.state?.userAbility);
  const entryOf = (job: Pick<JobView, 'targetUid' | 'targetDocumentId' | 'targetLocale'>) => ({ uid: job.targetUid, documentId: job.targetDocumentId, locale: job.targetLocale });
  /** The job, once the user is found to hold `access` on its entry. */
  async function jobFor(ctx: Ctx, needs: 'read' | 'change', id: number): Promise<JobView> {
    const job = await illustrations().findOne(id);
    await access(ctx).require(needs, entryOf(job), false);
    return job;
  }

  return {
    /** The jobs of the entries the user may read: pages of those (a user limited to some is shown full pages of them). */
    async list(ctx: Ctx) {
      const query = parse(jobListQuery, ctx.query);
      const user = access(ctx);
      const allowed = async (needs: 'read' | 'change', jobs: JobView[]) => (await user.filter(needs, jobs.map((job) => ({ ...entryOf(job), job })))).map(({ job }) => job);
      const { where, rowChecks } = await user.jobsWhere('read');
      const page = await illustrations().list(query, where, rowChecks ? (jobs) => allowed('read', jobs) : undefined);
      const changeable = new Set(await allowed('change', page.results));
      ctx.body = { ...page, results: page.results.map((job) => ({ ...job, canChange: changeable.has(job) })) };
    },

    async findOne(ctx: Ctx) {
      const { id } = parse(jobIdParams, ctx.params);
      ctx.body = { job: await jobFor(ctx, 'read', id) };
    },

    /** Everything the edit view's side panel shows about one article. */
    async forDocument(ctx: Ctx) {
      const target = illustrations().targetOf(parse(documentQuery, ctx.query));
      // (A type that takes no part answers so, with nothing of the entry.)
      if (getService(strapi, 'settings').contentType(target.uid)) await access(ctx).require('read', target);
      const whyNotChange = (await access(ctx).refusal('change', target)) ?? null;
      ctx.body = { ...(await illustrations().panel(target)), canChange: whyNotChange === null, whyNotChange };
    },

    async generate(ctx: Ctx) {
      const body = parse(generateBody, ctx.request.body);
      const target = illustrations().targetOf(body);
      illustrations().requireParticipating(target.uid);
      await access(ctx).require('change', target);
      const job = await illustrations().generate(target, { ...(body.prompt ? { prompt: body.prompt } : {}), user: actingUser(ctx) });
      ctx.status = 201;
      ctx.body = { job: illustrations().view(job) };
    },

    async retry(ctx: Ctx) {
      const { id } = parse(jobIdParams, ctx.params);
      await jobFor(ctx, 'change', id);
      ctx.status = 201;
      ctx.body = { job: illustrations().view(await illustrations().retry(id, actingUser(ctx))) };
    },

    async choose(ctx: Ctx) {
      const { id } = parse(jobIdParams, ctx.params);
      const { assetId } = parse(chooseBody, ctx.request.body);
      await jobFor(ctx, 'change', id);
      ctx.status = 201;
      ctx.body = { job: illustrations().view(await illustrations().choose(id, assetId, actingUser(ctx))) };
    },

    /** Review mode without draft & publish: the editor's "Use this image". */
    async useImage(ctx: Ctx) {
      const { id } = parse(jobIdParams, ctx.params);
      await jobFor(ctx, 'change', id);
      ctx.body = { job: illustrations().view(await illustrations().useImage(id, actingUser(ctx))) };
    },

    async thumbnail(ctx: Ctx) {
      const { id, assetId } = parse(thumbnailParams, ctx.params);
      await jobFor(ctx, 'read', id);
      await answerScenarioFailure(ctx, async () => {
        ctx.body = await illustrations().thumbnail(id, assetId);
        ctx.type = 'image/webp';
        ctx.set('Cache-Control', 'private, max-age=86400, immutable');
      });
    },
  };
};
