import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import sharp from 'sharp';
import { z } from 'zod';
import { ScenarioError } from '../scenario/errors';
import { referenceLimit } from '../scenario/model-inputs';
import { MAX_ASSET_UPLOAD_BYTES, type AssetUpload, type ScenarioClient } from '../scenario/types';
import type { FieldIssue, ReferenceImageView } from '../shared/contracts';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';
import { FILE_UID } from './media';

const STORE_KEY = 'reference-assets';
/** Uploads remembered (five references, each changed many times, fit well below it). */
const MAX_REMEMBERED = 500;
/** A Media Library file larger than this is not read (a style reference needs no more). */
const MAX_SOURCE_BYTES = 50 * 1024 * 1024;
/** Longest side of a reference re-encoded to fit the upload limit, then a smaller one if that is still too big. */
const FIT_SIDES = [2048, 1024];
/** Types Scenario takes as they are; anything else (GIF, SVG, AVIF, TIFF…) is re-encoded first. */
const SENT_AS_IS = new Set(['image/png', 'image/jpeg', 'image/webp']);

interface MediaFile {
  id: number;
  name: string;
  mime: string;
  url: string;
  size?: number | null;
  formats?: { thumbnail?: { url?: string } } | null;
}

/** One upload to Scenario: which Media Library file, which bytes (SHA-256), and the asset it became. */
/** The store's uploads, read with zod: an entry that does not fit (an older shape, a hand edit) is dropped. */
const uploadedReference = z.object({ fileId: z.number().int(), sha256: z.string(), assetId: z.string().min(1), uploadedAt: z.string() });
type UploadedReference = z.infer<typeof uploadedReference>;

export interface ReferencesForGeneration {
  /** Scenario asset ids to send as `referenceImages` (empty: none). */
  assetIds: string[];
  /** Why some or all references were not sent, for the job's notes. */
  notes: string[];
}

const isImage = (file: Pick<MediaFile, 'mime'> | null | undefined): file is MediaFile => Boolean(file?.mime?.startsWith('image/'));

/**
 * House style from reference images: the Media Library files chosen on the settings page, uploaded to Scenario once
 * (`POST /assets`) and sent as `referenceImages` to models that declare that input. Uploads are remembered by file id
 * and the SHA-256 of the file's bytes, so every job re-uses them and a changed image is uploaded again.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });
  /** Uploads under way in this process, by file id and hash: concurrent jobs share one. */
  const uploading = new Map<string, Promise<string>>();

  async function readUploads(): Promise<UploadedReference[]> {
    const value = (await store().get({})) as { uploads?: unknown } | null;
    return (Array.isArray(value?.uploads) ? value.uploads : []).flatMap((entry) => {
      const parsed = uploadedReference.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** Every upload is kept (newest last, the oldest dropped past a cap), so older jobs still name their files. */
  async function remember(entry: UploadedReference): Promise<void> {
    const uploads = [...(await readUploads()), entry].slice(-MAX_REMEMBERED);
    await store().set({ value: { uploads } });
  }

  /** The newest upload of a file. */
  const latestOf = (uploads: UploadedReference[], fileId: number | null) => uploads.filter((upload) => upload.fileId === fileId).pop();

  const findFiles = async (ids: number[]): Promise<MediaFile[]> =>
    ids.length
      ? ((await strapi.db.query(FILE_UID).findMany({
          where: { id: { $in: ids } },
          select: ['id', 'name', 'mime', 'url', 'size', 'formats'],
        })) as MediaFile[])
      : [];

  /** The file's bytes: from the public folder for the local provider, else from its URL (size-capped). */
  async function bytesOf(file: MediaFile): Promise<Buffer> {
    if (/^https?:\/\//i.test(file.url)) {
      const response = await fetch(file.url, { redirect: 'error', signal: AbortSignal.timeout(30_000) });
      if (!response.ok) throw new Error(`the Media Library file ${file.id} could not be read (HTTP ${response.status})`);
      const length = Number(response.headers.get('content-length') ?? 0);
      if (length > MAX_SOURCE_BYTES) throw new Error(`the Media Library file ${file.id} is too large`);
      const bytes = Buffer.from(await response.arrayBuffer());
      if (bytes.length > MAX_SOURCE_BYTES) throw new Error(`the Media Library file ${file.id} is too large`);
      return bytes;
    }
    const root = path.resolve(strapi.dirs.static.public);
    const local = path.resolve(root, `.${decodeURIComponent(file.url.split('?')[0])}`);
    if (!local.startsWith(`${root}${path.sep}`)) throw new Error(`the Media Library file ${file.id} is outside the public folder`);
    return readFile(local);
  }

  /** The image as Scenario takes it: as it is when small enough and of a sent type, else re-encoded smaller. */
  async function uploadable(file: MediaFile, bytes: Buffer): Promise<AssetUpload> {
    const name = file.name.slice(0, 200);
    if (SENT_AS_IS.has(file.mime) && bytes.length <= MAX_ASSET_UPLOAD_BYTES) {
      return { bytes, mimeType: file.mime as AssetUpload['mimeType'], name };
    }
    const { hasAlpha } = await sharp(bytes).metadata();
    for (const side of FIT_SIDES) {
      const resized = sharp(bytes).rotate().resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true });
      const encoded = hasAlpha ? await resized.png().toBuffer() : await resized.jpeg({ quality: 88 }).toBuffer();
      if (encoded.length <= MAX_ASSET_UPLOAD_BYTES) return { bytes: encoded, mimeType: hasAlpha ? 'image/png' : 'image/jpeg', name };
    }
    throw new Error(`the Media Library file ${file.id} stays over ${MAX_ASSET_UPLOAD_BYTES} bytes even at ${FIT_SIDES[FIT_SIDES.length - 1]} px`);
  }

  /** The file's Scenario asset: the remembered one while its bytes are unchanged, else a new upload. */
  async function assetFor(client: ScenarioClient, file: MediaFile): Promise<string> {
    const bytes = await bytesOf(file);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const known = (await readUploads()).find((upload) => upload.fileId === file.id && upload.sha256 === sha256);
    if (known) return known.assetId;
    const key = `${file.id}:${sha256}`;
    let pending = uploading.get(key);
    if (!pending) {
      pending = (async () => {
        const assetId = await client.uploadAsset(await uploadable(file, bytes));
        await remember({ fileId: file.id, sha256, assetId, uploadedAt: new Date().toISOString() });
        strapi.log.info(`[auto-illustration] reference image ${file.id} (${file.name}) uploaded to Scenario as ${assetId}`);
        return assetId;
      })();
      uploading.set(key, pending);
      pending.then(
        () => uploading.delete(key),
        () => uploading.delete(key),
      );
    }
    return pending;
  }

  return {
    /** Each id must be an image file of the Media Library: otherwise an issue naming `referenceImages.N`. */
    async check(ids: number[]): Promise<FieldIssue[]> {
      const files = await findFiles(ids);
      return ids.flatMap((id, index) => {
        const file = files.find((candidate) => candidate.id === id);
        if (!file) return [{ path: `referenceImages.${index}`, message: `there is no Media Library file ${id}` }];
        if (!file.mime?.startsWith('image/')) return [{ path: `referenceImages.${index}`, message: `the Media Library file ${id} (${file.name}) is not an image` }];
        return [];
      });
    },

    /**
     * The asset ids to send with a generation on this model, uploading what Scenario does not have yet. A model that
     * declares no `referenceImages` input gets none (nothing is uploaded) and the notes say so; a file gone from the
     * Media Library, or refused by Scenario, is left out with a note. A passing Scenario error is thrown (the step is
     * retried as usual).
     */
    async forGeneration(client: ScenarioClient, modelId: string): Promise<ReferencesForGeneration> {
      const ids = getService(strapi, 'settings').current().referenceImages ?? [];
      if (ids.length === 0) return { assetIds: [], notes: [] };
      const limit = referenceLimit(await client.getModel(modelId));
      if (limit === 0) {
        return { assetIds: [], notes: [`The model ${modelId} takes no reference images: the house-style references (${ids.length}) were not sent.`] };
      }
      const notes: string[] = [];
      if (ids.length > limit) notes.push(`The model ${modelId} takes ${limit} reference image(s): only the first ${limit} were sent.`);
      const files = await findFiles(ids.slice(0, limit));
      const assetIds: string[] = [];
      for (const id of ids.slice(0, limit)) {
        const file = files.find((candidate) => candidate.id === id);
        if (!isImage(file)) {
          notes.push(`The reference image ${id} is no longer an image in the Media Library: left out.`);
          continue;
        }
        try {
          assetIds.push(await assetFor(client, file));
        } catch (error) {
          // A passing failure (Scenario busy or down) is the step's to retry; a refusal leaves this reference out.
          if (error instanceof ScenarioError && error.retryable) throw error;
          notes.push(`The reference image ${id} (${file.name}) could not be used: ${(error as Error).message.replace(/\.$/, '')}.`);
        }
      }
      return { assetIds, notes };
    },

    /** The configured files' last uploaded asset ids (no upload, no read): what a dry run may name. */
    async knownAssetIds(): Promise<string[]> {
      const ids = getService(strapi, 'settings').current().referenceImages ?? [];
      const uploads = await readUploads();
      return ids.flatMap((id) => latestOf(uploads, id)?.assetId ?? []);
    },

    /** The Media Library files behind some asset ids (or the configured files), for the side panel and preview. */
    async describe(assetIds?: string[] | null): Promise<ReferenceImageView[]> {
      const uploads = await readUploads();
      const fileIds = assetIds
        ? assetIds.map((assetId) => uploads.find((upload) => upload.assetId === assetId)?.fileId ?? null)
        : (getService(strapi, 'settings').current().referenceImages ?? []);
      const files = await findFiles(fileIds.filter((id): id is number => id !== null));
      return fileIds.map((fileId, index) => {
        const file = fileId === null ? undefined : files.find((candidate) => candidate.id === fileId);
        return {
          fileId,
          assetId: assetIds ? assetIds[index] : (latestOf(uploads, fileId)?.assetId ?? null),
          name: file?.name ?? null,
          thumbnailUrl: file ? (file.formats?.thumbnail?.url ?? file.url) : null,
        };
      });
    },
  };
};
