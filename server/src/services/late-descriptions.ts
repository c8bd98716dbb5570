import type { Core } from '@strapi/strapi';
import { altTextFromDescription } from '../domain/alt-text';
import { appendHistory } from '../domain/job-states';
import { getService } from '../utils/get-service';
import type { JobRow } from './jobs';
import { articleLanguage } from './pipeline/shared';

/** Reading a finished description's text. */
const READ_TIMEOUT_MS = 30_000;

/**
 * Descriptions that outlived their call (`describeJobId`): the image went up with alt text from the title, and
 * Scenario went on with the description, which it bills. When it ends, its text becomes the image's alt text, unless
 * an editor has changed the alt text meanwhile (then it is only noted on the job).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const jobs = () => getService(strapi, 'jobs');

  async function check(job: JobRow): Promise<void> {
    const client = getService(strapi, 'scenario').client();
    if (!client || !job.describeJobId) return;
    const at = new Date().toISOString();
    let checkedAt = job.lateCheckedAt;
    // Conditional on the job as read: two instances sweeping at once, or a newer description, win over this one.
    const record = (data: Partial<JobRow>) =>
      jobs().recordLateCheck({ ...job, lateCheckedAt: checkedAt }, { describeJobId: job.describeJobId }, { lateCheckedAt: at, ...data });
    const done = (note: string, patch: Partial<JobRow> = {}) =>
      record({ ...patch, describeJobId: null, history: appendHistory(job.history, { at, state: job.state, note }) });
    let text: string;
    try {
      const remote = await client.getJob(job.describeJobId);
      if (remote.status === 'failure' || remote.status === 'canceled') {
        await done(`the late description ended in ${remote.status}: alt text from the title stays`);
        return;
      }
      // Of another image than the one shown (a candidate swapped in since): not its alt text.
      const described = remote.input?.images;
      if (Array.isArray(described) && described[0] !== job.chosenAssetId) {
        await done('the late description is of another image than the one shown: alt text from the title stays');
        return;
      }
      if (remote.status !== 'success') {
        await record({});
        return;
      }
      text = (await client.describeResult(job.describeJobId, { deadline: Date.now() + READ_TIMEOUT_MS })).text;
    } catch {
      // Asked again at the next check (a passing failure; a job Scenario no longer has ends with the window).
      await record({});
      return;
    }
    const language = articleLanguage(job);
    const described = altTextFromDescription({ text, locale: language });
    if (!described) return void (await done("the late description was not usable as alt text: alt text from the title stays"));
    if (await getService(strapi, 'text-analysis').answeredInEnglish(described.alternativeText, language).catch(() => false)) {
      return void (await done('the late description came back in English: alt text from the title stays'));
    }
    if (job.fileId === null) return void (await done('the late description arrived, but the image was not attached: nothing to change'));
    // Taken before the file's alt text changes: the instance that loses the race leaves the file alone.
    if (!(await record({}))) return;
    // (As the database gives it back, whatever it makes of the date written.)
    checkedAt = (await jobs().findOne(job.id))?.lateCheckedAt ?? at;
    const replaced = job.alternativeText !== null && (await getService(strapi, 'media').replaceAltText(job.fileId, job.alternativeText, described.alternativeText));
    if (!replaced) return void (await done('the late description arrived after the alt text was changed: the alt text stays as it is'));
    await done('alt text from the text model, whose description arrived after the image went up', { ...described, altTextSource: 'text-model' });
  }

  return {
    /** One pass: a few jobs whose description may have ended since (called from the worker's clock). */
    async sweep(): Promise<void> {
      if (!getService(strapi, 'scenario').client()) return;
      const rows = await jobs().dueForLateCheck({ describeJobId: { $notNull: true }, usePlaceholder: false });
      for (const job of rows) await check(job);
    },
  };
};
