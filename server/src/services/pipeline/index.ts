import type { Core } from '@strapi/strapi';
import { holdsSlot, isActive, retryDelayMs } from '../../domain/job-states';
import { ScenarioError, isRefusal } from '../../scenario/errors';
import { LostLeaseError, type JobRow } from '../jobs';
import { isBudgetReason } from '../../domain/budget';
import { createAttachmentSteps } from './attachment';
import { createBudgetSteps } from './budget';
import { createGenerationSteps } from './generation';
import { createPreparationSteps } from './preparation';
import { createShared, describe, describeDuration, now, type Holder, type RunContext, type Save, type StepOutcome } from './shared';
import { createTextHelperSteps } from './text-helpers';

export type { RunContext } from './shared';

/**
 * Carries one job from its stored state to a finished one. Each step saves its outcome before the next begins,
 * which is what makes a restart safe: nothing paid for is ever asked for twice, and nothing paid for is dropped.
 *
 * The deadline does not end a job: past it, the article gets a placeholder while the job goes on, and the image
 * replaces the placeholder when it arrives. Only the give-up limit (`giveUpAfterSeconds`) ends the wait.
 */

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const shared = createShared(strapi);
  const { settings, scenario, slots, saverFor, giveUp, giveUpAt } = shared;
  const budget = createBudgetSteps(shared);
  const helpers = createTextHelperSteps(shared, budget);
  const preparation = createPreparationSteps(strapi, shared, helpers);
  const { prepareAndSubmit, awaitGeneration, captionCandidates } = createGenerationSteps(shared, helpers, preparation, budget);
  const { attach, showPlaceholder } = createAttachmentSteps(shared, preparation);

  async function process(initial: JobRow, context: RunContext): Promise<JobRow> {
    const holder: Holder = { job: initial };
    const save = saverFor(holder, context);
    const config = settings().current();

    while (!context.signal.aborted && isActive(holder.job.state)) {
      const job = holder.job;
      let outcome: StepOutcome;
      try {
        if (placeholderDue(job)) await showPlaceholder(holder, save, context);
        if (!isActive(holder.job.state)) break;
        if (pastGiveUp(holder.job)) {
          await giveUp(holder.job, save, `No image within ${describeDuration(config.giveUpAfterSeconds)} of publishing.`);
          continue;
        }
        switch (holder.job.state) {
          case 'queued':
            outcome = await prepareAndSubmit(holder, save, context);
            break;
          case 'generating':
            outcome = await awaitGeneration(holder, save, context);
            break;
          case 'captioning':
            outcome = await captionCandidates(holder.job, save, context);
            break;
          default:
            outcome = await attach(holder, save, context);
            break;
        }
      } catch (error) {
        if (context.signal.aborted || error instanceof LostLeaseError) throw error;
        outcome = await recordFailure(holder, save, context, error);
      }
      // Past its generation and description: its slot under Scenario's ceiling is free, and a submission waiting on
      // this instance goes now (other instances see it at their next look).
      if (holdsSlot(job.state) && !holdsSlot(holder.job.state)) slots().freed();
      if (outcome === 'wait') break;
    }
    return holder.job;
  }

  /**
   * A failed step. Scenario being unreachable is not the job's fault: the placeholder goes up at once and the job
   * waits for the next probe, without spending an attempt. Anything else is tried again with backoff; an error that
   * cannot pass (a 400, a refused prompt) or too many attempts end in the placeholder instead.
   */
  async function recordFailure(holder: Holder, save: Save, context: RunContext, error: unknown): Promise<StepOutcome> {
    const config = settings().current();
    const job = holder.job;
    const why = describe(error);
    if (scenario().isUnreachable(error)) {
      if (!job.placeholderCheckedAt && job.trigger !== 'choose') await showPlaceholder(holder, save, context, why);
      const nextRunAt = new Date(Math.max(scenario().nextProbeAt(), Date.now() + 1000)).toISOString();
      await save({ lastError: why, nextRunAt, state: holder.job.state }, holder.job.lastError === why ? undefined : `waiting for Scenario: ${why}`);
      return 'wait';
    }
    const attempts = job.attempts + 1;
    const final = error instanceof ScenarioError && !error.retryable;
    if (final || attempts >= config.worker.maxAttempts) {
      await giveUp(job, save, final ? why : `Gave up after ${attempts} attempt(s): ${why}`, isRefusal(error));
      return 'next';
    }
    const nextRunAt = new Date(Date.now() + retryDelayMs(attempts)).toISOString();
    await save({ attempts, lastError: why, nextRunAt, state: job.state }, `attempt ${attempts} failed: ${why}`);
    return 'wait';
  }

  /** Past its deadline (or with Scenario away) a job that has not yet decided about a placeholder does so now. */
  function placeholderDue(job: JobRow): boolean {
    return (
      !job.placeholderCheckedAt &&
      !job.usePlaceholder &&
      job.trigger !== 'choose' &&
      (job.state === 'queued' || job.state === 'generating' || job.state === 'captioning') &&
      job.deadlineAt !== null &&
      new Date(job.deadlineAt).getTime() <= Date.now()
    );
  }

  /**
   * Waiting for the generation ends at the give-up limit; a paid image being captioned or attached does not, nor a
   * job waiting for the next budget period (it was told to wait for it).
   */
  function pastGiveUp(job: JobRow): boolean {
    if (job.state !== 'queued' && job.state !== 'generating') return false;
    if (job.state === 'queued' && isBudgetReason(job.reason)) return false;
    return Date.now() >= giveUpAt(job);
  }

  /** For the worker's sweep: a job waiting (backlog, retry, outage) past its deadline gets its placeholder now. */
  async function showPlaceholderNow(initial: JobRow, context: RunContext, why?: string): Promise<JobRow> {
    const holder: Holder = { job: initial };
    const save = saverFor(holder, context);
    if (holder.job.placeholderCheckedAt || !isActive(holder.job.state) || holder.job.state === 'attaching') return holder.job;
    try {
      await showPlaceholder(holder, save, context, why ?? scenario().outage()?.reason);
    } catch (error) {
      if (context.signal.aborted || error instanceof LostLeaseError) throw error;
      // Not asked again at every poll: the job's own steps end in the placeholder anyway if the image never comes.
      await save({ placeholderCheckedAt: now(), lastError: describe(error), state: holder.job.state }, `placeholder could not be shown: ${describe(error)}`);
    }
    return holder.job;
  }

  return { process, showPlaceholderNow };
};
