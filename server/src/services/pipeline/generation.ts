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
import type { GenerateInput, GenerateResult, ScenarioClient, ScenarioJob } from '../../scenario/types';
import { getService } from '../../utils/get-service';
import type { PublishedArticle } from '../articles';
import { LostLeaseError, type JobPatch, type JobRow } from '../jobs';
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

/** What `prepare` hands on when there is something to illustrate. */
export interface Prepared {
  contentType: ContentTypeSettings;
  textHash: string;
  hasText: boolean;
}

/** The article a job is about, with the other jobs of the same article (newest first); or why there is nothing to do. */
type ArticleToIllustrate = { skip: string } | { contentType: ContentTypeSettings; article: PublishedArticle; others: JobRow[] };

/** The article as the text analysis reads it: title, text and language. */
type AnalysedText = { title: string; text: string; lang: string };

/** Keyphrases, or why the text could not be read in time (the prompt is then built from the title alone). */
type Keyphrases = { phrases: string[]; unread?: string };

/** A placeholder instead of a submission: why (on the job) and the history note. */
type NoSubmission = { placeholder: string; note: string };

export function textHashOf(article: Pick<PublishedArticle, 'title' | 'text'>): string {
  return createHash('sha256').update(`${article.title}\n${article.text}`).digest('hex');
}

export function createGenerationSteps(strapi: Core.Strapi, shared: Shared) {
  const { settings, jobs, articles, scenario, targetOf, ensureHeld, giveUpAt, ownershipOf, placeholderPlan } = shared;
  const helpers = createTextHelperSteps(shared);
  const textAnalysis = () => getService(strapi, 'text-analysis');
  const termStats = () => getService(strapi, 'term-stats');

  /**
   * Reads the article and decides whether there is anything to do; if so, records title, keyphrases and prompt on
   * the job (state unchanged) and returns the article's text hash. Null when the job ended here (skipped).
   * Without a run context (the placeholder put up before the job ran) no text helper is called, and a prompt that
   * would need one is left for the job's own run.
   */
  async function prepare(holder: Holder, save: Save, context?: RunContext): Promise<Prepared | null> {
    const job = holder.job;
    const found = await articleToIllustrate(job);
    if ('skip' in found) return skip(save, found.skip);
    const { contentType, article, others } = found;
    const textHash = textHashOf(article);
    const refusal = await whyNotIllustrate(job, contentType, article, others, textHash);
    if (refusal) return skip(save, refusal, textHash);
    const prepared = { contentType, textHash, hasText: Boolean(article.title || article.text) };
    if (job.prompt !== null && job.textHash === textHash) return prepared;

    const analysed = await recordLanguage(holder, save, article);
    const keyphrases = await readKeyphrases(job, analysed, others);
    await recordPrompt(holder, save, context, { article, textHash, keyphrases, lang: analysed.lang });
    return prepared;
  }

  async function skip(save: Save, reason: string, textHash?: string): Promise<null> {
    await save({ state: 'skipped', reason, ...(textHash ? { textHash } : {}), finishedAt: now() });
    return null;
  }

  /** The content type still takes part, no earlier job of the article is at work, and the article is published. */
  async function articleToIllustrate(job: JobRow): Promise<ArticleToIllustrate> {
    const target = targetOf(job);
    const contentType = settings().contentType(job.targetUid);
    if (!contentType) return { skip: 'This content type no longer takes part.' };
    const others = (await jobs().forTarget(target)).filter((other) => other.id !== job.id);
    const earlier = others.find((other) => other.id < job.id && isActive(other.state));
    if (earlier) return { skip: `Job ${earlier.id} is already illustrating this article.` };
    const article = await articles().readPublished(target, contentType);
    if (!article) return { skip: 'The article is no longer published.' };
    return { contentType, article, others };
  }

  /** Why the field must be left as it is: it holds an image this job may not replace, or a publish changed nothing. */
  async function whyNotIllustrate(job: JobRow, contentType: ContentTypeSettings, article: PublishedArticle, others: JobRow[], textHash: string) {
    const current = await ownershipOf(article.imageFileId, others, targetOf(job));
    if (!mayReplace(job, contentType, current.kind)) return `The "${contentType.imageField}" field already has an image.`;
    // Unchanged since our image went up: known from the job history, or from the image itself (it carries the text
    // hash it was made for), so a reinstall with an empty job table does not buy the same image again.
    const lastDone = others.find((other) => other.state === 'done');
    const unchanged =
      (lastDone?.textHash === textHash && article.imageFileId === lastDone.fileId) || (current.kind === 'image' && current.textHash === textHash);
    if (job.trigger === 'publish' && unchanged) return 'The article has not changed since it was last illustrated.';
    return undefined;
  }

  /**
   * The article's language: its locale (i18n), else read from its text. It picks the keyphrase rules and the site
   * statistics they are counted in, and whether the helpers translate the prompt and describe the image. Saved
   * first, so the helpers see it.
   */
  async function recordLanguage(holder: Holder, save: Save, article: PublishedArticle): Promise<AnalysedText> {
    const job = holder.job;
    const localized = { title: article.title, text: article.text, ...(job.targetLocale ? { lang: job.targetLocale } : {}) };
    if (!job.language) {
      const language = await textAnalysis().language(localized).catch(() => articleLanguage(job));
      await save({ language, state: holder.job.state });
    }
    return { ...localized, lang: holder.job.language ?? articleLanguage(job) };
  }

  /**
   * Keyphrases sharpened by their rarity on this site; each article is counted once, the first time it is
   * illustrated. Text that cannot be read in time gives none, and says why.
   */
  async function readKeyphrases(job: JobRow, analysed: AnalysedText, others: JobRow[]): Promise<Keyphrases> {
    const stats = await termStats().forDocument(analysed);
    if (others.length === 0 && job.textHash === null) await termStats().addDocument(analysed);
    return textAnalysis()
      .keyphrases(analysed, { limit: 10, stats })
      .then(
        (found) => ({ phrases: found.map((k) => k.phrase) }),
        (error: unknown) => ({ phrases: [], unread: describe(error) }),
      );
  }

  /**
   * Builds the prompt (from the English words, the prompt assistant's rewrite, or the editor's own prompt) and
   * saves it on the job with everything it was made from; the job's state stays.
   */
  async function recordPrompt(
    holder: Holder,
    save: Save,
    context: RunContext | undefined,
    made: { article: PublishedArticle; textHash: string; keyphrases: Keyphrases; lang: string },
  ): Promise<void> {
    const job = holder.job;
    const { article, keyphrases } = made;
    const config = settings().current();
    const style = settings().stylePreset();
    // A non-English article's prompt is built from the English translation of its title and keyphrases. A locale
    // that will share another locale's image needs no prompt of its own: no paid helper for it (its prompt is made
    // if it has to generate after all).
    const helperContext = context && !(await sharedGeneration(job)).shares ? context : undefined;
    const words = await helpers.wordsForPrompt(holder, save, helperContext, { title: article.title, keyphrases: keyphrases.phrases });
    // Words left untranslated (no helper, or it failed) are in the article's language.
    const promptLanguage = words.patch.translatedTitle !== undefined ? 'en' : made.lang;
    const built = buildPrompt({ title: words.title, keyphrases: words.keyphrases, style, maxLength: config.model.maxPromptLength, language: promptLanguage });
    const assisted = job.requestedPrompt
      ? { prompt: truncateAtWord(sanitizePromptText(job.requestedPrompt), config.model.maxPromptLength) || built.prompt, localPrompt: null, notes: [] }
      : await helpers.assistedPrompt(holder, save, helperContext, built.prompt);
    const needsHelpers = Object.values(helpersFor(words.patch.language ?? 'en', config.textHelpers)).some(Boolean);
    const notes = [...words.notes, ...assisted.notes];
    const { unread } = keyphrases;
    await save({
      title: truncateAtWord(article.title, 250),
      textHash: made.textHash,
      keyphrases: keyphrases.phrases,
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
    const sharing = await shareAnotherLocalesImage(holder.job, save);
    if (sharing) return sharing;
    const ready = readyToSubmit(holder.job, prepared.hasText);
    if ('placeholder' in ready) {
      await save(placeholderPlan(ready.placeholder), ready.note);
      return 'next';
    }
    return submitGeneration(holder, save, context, ready.client);
  }

  /**
   * Translations share one generation: a locale published with (or after) another one waits for that locale's
   * image, or reuses it, uploaded again with alt text in its own language. Never two paid generations for one
   * article. Null when this job generates its own.
   */
  async function shareAnotherLocalesImage(job: JobRow, save: Save): Promise<StepOutcome | null> {
    if (job.trigger !== 'publish') return null;
    const { leader, donor } = await sharedGeneration(job);
    if (leader) {
      // Not an attempt: just wait a moment for the other locale's image.
      await save({ nextRunAt: new Date(Date.now() + 1000).toISOString(), state: 'queued' });
      return 'wait';
    }
    if (!donor) return null;
    const note = `shares the image of job ${donor.id} (${donor.targetLocale ?? 'default locale'})`;
    // Its own language's description of the shared image, when the text model is to write it.
    if (helpers.wantsDescription(job)) {
      await save({ state: 'captioning', ...donorsGeneration(donor) }, note);
      return 'next';
    }
    const caption = donor.candidateCaptions?.[donor.candidateAssetIds!.indexOf(donor.chosenAssetId!)] ?? '';
    await save(
      {
        state: 'attaching',
        ...donorsGeneration(donor),
        ...altTextFromCaption({ caption, title: job.title ?? '', locale: job.targetLocale }),
        altTextSource: captionAltTextSource({ caption, locale: job.targetLocale }),
      },
      note,
    );
    return 'next';
  }

  /** What a job takes over from the locale whose image it shares (paid once, by the donor). */
  function donorsGeneration(donor: JobRow): JobPatch {
    return {
      scenarioJobId: donor.scenarioJobId,
      candidateAssetIds: donor.candidateAssetIds,
      candidateCaptions: donor.candidateCaptions,
      chosenAssetId: donor.chosenAssetId,
      model: donor.model,
      seed: donor.seed,
      creditsSpent: 0,
    };
  }

  /** The client to submit with, or why the article gets the placeholder instead. */
  function readyToSubmit(job: JobRow, hasText: boolean): { client: ScenarioClient } | NoSubmission {
    const client = scenario().client();
    if (!client) return { placeholder: 'Scenario is not configured (set SCENARIO_API_KEY and SCENARIO_API_SECRET).', note: 'placeholder: Scenario not configured' };
    if (!hasText) return { placeholder: 'The article has no text to illustrate.', note: 'placeholder: no text' };
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
    const job = holder.job;
    const config = settings().current();
    await save({ state: 'generating', submittedAt: now(), progress: 0, submissions: (job.submissions ?? 0) + 1 }, 'submitting to Scenario');
    ensureHeld(holder.job, context);
    let submitted: GenerateResult;
    try {
      submitted = await client.generate(config.model.id, generationInput(job));
    } catch (error) {
      return submissionFailed(job, save, error);
    }
    await save({ scenarioJobId: submitted.jobId, creditsSpent: submitted.creditsCost ?? null }, `Scenario job ${submitted.jobId} (${describeSubmission(submitted)})`);
    return 'next';
  }

  function generationInput(job: JobRow): GenerateInput {
    const config = settings().current();
    return {
      prompt: job.prompt ?? '',
      negativePrompt: job.negativePrompt ?? undefined,
      numOutputs: config.numOutputs,
      seed: job.seed ?? undefined,
      aspectRatio: config.aspectRatio,
      ...(config.model.loraId ? { loraIds: [config.model.loraId], loraScales: [config.model.loraScale] } : {}),
    };
  }

  /** A submission without an answer is looked for, one certainly refused for a passing reason is sent again later. */
  async function submissionFailed(job: JobRow, save: Save, error: unknown): Promise<StepOutcome> {
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

  /** The size sent and the wishes the model has no input for, for the job's history. */
  function describeSubmission(submitted: GenerateResult): string {
    const size = submitted.size ? ('width' in submitted.size ? `${submitted.size.width}×${submitted.size.height}` : submitted.size.aspectRatio) : "the model's own size";
    const unsupported = submitted.unsupported.length ? `; not supported by the model: ${submitted.unsupported.join(', ')}` : '';
    return `${size}${unsupported}`;
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
    if (!job.scenarioJobId) return findSubmission(holder, save, client);
    const result = await waitForGeneration(job, job.scenarioJobId, save, context, client);
    return result ? recordGeneration(job, save, result) : 'next';
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
    if (result.status === 'success' && result.assetIds.length > 0) {
      await save(
        { state: 'captioning', progress: 1, candidateAssetIds: result.assetIds, creditsSpent: credits, attempts: 0, lastError: null },
        `${result.assetIds.length} candidate(s)`,
      );
      return 'next';
    }
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

  async function captionCandidates(job: JobRow, save: Save, context: RunContext): Promise<StepOutcome> {
    const candidates = job.candidateAssetIds ?? [];
    const client = scenario().client();
    if (!client || candidates.length === 0) {
      await save(placeholderPlan('No candidate image to caption.'), 'placeholder: no candidate');
      return 'next';
    }
    // Captions already there (a shared generation, or saved before the description): only the alt text is left.
    if (job.candidateCaptions?.length && job.chosenAssetId) return altTextForCaptioned(job, save, context);
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
    const captions = await captionOnce(client, candidates, save);
    return chooseCandidateByCaption(job, save, context, captions);
  }

  /** The description in the article's language, or (the text model switched off meanwhile) the caption or title. */
  async function altTextForCaptioned(job: JobRow, save: Save, context: RunContext): Promise<StepOutcome> {
    if (helpers.wantsDescription(job)) return helpers.describeChosen(job, save, context);
    const caption = job.candidateCaptions?.[(job.candidateAssetIds ?? []).indexOf(job.chosenAssetId!)] ?? '';
    const text = altTextFromCaption({ caption, title: job.title ?? '', locale: job.targetLocale });
    await save({ state: 'attaching', ...text, altTextSource: captionAltTextSource({ caption, locale: job.targetLocale }), attempts: 0 }, 'alt text without the text model');
    return 'next';
  }

  /**
   * One caption call for all candidates: the captions both pick the image and become its alt text. Marked on the
   * job before it is sent, so a crash meanwhile does not send it again; unmarked when it failed with an answer.
   */
  async function captionOnce(client: ScenarioClient, candidates: string[], save: Save): Promise<string[]> {
    await save({ captionRequestedAt: now() });
    try {
      return await client.caption(candidates);
    } catch (error) {
      // The call failed with an answer (or never left): it may be made again.
      await save({ captionRequestedAt: null });
      throw error;
    }
  }

  /** Chooses by the captions, then the alt text: described by the text model, or from the chosen caption. */
  async function chooseCandidateByCaption(job: JobRow, save: Save, context: RunContext, captions: string[]): Promise<StepOutcome> {
    const candidates = job.candidateAssetIds ?? [];
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
