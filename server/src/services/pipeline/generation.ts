/**
 * The steps up to the candidates: read the article and build the prompt, submit once (and find a submission whose
 * answer was lost in Scenario's own job list), wait for the generation, and caption the candidates.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { ContentTypeSettings } from '../../config/schema';
import { altTextFromCaption, captionAltTextSource, truncateAtWord } from '../../domain/alt-text';
import { isActive } from '../../domain/job-states';
import { buildPrompt, sanitizePromptText } from '../../domain/prompt';
import { ScenarioError } from '../../scenario/errors';
import type { ScenarioClient, ScenarioJob } from '../../scenario/types';
import { getService } from '../../utils/get-service';
import { LostLeaseError, type JobRow } from '../jobs';
import { chooseCandidate, describe, mayReplace, now, type Holder, type RunContext, type Save, type Shared, type StepOutcome } from './shared';
import { articleLanguage, createTextHelperSteps, helpersFor } from './text-helpers';

const SEED_MAX = 2147483647;
/** A submission that may have reached Scenario is looked for in its job list for this long before it counts as lost. */
const SUBMISSION_VISIBLE_AFTER_MS = 15_000;
/** How often to look again for such a submission. */
const SUBMISSION_LOOKUP_INTERVAL_MS = 5_000;
/** Pages of Scenario's job list searched for a submission (newest first). */
const SUBMISSION_LOOKUP_PAGES = 3;
/** At most this many paid submissions for one job: a second only after Scenario's list showed the first never came. */
const MAX_SUBMISSIONS = 2;

export function createGenerationSteps(strapi: Core.Strapi, shared: Shared) {
  const { settings, jobs, articles, scenario, targetOf, ensureHeld, giveUpAt, ownershipOf, placeholderPlan } = shared;
  const helpers = createTextHelperSteps(shared);

  /**
   * Reads the article and decides whether there is anything to do; if so, records title, keyphrases and prompt on
   * the job (state unchanged) and returns the article's text hash. Null when the job ended here (skipped).
   * Without a run context (the placeholder put up before the job ran) no text helper is called, and a prompt that
   * would need one is left for the job's own run.
   */
  async function prepare(holder: Holder, save: Save, context?: RunContext): Promise<{ contentType: ContentTypeSettings; textHash: string; hasText: boolean } | null> {
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

    // The article's language: its locale (i18n), else read from its text. It picks the keyphrase rules and the site
    // statistics they are counted in, and whether the helpers translate the prompt and describe the image. Saved
    // first, so the helpers below see it.
    const textAnalysis = getService(strapi, 'text-analysis');
    const localized = { title: article.title, text: article.text, ...(job.targetLocale ? { lang: job.targetLocale } : {}) };
    if (!job.language) {
      const language = await textAnalysis.language(localized).catch(() => articleLanguage(job));
      await save({ language, state: holder.job.state });
    }
    const analysed = { ...localized, lang: holder.job.language ?? articleLanguage(job) };

    // Rarity on this site sharpens the keyphrases; each article is counted once, the first time it is illustrated.
    const termStats = getService(strapi, 'term-stats');
    const stats = await termStats.forDocument(analysed);
    if (others.length === 0 && job.textHash === null) await termStats.addDocument(analysed);

    const config = settings().current();
    const style = settings().stylePreset();
    // Text that cannot be read in time: the prompt is built from the title alone, and the job says so.
    let unread: string | undefined;
    const keyphrases = await textAnalysis
      .keyphrases(analysed, { limit: 10, stats })
      .then(
        (found) => found.map((k) => k.phrase),
        (error: unknown) => {
          unread = describe(error);
          return [] as string[];
        },
      );
    // A non-English article's prompt is built from the English translation of its title and keyphrases. A locale
    // that will share another locale's image needs no prompt of its own: no paid helper for it (its prompt is made
    // if it has to generate after all).
    const helperContext = context && !(await sharedGeneration(job)).shares ? context : undefined;
    const words = await helpers.wordsForPrompt(holder, save, helperContext, { title: article.title, keyphrases });
    // Words left untranslated (no helper, or it failed) are in the article's language.
    const promptLanguage = words.patch.translatedTitle !== undefined ? 'en' : analysed.lang;
    const built = buildPrompt({ title: words.title, keyphrases: words.keyphrases, style, maxLength: config.model.maxPromptLength, language: promptLanguage });
    const assisted = job.requestedPrompt
      ? { prompt: truncateAtWord(sanitizePromptText(job.requestedPrompt), config.model.maxPromptLength) || built.prompt, localPrompt: null, notes: [] }
      : await helpers.assistedPrompt(holder, save, helperContext, built.prompt);
    const needsHelpers = Object.values(helpersFor(words.patch.language ?? 'en', config.textHelpers)).some(Boolean);
    const notes = [...words.notes, ...assisted.notes];
    await save({
      title: truncateAtWord(article.title, 250),
      textHash,
      keyphrases,
      ...words.patch,
      // Left for the job's own run when the helpers it needs could not be called yet.
      prompt: !helperContext && needsHelpers && !job.requestedPrompt ? null : assisted.prompt,
      localPrompt: assisted.localPrompt,
      helperNotes: notes.length ? notes : null,
      // The answers are saved with the prompt: a later change of the article may ask again.
      translationRequestedAt: null,
      promptAssistRequestedAt: null,
      negativePrompt: built.negativePrompt ?? null,
      style: style.id,
      model: config.model.loraId ? `${config.model.id} + ${config.model.loraId}` : config.model.id,
      seed: randomInt(SEED_MAX),
      ...(unread ? { state: job.state, lastError: `Keyphrases could not be read: ${unread}` } : notes.length ? { state: holder.job.state } : {}),
    }, unread ? `keyphrases could not be read (${unread}): prompt from the title alone` : notes.length ? notes.join(' ') : undefined);
    return { contentType, textHash, hasText: Boolean(article.title || article.text) };
  }

  /**
   * Another locale of the same article whose generation this one shares: one still at work that was published first
   * (the leader: wait for it), or one done with an image (the donor: reuse it). Only for publishes.
   */
  async function sharedGeneration(job: JobRow): Promise<{ shares: boolean; leader?: JobRow; donor?: JobRow }> {
    if (job.trigger !== 'publish') return { shares: false };
    const siblings = await jobs().otherLocales(targetOf(job));
    const leader = siblings.find((other) => isActive(other.state) && other.id < job.id && other.trigger === 'publish');
    const donor = siblings.find((other) => other.state === 'done' && other.chosenAssetId && other.candidateAssetIds?.includes(other.chosenAssetId));
    return { shares: Boolean(leader || donor), leader, donor };
  }

  async function prepareAndSubmit(holder: Holder, save: Save, context: RunContext): Promise<StepOutcome> {
    const prepared = await prepare(holder, save, context);
    if (!prepared) return 'next';
    const job = holder.job;

    // Translations share one generation: a locale published with (or after) another one reuses that locale's
    // image, uploaded again with alt text in its own language. Never two paid generations for one article.
    if (job.trigger === 'publish') {
      const { leader, donor } = await sharedGeneration(job);
      if (leader) {
        // Not an attempt: just wait a moment for the other locale's image.
        await save({ nextRunAt: new Date(Date.now() + 1000).toISOString(), state: 'queued' });
        return 'wait';
      }
      if (donor) {
        const caption = donor.candidateCaptions?.[donor.candidateAssetIds!.indexOf(donor.chosenAssetId!)] ?? '';
        const shared = {
          scenarioJobId: donor.scenarioJobId,
          candidateAssetIds: donor.candidateAssetIds,
          candidateCaptions: donor.candidateCaptions,
          chosenAssetId: donor.chosenAssetId,
          model: donor.model,
          seed: donor.seed,
          creditsSpent: 0,
        };
        const note = `shares the image of job ${donor.id} (${donor.targetLocale ?? 'default locale'})`;
        // Its own language's description of the shared image, when the text model is to write it.
        if (helpers.wantsDescription(job)) {
          await save({ state: 'captioning', ...shared }, note);
          return 'next';
        }
        await save(
          {
            state: 'attaching',
            ...shared,
            ...altTextFromCaption({ caption, title: job.title ?? '', locale: job.targetLocale }),
            altTextSource: captionAltTextSource({ caption, locale: job.targetLocale }),
          },
          note,
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
  async function findSubmission(holder: Holder, save: Save, client: ScenarioClient): Promise<StepOutcome> {
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

  async function awaitGeneration(holder: Holder, save: Save, context: RunContext): Promise<StepOutcome> {
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
    // Captions already there (a shared generation, or saved before the description): only the description is left.
    if (job.candidateCaptions?.length && job.chosenAssetId) {
      if (helpers.wantsDescription(job)) return helpers.describeChosen(job, save, context);
      // The text model was switched off meanwhile: the caption (English) or the title, as without it.
      const caption = job.candidateCaptions[candidates.indexOf(job.chosenAssetId)] ?? '';
      const text = altTextFromCaption({ caption, title: job.title ?? '', locale: job.targetLocale });
      await save({ state: 'attaching', ...text, altTextSource: captionAltTextSource({ caption, locale: job.targetLocale }), attempts: 0 }, 'alt text without the text model');
      return 'next';
    }
    if (job.captionRequestedAt) {
      // The caption call was sent and its answer lost in a crash: it is paid, so it is not sent again. The first
      // candidate goes up with alt text from the title.
      const text = altTextFromCaption({ caption: '', title: job.title ?? '', locale: job.targetLocale });
      await save(
        { state: 'attaching', chosenAssetId: candidates[0], ...text, altTextSource: 'title', attempts: 0 },
        'caption interrupted: not sent again, alt text from the title',
      );
      return 'next';
    }
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
    // Captions are English: a non-English article's keyphrases are matched in their translation.
    const chosen = chooseCandidate(captions, job.translatedKeyphrases ?? job.keyphrases ?? []);
    if (helpers.wantsDescription(job)) {
      // Saved first: a crash during the description does not lose the captions (and does not ask for them again).
      const saved = await save(
        { state: 'captioning', candidateCaptions: captions, chosenAssetId: candidates[chosen], attempts: 0, lastError: null },
        `chose ${candidates[chosen]}`,
      );
      return helpers.describeChosen(saved, save, context);
    }
    const text = altTextFromCaption({ caption: captions[chosen], title: job.title ?? '', locale: job.targetLocale });
    await save(
      {
        state: 'attaching',
        candidateCaptions: captions,
        chosenAssetId: candidates[chosen],
        alternativeText: text.alternativeText,
        caption: text.caption,
        altTextSource: captionAltTextSource({ caption: captions[chosen], locale: job.targetLocale }),
        attempts: 0,
        lastError: null,
      },
      `chose ${candidates[chosen]}`,
    );
    return 'next';
  }

  return { prepare, prepareAndSubmit, awaitGeneration, captionCandidates };
}

export type GenerationSteps = ReturnType<typeof createGenerationSteps>;
