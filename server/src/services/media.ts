import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { AI_GENERATED, ALGORITHMIC, focalPoint, withXmp, xmpPacket } from '../domain/xmp';
import { expectUpload } from '../middlewares/upload-xmp';
import { getService } from '../utils/get-service';

export const FILE_UID = 'plugin::upload.file';

export interface UploadedFile {
  id: number;
  name: string;
  url: string;
  alternativeText: string | null;
}

export interface ImageToUpload {
  bytes: Buffer;
  mimeType: string;
  extension: string;
  /** File name without extension; also the key used to find the file again after a restart. */
  baseName: string;
  alternativeText: string;
  caption: string;
}

/** A file in the image field, as the side panel shows it. */
export interface FileSummary {
  id: number;
  name: string;
  url: string;
  /** The small responsive format when there is one. */
  previewUrl: string;
  alternativeText: string | null;
  /** The plugin's mark, if it made the file. */
  provenance: FileProvenance | null;
  /** An editor put their own picture into a file of ours (Replace media). */
  replaced: boolean;
}

/**
 * What the plugin writes into a file it uploads (under `provider_metadata.autoIllustration`, beside whatever the
 * upload provider keeps there): which article it was made for, from which text, and whether it is a placeholder.
 * It lets the plugin recognise its own images without its job history (after a reinstall, say).
 */
export interface FileProvenance {
  uid: string;
  documentId: string;
  locale: string | null;
  kind: 'image' | 'placeholder';
  textHash: string | null;
  jobId: number;
  assetId?: string;
  scenarioJobId?: string | null;
  /** Scenario's model id and when the image was made (generated images). */
  model?: string | null;
  generatedAt?: string;
  /**
   * The upload's size and dimensions as Strapi stored them. The Media Library's "Replace media" changes them but keeps
   * the id, hash and provider_metadata (files marked before this was kept have none).
   */
  uploaded?: FileShape;
}

/** What "Replace media" changes in a file row. */
type FileShape = { size: number | null; width: number | null; height: number | null };

/** What a front-end may show of a file's origin (the public provenance route). */
export interface PublicProvenance {
  fileId: number;
  kind: 'ai-generated' | 'placeholder';
  /** IPTC digital source type, also schema.org's digitalSourceType. */
  digitalSourceType: string;
  aiSystem: string | null;
  model: string | null;
  generatedAt: string | null;
}

const PROVENANCE_KEY = 'autoIllustration';

const provenanceSchema = z.object({
  uid: z.string(),
  documentId: z.string(),
  locale: z.string().nullable().default(null),
  kind: z.enum(['image', 'placeholder']),
  textHash: z.string().nullable().default(null),
  jobId: z.number(),
  assetId: z.string().optional(),
  scenarioJobId: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
  generatedAt: z.string().optional(),
  uploaded: z.object({ size: z.number().nullable(), width: z.number().nullable(), height: z.number().nullable() }).optional(),
});

/** What a file row says of the plugin's mark (see readMark). */
export interface FileMark {
  mark: FileProvenance | null;
  replaced: boolean;
}

/** A file row as the mark is read from it. */
type MarkedFile = Partial<FileShape> & { provider_metadata?: Record<string, unknown> | null };

const shapeOf = (file: MarkedFile | null): FileShape => ({ size: toNumber(file?.size), width: toNumber(file?.width), height: toNumber(file?.height) });
// (Sizes come back as strings from some databases' decimal columns.)
const toNumber = (value: unknown): number | null => (value === null || value === undefined || value === '' ? null : Number(value));
const sameShape = (a: FileShape, b: FileShape) => a.size === b.size && a.width === b.width && a.height === b.height;

const CREATOR_TOOL = 'strapi-plugin-auto-illustration';
/** An upload's temp dir, under the system's temp dir (its own prefix: the tests unpack a browser beside it). */
const TEMP_PREFIX = 'auto-illustration-upload-';
const STALE_TEMP_MS = 60 * 60 * 1000;

/** The disclosure written into the file: generated images as AI media, placeholders as drawn by rule. */
function disclosure(provenance: FileProvenance): string {
  const createdAt = provenance.generatedAt ?? new Date().toISOString();
  if (provenance.kind === 'placeholder') return xmpPacket({ digitalSourceType: ALGORITHMIC, createdAt, creatorTool: `${CREATOR_TOOL} (placeholder)` });
  return xmpPacket({ digitalSourceType: AI_GENERATED, aiSystemUsed: `Scenario ${provenance.model ?? ''}`.trim(), createdAt, creatorTool: CREATOR_TOOL });
}

/** Media Library glue: our folder, uploads from memory, provenance marks, and clean-up. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const upload = () => strapi.plugin('upload').service('upload');
  let folderId: number | undefined;

  /** Merged into provider_metadata: a provider (S3, Cloudinary…) keeps what it needs there to delete the file. */
  async function markProvenance(id: number, provenance: FileProvenance): Promise<void> {
    const file = await markedFile(id);
    const mark = { ...provenance, uploaded: shapeOf(file) };
    await strapi.db.query(FILE_UID).update({ where: { id }, data: { provider_metadata: { ...(file?.provider_metadata ?? {}), [PROVENANCE_KEY]: mark } } });
  }

  /**
   * The plugin's mark on a file, if it made the file and the file still holds what it uploaded. `replaced`: an editor
   * put their own picture into a file of ours. The Media Library's "Replace media" keeps a file's id, hash, URL and
   * provider_metadata: it is known by its other size. The file is theirs from then on, never replaced by a job nor
   * deleted as ours. (A file of ours without a mark, the process having died between upload and mark, is known by
   * its job.)
   */
  function readMark(file: MarkedFile | null): FileMark {
    const parsed = provenanceSchema.safeParse(file?.provider_metadata?.[PROVENANCE_KEY]);
    const replaced = parsed.success && parsed.data.uploaded !== undefined && !sameShape(parsed.data.uploaded, shapeOf(file));
    return { mark: parsed.success && !replaced ? parsed.data : null, replaced };
  }

  async function markedFile(id: number): Promise<MarkedFile | null> {
    return (await strapi.db.query(FILE_UID).findOne({ where: { id }, select: ['id', 'size', 'width', 'height', 'provider_metadata'] })) as MarkedFile | null;
  }

  /** Uploads at once (several jobs, or instances) share one folder: callers here share one lookup. */
  let finding: Promise<number> | undefined;

  function ensureFolder(name: string): Promise<number> {
    finding ??= findOrCreateFolder(name).finally(() => (finding = undefined));
    return finding;
  }

  async function findOrCreateFolder(name: string): Promise<number> {
    if (folderId !== undefined) {
      const stillThere = await strapi.db.query('plugin::upload.folder').findOne({ where: { id: folderId }, select: ['id'] });
      if (stillThere) return folderId;
    }
    const find = () => strapi.db.query('plugin::upload.folder').findOne({ where: { name, parent: { id: { $null: true } } } });
    let folder = await find();
    if (!folder) {
      try {
        folder = await strapi.plugin('upload').service('folder').create({ name, parent: null });
      } catch (error) {
        // Another instance created it between our look and our insert: use theirs.
        folder = await find();
        if (!folder) throw error;
      }
    }
    folderId = folder.id as number;
    return folderId;
  }

  return {
    /**
     * Temp dirs of uploads an instance died during (a kill in the middle): gone at the next start. An hour old at
     * least: another instance's upload in progress takes seconds.
     */
    async removeStaleTempDirs(): Promise<void> {
      const entries = await readdir(tmpdir(), { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (!entry.isDirectory() || !entry.name.startsWith(TEMP_PREFIX)) continue;
        const dir = path.join(tmpdir(), entry.name);
        const age = Date.now() - ((await stat(dir).catch(() => null))?.mtimeMs ?? Date.now());
        if (age > STALE_TEMP_MS) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      }
    },

    /** Uploads bytes held in memory: the upload service wants a real file, so it goes through a temp dir. */
    async upload(image: ImageToUpload, folderName: string, provenance: FileProvenance): Promise<UploadedFile> {
      const folder = await ensureFolder(folderName);
      const dir = await mkdtemp(path.join(tmpdir(), TEMP_PREFIX));
      const fileName = `${image.baseName}.${image.extension}`;
      const filepath = path.join(dir, fileName);
      const packet = disclosure(provenance);
      const bytes = await withXmp(image.bytes, packet);
      // Strapi 5 keeps a focal point per file (front-ends crop around it); older versions have no such field.
      const hasFocalPoint = Boolean((strapi.getModel(FILE_UID) as { attributes?: Record<string, unknown> })?.attributes?.focalPoint);
      const focus = hasFocalPoint ? await focalPoint(bytes).catch(() => null) : null;
      const uploadOver = expectUpload(fileName, packet);
      try {
        await writeFile(filepath, bytes);
        const [file] = await upload().upload({
          data: { fileInfo: { name: fileName, alternativeText: image.alternativeText, caption: image.caption, folder, ...(focus ? { focalPoint: focus } : {}) } },
          files: { filepath, originalFilename: fileName, mimetype: image.mimeType, size: bytes.length },
        });
        await markProvenance((file as UploadedFile).id, provenance);
        return file as UploadedFile;
      } finally {
        uploadOver();
        await rm(dir, { recursive: true, force: true });
      }
    },

    /** The plugin's mark on a file, if it made it. */
    async provenance(id: number): Promise<FileProvenance | null> {
      return (await this.markOf(id)).mark;
    },

    /** A leftover upload of ours reused after a crash: marked now if the crash came before its mark. */
    async adopt(id: number, provenance: FileProvenance): Promise<void> {
      const file = await markedFile(id);
      const { mark, replaced } = readMark(file);
      if (file && !mark && !replaced) await markProvenance(id, provenance);
    },

    /** The plugin's mark on a file and whether an editor replaced its picture (readMark), in one read. */
    async markOf(id: number): Promise<FileMark> {
      return readMark(await markedFile(id));
    },

    /** The plugin's marks on several files at once (files it did not make are absent): one query for a page of articles. */
    async provenances(ids: number[]): Promise<Map<number, FileProvenance>> {
      const marks = new Map<number, FileProvenance>();
      if (!ids.length) return marks;
      const files = (await strapi.db.query(FILE_UID).findMany({ where: { id: { $in: ids } }, select: ['id', 'size', 'width', 'height', 'provider_metadata'] })) as Array<
        MarkedFile & { id: number }
      >;
      for (const file of files) {
        const { mark } = readMark(file);
        if (mark) marks.set(file.id, mark);
      }
      return marks;
    },

    /** A file's origin as the public provenance route shows it, or null for a file the plugin did not make. */
    async publicProvenance(id: number): Promise<PublicProvenance | null> {
      const mark = await this.provenance(id);
      if (!mark) return null;
      if (mark.kind === 'placeholder') {
        return { fileId: id, kind: 'placeholder', digitalSourceType: ALGORITHMIC, aiSystem: null, model: null, generatedAt: mark.generatedAt ?? null };
      }
      // Files marked before the model was recorded on them: the job that made them knows it.
      const job = mark.model ? null : await getService(strapi, 'jobs').findOne(mark.jobId);
      return {
        fileId: id,
        kind: 'ai-generated',
        digitalSourceType: AI_GENERATED,
        aiSystem: 'Scenario',
        model: mark.model ?? job?.model ?? null,
        generatedAt: mark.generatedAt ?? (job?.finishedAt ? new Date(job.finishedAt).toISOString() : null),
      };
    },

    /** Finds a file this plugin uploaded earlier under that name (a job resumed after a crash reuses it). */
    async findByBaseName(baseName: string, folderName: string): Promise<UploadedFile | null> {
      const folder = await ensureFolder(folderName);
      return (await strapi.db.query(FILE_UID).findOne({
        where: { name: { $startsWith: `${baseName}.` }, folder: { id: folder } },
      })) as UploadedFile | null;
    },

    /**
     * Removes a file of ours (marked, and as uploaded: never one an editor put their own picture into) unless some
     * entry (another locale, another article) still uses it.
     */
    async removeIfUnused(id: number): Promise<void> {
      const file = (await strapi.db.query(FILE_UID).findOne({ where: { id }, populate: { related: true } })) as (MarkedFile & { related?: unknown[] }) | null;
      if (file && readMark(file).mark && (file.related ?? []).length === 0) await upload().remove(file);
    },

    /**
     * Replaces a file's alt text only while it is still `expected` (what the plugin wrote): an editor's own wording is
     * never overwritten. True when it was replaced.
     */
    async replaceAltText(id: number, expected: string, alternativeText: string): Promise<boolean> {
      const { count } = (await strapi.db.query(FILE_UID).updateMany({ where: { id, alternativeText: expected }, data: { alternativeText } })) as { count: number };
      return count > 0;
    },

    /** What the side panel shows of a file in the image field. */
    async summary(id: number): Promise<FileSummary | null> {
      const file = (await strapi.db.query(FILE_UID).findOne({ where: { id }, select: ['id', 'name', 'url', 'alternativeText', 'formats', 'size', 'width', 'height', 'provider_metadata'] })) as
        | (MarkedFile & { id: number; name: string; url: string; alternativeText: string | null; formats?: { thumbnail?: { url: string }; small?: { url: string } } | null })
        | null;
      if (!file) return null;
      const { mark, replaced } = readMark(file);
      return {
        id: file.id,
        name: file.name,
        url: file.url,
        previewUrl: file.formats?.small?.url ?? file.formats?.thumbnail?.url ?? file.url,
        alternativeText: file.alternativeText,
        provenance: mark,
        replaced,
      };
    },
  };
};
