import { createHash, randomInt } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { altTextFromCaption, placeholderAltText, truncateAtWord } from '../domain/alt-text';
import { isActive, retryDelayMs } from '../domain/job-states';
import { renderPlaceholder } from '../domain/placeholder';
import { toWebImage } from '../domain/web-image';
import { buildPrompt, sanitizePromptText } from '../domain/prompt';
import { ScenarioError } from '../scenario/errors';
import type { ScenarioClient, ScenarioJob } from '../scenario/types';
import type { ContentTypeSettings } from '../config/schema';
import { getService } from '../utils/get-service';
import { LostLeaseError, type IllustrationTarget, type JobPatch, type JobRow } from './jobs';
import type { FileProvenance } from './media';

export interface RunContext {
  workerId: string;
  signal: AbortSignal;
}

/** A step that cannot finish now but may later: the job keeps its state and is tried again after a delay. */
class RetryLater extends Error {}

/** What a step did: `next` carries on with the job at once, `wait` hands it back until its `nextRunAt`. */
type StepOutcome = 'next' | 'wait';
type Save = (patch: JobPatch, note?: string) => Promise<JobRow>;

const SEED_MAX = 2147483647;
const MAX_ERROR_LENGTH = 500;
/** A submission that may have reached Scenario is looked for in its job list for this long before it counts as lost. */
const SUBMISSION_VISIBLE_AFTER_MS = 15_000;
/** How often to look again for such a submission. */
const SUBMISSION_LOOKUP_INTERVAL_MS = 5_000;
/** Pages of Scenario's job list searched for a submission (newest first). */
const SUBMISSION_LOOKUP_PAGES = 3;
/** At most this many paid submissions for one job: a second only after Scenario's list showed the first never came. */
const MAX_SUBMISSIONS = 2;

/**
 * Carries one job from its stored state to a finished one. Each step saves its outcome before the next begins,
 * which is what makes a restart safe: nothing paid for is ever asked for twice, and nothing paid for is dropped.
 *
 * The deadline does not end a job: past it, the article gets a placeholder while the job goes on, and the image
 * replaces the placeholder when it arrives. Only the give-up limit (`giveUpAfterSeconds`) ends the wait.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings');
  const jobs = () => getService(strapi, 'jobs');
  const articles = () => getService(strapi, 'articles');
  const media = () => getService(strapi, 'media');
  const scenario = () => getService(strapi, 'scenario');

  const targetOf = (job: JobRow): IllustrationTarget => ({
    uid: job.targetUid,
    documentId: job.targetDocumentId,
    locale: job.targetLocale,
  });

  function saverFor(holder: { job: JobRow }, context: RunContext): Save {
    const { leaseSeconds } = settings().current().worker;
    return (patch, note) => {
      // A worker that lost its lease stops before its next side effect; the save itself also checks the lease.
      if (context.signal.aborted) return Promise.reject(new LostLeaseError(holder.job.id));
      return jobs()
        .save(holder.job, context.workerId, patch, leaseSeconds, note)
        .then((saved) => (holder.job = saved));
    };
  }

  /** Throws when the worker no longer holds the job: called before anything that costs money or touches media. */
  function ensureHeld(job: JobRow, context: RunContext) {
    if (context.signal.aborted) throw new LostLeaseError(job.id);
  }

  async function process(initial: JobRow, context: RunContext): Promise<JobRow> {
    const holder = { job: initial };
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
      if (outcome === 'wait') break;
    }
    return holder.job;
  }

  /**
   * A failed step. Scenario being unreachable is not the job's fault: the placeholder goes up at once and the job
   * waits for the next probe, without spending an attempt. Anything else is tried again with backoff; an error that
   * cannot pass (a 400, a refused prompt) or too many attempts end in the placeholder instead.
   */
  async function recordFailure(holder: { job: JobRow }, save: Save, context: RunContext, error: unknown): Promise<StepOutcome> {
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
      await giveUp(job, save, final ? why : `Gave up after ${attempts} attempt(s): ${why}`);
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

  /** Waiting for the generation ends at the give-up limit; a paid image being captioned or attached does not. */
  function pastGiveUp(job: JobRow): boolean {
    if (job.state !== 'queued' && job.state !== 'generating') return false;
    return Date.now() >= giveUpAt(job);
  }

  const giveUpAt = (job: JobRow) => new Date(job.createdAt).getTime() + settings().current().giveUpAfterSeconds * 1000;

  /**
   * Reads the article and decides whether there is anything to do; if so, records title, keyphrases and prompt on
   * the job (state unchanged) and returns the article's text hash. Null when the job ended here (skipped).
   */
  async function prepare(holder: { job: JobRow }, save: Save): Promise<{ contentType: ContentTypeSettings; textHash: string; hasText: boolean } | null> {
    const job = holder.job;
    const target = targetOf(job);
    const contentType = settings().contentType(job.targetUid);
    if (!contentType) {
      await save({ state: 'skipped', reason: 'This content type no longer takes part.', finishedAt: now() });
      return null;
    }
    const others = (await jobs().forTarget(target)).filter((other) => other.id !== job.id);
    const earlier = others.find((other) => other.id < job.id && isActive(other.state));
    if (earlier) {
      await save({ state: 'skipped', reason: `Job ${earlier.id} is already illustrating this article.`, finishedAt: now() });
      return null;
    }
    const article = await articles().readPublished(target, contentType);
    if (!article) {
      await save({ state: 'skipped', reason: 'The article is no longer published.', finishedAt: now() });
      return null;
    }

    const textHash = createHash('sha256').update(`${article.title}\n${article.text}`).digest('hex');
    const current = await ownershipOf(article.imageFileId, others, target);
    if (!mayReplace(job, contentType, current.kind)) {
      await save({ state: 'skipped', reason: `The "${contentType.imageField}" field already has an image.`, textHash, finishedAt: now() });
      return null;
    }
    // Unchanged since our image went up: known from the job history, or from the image itself (it carries the text
    // hash it was made for), so a reinstall with an empty job table does not buy the same image again.
    const lastDone = others.find((other) => other.state === 'done');
    const unchanged =
      (lastDone?.textHash === textHash && article.imageFileId === lastDone.fileId) || (current.kind === 'image' && current.textHash === textHash);
    if (job.trigger === 'publish' && unchanged) {
      await save({ state: 'skipped', reason: 'The article has not changed since it was last illustrated.', textHash, finishedAt: now() });
      return null;
    }
    if (job.prompt !== null && job.textHash === textHash) return { contentType, textHash, hasText: Boolean(article.title || article.text) };

    // Rarity on this site sharpens the keyphrases; each article is counted once, the first time it is illustrated.
    const termStats = getService(strapi, 'term-stats');
    const stats = await termStats.forDocument(article);
    if (others.length === 0 && job.textHash === null) await termStats.addDocument(article);

    const config = settings().current();
    const style = settings().stylePreset();
    // Text that cannot be read in time: the prompt is built from the title alone, and the job says so.
    let unread: string | undefined;
    const keyphrases = await getService(strapi, 'text-analysis')
      .keyphrases(article, { limit: 10, stats })
      .then(
        (found) => found.map((k) => k.phrase),
        (error: unknown) => {
          unread = describe(error);
          return [] as string[];
        },
      );
    const built = buildPrompt({ title: article.title, keyphrases, style, maxLength: config.model.maxPromptLength });
    const prompt = job.requestedPrompt
      ? { ...built, prompt: truncateAtWord(sanitizePromptText(job.requestedPrompt), config.model.maxPromptLength) || built.prompt }
      : built;
    await save({
      title: article.title.slice(0, 250),
      textHash,
      keyphrases,
      prompt: prompt.prompt,
      negativePrompt: prompt.negativePrompt ?? null,
      style: style.id,
      model: config.model.loraId ? `${config.model.id} + ${config.model.loraId}` : config.model.id,
      seed: randomInt(SEED_MAX),
      ...(unread ? { state: job.state, lastError: `Keyphrases could not be read: ${unread}` } : {}),
    }, unread ? `keyphrases could not be read (${unread}): prompt from the title alone` : undefined);
    return { contentType, textHash, hasText: Boolean(article.title || article.text) };
  }

  async function prepareAndSubmit(holder: { job: JobRow }, save: Save, context: RunContext): Promise<StepOutcome> {
    const prepared = await prepare(holder, save);
    if (!prepared) return 'next';
    const job = holder.job;
    const target = targetOf(job);

    // Translations share one generation: a locale published with (or after) another one reuses that locale's
    // image, uploaded again with alt text in its own language. Never two paid generations for one article.
    if (job.trigger === 'publish') {
      const siblings = await jobs().otherLocales(target);
      const leader = siblings.find((other) => isActive(other.state) && other.id < job.id && other.trigger === 'publish');
      if (leader) {
        // Not an attempt: just wait a moment for the other locale's image.
        await save({ nextRunAt: new Date(Date.now() + 1000).toISOString(), state: 'queued' });
        return 'wait';
      }
      const donor = siblings.find((other) => other.state === 'done' && other.chosenAssetId && other.candidateAssetIds?.includes(other.chosenAssetId));
      if (donor) {
        const caption = donor.candidateCaptions?.[donor.candidateAssetIds!.indexOf(donor.chosenAssetId!)] ?? '';
        await save(
          {
            state: 'attaching',
            scenarioJobId: donor.scenarioJobId,
            candidateAssetIds: donor.candidateAssetIds,
            candidateCaptions: donor.candidateCaptions,
            chosenAssetId: donor.chosenAssetId,
            model: donor.model,
            seed: donor.seed,
            creditsSpent: 0,
            ...altTextFromCaption({ caption, title: job.title ?? '', locale: job.targetLocale }),
          },
          `shares the image of job ${donor.id} (${donor.targetLocale ?? 'default locale'})`,
        );
        return 'next';
      }
    }

    const client = scenario().client();
    if (!client) {
      await save(placeholderPlan('Scenario is not configured (set SCENARIO_API_KEY and SCENARIO_API_SECRET).'), 'placeholder: Scenario not configured');
      return 'next';
    }
    if (!prepared.hasText) {
      await save(placeholderPlan('The article has no text to illustrate.'), 'placeholder: no text');
      return 'next';
    }
    if ((job.submissions ?? 0) >= MAX_SUBMISSIONS) {
      await save(placeholderPlan('Scenario did not take the job after two submissions.'), 'placeholder: submissions exhausted');
      return 'next';
    }

    // Saved before the call: if the process dies while the request is in flight, the job is found in
    // `generating` without a Scenario job id and looks for its submission in Scenario's job list.
    ensureHeld(job, context);
    const config = settings().current();
    await save({ state: 'generating', submittedAt: now(), progress: 0, submissions: (job.submissions ?? 0) + 1 }, 'submitting to Scenario');
    ensureHeld(holder.job, context);
    let submitted;
    try {
      submitted = await client.generate(config.model.id, {
        prompt: job.prompt ?? '',
        negativePrompt: job.negativePrompt ?? undefined,
        numOutputs: config.numOutputs,
        seed: job.seed ?? undefined,
        aspectRatio: config.aspectRatio,
        ...(config.model.loraId ? { loraIds: [config.model.loraId], loraScales: [config.model.loraScale] } : {}),
      });
    } catch (error) {
      if (error instanceof ScenarioError && error.kind === 'unknown-outcome') {
        // Maybe created, maybe not: never sent again blindly. The next step looks for it in Scenario's job list.
        await save({ lastError: describe(error), state: 'generating' }, 'outcome unknown: looking for the job at Scenario');
        return 'next';
      }
      if (error instanceof ScenarioError && error.retryable) {
        // Certainly not accepted (e.g. a 429 that outlived the client's retries): safe to submit again later.
        await save({ state: 'queued', submittedAt: null, submissions: job.submissions ?? 0 }, 'Scenario did not accept the job yet');
        throw error;
      }
      await save({ ...placeholderPlan(`Scenario did not generate: ${describe(error)}`), submissions: job.submissions ?? 0 }, 'placeholder: submission refused');
      return 'next';
    }
    const size = submitted.size ? ('width' in submitted.size ? `${submitted.size.width}×${submitted.size.height}` : submitted.size.aspectRatio) : "the model's own size";
    const unsupported = submitted.unsupported.length ? `; not supported by the model: ${submitted.unsupported.join(', ')}` : '';
    await save({ scenarioJobId: submitted.jobId, creditsSpent: submitted.creditsCost ?? null }, `Scenario job ${submitted.jobId} (${size}${unsupported})`);
    return 'next';
  }

  /**
   * A submission whose answer was lost (a 5xx or reset after sending, or a crash mid-request): Scenario's own job
   * list says whether it was created. Found: carry on with it. Not there well after sending: it never arrived, so
   * it is sent again (at most once). Still too early to tell: look again shortly.
   */
  async function findSubmission(holder: { job: JobRow }, save: Save, client: ScenarioClient): Promise<StepOutcome> {
    const job = holder.job;
    const found = await findScenarioJob(client, job);
    if (found) {
      await save({ scenarioJobId: found.jobId, lastError: null, state: 'generating' }, `found the submission at Scenario: ${found.jobId}`);
      return 'next';
    }
    const sentAt = job.submittedAt ? new Date(job.submittedAt).getTime() : 0;
    if (Date.now() - sentAt < SUBMISSION_VISIBLE_AFTER_MS) {
      await save({ nextRunAt: new Date(Date.now() + SUBMISSION_LOOKUP_INTERVAL_MS).toISOString(), state: 'generating' });
      return 'wait';
    }
    await save(
      { state: 'queued', submittedAt: null, lastError: null },
      "Scenario's job list shows the submission never arrived: it will be sent again",
    );
    return 'next';
  }

  async function findScenarioJob(client: ScenarioClient, job: JobRow): Promise<ScenarioJob | undefined> {
    const sentAt = job.submittedAt ? new Date(job.submittedAt).getTime() : 0;
    let paginationToken: string | undefined;
    for (let page = 0; page < SUBMISSION_LOOKUP_PAGES; page++) {
      const listed = await client.listJobs({ pageSize: 50, paginationToken });
      const match = listed.jobs.find((remote) => remote.input?.seed === job.seed && remote.input?.prompt === job.prompt);
      if (match) return match;
      // Newest first: once the list is older than the submission (with a margin for clock skew), stop.
      const oldest = listed.jobs[listed.jobs.length - 1];
      if (!listed.nextPaginationToken || (oldest?.createdAt && new Date(oldest.createdAt).getTime() < sentAt - 10 * 60_000)) break;
      paginationToken = listed.nextPaginationToken;
    }
    return undefined;
  }

  async function awaitGeneration(holder: { job: JobRow }, save: Save, context: RunContext): Promise<StepOutcome> {
    const client = scenario().client();
    if (!client) {
      await save(placeholderPlan('Scenario is no longer configured.'), 'placeholder: Scenario not configured');
      return 'next';
    }
    const job = holder.job;
    const scenarioJobId = job.scenarioJobId;
    if (!scenarioJobId) return findSubmission(holder, save, client);

    let lastSavedProgress = job.progress ?? 0;
    // Until the placeholder question is settled the wait stops at the deadline (to put it up); then at the give-up limit.
    const deadline = job.placeholderCheckedAt || !job.deadlineAt ? giveUpAt(job) : Math.min(new Date(job.deadlineAt).getTime(), giveUpAt(job));
    let result: ScenarioJob;
    try {
      result = await client.waitForJob(scenarioJobId, {
        deadline,
        signal: context.signal,
        // Progress is saved in coarse steps, for the side panel; the worker's heartbeat keeps the lease.
        onProgress: async (remote) => {
          if (remote.progress - lastSavedProgress >= 0.2) {
            lastSavedProgress = remote.progress;
            await save({ progress: remote.progress });
          }
        },
      });
    } catch (error) {
      if (context.signal.aborted) throw new LostLeaseError(job.id);
      // The deadline (placeholder now, keep waiting) or the give-up limit: the loop decides which.
      if (error instanceof ScenarioError && error.kind === 'deadline') return 'next';
      throw error;
    }
    const credits = result.creditsCost ?? (job.creditsSpent === null ? null : Number(job.creditsSpent));
    if (result.status !== 'success' || result.assetIds.length === 0) {
      const why = result.error ? `: ${result.error}` : '';
      if (job.trigger === 'retry' && result.status !== 'success') {
        // A retry of a job whose generation failed (and was refunded): generate afresh.
        await save({ state: 'queued', scenarioJobId: null, submittedAt: null, submissions: 0, creditsSpent: null }, `Scenario job ${result.status}${why}: generating again`);
        return 'next';
      }
      await save(
        { ...placeholderPlan(`Scenario job ${result.status}${why}`), creditsSpent: result.status === 'success' ? credits : 0 },
        `placeholder: Scenario job ${result.status}`,
      );
      return 'next';
    }
    await save(
      { state: 'captioning', progress: 1, candidateAssetIds: result.assetIds, creditsSpent: credits, attempts: 0, lastError: null },
      `${result.assetIds.length} candidate(s)`,
    );
    return 'next';
  }

  async function captionCandidates(job: JobRow, save: Save, context: RunContext): Promise<StepOutcome> {
    const candidates = job.candidateAssetIds ?? [];
    const client = scenario().client();
    if (!client || candidates.length === 0) {
      await save(placeholderPlan('No candidate image to caption.'), 'placeholder: no candidate');
      return 'next';
    }
    if (job.captionRequestedAt) {
      // The caption call was sent and its answer lost in a crash: it is paid, so it is not sent again. The first
      // candidate goes up with alt text from the title.
      const text = altTextFromCaption({ caption: '', title: job.title ?? '', locale: job.targetLocale });
      await save({ state: 'attaching', chosenAssetId: candidates[0], ...text, attempts: 0 }, 'caption interrupted: not sent again, alt text from the title');
      return 'next';
    }
    ensureHeld(job, context);
    await save({ captionRequestedAt: now() });
    let captions: string[];
    try {
      // One caption call for all candidates: the captions both pick the image and become its alt text.
      captions = await client.caption(candidates);
    } catch (error) {
      // The call failed with an answer (or never left): it may be made again.
      await save({ captionRequestedAt: null });
      throw error;
    }
    const chosen = chooseCandidate(captions, job.keyphrases ?? []);
    const text = altTextFromCaption({ caption: captions[chosen], title: job.title ?? '', locale: job.targetLocale });
    await save(
      {
        state: 'attaching',
        candidateCaptions: captions,
        chosenAssetId: candidates[chosen],
        alternativeText: text.alternativeText,
        caption: text.caption,
        attempts: 0,
        lastError: null,
      },
      `chose ${candidates[chosen]}`,
    );
    return 'next';
  }

  /**
   * Puts the job's image (or its placeholder) in the article. Checks first that the article still wants it, so
   * nothing is uploaded for nothing; the file carries its provenance, so the plugin recognises it later.
   */
  async function attach(holder: { job: JobRow }, save: Save, context: RunContext): Promise<StepOutcome> {
    let job = holder.job;
    const target = targetOf(job);
    const contentType = settings().contentType(job.targetUid);
    const folder = settings().current().mediaFolder;
    const others = (await jobs().forTarget(target)).filter((other) => other.id !== job.id);
    const current = contentType ? await articles().currentImage(target, contentType.imageField) : undefined;

    // The placeholder this job already put up is the final picture: nothing to upload.
    if (job.usePlaceholder && job.placeholderFileId !== null && current === job.placeholderFileId) {
      await save({ state: 'fallback', fileId: job.placeholderFileId, finishedAt: now(), ...placeholderText(job) }, 'placeholder stays');
      return 'next';
    }

    const owned = await ownershipOf(current ?? null, others, target);
    const ours = current !== null && current !== undefined && (current === job.fileId || current === job.placeholderFileId);
    const stillWanted = Boolean(contentType) && current !== undefined && (ours || mayReplace(job, contentType!, owned.kind));
    if (!stillWanted) {
      if (job.fileId !== null && job.fileId !== current) await media().removeIfUnused(job.fileId);
      await save(
        {
          state: 'skipped',
          fileId: null,
          reason:
            current === undefined
              ? 'The article is no longer published.'
              : `An editor set the "${contentType?.imageField ?? 'image'}" field meanwhile; the candidates stay available in the side panel.`,
          finishedAt: now(),
        },
        'not attached',
      );
      return 'next';
    }

    let fileId = job.fileId;
    if (fileId === null) {
      const baseName = fileBaseName(job);
      // A job that died between upload and save left its file behind under this name: reuse it, never upload twice.
      const leftOver = await media().findByBaseName(baseName, folder);
      if (leftOver) {
        fileId = leftOver.id;
        job = await save({ fileId }, 'found its upload from before a restart');
      } else {
        const made = job.usePlaceholder ? { image: await placeholderImage(job), patch: placeholderText(job) } : await scenarioImage(job);
        ensureHeld(job, context);
        const uploaded = await media().upload(
          { ...made.image, alternativeText: made.patch.alternativeText ?? '', caption: made.patch.caption ?? '', baseName },
          folder,
          provenanceOf(job, job.usePlaceholder ? 'placeholder' : 'image'),
        );
        fileId = uploaded.id;
        job = await save({ fileId, ...made.patch }, 'uploaded to the Media Library');
      }
    }

    ensureHeld(job, context);
    if (!(await articles().attachImage(target, contentType!.imageField, fileId))) {
      // Nothing is left half-done: the file that no article uses goes away again.
      if (fileId !== current) await media().remove(fileId);
      await save({ state: 'skipped', fileId: null, reason: 'The article was unpublished while the image was being made.', finishedAt: now() }, 'not attached');
      return 'next';
    }
    // What this image replaces was ours (a placeholder, a swapped-out candidate): tidy it away if nothing uses it.
    for (const replaced of new Set([current, job.placeholderFileId])) {
      if (replaced === null || replaced === undefined || replaced === fileId) continue;
      if (replaced === job.placeholderFileId || (await ownershipOf(replaced, others, target)).kind !== 'none') await media().removeIfUnused(replaced);
    }
    await save({ state: job.usePlaceholder ? 'fallback' : 'done', finishedAt: now(), lastError: null }, 'attached');
    return 'next';
  }

  /**
   * The placeholder, put up while the job goes on (its deadline passed, or Scenario is unreachable), into an empty
   * field or over our own placeholder only. Decided once per job; the real image replaces it when it comes.
   */
  async function showPlaceholder(holder: { job: JobRow }, save: Save, context: RunContext, why?: string): Promise<void> {
    if (holder.job.state === 'queued' && holder.job.title === null) {
      if (!(await prepare(holder, save))) return;
    }
    const job = holder.job;
    const target = targetOf(job);
    const contentType = settings().contentType(job.targetUid);
    const current = contentType ? await articles().currentImage(target, contentType.imageField) : undefined;
    const others = (await jobs().forTarget(target)).filter((other) => other.id !== job.id);
    const owned = await ownershipOf(current ?? null, others, target);
    if (!contentType || current === undefined || (current !== null && owned.kind !== 'placeholder')) {
      await save({ placeholderCheckedAt: now(), state: job.state });
      return;
    }
    const reason = why ? `${why.replace(/\.?$/, '.')} A placeholder is shown; the image follows when Scenario is back.` : 'The image is late; a placeholder is shown until it arrives.';
    if (current !== null) {
      // An earlier job's placeholder is up already: it stays until this job's image replaces it.
      await save({ placeholderCheckedAt: now(), reason, state: job.state });
      return;
    }
    const baseName = fileBaseName({ ...job, usePlaceholder: true });
    const folder = settings().current().mediaFolder;
    const text = placeholderText(job);
    const leftOver = await media().findByBaseName(baseName, folder);
    ensureHeld(job, context);
    const fileId =
      leftOver?.id ??
      (await media().upload({ ...(await placeholderImage(job)), ...text, baseName }, folder, provenanceOf(job, 'placeholder'))).id;
    await save({ placeholderFileId: fileId });
    ensureHeld(holder.job, context);
    if (await articles().attachImage(target, contentType.imageField, fileId)) {
      await save({ placeholderCheckedAt: now(), reason, state: holder.job.state }, 'placeholder shown while the image is made');
    } else {
      await media().remove(fileId);
      await save({ placeholderFileId: null, placeholderCheckedAt: now(), state: holder.job.state });
    }
  }

  async function giveUp(job: JobRow, save: Save, why: string) {
    // A real image that cannot be fetched or attached falls back to the placeholder; a placeholder that cannot be
    // attached is a failure, with the reason on the job.
    if (job.state === 'attaching' && job.usePlaceholder) {
      return save({ state: 'failed', lastError: why, finishedAt: now() }, 'failed');
    }
    // An image that was paid for is not thrown away because its caption failed: it goes up with alt text
    // written from the title instead.
    if (job.state === 'captioning' && job.candidateAssetIds?.length) {
      const text = altTextFromCaption({ caption: '', title: job.title ?? '', locale: job.targetLocale });
      return save(
        { state: 'attaching', chosenAssetId: job.candidateAssetIds[0], ...text, lastError: why, attempts: 0, nextRunAt: now() },
        'caption failed: alt text from the title',
      );
    }
    return save({ ...placeholderPlan(why), attempts: 0 }, 'placeholder: gave up');
  }

  function placeholderPlan(reason: string): JobPatch {
    return { state: 'attaching', usePlaceholder: true, reason, fileId: null, attempts: 0, nextRunAt: now() };
  }

  function placeholderText(job: JobRow) {
    const alternativeText = placeholderAltText({ title: job.title ?? '', keyphrases: job.keyphrases ?? [], locale: job.targetLocale });
    return { alternativeText, caption: alternativeText };
  }

  async function placeholderImage(job: JobRow) {
    const rendered = await renderPlaceholder({ title: job.title ?? '', keyphrases: job.keyphrases ?? [] });
    return { bytes: rendered.bytes, mimeType: rendered.mimeType, extension: 'png' };
  }

  /**
   * Downloads the chosen candidate; when it cannot be had (asset error, too large, refused URL, not an image), the
   * other candidates that were paid for are tried before anything is given up. A passing failure (a dropped
   * download, an asset not ready yet) is retried later instead.
   */
  async function scenarioImage(job: JobRow): Promise<{ image: { bytes: Buffer; mimeType: string; extension: string }; patch: JobPatch }> {
    const client = scenario().client();
    if (!client || !job.chosenAssetId) throw new RetryLater('Scenario is not configured or no image was chosen.');
    const candidates = job.candidateAssetIds ?? [];
    const order = [job.chosenAssetId, ...candidates.filter((id) => id !== job.chosenAssetId)];
    let lastError: unknown;
    for (const assetId of order) {
      try {
        const image = await client.downloadAsset(assetId);
        const web = await toWebImage(image, settings().current().imageFormat);
        if (assetId === job.chosenAssetId) return { image: web, patch: { alternativeText: job.alternativeText ?? '', caption: job.caption ?? '' } };
        const caption = job.candidateCaptions?.[candidates.indexOf(assetId)] ?? '';
        const text = altTextFromCaption({ caption, title: job.title ?? '', locale: job.targetLocale });
        return { image: web, patch: { chosenAssetId: assetId, ...text, lastError: `${job.chosenAssetId}: ${describe(lastError ?? '')}` } };
      } catch (error) {
        if (!(error instanceof ScenarioError) || error.retryable) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  /** Whether the file in the image field is ours: from this article's job history, or from the file's own mark. */
  async function ownershipOf(fileId: number | null, others: JobRow[], target: IllustrationTarget): Promise<{ kind: Ownership | 'empty'; textHash?: string }> {
    if (fileId === null) return { kind: 'empty' };
    const job = others.find((other) => other.fileId === fileId || other.placeholderFileId === fileId);
    if (job) return { kind: job.usePlaceholder || job.placeholderFileId === fileId ? 'placeholder' : 'image', textHash: job.textHash ?? undefined };
    const mark = await media().provenance(fileId);
    if (mark && mark.uid === target.uid && mark.documentId === target.documentId) return { kind: mark.kind, textHash: mark.textHash ?? undefined };
    return { kind: 'none' };
  }

  function provenanceOf(job: JobRow, kind: 'image' | 'placeholder'): FileProvenance {
    return {
      uid: job.targetUid,
      documentId: job.targetDocumentId,
      locale: job.targetLocale,
      kind,
      textHash: job.textHash,
      jobId: job.id,
      ...(kind === 'image' && job.chosenAssetId ? { assetId: job.chosenAssetId, scenarioJobId: job.scenarioJobId } : {}),
    };
  }

  /** For the worker's sweep: a job waiting (backlog, retry, outage) past its deadline gets its placeholder now. */
  async function showPlaceholderNow(initial: JobRow, context: RunContext, why?: string): Promise<JobRow> {
    const holder = { job: initial };
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

type Ownership = 'none' | 'placeholder' | 'image';

/**
 * May this job put its image in a field holding `current`? An empty field or our own placeholder: always.
 * Our own earlier image: when an editor asked (regenerate, choose another candidate) or the type replaces images.
 * An image an editor chose: only when the type is configured to replace, and never by a placeholder.
 */
function mayReplace(job: JobRow, contentType: { replaceExisting: boolean }, current: Ownership | 'empty'): boolean {
  if (current === 'empty' || current === 'placeholder') return true;
  if (job.usePlaceholder) return false;
  if (current === 'image' && job.trigger !== 'publish') return true;
  return contentType.replaceExisting;
}

/** Picks the candidate whose caption mentions the article's keyphrases most; the first one on a tie. */
export function chooseCandidate(captions: string[], keyphrases: string[]): number {
  const words = new Set(keyphrases.flatMap((phrase) => phrase.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length > 2));
  let best = 0;
  let bestScore = -1;
  captions.forEach((caption, index) => {
    const score = caption
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => words.has(word)).length;
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}

/** A readable, stable file name: the article's slug and the job's id (which also finds the file after a crash). */
export function fileBaseName(job: Pick<JobRow, 'title' | 'documentId' | 'usePlaceholder'>): string {
  const slug = (job.title ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'article'}-${job.usePlaceholder ? 'placeholder-' : ''}${job.documentId}`;
}

const now = () => new Date().toISOString();

function describeDuration(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

function describe(error: unknown): string {
  const text = error instanceof ScenarioError ? error.message : error instanceof Error ? error.message : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
