import type { Core } from '@strapi/strapi';
import { appendHistory } from '../domain/job-states';
import { getService } from '../utils/get-service';
import type { JobRow } from './jobs';

/**
 * Candidates that arrive after their job ended with the placeholder (Scenario finished after the job gave up): they
 * were paid for, so they are fetched and offered in the side panel, and replace nothing on their own; an editor
 * chooses one with "Use this image".
 *
 * A job qualifies while `candidateAssetIds` is null: found candidates are stored there, and a Scenario job that
 * failed or was cancelled leaves an empty list, so it is not asked about again.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const jobs = () => getService(strapi, 'jobs');

  async function check(job: JobRow): Promise<void> {
    const client = getService(strapi, 'scenario').client();
    if (!client || !job.scenarioJobId) return;
    const checkedAt = new Date().toISOString();
    // Conditional on the job as read: two instances sweeping at once record one answer.
    const record = (data: Partial<JobRow>) => jobs().recordLateCheck(job, { state: 'fallback', candidateAssetIds: { $null: true } }, { lateCheckedAt: checkedAt, ...data });
    let scenarioJob;
    try {
      scenarioJob = await client.getJob(job.scenarioJobId);
    } catch {
      await record({});
      return;
    }
    const over = scenarioJob.status === 'failure' || scenarioJob.status === 'canceled';
    if (scenarioJob.status === 'success' && scenarioJob.assetIds.length) {
      const note = `${scenarioJob.assetIds.length} candidate(s) arrived after the job ended: offered in the side panel`;
      await record({
        candidateAssetIds: scenarioJob.assetIds,
        candidateCaptions: null,
        ...(scenarioJob.creditsCost !== undefined && !Number(job.creditsSpent) ? { creditsSpent: scenarioJob.creditsCost } : {}),
        history: appendHistory(job.history, { at: checkedAt, state: 'fallback', note }),
      });
    } else {
      await record(over || scenarioJob.status === 'success' ? { candidateAssetIds: [] } : {});
    }
  }

  return {
    /** One pass: a few ended jobs whose Scenario job may have finished since (called from the worker's clock). */
    async sweep(): Promise<void> {
      if (!getService(strapi, 'scenario').client()) return;
      const rows = await jobs().dueForLateCheck({ state: 'fallback', scenarioJobId: { $notNull: true }, candidateAssetIds: { $null: true } });
      for (const job of rows) await check(job);
    },
  };
};
