import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import sharp from 'sharp';
import type { JobRow } from '../services/jobs';
import { getService } from '../utils/get-service';
import { chooseBody, documentQuery, generateBody, jobIdParams, jobListQuery, parse, thumbnailParams } from '../validation';
import { scenarioFailure, type Ctx } from './http';

/** Thumbnails kept in memory (about 20 kB each), so the side panel's refreshes do not download them again. */
const THUMBNAIL_CACHE_SIZE = 64;
const THUMBNAIL_WIDTH = 480;
/** Jobs of one article read for its side panel (skips included). */
const RECENT_JOBS_SCANNED = 100;

type ModelSchema = { info?: { displayName?: string }; kind?: string; pluginOptions?: { i18n?: { localized?: boolean } } };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const jobs = () => getService(strapi, 'jobs');
  const illustrations = () => getService(strapi, 'illustrations');

  const schemaOf = (uid: string) => (strapi.contentTypes as unknown as Record<string, ModelSchema>)[uid];

  /** Jobs of content types without i18n are recorded with a null locale, whatever the admin sent. */
  const targetOf = (input: { uid: string; documentId: string; locale: string | null }) => ({
    uid: input.uid,
    documentId: input.documentId,
    locale: schemaOf(input.uid)?.pluginOptions?.i18n?.localized ? input.locale : null,
  });

  /** A job as the admin sees it: no lease internals. */
  function present(job: JobRow) {
    const { lockedBy, lockedUntil, lockVersion, ...visible } = job;
    void lockedBy;
    void lockedUntil;
    void lockVersion;
    const schema = schemaOf(job.targetUid);
    return {
      ...visible,
      creditsSpent: job.creditsSpent === null || job.creditsSpent === undefined ? null : Number(job.creditsSpent),
      contentType: { uid: job.targetUid, displayName: schema?.info?.displayName ?? job.targetUid, kind: schema?.kind ?? 'collectionType' },
    };
  }

  async function findJob(id: number): Promise<JobRow> {
    const job = await jobs().findOne(id);
    if (!job) throw new errors.NotFoundError(`id: there is no job ${id}`);
    return job;
  }

  // ---- thumbnails ---------------------------------------------------------------------------------------------

  const thumbnails = new Map<string, Promise<Buffer>>();

  /**
   * Candidate images are proxied, never linked: the server asks Scenario for a fresh signed URL, downloads from the
   * allowed CDN host (size cap, magic bytes checked) and sends a small WebP. The browser never sees a credential or a
   * signed URL, the admin's content security policy needs no CDN host, and the route stays behind admin auth.
   */
  function thumbnail(assetId: string): Promise<Buffer> {
    const cached = thumbnails.get(assetId);
    if (cached) {
      thumbnails.delete(assetId);
      thumbnails.set(assetId, cached);
      return cached;
    }
    const client = getService(strapi, 'scenario').client();
    if (!client) throw new errors.ApplicationError('Scenario is not configured: candidate images cannot be shown.');
    const pending = client
      .downloadAsset(assetId)
      .then((image) => sharp(image.bytes).resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true }).webp({ quality: 78 }).toBuffer());
    thumbnails.set(assetId, pending);
    pending.catch(() => thumbnails.delete(assetId));
    while (thumbnails.size > THUMBNAIL_CACHE_SIZE) thumbnails.delete(thumbnails.keys().next().value as string);
    return pending;
  }

  // ---- what is in the image field now ---------------------------------------------------------------------------

  async function attachedImage(fileId: number | null, recent: JobRow[]) {
    if (!fileId) return null;
    const file = (await strapi.db.query('plugin::upload.file').findOne({ where: { id: fileId } })) as {
      id: number;
      name: string;
      url: string;
      alternativeText: string | null;
      formats?: { thumbnail?: { url: string }; small?: { url: string } } | null;
    } | null;
    if (!file) return null;
    const owner = recent.find((job) => job.fileId === fileId && (job.state === 'done' || job.state === 'fallback'));
    return {
      fileId: file.id,
      name: file.name,
      url: file.url,
      previewUrl: file.formats?.small?.url ?? file.formats?.thumbnail?.url ?? file.url,
      alternativeText: file.alternativeText,
      source: owner ? (owner.state === 'fallback' ? 'placeholder' : 'generated') : 'other',
      jobId: owner?.id ?? null,
      assetId: owner && owner.state === 'done' ? owner.chosenAssetId : null,
    };
  }

  return {
    async list(ctx: Ctx) {
      const query = parse(jobListQuery, ctx.query);
      const rows = await jobs().list({ limit: query.limit + 1, offset: query.offset, states: query.state });
      ctx.body = {
        results: rows.slice(0, query.limit).map(present),
        pagination: { limit: query.limit, offset: query.offset, hasMore: rows.length > query.limit },
      };
    },

    async findOne(ctx: Ctx) {
      const { id } = parse(jobIdParams, ctx.params);
      ctx.body = { job: present(await findJob(id)) };
    },

    /** Everything the edit view's side panel shows about one article. */
    async forDocument(ctx: Ctx) {
      const target = targetOf(parse(documentQuery, ctx.query));
      const settings = getService(strapi, 'settings').contentType(target.uid);
      if (!settings) {
        ctx.body = { participating: false, imageField: null, published: false, image: null, latest: null, skipped: null, generation: null, recent: [] };
        return;
      }
      // Every unchanged republish adds a skipped job: look far enough back to find the last real result past them.
      const recent = await jobs().forTarget(target, RECENT_JOBS_SCANNED);
      const real = recent.filter((job) => job.state !== 'skipped');
      const latest = real[0] ?? null;
      const skippedSince = recent.filter((job) => job.state === 'skipped' && (!latest || job.id > latest.id));
      const article = await getService(strapi, 'articles').readPublished(target, settings);
      ctx.body = {
        participating: true,
        imageField: settings.imageField,
        published: Boolean(article),
        image: article ? await attachedImage(article.imageFileId, recent) : null,
        /** The last real result (done, placeholder, failed) or the job at work: never a skip. */
        latest: latest ? present(latest) : null,
        /** Republishes that had nothing to do since then, shown as one quiet line. */
        skipped: skippedSince.length
          ? { count: skippedSince.length, lastAt: skippedSince[0].finishedAt ?? skippedSince[0].createdAt, reason: skippedSince[0].reason ?? null }
          : null,
        /** The last job with candidates (a swap carries its generation's candidates along). */
        generation: (() => {
          const job = real.find((candidate) => (candidate.candidateAssetIds ?? []).length > 0);
          return job ? present(job) : null;
        })(),
        recent: real.slice(0, 5).map(present),
      };
    },

    async generate(ctx: Ctx) {
      const body = parse(generateBody, ctx.request.body);
      const job = await illustrations().generate(targetOf(body), body.prompt ? { prompt: body.prompt } : {});
      ctx.status = 201;
      ctx.body = { job: present(job) };
    },

    async retry(ctx: Ctx) {
      const { id } = parse(jobIdParams, ctx.params);
      const job = await illustrations().retry(id);
      ctx.status = 201;
      ctx.body = { job: present(job) };
    },

    async choose(ctx: Ctx) {
      const { id } = parse(jobIdParams, ctx.params);
      const { assetId } = parse(chooseBody, ctx.request.body);
      const job = await illustrations().choose(id, assetId);
      ctx.status = 201;
      ctx.body = { job: present(job) };
    },

    async thumbnail(ctx: Ctx) {
      const { id, assetId } = parse(thumbnailParams, ctx.params);
      const job = await findJob(id);
      if (!(job.candidateAssetIds ?? []).includes(assetId)) throw new errors.NotFoundError(`assetId: ${assetId} is not a candidate of job ${id}`);
      try {
        const bytes = await thumbnail(assetId);
        ctx.type = 'image/webp';
        ctx.set('Cache-Control', 'private, max-age=86400, immutable');
        ctx.body = bytes;
      } catch (error) {
        if (error instanceof errors.ApplicationError) throw error;
        const failure = scenarioFailure(error);
        ctx.status = 502;
        ctx.body = { data: null, error: { status: 502, name: 'ScenarioError', message: failure.message, details: { kind: failure.kind } } };
      }
    },
  };
};
