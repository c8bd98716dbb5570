import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';

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

/** Media Library glue: our folder, uploads from memory, and clean-up. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const upload = () => strapi.plugin('upload').service('upload');
  let folderId: number | undefined;

  async function ensureFolder(name: string): Promise<number> {
    if (folderId !== undefined) {
      const stillThere = await strapi.db.query('plugin::upload.folder').findOne({ where: { id: folderId }, select: ['id'] });
      if (stillThere) return folderId;
    }
    const existing = await strapi.db.query('plugin::upload.folder').findOne({ where: { name, parent: { id: { $null: true } } } });
    const folder = existing ?? (await strapi.plugin('upload').service('folder').create({ name, parent: null }));
    folderId = folder.id as number;
    return folderId;
  }

  return {
    /** Uploads bytes held in memory: the upload service wants a real file, so it goes through a temp dir. */
    async upload(image: ImageToUpload, folderName: string): Promise<UploadedFile> {
      const folder = await ensureFolder(folderName);
      const dir = await mkdtemp(path.join(tmpdir(), 'auto-illustration-'));
      const fileName = `${image.baseName}.${image.extension}`;
      const filepath = path.join(dir, fileName);
      try {
        await writeFile(filepath, image.bytes);
        const [file] = await upload().upload({
          data: { fileInfo: { name: fileName, alternativeText: image.alternativeText, caption: image.caption, folder } },
          files: { filepath, originalFilename: fileName, mimetype: image.mimeType, size: image.bytes.length },
        });
        return file as UploadedFile;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },

    /** Finds a file this plugin uploaded earlier under that name (a job resumed after a crash reuses it). */
    async findByBaseName(baseName: string, folderName: string): Promise<UploadedFile | null> {
      const folder = await ensureFolder(folderName);
      return (await strapi.db.query('plugin::upload.file').findOne({
        where: { name: { $startsWith: `${baseName}.` }, folder: { id: folder } },
      })) as UploadedFile | null;
    },

    /** Removes a file of ours unless some entry (another locale, another article) still uses it. */
    async removeIfUnused(id: number): Promise<void> {
      const file = (await strapi.db.query('plugin::upload.file').findOne({ where: { id }, populate: { related: true } })) as
        | { related?: unknown[] }
        | null;
      if (file && (file.related ?? []).length === 0) await this.remove(id);
    },

    async remove(id: number): Promise<void> {
      const file = await strapi.db.query('plugin::upload.file').findOne({ where: { id } });
      if (file) await upload().remove(file);
    },
  };
};
