/**
 * The steps that touch the article: attach the image (or the placeholder) once the article still wants it, and the
 * placeholder put up meanwhile while a job goes on.
 */
import type { ContentTypeSettings } from '../../config/schema';
import { disclosureLine, withDisclosure } from '../../domain/disclosure';
import { isBudgetReason } from '../../domain/budget';
import { toWebImage } from '../../domain/web-image';
import { ScenarioError } from '../../scenario/errors';
import type { JobPatch, JobRow } from '../jobs';
import type { PreparationSteps } from './preparation';
import { RetryLater, altTextOf, articleLocale, describe, fileBaseName, mayReplace, now, type Holder, type RunContext, type Save, type Shared, type StepOutcome } from './shared';
import { NOT_CONFIGURED } from '../scenario';

export function createAttachmentSteps(shared: Shared, preparation: PreparationSteps) {
  const { settings, jobs, articles, media, scenario, collections, targetOf, ensureHeld, ownershipOf, provenanceOf, placeholderText, placeholderImage, goneReason } = shared;
  const { prepare } = preparation;

  /**
   * Puts the job's image (or its placeholder) in the article. Checks first that the article still wants it, so
   * nothing is uploaded for nothing; the file carries its provenance, so the plugin recognises it later.
   */
  async function attach(holder: Holder, save: Save, context: RunContext): Promise<StepOutcome> {
    const target = targetOf(holder.job);
    const contentType = settings().contentType(holder.job.targetUid);
    const others = (await jobs().forTarget(target)).filter((other) => other.id !== holder.job.id);
    const current = contentType ? await articles().currentImage(target, contentType.imageField) : undefined;

    // The placeholder this job already put up is the final picture: nothing to upload.
    if (holder.job.usePlaceholder && holder.job.placeholderFileId !== null && current === holder.job.placeholderFileId) {
      await save({ state: 'fallback', fileId: holder.job.placeholderFileId, finishedAt: now() }, 'placeholder stays');
      return 'next';
    }
    if (contentType?.publishMode === 'review' && current !== undefined) return attachForReview(holder, save, context, contentType, others, current);
    if (!contentType || !(await articleStillWants(holder.job, contentType, current, others))) {
      await leaveArticleAlone(holder.job, save, contentType, current, others);
      return 'next';
    }

    const fileId = await uploadedFile(holder, save, context);
    const job = holder.job;
    ensureHeld(job, context);
    if (!(await articles().attachImage(target, contentType.imageField, fileId))) {
      // Nothing is left half-done: the file that no article uses goes away again.
      if (fileId !== current) await media().removeIfUnused(fileId);
      await save({ state: 'skipped', fileId: null, reason: await goneReason(job, true), finishedAt: now() }, 'not attached');
      return 'next';
    }
    await removeReplaced(job, [current, job.placeholderFileId], fileId, others);
    // A note about the placeholder shown meanwhile is history now: the job's reason explains only a placeholder that stays.
    const finished = await save(
      { state: job.usePlaceholder ? 'fallback' : 'done', finishedAt: now(), lastError: null, ...(job.usePlaceholder ? {} : { reason: null }) },
      'attached',
    );
    if (!finished.usePlaceholder) await addToCollection(finished, save);
    return 'next';
  }

  /**
   * Review mode: the image (or the placeholder) goes to the draft only, the live article untouched, and the job waits
   * for an editor's review; publishing the draft makes it live. A type without draft & publish gets nothing attached:
   * the file waits in the Media Library for the side panel's "Use this image".
   */
  async function attachForReview(
    holder: Holder, save: Save, context: RunContext, contentType: ContentTypeSettings, others: JobRow[], current: number | null,
  ): Promise<StepOutcome> {
    const target = targetOf(holder.job);
    const withDrafts = articles().hasDraftAndPublish(target.uid);
    // The field a publish or "Use this image" would replace: the draft's, or without draft & publish the live one, where
    // a placeholder is never offered over an image either.
    const shown = withDrafts ? await articles().draftImage(target, contentType.imageField) : current;
    if ((withDrafts || holder.job.usePlaceholder) && !(await articleStillWants(holder.job, contentType, shown, others))) {
      await leaveArticleAlone(holder.job, save, contentType, shown, others);
      return 'next';
    }
    const fileId = await uploadedFile(holder, save, context);
    const job = holder.job;
    ensureHeld(job, context);
    if (withDrafts) {
      await articles().attachToDraft(target, contentType.imageField, fileId);
      await removeReplaced(job, [shown, job.placeholderFileId], fileId, others);
      // The image it replaced in the draft no longer waits for review.
      for (const other of others) {
        if (other.awaitingReview && other.fileId !== null && other.fileId === shown) await jobs().settleReview(other, `replaced in the draft by job ${job.id}'s image`);
      }
    }
    const finished = await save(
      {
        state: job.usePlaceholder ? 'fallback' : 'done',
        finishedAt: now(),
        lastError: null,
        awaitingReview: true,
        // (A placeholder keeps why the image failed, which the review note would otherwise hide.)
        reason: `${job.usePlaceholder && job.reason ? `${job.reason.replace(/\.$/, '')}. ` : ''}Waiting for review: ${
          withDrafts
            ? `the ${job.usePlaceholder ? 'placeholder' : 'image'} is in the draft; publish the article to make it live.`
            : `nothing is attached until an editor chooses "Use this image".`
        }`,
      },
      withDrafts ? 'attached to the draft for review' : 'kept for review',
    );
    if (!finished.usePlaceholder) await addToCollection(finished, save);
    return 'next';
  }

  /** Every generated image into its content type's Scenario collection: best effort, only noted when it fails. */
  async function addToCollection(job: JobRow, save: Save): Promise<void> {
    const assetIds = [...new Set([job.chosenAssetId, ...(job.candidateAssetIds ?? [])].filter((id): id is string => Boolean(id)))];
    const failure = await collections().add(job.targetUid, assetIds);
    if (failure) await save({ state: job.state }, `not added to the Scenario collection: ${failure}`);
  }

  /** The article is published and its field holds nothing, or what this job may replace (its own file included). */
  async function articleStillWants(job: JobRow, contentType: ContentTypeSettings, current: number | null | undefined, others: JobRow[]): Promise<boolean> {
    if (current === undefined) return false;
    const owned = await ownershipOf(current, others, targetOf(job));
    const ours = current !== null && (current === job.fileId || current === job.placeholderFileId) && !owned.replaced;
    return ours || mayReplace(job, contentType, owned.kind);
  }

  /**
   * Unpublished, an editor set the field meanwhile, or the job ended in the placeholder, which never replaces the
   * plugin's earlier image: the job ends without touching the article. The last is a failure an editor can retry (its
   * paid candidates with it).
   */
  async function leaveArticleAlone(job: JobRow, save: Save, contentType: ContentTypeSettings | undefined, current: number | null | undefined, others: JobRow[]) {
    // (Its placeholder too, when an editor's image replaced it meanwhile.)
    for (const id of [job.fileId, job.placeholderFileId]) if (id !== null && id !== current) await media().removeIfUnused(id);
    const imageFailed = Boolean(contentType) && Boolean(current) && job.usePlaceholder && (await ownershipOf(current!, others, targetOf(job))).kind === 'image';
    await save(
      {
        state: imageFailed ? 'failed' : 'skipped',
        fileId: null,
        reason:
          !contentType
            ? 'This content type no longer takes part.'
            : current === undefined
              ? await goneReason(job)
              : imageFailed
                ? `The image could not be put up (${(job.reason ?? 'no image').replace(/\.$/, '')}); the article keeps the one it has.`
                : `An editor set the "${contentType.imageField}" field meanwhile; this job's ${job.usePlaceholder ? 'placeholder' : 'image'} was left out.`,
        finishedAt: now(),
      },
      'not attached',
    );
  }

  /** The job's file in the Media Library: uploaded once, and found again by its name after a restart. */
  async function uploadedFile(holder: Holder, save: Save, context: RunContext): Promise<number> {
    const job = holder.job;
    if (job.fileId !== null) return job.fileId;
    const baseName = fileBaseName(job);
    const folder = settings().current().mediaFolder;
    // A job that died between upload and save left its file behind under this name: reuse it, never upload twice.
    const leftOver = await media().findByBaseName(baseName, folder);
    if (leftOver) {
      await media().adopt(leftOver.id, provenanceOf(job, job.usePlaceholder ? 'placeholder' : 'image'));
      await save({ fileId: leftOver.id }, 'found its upload from before a restart');
      return leftOver.id;
    }
    const made = job.usePlaceholder ? { image: await placeholderImage(job), patch: placeholderText(job) } : await scenarioImage(job);
    ensureHeld(job, context);
    const { disclosure } = settings().current();
    const caption = made.patch.caption ?? '';
    const uploaded = await media().upload(
      {
        ...made.image,
        alternativeText: made.patch.alternativeText ?? '',
        // Readers are told a generated picture is one (a placeholder is not), in the article's language; the alt text
        // stays a pure description.
        caption: disclosure.enabled && !job.usePlaceholder ? withDisclosure(caption, disclosureLine(articleLocale(job), disclosure.lines)) : caption,
        baseName,
      },
      folder,
      // Marked with the candidate actually uploaded (another one when the chosen one could not be downloaded).
      provenanceOf({ ...job, ...made.patch }, job.usePlaceholder ? 'placeholder' : 'image'),
    );
    // (A placeholder's alt text is the file's only: the job keeps the alt text written for its image, for a retry.)
    await save({ fileId: uploaded.id, ...(job.usePlaceholder ? {} : made.patch) }, 'uploaded to the Media Library');
    return uploaded.id;
  }

  /** What the new file replaces was ours (a placeholder, a swapped-out candidate): tidied away if nothing uses it. */
  async function removeReplaced(job: JobRow, replaced: Array<number | null | undefined>, fileId: number, others: JobRow[]) {
    for (const id of new Set(replaced)) {
      if (id === null || id === undefined || id === fileId) continue;
      if (id === job.placeholderFileId || (await ownershipOf(id, others, targetOf(job))).kind !== 'none') await media().removeIfUnused(id);
    }
  }

  /**
   * The placeholder, put up while the job goes on (its deadline passed, or Scenario is unreachable), into an empty
   * field or over our own placeholder only. Decided once per job; the real image replaces it when it comes.
   */
  async function showPlaceholder(holder: Holder, save: Save, context: RunContext, why?: string): Promise<void> {
    if (holder.job.state === 'queued' && holder.job.title === null) {
      if (!(await prepare(holder, save))) return;
    }
    const job = holder.job;
    const target = targetOf(job);
    const contentType = settings().contentType(job.targetUid);
    const current = contentType ? await articles().currentImage(target, contentType.imageField) : undefined;
    const others = (await jobs().forTarget(target)).filter((other) => other.id !== job.id);
    const owned = await ownershipOf(current ?? null, others, target);
    // Review mode never puts anything on the live article, a placeholder meanwhile included.
    if (!contentType || contentType.publishMode === 'review' || current === undefined || (current !== null && owned.kind !== 'placeholder')) {
      await save({ placeholderCheckedAt: now(), state: job.state });
      return;
    }
    const reason = isBudgetReason(job.reason)
      ? `${job.reason} A placeholder is shown meanwhile.`
      : why
        ? `${why.replace(/\.?$/, '.')} A placeholder is shown; the image follows when Scenario is back.`
        : 'The image is late; a placeholder is shown until it arrives.';
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
    if (leftOver) await media().adopt(leftOver.id, provenanceOf(job, 'placeholder'));
    const fileId =
      leftOver?.id ??
      (await media().upload({ ...(await placeholderImage(job)), ...text, baseName }, folder, provenanceOf(job, 'placeholder'))).id;
    await save({ placeholderFileId: fileId });
    ensureHeld(holder.job, context);
    if (await articles().attachImage(target, contentType.imageField, fileId)) {
      await save({ placeholderCheckedAt: now(), reason, state: holder.job.state }, 'placeholder shown until the image arrives');
    } else {
      await media().removeIfUnused(fileId);
      await save({ placeholderFileId: null, placeholderCheckedAt: now(), state: holder.job.state });
    }
  }

  /**
   * Downloads the chosen candidate; when it cannot be had (asset error, too large, refused URL, not an image), the
   * other candidates that were paid for are tried before anything is given up. A passing failure (a dropped
   * download, an asset not ready yet) is retried later instead.
   */
  async function scenarioImage(job: JobRow): Promise<{ image: { bytes: Buffer; mimeType: string; extension: string }; patch: JobPatch }> {
    const client = scenario().client();
    if (!client) throw new RetryLater(`${NOT_CONFIGURED}.`);
    if (!job.chosenAssetId) throw new RetryLater('No image was chosen.');
    const candidates = job.candidateAssetIds ?? [];
    const order = [job.chosenAssetId, ...candidates.filter((id) => id !== job.chosenAssetId)];
    let lastError: unknown;
    for (const assetId of order) {
      try {
        const image = await client.downloadAsset(assetId);
        const web = await toWebImage(image, settings().current().imageFormat);
        if (assetId === job.chosenAssetId) return { image: web, patch: { alternativeText: job.alternativeText ?? '', caption: job.caption ?? '' } };
        const caption = job.candidateCaptions?.[candidates.indexOf(assetId)] ?? '';
        // (A description still awaited was of the image that could not be had: not for this one.)
        return {
          image: web,
          patch: { chosenAssetId: assetId, ...altTextOf(job, caption), describeJobId: null, describeRequestedAt: null, lastError: `${job.chosenAssetId}: ${describe(lastError ?? '')}` },
        };
      } catch (error) {
        if (!(error instanceof ScenarioError) || error.retryable) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  return { attach, showPlaceholder };
}
