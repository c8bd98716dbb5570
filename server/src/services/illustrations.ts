import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { isBudgetReason } from '../domain/budget';
import { isActive } from '../domain/job-states';
import type { AttachedImage, DocumentStatus, Estimate, JobList, JobView } from '../shared/contracts';
import { getService } from '../utils/get-service';
import { altTextOf, articleLanguage } from './pipeline/shared';
import { NO_LONGER_IN_DRAFT } from './pipeline/preparation';
import { estimateTextHelpers, helpersFor } from './pipeline/text-helpers';
import { NOT_CONFIGURED, scenarioFailure } from './scenario';
import type { JobState } from '../domain/job-states';
import { RECENT_JOBS_SCANNED, heldByBackfill, isAutomaticTrigger, type IllustrationTarget, type JobRow, type JobStart } from './jobs';

/** Jobs read at a time for a user who may see only some of them. */
const VISIBLE_BATCH = 200;

/**
 * Where a retry of a job that has a Scenario job starts. An image already chosen stays chosen (an editor's, another
 * locale's, the captions' or the first one taken without them); its alt text, once written by a caption or the text
 * model, is attached with it, nothing asked for again. Else captioning writes it (from the stored captions when there
 * are some), or the captions choose; a caption call whose answer was lost is not sent again.
 */
export function retryStart(job: JobRow): Omit<JobStart, 'deadlineSeconds' | 'requestedBy'> {
  const candidates = job.candidateAssetIds ?? [];
  const captioned = candidates.length > 0 && job.candidateCaptions?.length === candidates.length;
  const chosen = job.chosenAssetId && candidates.includes(job.chosenAssetId) ? job.chosenAssetId : captioned ? candidates[0] : undefined;
  if (chosen && job.alternativeText && (job.altTextSource === 'caption' || job.altTextSource === 'text-model')) {
    return { trigger: 'retry', state: 'attaching', chosenAssetId: chosen, text: { alternativeText: job.alternativeText, caption: job.caption ?? '', altTextSource: job.altTextSource } };
  }
  if (!chosen) return { trigger: 'retry', state: candidates.length ? 'captioning' : 'generating', captionRequestedAt: job.captionRequestedAt };
  // A description of it whose answer was lost is looked for in Scenario's job list, not asked again.
  return { trigger: 'retry', state: 'captioning', chosenAssetId: chosen, captionRequestedAt: job.captionRequestedAt, describeRequestedAt: job.describeRequestedAt };
}

/**
 * What editors see and ask for beyond publishing: the jobs and an article's side panel, generate (or regenerate with
 * their own prompt), pick another candidate of a finished generation (no new cost), retry a job that ended badly,
 * candidate thumbnails, and a cost estimate. Controllers stay thin and call these.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const jobs = () => getService(strapi, 'jobs');
  const worker = () => getService(strapi, 'worker');

  function requireParticipating(uid: string) {
    const contentType = getService(strapi, 'settings').contentType(uid);
    if (!contentType) throw new errors.ValidationError(`uid: ${uid} does not take part in auto illustration`);
    return contentType;
  }

  const schemaOf = (uid: string) => getService(strapi, 'articles').schemaOf(uid);

  /** What a job cost: its generation and its other paid calls (captions, text helpers). */
  const totalCost = (job: JobRow | undefined) => Number(job?.creditsSpent ?? 0) + Number(job?.helperCredits ?? 0);

  /** A job as the admin sees it: no lease internals. */
  function view(job: JobRow): JobView {
    const { lockedBy, lockedUntil, lockVersion, helperCredits, ...visible } = job;
    void lockedBy;
    void lockedUntil;
    void lockVersion;
    const schema = schemaOf(job.targetUid);
    return {
      ...visible,
      creditsSpent: (job.creditsSpent ?? null) === null && !Number(helperCredits ?? 0) ? null : totalCost(job),
      budgetReached: isBudgetReason(job.reason),
      held: job.state === 'queued' && heldByBackfill(job),
      contentType: { uid: job.targetUid, displayName: schema?.info?.displayName ?? job.targetUid, kind: schema?.kind ?? 'collectionType' },
    };
  }

  async function findJob(id: number): Promise<JobRow> {
    const job = await jobs().findOne(id);
    if (!job) throw new errors.NotFoundError(`id: there is no job ${id}`);
    return job;
  }

  /** The newest job whose image waits for an editor's review, with that image. */
  async function waitingForReview(recent: JobRow[], imageField: string): Promise<DocumentStatus['review']> {
    const job = recent.find((candidate) => candidate.awaitingReview && candidate.fileId !== null);
    const image = job ? await attachedImage(job.fileId, [job]) : null;
    if (!job || !image) return null;
    const articles = getService(strapi, 'articles');
    const inDraft = articles.hasDraftAndPublish(job.targetUid);
    // (Taken out of the draft by an editor and saved: no longer under review; the next publish settles it.)
    if (inDraft && (await articles.draftImage({ uid: job.targetUid, documentId: job.targetDocumentId, locale: job.targetLocale }, imageField)) !== job.fileId) return null;
    return { jobId: job.id, image, inDraft };
  }

  /**
   * What is in the image field now, and which job (if any) put it there. A file of ours no finished job of this
   * locale attached (a placeholder while Scenario is away, another locale's shared file, one from before a reinstall)
   * is known by the mark the plugin writes on its uploads: never "chosen by an editor".
   */
  async function attachedImage(fileId: number | null, recent: JobRow[], target?: IllustrationTarget): Promise<AttachedImage | null> {
    const file = fileId ? await getService(strapi, 'media').summary(fileId) : null;
    if (!file) return null;
    // (A file of ours an editor replaced in the Media Library has lost its mark: theirs now.)
    const owner = file.replaced ? undefined : recent.find((job) => job.fileId === file.id && (job.state === 'done' || job.state === 'fallback'));
    const mark = owner || !target ? null : file.provenance;
    const marked = mark && mark.uid === target?.uid && mark.documentId === target.documentId ? mark : null;
    const kind = owner ? (owner.state === 'fallback' ? 'placeholder' : 'generated') : marked ? (marked.kind === 'placeholder' ? 'placeholder' : 'generated') : 'other';
    return {
      fileId: file.id,
      name: file.name,
      url: file.url,
      previewUrl: file.previewUrl,
      alternativeText: file.alternativeText,
      source: kind,
      jobId: owner?.id ?? null,
      assetId: owner ? (owner.state === 'done' ? owner.chosenAssetId : null) : (marked?.assetId ?? null),
    };
  }

  return {
    /**
     * Jobs of content types without i18n are recorded with a null locale, whatever the admin sent; a localized type's
     * entry needs its locale (without it the job would be no locale's, beside the locale's own).
     */
    targetOf(input: { uid: string; documentId: string; locale: string | null }): IllustrationTarget {
      const localized = getService(strapi, 'articles').isLocalized(input.uid);
      if (localized && !input.locale) throw new errors.ValidationError(`locale: is required: ${input.uid} is localized`);
      return { uid: input.uid, documentId: input.documentId, locale: localized ? input.locale : null };
    },

    view,

    /** A 400 for a type that takes no part. */
    requireParticipating,

    /**
     * A page of jobs, newest first, of those `where` selects. With `visible` (the jobs a user may see of those given,
     * where the query cannot tell), the page is of those: the offset counts only them, and the jobs are read in batches
     * until the page is full.
     */
    async list(
      query: { limit: number; offset: number; state?: JobState[]; review?: boolean },
      where?: object,
      visible?: (jobs: JobView[]) => Promise<JobView[]>,
    ): Promise<JobList> {
      const page = (limit: number, offset: number) => jobs().list({ limit, offset, states: query.state, awaitingReview: query.review, where });
      let results: JobView[];
      if (!visible) results = (await page(query.limit + 1, query.offset)).map(view);
      else {
        const shown: JobView[] = [];
        for (let offset = 0; shown.length <= query.offset + query.limit; offset += VISIBLE_BATCH) {
          const rows = await page(VISIBLE_BATCH, offset);
          shown.push(...(await visible(rows.map(view))));
          if (rows.length < VISIBLE_BATCH) break;
        }
        results = shown.slice(query.offset, query.offset + query.limit + 1);
      }
      return { results: results.slice(0, query.limit), pagination: { limit: query.limit, offset: query.offset, hasMore: results.length > query.limit } };
    },

    async findOne(id: number): Promise<JobView> {
      return view(await findJob(id));
    },

    /** Everything the edit view's side panel shows about one article. */
    async panel(target: IllustrationTarget): Promise<Omit<DocumentStatus, 'canChange' | 'whyNotChange'>> {
      const settings = getService(strapi, 'settings').contentType(target.uid);
      if (!settings) {
        return { participating: false, imageField: null, reviewMode: false, published: false, image: null, latest: null, skipped: null, generation: null, lastIllustrationCost: null, recent: [], review: null, references: [] };
      }
      // Every unchanged republish adds a skipped job: look far enough back to find the last real result past them.
      const recent = await jobs().forTarget(target, RECENT_JOBS_SCANNED);
      // (A skip with candidates is a result: they were paid for, and an editor may still use one.)
      const real = recent.filter((job) => job.state !== 'skipped' || (job.candidateAssetIds ?? []).length > 0);
      const latest = real[0] ?? null;
      const skippedSince = recent.filter((job) => job.state === 'skipped' && (!latest || job.id > latest.id));
      // Only the image field of the live version: the panel polls, and the article's text is not shown.
      const imageFileId = await getService(strapi, 'articles').currentImage(target, settings.imageField);
      // The last job with candidates (a swap carries its generation's candidates along).
      const generation = real.find((job) => (job.candidateAssetIds ?? []).length > 0);
      const image = imageFileId !== undefined ? await attachedImage(imageFileId, recent, target) : null;
      // The text the image shown was made for (the last result's when it is not ours): a later skip for another text.
      const shownText = (recent.find((job) => job.id === image?.jobId) ?? latest)?.textHash;
      return {
        participating: true,
        imageField: settings.imageField,
        reviewMode: settings.publishMode === 'review',
        published: imageFileId !== undefined,
        image,
        /** The last real result (done, placeholder, failed) or the job at work: never a skip. */
        latest: latest ? view(latest) : null,
        /** Republishes that had nothing to do since then, shown as one quiet line. */
        skipped: skippedSince.length
          ? {
              count: skippedSince.length,
              lastAt: skippedSince[0].finishedAt ?? skippedSince[0].createdAt,
              reason: skippedSince[0].reason ?? null,
              textChanged: Boolean(skippedSince[0].textHash && shownText && skippedSince[0].textHash !== shownText),
              rejected: NO_LONGER_IN_DRAFT.test(skippedSince[0].reason ?? ''),
            }
          : null,
        generation: generation ? view(generation) : null,
        // (The last job that generated: "Use this image" pays only for a caption, a trial read 0.5. With its captions and
        // helpers: the images alone, 21.5, told a trial's editor less than the jobs page's 24 for the same job.)
        lastIllustrationCost: totalCost(real.find((job) => Number(job.creditsSpent ?? 0) > 0)) || null,
        recent: real.slice(0, 5).map(view),
        review: await waitingForReview(real, settings.imageField),
        references: await getService(strapi, 'reference-images').describe((generation ?? latest)?.referenceAssetIds ?? []),
      };
    },

    /** A small preview of one of a job's candidates. */
    async thumbnail(jobId: number, assetId: string): Promise<Buffer> {
      const job = await findJob(jobId);
      if (!(job.candidateAssetIds ?? []).includes(assetId)) throw new errors.NotFoundError(`assetId: ${assetId} is not a candidate of job ${jobId}`);
      return getService(strapi, 'thumbnails').candidate(assetId);
    },

    /** A new generation for one article, with an optional prompt of the editor's own. */
    async generate(target: IllustrationTarget, options: { prompt?: string; user?: string; trigger?: 'generate' | 'publish' } = {}): Promise<JobRow> {
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
      const [created] = await worker().enqueue([target], { trigger: options.trigger ?? 'generate', requestedPrompt: options.prompt, requestedBy: options.user });
      if (!created) throw new errors.ApplicationError('The job could not be recorded.');
      return created;
    },

    /** Attaches another candidate of a finished generation instead of the chosen one: nothing is generated. */
    async choose(jobId: number, assetId: string, user?: string): Promise<JobRow> {
      const job = await findJob(jobId);
      requireParticipating(job.targetUid);
      const index = (job.candidateAssetIds ?? []).indexOf(assetId);
      if (index < 0) throw new errors.ValidationError(`assetId: ${assetId} is not a candidate of job ${jobId}`);
      const target = { uid: job.targetUid, documentId: job.targetDocumentId, locale: job.targetLocale };
      const [active] = (await jobs().forTarget(target, 5)).filter((other) => isActive(other.state));
      if (active) throw new errors.ApplicationError(`Job ${active.id} is already working on this article.`);
      const caption = job.candidateCaptions?.[index] ?? '';
      // In another language than English the text model describes the newly chosen image (the captions are English);
      // otherwise its caption is the alt text at once. No new generation either way.
      const describe = helpersFor(articleLanguage(job), getService(strapi, 'settings').current().textHelpers).describe;
      // Candidates that arrived after their job ended have no captions yet: the chosen one is captioned first.
      const uncaptioned = !(job.candidateCaptions ?? []).length;
      const created = await jobs().enqueueFrom(
        job,
        describe || uncaptioned
          // (Captions asked for before whose answer was lost are paid: not asked again. An editor's choice captioned
          // only that image.)
          ? { trigger: 'choose', state: 'captioning', deadlineSeconds: 0, chosenAssetId: assetId, captionRequestedAt: job.trigger !== 'choose' || job.chosenAssetId === assetId ? job.captionRequestedAt : null, requestedBy: user }
          : {
              requestedBy: user,
              trigger: 'choose',
              state: 'attaching',
              deadlineSeconds: 0,
              chosenAssetId: assetId,
              text: altTextOf(job, caption),
            },
      );
      worker().wake();
      return created;
    },

    /**
     * A publish put an image that waited for review live (the draft held it): that review is over. Checked at every
     * publish, whether or not it starts a job (another job of the article may be at work).
     */
    async settlePublishedReviews(targets: IllustrationTarget[]): Promise<void> {
      for (const target of targets) {
        const contentType = getService(strapi, 'settings').contentType(target.uid);
        if (!contentType) continue;
        const recent = await jobs().forTarget(target, 10);
        const waiting = recent.filter((job) => job.awaitingReview && job.fileId !== null);
        if (!waiting.length) continue;
        const live = await getService(strapi, 'articles').currentImage(target, contentType.imageField);
        const published = waiting.filter((job) => job.fileId === live);
        for (const job of published) await jobs().settleReview(job, 'published with the article');
        // The live image it replaced, and earlier ones, leave the Media Library when they are ours and nothing uses them.
        if (!published.length) continue;
        for (const job of recent) {
          // (Not a job at work: its file may be uploaded and about to be attached; nor one whose image still waits.)
          if (job.fileId !== null && job.fileId !== live && !job.awaitingReview && !isActive(job.state)) await getService(strapi, 'media').removeIfUnused(job.fileId);
        }
      }
    },

    /**
     * Review mode on a type without draft & publish: the editor's "Use this image" puts the job's file (already in the
     * Media Library) in the article. With draft & publish, publishing the draft is how an image goes live.
     */
    async useImage(jobId: number, user?: string): Promise<JobRow> {
      const job = await findJob(jobId);
      const contentType = requireParticipating(job.targetUid);
      if (!job.awaitingReview || job.fileId === null) throw new errors.ValidationError(`id: job ${jobId} has no image waiting for review`);
      const target = { uid: job.targetUid, documentId: job.targetDocumentId, locale: job.targetLocale };
      if (getService(strapi, 'articles').hasDraftAndPublish(target.uid)) {
        throw new errors.ValidationError(`id: job ${jobId}'s image is in the draft; publish the article to make it live`);
      }
      const media = getService(strapi, 'media');
      const replaced = await getService(strapi, 'articles').currentImage(target, contentType.imageField);
      if (!(await getService(strapi, 'articles').attachImage(target, contentType.imageField, job.fileId))) {
        throw new errors.NotFoundError('The article no longer exists.');
      }
      // Images made earlier for the article that still wait (a regeneration made this one) are no longer in question,
      // nor a regeneration that has sent nothing yet (held for the budget): it would pay for an image nobody wants.
      // Their files and the image replaced leave the Media Library when they are ours and nothing else uses them.
      for (const other of await jobs().forTarget(target)) {
        if (other.id === job.id || !other.awaitingReview) continue;
        await jobs().settleReview(other, `job ${job.id}'s image was used instead`);
        if (other.fileId !== null) await media.removeIfUnused(other.fileId);
      }
      if (replaced && replaced !== job.fileId) await media.removeIfUnused(replaced);
      await jobs().skipUnsent(target, `An editor used the image of job ${job.id} meanwhile.`);
      return jobs().settleReview(job, `used by ${user ?? 'an editor'}`);
    },

    /**
     * Tries a job that ended in the placeholder or failed once more. What it already paid for is reused: its
     * candidates are downloaded again (after a configuration fix, say), or its Scenario job is looked at again;
     * only a job that never got a Scenario job starts a fresh generation.
     */
    async retry(jobId: number, user?: string): Promise<JobRow> {
      const job = await findJob(jobId);
      if (job.state !== 'failed' && job.state !== 'fallback') {
        throw new errors.ValidationError(`id: job ${jobId} is ${job.state}; only failed or placeholder jobs can be retried`);
      }
      const target = { uid: job.targetUid, documentId: job.targetDocumentId, locale: job.targetLocale };
      // (A regeneration's own prompt is asked for again. A publish's job is retried as the publish, which may share
      // another locale's image: retrying the placeholders the budget put up bought a new generation for each locale.)
      if (!job.scenarioJobId) {
        const again = job.requestedPrompt ? { prompt: job.requestedPrompt } : isAutomaticTrigger(job.trigger) ? { trigger: 'publish' as const } : {};
        return this.generate(target, { user, ...again });
      }

      requireParticipating(job.targetUid);
      const [active] = (await jobs().forTarget(target, 5)).filter((other) => isActive(other.state));
      if (active) throw new errors.ApplicationError(`Job ${active.id} is already illustrating this article.`);
      const { deadlineSeconds } = getService(strapi, 'settings').current();
      // Its upload that never reached the article (a crash while attaching) goes: the retry uploads its own.
      if (job.fileId !== null) await getService(strapi, 'media').removeIfUnused(job.fileId);
      const created = await jobs().enqueueFrom(job, { ...retryStart(job), deadlineSeconds, requestedBy: user });
      worker().wake();
      return created;
    },

    /**
     * "About N credits per article": a dry run of the saved settings (nothing is billed), with the size the model is
     * really sent and the wishes it has no input for (a 16:9 setting is not claimed on a model that ignores it), and
     * the text helpers each locale would call. A failure is the answer's reason, never an error.
     */
    async estimate(): Promise<Estimate> {
      const config = getService(strapi, 'settings').current();
      const basis = { model: config.model.id, loraId: config.model.loraId ?? null, numOutputs: config.numOutputs, aspectRatio: config.aspectRatio };
      const unpriced = (reason: string): Estimate => ({ credits: null, breakdown: null, reason, basis, size: null, unsupported: [], helpers: null });
      const client = getService(strapi, 'scenario').client();
      if (!client) return unpriced(`${NOT_CONFIGURED}.`);
      try {
        const estimate = await client.estimateGenerate(config.model.id, {
          prompt: 'An editorial illustration for a news article',
          // The style's negative prompt is one of the wishes: the estimate then says when the model has no input for it.
          negativePrompt: getService(strapi, 'settings').stylePreset().negativePrompt,
          numOutputs: config.numOutputs,
          aspectRatio: config.aspectRatio,
          ...(config.model.loraId ? { loraIds: [config.model.loraId], loraScales: [config.model.loraScale] } : {}),
          // Priced with the references a generation would send (those already uploaded: a dry run uploads nothing).
          referenceImages: await getService(strapi, 'reference-images').knownAssetIds(),
        });
        const uids = Object.keys(config.contentTypes);
        const localized = uids.some((uid) => getService(strapi, 'articles').isLocalized(uid));
        const i18n = strapi.plugin('i18n')?.service('locales') as { find(): Promise<Array<{ code: string; name: string }>> } | undefined;
        const locales = localized && i18n ? await i18n.find() : [];
        const helpers = await estimateTextHelpers(client, config, locales);
        // Every candidate is captioned (the alt text's source), and the budget holds that too: it is part of the price.
        // A model without numOutputs makes one.
        const candidates = estimate.unsupported?.includes('numOutputs') ? 1 : config.numOutputs;
        const captions = (await client.estimateTextHelper('caption')) * candidates;
        // The prompt assistant, when on, is called for every article, whatever its language: part of the price too.
        const promptAssistant = helpers.perCall.promptAssistant;
        return {
          credits: Math.round((estimate.creditsCost + captions + (promptAssistant ?? 0)) * 100) / 100,
          breakdown: { generation: estimate.creditsCost, captions, ...(promptAssistant !== undefined ? { promptAssistant } : {}) },
          reason: null,
          basis,
          size: estimate.size ?? null,
          unsupported: estimate.unsupported ?? [],
          helpers,
        };
      } catch (error) {
        return unpriced(scenarioFailure(error).message);
      }
    },
  };
};
