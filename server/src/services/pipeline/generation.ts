/**
 * The steps from the prepared job to the candidates: share another locale's image or submit once (and find a
 * submission whose answer was lost in Scenario's own job list), wait for the generation, and caption the candidates.
 */
import { BUDGET_REACHED, isBudgetReason } from '../../domain/budget';
import { languageOf } from '../../domain/language/locale';
import { drawsNothing } from '../../domain/prompt';
import { ScenarioError, isRefusal, isUnknownOutcome } from '../../scenario/errors';
import type { GenerateResult, ScenarioClient, ScenarioJob } from '../../scenario/types';
import { BudgetReached } from '../budget';
import { CANCELLED_REASON } from '../backfill';
import { HELD_UNTIL, isAutomaticTrigger, JOB_PRIORITY, LostLeaseError, SHARED_IMAGE_WAITS, type JobPatch, type JobRow } from '../jobs';
import { notBilled, type BudgetSteps } from './budget';
import type { PreparationSteps } from './preparation';
import { ALT_TEXT_SOURCE_WORDS, ARTICLE_DELETED, CEILING_RETRY_MS, generationInput, LISTED_WITHIN_MS, LOOKUP_INTERVAL_MS, altTextOf, articleLanguage, chooseCandidate, describe, chosenWithAltText, findListedJob, lostAnswer, now, placeholderPlan, type Holder, type RunContext, type Save, type Shared, type StepOutcome } from './shared';
import type { TextHelperSteps } from './text-helpers';
import { NOT_CONFIGURED } from '../scenario';

/** A locale waiting for another locale's image, which waits for the budget, looks again this often. */
const LEADER_BUDGET_LOOK_MS = 5 * 60_000;

/** At most this many paid submissions for one job: a second only after Scenario's list showed the first never came. */
const MAX_SUBMISSIONS = 2;

/** A placeholder instead of a submission: why (on the job) and the history note. */
type NoSubmission = { placeholder: string; note: string };

export function createGenerationSteps(shared: Shared, helpers: TextHelperSteps, preparation: PreparationSteps, budget: BudgetSteps) {
  const { settings, scenario, slots, articles, media, targetOf, ensureHeld, giveUpAt } = shared;
  const { prepare, sharedGeneration, unusedGeneration } = preparation;

  async function prepareAndSubmit(holder: Holder, save: Save, context: RunContext): Promise<StepOutcome> {
    let prepared;
    try {
      prepared = await prepare(holder, save, context);
    } catch (error) {
      // The translation refused: the budget leaves too little for the image after it.
      if (error instanceof BudgetReached) return budgetReached(holder, save, error);
      throw error;
    }
    if (!prepared) return 'next';
    // Its own images, paid for and never attached, before another locale's (a paid result is not left unused).
    const unused = unusedGeneration(holder.job, prepared);
    if (unused) {
      // Its chosen image and alt text too, when it got that far (a description is not paid for twice).
      const chosen = unused.alternativeText && unused.chosenAssetId
        ? { state: 'attaching' as const, alternativeText: unused.alternativeText, caption: unused.caption, altTextSource: unused.altTextSource }
        : { state: 'captioning' as const };
      await save({ ...donorsGeneration(unused), ...chosen }, `uses the images job ${unused.id} made and never attached`);
      return 'next';
    }
    const sharing = await shareAnotherLocalesImage(holder.job, save);
    if (sharing) return sharing;
    const ready = readyToSubmit(holder.job, prepared.hasText);
    if ('placeholder' in ready) {
      await save(placeholderPlan(ready.placeholder), ready.note);
      return 'next';
    }
    if (await backfillStopped(holder, save)) return 'wait';
    // Under Scenario's concurrency ceiling, across the cluster: waits here (nothing reserved yet) for a free slot.
    holder.job = await slots().take(holder.job, context.workerId, context.signal);
    // Paused or cancelled while it waited for the slot: the slot goes to the next one.
    if (await backfillStopped(holder, save)) {
      slots().freed();
      return 'wait';
    }
    try {
      return await submitGeneration(holder, save, context, ready.client);
    } catch (error) {
      // Failed before anything was sent (its quote, say): the slot is given back and the job waits as queued.
      if (holder.job.state === 'generating' && !holder.job.submittedAt && !context.signal.aborted && !(error instanceof LostLeaseError)) {
        await save({ state: 'queued' });
        slots().freed();
      }
      throw error;
    }
  }

  /**
   * A backfill paused or cancelled after this job was claimed: nothing is sent. Paused, it is held (with what it
   * prepared) until the backfill resumes; cancelled, it is skipped. Publishes that took the job over are not held.
   */
  async function backfillStopped(holder: Holder, save: Save): Promise<boolean> {
    const job = holder.job;
    if (job.backfillId === null || job.priority !== JOB_PRIORITY.backfill) return false;
    const state = await shared.backfills().stateOf(job.backfillId);
    if (state === 'paused') {
      await save({ state: 'queued', nextRunAt: HELD_UNTIL.toISOString() }, 'held: the backfill is paused');
      return true;
    }
    if (state === 'cancelled') {
      await save({ state: 'skipped', reason: CANCELLED_REASON, nextRunAt: null, finishedAt: now() }, CANCELLED_REASON);
      return true;
    }
    return false;
  }

  /**
   * Translations share one generation: a locale published with (or after) another one waits for that locale's
   * image, or reuses it, uploaded again with alt text in its own language. Never two paid generations for one
   * article. Null when this job generates its own.
   */
  async function shareAnotherLocalesImage(job: JobRow, save: Save): Promise<StepOutcome | null> {
    if (!isAutomaticTrigger(job.trigger)) return null;
    const { leader, donor } = await sharedGeneration(job);
    const waitedBefore = job.reason?.startsWith(SHARED_IMAGE_WAITS) ? { reason: null } : {};
    if (leader) {
      // Not an attempt: just wait a moment for the other locale's image. While that one waits for the budget, this one
      // says so and looks again now and then (the leader wakes it when it goes: wakeLocalesSharing). Its reason is not
      // the budget's: it costs nothing, and a backfill does not pause for it.
      const budgetWait = leader.state === 'queued' && isBudgetReason(leader.reason) && leader.nextRunAt ? new Date(leader.nextRunAt).getTime() : 0;
      const until = Math.max(Date.now() + 1000, budgetWait ? Math.min(budgetWait, Date.now() + LEADER_BUDGET_LOOK_MS) : 0);
      const waits = budgetWait ? { reason: `${SHARED_IMAGE_WAITS} (${leader.targetLocale ?? 'default locale'}). ${leader.reason}` } : waitedBefore;
      await save({ nextRunAt: new Date(until).toISOString(), state: 'queued', ...waits });
      return 'wait';
    }
    if (!donor) {
      // (Its own image now: the other locale's wait is not its reason any more.)
      if (waitedBefore.reason === null) await save({ ...waitedBefore, state: job.state });
      return null;
    }
    const note = `shares the image${donor.state === 'done' ? '' : 's'} of job ${donor.id} (${donor.targetLocale ?? 'default locale'})`;
    // Its images, and the prompt they were made from: the side panel shows that one, not one never sent. (Its wait for
    // the other locale's budget is over.)
    const taken = {
      ...donorsGeneration(donor), prompt: donor.prompt, localPrompt: donor.localPrompt, negativePrompt: donor.negativePrompt, style: donor.style,
      ...waitedBefore,
    };
    // Its own language's description of the shared image, when the text model is to write it; images never attached
    // may not be chosen or captioned yet (captioning does what is left).
    if (helpers.wantsDescription(job) || donor.state !== 'done') {
      await save({ state: 'captioning', ...taken }, note);
      return 'next';
    }
    const caption = donor.candidateCaptions?.[donor.candidateAssetIds!.indexOf(donor.chosenAssetId!)] ?? '';
    await save({ state: 'attaching', ...taken, ...altTextOf(job, caption) }, note);
    return 'next';
  }

  /** What a job takes over from the job whose images it uses (another locale's, or its own article's earlier job): paid once, by the donor. */
  function donorsGeneration(donor: JobRow): JobPatch {
    return {
      scenarioJobId: donor.scenarioJobId,
      candidateAssetIds: donor.candidateAssetIds,
      candidateCaptions: donor.candidateCaptions,
      chosenAssetId: donor.chosenAssetId,
      model: donor.model,
      seed: donor.seed,
      referenceAssetIds: donor.referenceAssetIds,
      // A caption call whose answer the donor lost is paid: not asked again for the same images.
      captionRequestedAt: donor.captionRequestedAt,
      creditsSpent: 0,
    };
  }

  /** The words its prompt was built from, in English (translated, or the article's own), name nothing to draw. */
  function nothingToDraw(job: JobRow): boolean {
    if (job.requestedPrompt) return false;
    if (job.translatedTitle !== null) return drawsNothing(job.translatedTitle, job.translatedKeyphrases ?? []);
    return articleLanguage(job) === 'en' && drawsNothing(job.title ?? '', job.keyphrases ?? []);
  }

  /** The client to submit with, or why the article gets the placeholder instead. */
  function readyToSubmit(job: JobRow, hasText: boolean): { client: ScenarioClient } | NoSubmission {
    const client = scenario().client();
    if (!client) return { placeholder: `${NOT_CONFIGURED}.`, note: 'placeholder: Scenario not configured' };
    if (!hasText) return { placeholder: 'The article has no text to illustrate.', note: 'placeholder: no text' };
    if (nothingToDraw(job)) {
      return {
        placeholder: 'Nothing in the article can be drawn: its title and keyphrases say only what the text is, or an act no editorial picture shows. Write a prompt in the side panel and regenerate.',
        note: 'placeholder: nothing to draw',
      };
    }
    if ((job.submissions ?? 0) >= MAX_SUBMISSIONS) {
      return { placeholder: 'Scenario did not take the job after two submissions.', note: 'placeholder: submissions exhausted' };
    }
    return { client };
  }

  /**
   * The paid submission. Recorded before the call: if the process dies while the request is in flight, the job is
   * found in `generating` without a Scenario job id and looks for its submission in Scenario's job list.
   */
  async function submitGeneration(holder: Holder, save: Save, context: RunContext, client: ScenarioClient): Promise<StepOutcome> {
    const config = settings().current();
    // The house-style references (uploaded once, then re-used) are named before the quote, which prices them too.
    const job = await withReferences(holder.job, save, client, config.model.id);
    const input = generationInput(job, config);
    // Its quote is held against the budget before anything is sent, at the instant recorded as its submission (which
    // names the month and day it counts in). A crash between the two leaves the quote counted: never too little.
    const submittedAt = new Date();
    let held: number;
    try {
      held = (await budget.reserveGeneration(await budget.quoteGeneration(client, input), submittedAt)).amount;
    } catch (error) {
      if (error instanceof BudgetReached) return budgetReached(holder, save, error);
      throw error;
    }
    const wasWaiting = isBudgetReason(job.reason) ? { reason: null, lastError: null } : {};
    await save(
      { state: 'generating', submittedAt: submittedAt.toISOString(), answerLostAt: null, budgetCredits: held, progress: 0, submissions: (job.submissions ?? 0) + 1, ...wasWaiting },
      'submitting to Scenario',
    );
    // Its other locales waiting for its image while it waited for the budget look again now, not in minutes.
    if (wasWaiting.reason === null) await shared.jobs().wakeLocalesSharing(targetOf(job));
    ensureHeld(holder.job, context);
    let submitted: GenerateResult;
    try {
      submitted = await client.generate(config.model.id, input);
    } catch (error) {
      return submissionFailed(job, save, error, holder.job);
    }
    await budget.settleGeneration(holder.job, submitted.creditsCost ?? held);
    await save(
      { scenarioJobId: submitted.jobId, creditsSpent: submitted.creditsCost ?? null, budgetCredits: submitted.creditsCost ?? held },
      `Scenario job ${submitted.jobId} (${describeSubmission(submitted)})`,
    );
    return 'next';
  }

  /**
   * A cap refuses the generation's quote (nothing was sent): the job waits for the next UTC period, or takes the
   * placeholder, as the settings say. A wait is not an attempt, and the give-up limit does not end it.
   */
  async function budgetReached(holder: Holder, save: Save, reached: BudgetReached): Promise<StepOutcome> {
    const job = holder.job;
    const why = reached.message;
    if (settings().current().budget.whenReached === 'placeholder') {
      await save(placeholderPlan(why), 'placeholder: budget reached');
      return 'next';
    }
    // A helper the budget refused left its fallback in the prompt: it is made again, with the helpers, when the job runs.
    const refusedHelper = (job.helperNotes ?? []).some((note) => note.includes(BUDGET_REACHED));
    await save(
      {
        state: 'queued',
        nextRunAt: reached.resumesAt.toISOString(),
        // Kept as it is when it only adds that the placeholder is up meanwhile.
        reason: job.reason?.startsWith(why) ? job.reason : why,
        lastError: why,
        ...(refusedHelper ? { prompt: null, helperNotes: null } : {}),
      },
      job.lastError === why ? undefined : `waiting for the budget: ${why}`,
    );
    return 'wait';
  }

  /**
   * Records on the job the reference images this generation sends (uploading what Scenario does not have yet), and
   * why some or all are not sent (a model without the input ignores them). Nothing to do without references.
   */
  async function withReferences(job: JobRow, save: Save, client: ScenarioClient, modelId: string): Promise<JobRow> {
    if (!(settings().current().referenceImages ?? []).length) return job.referenceAssetIds ? save({ referenceAssetIds: null }) : job;
    const { assetIds, notes } = await shared.referenceImages().forGeneration(client, modelId);
    const newNotes = notes.filter((note) => !(job.helperNotes ?? []).includes(note));
    return save(
      { referenceAssetIds: assetIds.length ? assetIds : null, ...(newNotes.length ? { helperNotes: [...(job.helperNotes ?? []), ...newNotes] } : {}) },
      assetIds.length ? `${assetIds.length} reference image(s): ${assetIds.join(', ')}` : newNotes[0],
    );
  }

  /** A submission without an answer is looked for, one certainly refused for a passing reason is sent again later. */
  async function submissionFailed(job: JobRow, save: Save, error: unknown, sent: Pick<JobRow, 'budgetCredits' | 'submittedAt'>): Promise<StepOutcome> {
    if (error instanceof ScenarioError && error.kind === 'unknown-outcome') {
      // Maybe created, maybe not: never sent again blindly. The next step looks for it in Scenario's job list (the
      // quote stays held until that says).
      await save({ lastError: describe(error), state: 'generating', answerLostAt: now() }, 'outcome unknown: looking for the job at Scenario');
      return 'next';
    }
    // Refused with an answer: not billed, so the quote is free again. Otherwise it stays counted, to be safe.
    if (notBilled(error)) {
      await budget.settleGeneration(sent, 0);
      await save({ budgetCredits: null });
    }
    if (error instanceof ScenarioError && error.actionLimit !== undefined) return concurrencyCeiling(job, save, error);
    if (error instanceof ScenarioError && error.retryable) {
      // Certainly not accepted (e.g. a 429 that outlived the client's retries): safe to submit again later.
      await save({ state: 'queued', submittedAt: null, submissions: job.submissions ?? 0 }, 'Scenario did not accept the job yet');
      throw error;
    }
    // (The error says what Scenario refused and why: "Scenario refused the image generation (400): …".)
    const reason = error instanceof ScenarioError && error.status !== undefined ? describe(error) : `Scenario did not generate: ${describe(error)}`;
    await save({ ...placeholderPlan(reason), submissions: job.submissions ?? 0 }, isRefusal(error) ? 'placeholder: Scenario refused it' : 'placeholder: submission failed');
    return 'next';
  }

  /**
   * Scenario's concurrency ceiling (a 429 naming it): not accepted, not paid. Every instance keeps under the limit from
   * now on; the job goes back to the queue without spending an attempt or a submission, and is sent when a slot frees.
   */
  async function concurrencyCeiling(job: JobRow, save: Save, error: ScenarioError): Promise<StepOutcome> {
    await slots().rateLimited(error.actionLimit!);
    // The count from before this submission, which did not happen (`job` may already be saved as submitted).
    const submissions = job.submittedAt ? Math.max(0, (job.submissions ?? 1) - 1) : (job.submissions ?? 0);
    await save(
      {
        state: 'queued',
        submittedAt: null,
        submissions,
        lastError: describe(error),
        nextRunAt: new Date(Date.now() + CEILING_RETRY_MS * (1 + Math.random())).toISOString(),
      },
      `Scenario allows ${error.actionLimit} generation(s) at once: sent again when one ends`,
    );
    return 'wait';
  }

  /** The size sent and the wishes the model has no input for, for the job's history. */
  function describeSubmission(submitted: GenerateResult): string {
    const size = submitted.size ? ('width' in submitted.size ? `${submitted.size.width}×${submitted.size.height}` : submitted.size.aspectRatio) : "the model's own size";
    const unsupported = submitted.unsupported.length ? `; not supported by the model: ${submitted.unsupported.join(', ')}` : '';
    return `${size}${unsupported}`;
  }

  /**
   * A submission whose answer was lost (a 5xx or reset after sending, or a crash mid-request): Scenario's own job
   * list says whether it was created. Found: carry on with it. Not there well after the answer was lost (a timeout
   * comes long after sending, and a request may still be carried out then): it never arrived, so it is sent again
   * (at most once). Still too early to tell: look again shortly.
   */
  async function findSubmission(holder: Holder, save: Save, client: ScenarioClient): Promise<StepOutcome> {
    const job = holder.job;
    const found = await findScenarioJob(client, job);
    if (found) {
      await save({ scenarioJobId: found.jobId, lastError: null, state: 'generating', answerLostAt: null }, `found the submission at Scenario: ${found.jobId}`);
      return 'next';
    }
    // (No time recorded: the process sending it was found gone; the lookups start now.)
    const lostAt = job.answerLostAt ? new Date(job.answerLostAt).getTime() : undefined;
    if (lostAt === undefined || Date.now() - lostAt < LISTED_WITHIN_MS) {
      await save({ nextRunAt: new Date(Date.now() + LOOKUP_INTERVAL_MS).toISOString(), state: 'generating', ...(lostAt === undefined ? { answerLostAt: now() } : {}) });
      return 'wait';
    }
    // Never billed: its quote is free again (the next submission holds its own).
    await budget.settleGeneration(job, 0);
    await save(
      { state: 'queued', submittedAt: null, answerLostAt: null, budgetCredits: null, lastError: null },
      "Scenario's job list shows the submission never arrived: it will be sent again",
    );
    return 'next';
  }

  function findScenarioJob(client: ScenarioClient, job: JobRow): Promise<ScenarioJob | undefined> {
    const sentAt = job.submittedAt ? new Date(job.submittedAt).getTime() : 0;
    // The seed only where the job shows one: a model that does not declare it drops it (Gemini). A failed job is not
    // this submission's (an earlier one's, of the same prompt and seed, on a retry), and was not paid; nor is one
    // another job of ours took (a regeneration of the same prompt minutes before, on a model without a seed).
    return findListedJob(
      client,
      sentAt,
      (remote) => remote.input?.prompt === job.prompt && (remote.input?.seed === undefined || remote.input.seed === job.seed) &&
        remote.status !== 'failure' && remote.status !== 'canceled',
      (ids) => shared.jobs().takenScenarioJobs(ids, job.id),
    );
  }

  async function awaitGeneration(holder: Holder, save: Save, context: RunContext): Promise<StepOutcome> {
    const client = scenario().client();
    if (!client) {
      await save(placeholderPlan(`${NOT_CONFIGURED}.`), 'placeholder: Scenario not configured');
      return 'next';
    }
    const job = holder.job;
    if (!job.scenarioJobId) return findSubmission(holder, save, client);
    const result = await waitForGeneration(job, job.scenarioJobId, save, context, client);
    if (!result) return 'next';
    return recordGeneration(job, save, result);
  }

  /**
   * Waits for Scenario's job, saving its progress in coarse steps (for the side panel; the worker's heartbeat keeps
   * the lease). Until the placeholder question is settled the wait stops at the deadline (to put it up), then at the
   * give-up limit; either way null, and the loop decides which.
   */
  async function waitForGeneration(job: JobRow, scenarioJobId: string, save: Save, context: RunContext, client: ScenarioClient): Promise<ScenarioJob | null> {
    let lastSavedProgress = job.progress ?? 0;
    const deadline = job.placeholderCheckedAt || !job.deadlineAt ? giveUpAt(job) : Math.min(new Date(job.deadlineAt).getTime(), giveUpAt(job));
    try {
      return await client.waitForJob(scenarioJobId, {
        deadline,
        signal: context.signal,
        onProgress: async (remote) => {
          if (remote.progress - lastSavedProgress >= 0.2) {
            lastSavedProgress = remote.progress;
            await save({ progress: remote.progress });
          }
        },
      });
    } catch (error) {
      if (context.signal.aborted) throw new LostLeaseError(job.id);
      if (error instanceof ScenarioError && error.kind === 'deadline') return null;
      throw error;
    }
  }

  /** The generation's end: candidates to caption; a failed retry generates afresh; anything else, the placeholder. */
  async function recordGeneration(job: JobRow, save: Save, result: ScenarioJob): Promise<StepOutcome> {
    const credits = result.creditsCost ?? (job.creditsSpent === null ? null : Number(job.creditsSpent));
    // The budget counts what the job really cost: Scenario's figure when it gives one; a failed job is refunded.
    const billed = result.creditsCost ?? (result.status === 'success' ? null : 0);
    if (billed !== null && job.budgetCredits !== null && billed !== Number(job.budgetCredits)) {
      await budget.settleGeneration(job, billed);
      job = await save({ budgetCredits: billed });
    }
    if (result.status === 'success' && result.assetIds.length > 0) {
      await save(
        { state: 'captioning', progress: 1, candidateAssetIds: result.assetIds, creditsSpent: credits, attempts: 0, lastError: null },
        `${result.assetIds.length} candidate(s)`,
      );
      return 'next';
    }
    const why = result.error ? `: ${result.error}` : '';
    // A retry looking at the earlier job's failed (and refunded) generation generates afresh, once: a generation it
    // sent itself that fails ends as any job's does (a moderated prompt fails every time; it was resent forever).
    const inherited = job.submittedAt !== null && new Date(job.submittedAt).getTime() < new Date(job.createdAt).getTime();
    if (job.trigger === 'retry' && result.status !== 'success' && inherited) {
      await save({ state: 'queued', scenarioJobId: null, submittedAt: null, submissions: 0, creditsSpent: null }, `Scenario job ${result.status}${why}: generating again`);
      return 'next';
    }
    await save(
      { ...placeholderPlan(`Scenario job ${result.status}${why}`), creditsSpent: result.status === 'success' ? credits : 0 },
      `placeholder: Scenario job ${result.status}`,
    );
    return 'next';
  }

  async function captionCandidates(job: JobRow, save: Save, context: RunContext): Promise<StepOutcome> {
    // Deleted while its images were made: nothing more is paid for (its images stay on the job for its other locales),
    // and its placeholder, if one went up, leaves the Media Library with it.
    if (!(await articles().hasDraft(targetOf(job)))) {
      if (job.placeholderFileId !== null) await media().removeIfUnused(job.placeholderFileId);
      await save({ state: 'skipped', reason: ARTICLE_DELETED, finishedAt: now() }, 'not captioned: the article was deleted');
      return 'next';
    }
    const candidates = job.candidateAssetIds ?? [];
    const client = scenario().client();
    if (!client || candidates.length === 0) {
      await save(placeholderPlan('No candidate image to caption.'), 'placeholder: no candidate');
      return 'next';
    }
    // An image already chosen (an editor's choice, another locale's, or chosen before the description) is not chosen
    // again: only its alt text is left, from the text model or its caption (asked for it alone when there is none and
    // the article is in English: in another language a caption could not be its alt text).
    const chosen = job.chosenAssetId;
    const captionUsable = languageOf(articleLanguage(job)) === 'en';
    if (chosen && (job.candidateCaptions?.length || helpers.wantsDescription(job) || !captionUsable)) return altTextForChosen(job, save, context);
    if (job.captionRequestedAt) {
      // Sent before a crash, its answer lost: it is paid, so it is not sent again.
      return withoutCaptions(job, save, context, 'The captions were asked for earlier (before a restart, by the job this one retries, or by the job whose images it uses) and their answer was lost; they are paid, so they are not asked for again', 'caption interrupted: not sent again');
    }
    let captions: string[];
    try {
      captions = await captionOnce(client, chosen ? [chosen] : candidates, save, context.signal);
    } catch (error) {
      if (error instanceof BudgetReached) {
        return withoutCaptions(job, save, context, `The captions were not asked for (${error.message.replace(/\.$/, '')})`, 'caption skipped: budget reached');
      }
      if (isUnknownOutcome(error)) {
        return withoutCaptions(job, save, context, `The captions failed (${lostAnswer(error)}); they are paid, so they are not asked for again`, 'caption failed after it was sent: not sent again');
      }
      throw error;
    }
    return chosen ? altTextForChosen(job, save, context, captions[0]) : chooseCandidateByCaption(job, save, context, captions);
  }

  /** The chosen image's alt text: its description in the article's language, or from its caption (or the title). */
  async function altTextForChosen(job: JobRow, save: Save, context: RunContext, caption = job.candidateCaptions?.[(job.candidateAssetIds ?? []).indexOf(job.chosenAssetId!)] ?? ''): Promise<StepOutcome> {
    if (helpers.wantsDescription(job)) return helpers.describeChosen(job, save, context);
    // (A caption call made for it answered, or none was needed: no mark stays.)
    await save({ state: 'attaching', ...altTextOf(job, caption), captionRequestedAt: null, attempts: 0 }, 'alt text for the chosen image');
    return 'next';
  }

  /**
   * One caption call for the images: the captions both pick the image and become its alt text. Marked on the job
   * before it is sent, so that neither a crash nor a lost answer sends it again.
   */
  async function captionOnce(client: ScenarioClient, images: string[], save: Save, signal: AbortSignal): Promise<string[]> {
    await save({ captionRequestedAt: now() });
    try {
      return await budget.caption(client, images, budget.chargeTo(save), signal);
    } catch (error) {
      // Failed with an answer, or never left: it may be made again.
      if (!isUnknownOutcome(error)) await save({ captionRequestedAt: null });
      throw error;
    }
  }

  /**
   * The paid images go up without captions: the chosen or first candidate, described by the text model when it is to
   * write the alt text (it needs no caption), else with alt text from the title; why, on the job.
   */
  async function withoutCaptions(job: JobRow, save: Save, context: RunContext, why: string, log: string): Promise<StepOutcome> {
    const chosenAssetId = job.chosenAssetId ?? job.candidateAssetIds![0];
    if (helpers.wantsDescription(job)) {
      const saved = await save({ state: 'captioning', chosenAssetId, helperNotes: [...(job.helperNotes ?? []), `${why}.`], attempts: 0 }, log);
      return helpers.describeChosen(saved, save, context);
    }
    const from = `alt text from ${ALT_TEXT_SOURCE_WORDS[altTextOf(job, '').altTextSource]}`;
    await save(chosenWithAltText(job, '', `${why}: ${from}.`), `${log}, ${from}`);
    return 'next';
  }

  /** Chooses by the captions, then the alt text: described by the text model, or from the chosen caption. */
  async function chooseCandidateByCaption(job: JobRow, save: Save, context: RunContext, captions: string[]): Promise<StepOutcome> {
    const candidates = job.candidateAssetIds ?? [];
    // Captions are English: a non-English article's keyphrases are matched in their translation.
    const chosen = chooseCandidate(captions, job.translatedKeyphrases ?? job.keyphrases ?? []);
    if (helpers.wantsDescription(job)) {
      // Saved first: a crash during the description does not lose the captions (and does not ask for them again).
      const saved = await save(
        { state: 'captioning', candidateCaptions: captions, captionRequestedAt: null, chosenAssetId: candidates[chosen], attempts: 0, lastError: null },
        `chose ${candidates[chosen]}`,
      );
      return helpers.describeChosen(saved, save, context);
    }
    await save(
      {
        state: 'attaching',
        candidateCaptions: captions,
        captionRequestedAt: null,
        chosenAssetId: candidates[chosen],
        ...altTextOf(job, captions[chosen]),
        attempts: 0,
        lastError: null,
      },
      `chose ${candidates[chosen]}`,
    );
    return 'next';
  }

  return { prepareAndSubmit, awaitGeneration, captionCandidates };
}

export type GenerationSteps = ReturnType<typeof createGenerationSteps>;
