import { createHash, randomInt } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { altTextFromCaption, placeholderAltText, truncateAtWord } from '../domain/alt-text';
import { isActive, retryDelayMs } from '../domain/job-states';
import { renderPlaceholder } from '../domain/placeholder';
import { toWebImage } from '../domain/web-image';
import { buildPrompt, sanitizePromptText } from '../domain/prompt';
import { ScenarioError } from '../scenario/errors';
import type { ScenarioClient } from '../scenario/types';
import { getService } from '../utils/get-service';
import { LostLeaseError, type IllustrationTarget, type JobPatch, type JobRow } from './jobs';

export interface RunContext {
  workerId: string;
  signal: AbortSignal;
}

/** A step that cannot finish now but may later: the job keeps its state and is tried again after a delay. */
class RetryLater extends Error {}

const SEED_MAX = 2147483647;
const MAX_ERROR_LENGTH = 500;

/**
 * Carries one job from its stored state to a finished one. Each step saves its outcome before the next begins,
 * which is what makes a restart safe: nothing paid for is ever asked for twice.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings');
  const jobs = () => getService(strapi, 'jobs');
  const articles = () => getService(strapi, 'articles');
  const media = () => getService(strapi, 'media');

  const targetOf = (job: JobRow): IllustrationTarget => ({
    uid: job.targetUid,
    documentId: job.targetDocumentId,
    locale: job.targetLocale,
  });

  async function process(initial: JobRow, context: RunContext): Promise<JobRow> {
    let job = initial;
    const config = settings().current();
    const save = (patch: JobPatch, note?: string) =>
      jobs().save(job, context.workerId, patch, config.worker.leaseSeconds, note).then((saved) => (job = saved));

    while (!context.signal.aborted && isActive(job.state)) {
      const before = job.state;
      try {
        switch (job.state) {
          case 'queued':
            await prepareAndSubmit(job, save);
            break;
          case 'generating':
            await awaitGeneration(job, save, context);
            break;
          case 'captioning':
            await captionCandidates(job, save);
            break;
          case 'attaching':
            await attach(job, save);
            break;
        }
      } catch (error) {
        if (context.signal.aborted || error instanceof LostLeaseError) throw error;
        // Anything else is recorded on the job and tried again later; an error that cannot pass (a 400 from
        // Scenario, a refused prompt) or too many attempts end in the placeholder instead.
        const attempts = job.attempts + 1;
        const nextRunAt = Date.now() + retryDelayMs(attempts);
        const final = error instanceof ScenarioError && !error.retryable;
        // Waiting past the deadline for a service that keeps failing helps nobody: the placeholder goes up now.
        const pastDeadline = job.state !== 'attaching' && job.deadlineAt !== null && nextRunAt > new Date(job.deadlineAt).getTime();
        if (final || pastDeadline || attempts >= config.worker.maxAttempts) {
          await giveUp(job, save, final ? describe(error) : `Gave up after ${attempts} attempt(s): ${describe(error)}`);
        } else {
          await save(
            { attempts, lastError: describe(error), nextRunAt: new Date(nextRunAt).toISOString(), state: job.state },
            `attempt ${attempts} failed: ${describe(error)}`,
          );
          break;
        }
      }
      // A step that left the state unchanged (waiting for a retry) hands the job back to the worker.
      if (job.state === before) break;
    }
    return job;
  }

  async function prepareAndSubmit(job: JobRow, save: (patch: JobPatch, note?: string) => Promise<JobRow>) {
    const target = targetOf(job);
    const contentType = settings().contentType(job.targetUid);
    if (!contentType) return save({ state: 'skipped', reason: 'This content type no longer takes part.', finishedAt: now() });

    const others = (await jobs().forTarget(target)).filter((other) => other.id !== job.id);
    const earlier = others.find((other) => other.id < job.id && isActive(other.state));
    if (earlier) return save({ state: 'skipped', reason: `Job ${earlier.id} is already illustrating this article.`, finishedAt: now() });

    const article = await articles().readPublished(target, contentType);
    if (!article) return save({ state: 'skipped', reason: 'The article is no longer published.', finishedAt: now() });

    const textHash = createHash('sha256').update(`${article.title}\n${article.text}`).digest('hex');
    if (!mayReplace(job, contentType, ownership(article.imageFileId, others))) {
      return save({ state: 'skipped', reason: `The "${contentType.imageField}" field already has an image.`, textHash, finishedAt: now() });
    }
    const lastDone = others.find((other) => other.state === 'done');
    if (job.trigger === 'publish' && lastDone?.textHash === textHash && article.imageFileId === lastDone.fileId) {
      return save({ state: 'skipped', reason: 'The article has not changed since it was last illustrated.', textHash, finishedAt: now() });
    }

    // Rarity on this site sharpens the keyphrases; each article is counted once, the first time it is illustrated.
    const termStats = getService(strapi, 'term-stats');
    const stats = await termStats.forDocument(article);
    if (others.length === 0) await termStats.addDocument(article);

    const config = settings().current();
    const style = settings().stylePreset();
    const keyphrases = await getService(strapi, 'text-analysis').keyphrases(article, { limit: 10, stats }).then((found) => found.map((k) => k.phrase), () => []); // unreadable in time: title only
    const built = buildPrompt({ title: article.title, keyphrases, style, maxLength: config.model.maxPromptLength });
    const prompt = job.requestedPrompt
      ? { ...built, prompt: truncateAtWord(sanitizePromptText(job.requestedPrompt), config.model.maxPromptLength) || built.prompt }
      : built;
    const prepared: JobPatch = {
      title: article.title.slice(0, 250),
      textHash,
      keyphrases,
      prompt: prompt.prompt,
      negativePrompt: prompt.negativePrompt ?? null,
      style: style.id,
      model: config.model.loraId ? `${config.model.id} + ${config.model.loraId}` : config.model.id,
      seed: randomInt(SEED_MAX),
    };

    // Translations share one generation: a locale published with (or after) another one reuses that locale's
    // image, uploaded again with alt text in its own language. Never two paid generations for one article.
    if (job.trigger === 'publish') {
      const siblings = await jobs().otherLocales(target);
      const leader = siblings.find((other) => isActive(other.state) && other.id < job.id && other.trigger !== 'choose');
      if (leader) {
        // Not an attempt: just wait a moment for the other locale's image.
        return save({ nextRunAt: new Date(Date.now() + 1000).toISOString(), state: 'queued' });
      }
      const donor = siblings.find((other) => other.state === 'done' && other.chosenAssetId && other.candidateAssetIds?.includes(other.chosenAssetId));
      if (donor) {
        const caption = donor.candidateCaptions?.[donor.candidateAssetIds!.indexOf(donor.chosenAssetId!)] ?? '';
        return save(
          {
            ...prepared,
            state: 'attaching',
            scenarioJobId: donor.scenarioJobId,
            candidateAssetIds: donor.candidateAssetIds,
            candidateCaptions: donor.candidateCaptions,
            chosenAssetId: donor.chosenAssetId,
            model: donor.model,
            seed: donor.seed,
            creditsSpent: 0,
            ...altTextFromCaption({ caption, title: article.title, locale: job.targetLocale }),
          },
          `shares the image of job ${donor.id} (${donor.targetLocale ?? 'default locale'})`,
        );
      }
    }

    const client = getService(strapi, 'scenario').client();
    if (!client) {
      return save(
        { ...prepared, ...placeholderPlan('Scenario is not configured (set SCENARIO_API_KEY and SCENARIO_API_SECRET).') },
        'placeholder: Scenario not configured',
      );
    }
    if (!article.title && !article.text) {
      return save({ ...prepared, ...placeholderPlan('The article has no text to illustrate.') }, 'placeholder: no text');
    }

    // Saved before the call: if the process dies while the request is in flight, the job is found in
    // `generating` without a Scenario job id and is not submitted again (the notes: never pay twice).
    await save({ ...prepared, state: 'generating', submittedAt: now(), progress: 0 }, 'submitting to Scenario');
    let submitted;
    try {
      submitted = await client.generate(config.model.id, {
        prompt: prompt.prompt,
        negativePrompt: prompt.negativePrompt,
        numOutputs: config.numOutputs,
        seed: prepared.seed ?? undefined,
        aspectRatio: config.aspectRatio,
        ...(config.model.loraId ? { loraIds: [config.model.loraId], loraScales: [config.model.loraScale] } : {}),
      });
    } catch (error) {
      if (error instanceof ScenarioError && error.kind !== 'unknown-outcome' && error.retryable) {
        // Certainly not accepted (e.g. a 429 that outlived the client's retries): safe to submit again later.
        await save({ state: 'queued', submittedAt: null }, 'Scenario did not accept the job yet');
        throw new RetryLater(describe(error));
      }
      return save(placeholderPlan(`Scenario did not generate: ${describe(error)}`), 'placeholder: submission failed');
    }
    return save({ scenarioJobId: submitted.jobId, creditsSpent: submitted.creditsCost ?? null }, `Scenario job ${submitted.jobId}`);
  }

  async function awaitGeneration(job: JobRow, save: (patch: JobPatch, note?: string) => Promise<JobRow>, context: RunContext) {
    if (!job.scenarioJobId) {
      return save(
        placeholderPlan('The submission to Scenario was interrupted and its outcome is unknown; it was not sent again, to avoid paying twice.'),
        'placeholder: outcome unknown',
      );
    }
    const client = requireClient();
    if (!client) return save(placeholderPlan('Scenario is no longer configured.'), 'placeholder: Scenario not configured');

    let lastSavedProgress = job.progress ?? 0;
    let lastSavedAt = Date.now();
    const heartbeatMs = (settings().current().worker.leaseSeconds * 1000) / 3;
    const deadline = job.deadlineAt ? new Date(job.deadlineAt).getTime() : Date.now() + settings().current().deadlineSeconds * 1000;
    let result;
    try {
      result = await client.waitForJob(job.scenarioJobId, {
        deadline,
        signal: context.signal,
        // Progress is saved in coarse steps, often enough to keep the lease alive, without a write per poll.
        onProgress: async (remote) => {
          if (remote.progress - lastSavedProgress >= 0.2 || Date.now() - lastSavedAt >= heartbeatMs) {
            lastSavedProgress = remote.progress;
            lastSavedAt = Date.now();
            await save({ progress: remote.progress });
          }
        },
      });
    } catch (error) {
      if (context.signal.aborted) return job;
      if (error instanceof ScenarioError && error.kind === 'deadline') {
        return save(placeholderPlan(`No image within the ${settings().current().deadlineSeconds} s deadline.`), 'placeholder: deadline');
      }
      throw error;
    }
    const credits = result.creditsCost ?? (job.creditsSpent === null ? null : Number(job.creditsSpent));
    if (result.status !== 'success' || result.assetIds.length === 0) {
      const why = result.error ? `: ${result.error}` : '';
      return save(
        { ...placeholderPlan(`Scenario job ${result.status}${why}`), creditsSpent: result.status === 'success' ? credits : 0 },
        `placeholder: Scenario job ${result.status}`,
      );
    }
    return save(
      { state: 'captioning', progress: 1, candidateAssetIds: result.assetIds, creditsSpent: credits, attempts: 0, lastError: null },
      `${result.assetIds.length} candidate(s)`,
    );
  }

  async function captionCandidates(job: JobRow, save: (patch: JobPatch, note?: string) => Promise<JobRow>) {
    const candidates = job.candidateAssetIds ?? [];
    const client = requireClient();
    if (!client || candidates.length === 0) return save(placeholderPlan('No candidate image to caption.'), 'placeholder: no candidate');
    // One caption call for all candidates: the captions both pick the image and become its alt text.
    const captions = await client.caption(candidates);
    const chosen = chooseCandidate(captions, job.keyphrases ?? []);
    const text = altTextFromCaption({ caption: captions[chosen], title: job.title ?? '', locale: job.targetLocale });
    return save(
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
  }

  async function attach(job: JobRow, save: (patch: JobPatch, note?: string) => Promise<JobRow>) {
    const target = targetOf(job);
    const contentType = settings().contentType(job.targetUid);
    const folder = settings().current().mediaFolder;
    const baseName = fileBaseName(job);

    let fileId = job.fileId;
    if (fileId === null) {
      const text = job.usePlaceholder ? placeholderText(job) : { alternativeText: job.alternativeText ?? '', caption: job.caption ?? '' };
      // A job that died between upload and save left its file behind under this name: reuse it, never upload twice.
      const leftOver = await media().findByBaseName(baseName, folder);
      if (leftOver) {
        fileId = leftOver.id;
      } else {
        const image = job.usePlaceholder ? await placeholderImage(job) : await scenarioImage(job);
        fileId = (await media().upload({ ...image, ...text, baseName }, folder)).id;
      }
      job = await save({ fileId, ...text }, 'uploaded to the Media Library');
    }

    const current = contentType ? await articles().currentImage(target, contentType.imageField) : undefined;
    const others = (await jobs().forTarget(target)).filter((other) => other.id !== job.id);
    const stillWanted = contentType && current !== undefined && (current === fileId || mayReplace(job, contentType, ownership(current, others)));
    if (!stillWanted || !(await articles().attachImage(target, contentType.imageField, fileId))) {
      // Nothing is left half-done: the file that no article uses goes away again.
      if (fileId !== current) await media().remove(fileId);
      return save(
        { state: 'skipped', fileId: null, reason: 'The article changed while the image was being made (unpublished, or an image was set meanwhile).', finishedAt: now() },
        'not attached',
      );
    }
    // The image this one replaces was ours (a placeholder, or a candidate swapped out): tidy it away if unused.
    const replaced = current ?? null;
    if (replaced !== null && replaced !== fileId && ownership(replaced, others) !== 'none') {
      await media().removeIfUnused(replaced);
    }
    return save({ state: job.usePlaceholder ? 'fallback' : 'done', finishedAt: now(), lastError: null }, 'attached');
  }

  async function giveUp(job: JobRow, save: (patch: JobPatch, note?: string) => Promise<JobRow>, why: string) {
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

  async function scenarioImage(job: JobRow) {
    const client = requireClient();
    if (!client || !job.chosenAssetId) throw new RetryLater('Scenario is not configured or no image was chosen.');
    const image = await client.downloadAsset(job.chosenAssetId);
    return toWebImage(image, settings().current().imageFormat);
  }

  const requireClient = (): ScenarioClient | null => getService(strapi, 'scenario').client();

  return { process };
};

type Ownership = 'none' | 'placeholder' | 'image';

/** Whether the file now in the image field came from one of this article's earlier jobs. */
function ownership(fileId: number | null, others: JobRow[]): Ownership | 'empty' {
  if (fileId === null) return 'empty';
  const job = others.find((other) => other.fileId === fileId);
  return job ? (job.usePlaceholder ? 'placeholder' : 'image') : 'none';
}

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

function describe(error: unknown): string {
  const text = error instanceof ScenarioError ? error.message : error instanceof Error ? error.message : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
