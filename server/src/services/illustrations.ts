import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { altTextFromCaption } from '../domain/alt-text';
import { isActive } from '../domain/job-states';
import type { GenerateSize } from '../scenario/types';
import { getService } from '../utils/get-service';
import type { IllustrationTarget, JobRow } from './jobs';

/**
 * What editors can ask for beyond publishing: generate (or regenerate with their own prompt), pick another
 * candidate of a finished generation (no new cost), retry a job that ended badly, and see a cost estimate.
 * Controllers stay thin and call these.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const jobs = () => getService(strapi, 'jobs');
  const worker = () => getService(strapi, 'worker');

  function requireParticipating(uid: string) {
    const contentType = getService(strapi, 'settings').contentType(uid);
    if (!contentType) throw new errors.ValidationError(`uid: ${uid} does not take part in auto illustration`);
    return contentType;
  }

  return {
    /** A new generation for one article, with an optional prompt of the editor's own. */
    async generate(target: IllustrationTarget, options: { prompt?: string } = {}): Promise<JobRow> {
      requireParticipating(target.uid);
      // A job for a document that does not exist would only fail later: say so now, and record nothing.
      const document = await strapi.documents(target.uid as never).findOne({
        documentId: target.documentId,
        ...(target.locale ? { locale: target.locale } : {}),
        fields: ['id'],
      } as never);
      if (!document) {
        const where = target.locale ? ` in locale ${target.locale}` : '';
        throw new errors.NotFoundError(`documentId: there is no ${target.uid} document ${target.documentId}${where}`);
      }
      const [active] = (await jobs().forTarget(target, 5)).filter((job) => isActive(job.state));
      if (active) throw new errors.ApplicationError(`Job ${active.id} is already illustrating this article.`);
      const [created] = await worker().enqueue([target], { trigger: 'generate', requestedPrompt: options.prompt });
      if (!created) throw new errors.ApplicationError('The job could not be recorded.');
      return created;
    },

    /** Attaches another candidate of a finished generation instead of the chosen one: nothing is generated. */
    async choose(jobId: number, assetId: string): Promise<JobRow> {
      const job = await jobs().findOne(jobId);
      if (!job) throw new errors.NotFoundError(`jobId: no job ${jobId}`);
      requireParticipating(job.targetUid);
      const index = (job.candidateAssetIds ?? []).indexOf(assetId);
      if (index < 0) throw new errors.ValidationError(`assetId: ${assetId} is not a candidate of job ${jobId}`);
      const target = { uid: job.targetUid, documentId: job.targetDocumentId, locale: job.targetLocale };
      const [active] = (await jobs().forTarget(target, 5)).filter((other) => isActive(other.state));
      if (active) throw new errors.ApplicationError(`Job ${active.id} is already working on this article.`);
      const caption = job.candidateCaptions?.[index] ?? '';
      const created = await jobs().enqueueFrom(job, {
        trigger: 'choose',
        state: 'attaching',
        deadlineSeconds: 0,
        chosenAssetId: assetId,
        text: altTextFromCaption({ caption, title: job.title ?? '', locale: job.targetLocale }),
      });
      worker().wake();
      return created;
    },

    /**
     * Tries a job that ended in the placeholder or failed once more. What it already paid for is reused: its
     * candidates are downloaded again (after a configuration fix, say), or its Scenario job is looked at again;
     * only a job that never got a Scenario job starts a fresh generation.
     */
    async retry(jobId: number): Promise<JobRow> {
      const job = await jobs().findOne(jobId);
      if (!job) throw new errors.NotFoundError(`jobId: no job ${jobId}`);
      if (job.state !== 'failed' && job.state !== 'fallback') {
        throw new errors.ValidationError(`jobId: job ${jobId} is ${job.state}; only failed or placeholder jobs can be retried`);
      }
      const target = { uid: job.targetUid, documentId: job.targetDocumentId, locale: job.targetLocale };
      const candidates = job.candidateAssetIds ?? [];
      if (!job.scenarioJobId) return this.generate(target);

      requireParticipating(job.targetUid);
      const [active] = (await jobs().forTarget(target, 5)).filter((other) => isActive(other.state));
      if (active) throw new errors.ApplicationError(`Job ${active.id} is already illustrating this article.`);
      const { deadlineSeconds } = getService(strapi, 'settings').current();
      const captions = job.candidateCaptions ?? [];
      let created: JobRow;
      if (candidates.length && captions.length === candidates.length) {
        const chosen = job.chosenAssetId && candidates.includes(job.chosenAssetId) ? job.chosenAssetId : candidates[0];
        const caption = captions[candidates.indexOf(chosen)] ?? '';
        created = await jobs().enqueueFrom(job, {
          trigger: 'retry',
          state: 'attaching',
          deadlineSeconds,
          chosenAssetId: chosen,
          text: altTextFromCaption({ caption, title: job.title ?? '', locale: job.targetLocale }),
        });
      } else {
        created = await jobs().enqueueFrom(job, { trigger: 'retry', state: candidates.length ? 'captioning' : 'generating', deadlineSeconds });
      }
      worker().wake();
      return created;
    },

    /** "About N credits per article": a dry run of one generation with the current settings (nothing is billed). */
    async estimate(): Promise<{ credits: number | null; reason?: string; size?: GenerateSize; unsupported?: string[] }> {
      const client = getService(strapi, 'scenario').client();
      if (!client) return { credits: null, reason: 'Scenario is not configured.' };
      const config = getService(strapi, 'settings').current();
      const estimate = await client.estimateGenerate(config.model.id, {
        prompt: 'An editorial illustration for a news article',
        // The style's negative prompt is one of the wishes: the estimate then says when the model has no input for it.
        negativePrompt: getService(strapi, 'settings').stylePreset().negativePrompt,
        numOutputs: config.numOutputs,
        aspectRatio: config.aspectRatio,
        ...(config.model.loraId ? { loraIds: [config.model.loraId], loraScales: [config.model.loraScale] } : {}),
      });
      return { credits: estimate.creditsCost, size: estimate.size, unsupported: estimate.unsupported };
    },
  };
};
