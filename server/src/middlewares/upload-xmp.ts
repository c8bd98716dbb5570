import { readFile, writeFile } from 'node:fs/promises';
import type { Core } from '@strapi/strapi';
import { withXmp } from '../domain/xmp';

/**
 * Keeps our XMP packet (the AI disclosure) in every file Strapi stores for an upload of ours. Strapi's upload
 * re-encodes the original with sharp when "size optimization" or "auto orientation" is on, and always makes the
 * thumbnail and responsive formats with sharp; sharp drops metadata unless told to keep it. So the functions of its
 * image-manipulation service that write those files are wrapped: when the file is one of ours, the packet is
 * written again into what they produced, before the provider stores it.
 */

/** File name (as given to the upload service) -> XMP packet, while that upload runs. */
const pending = new Map<string, string>();

/** Registers an upload of ours; call the returned function when the upload is over. */
export function expectUpload(fileName: string, packet: string): () => void {
  pending.set(fileName, packet);
  return () => pending.delete(fileName);
}

interface WrittenFile {
  name?: string;
  filepath?: string;
  size?: number;
  sizeInBytes?: number;
}

async function rewrite(file: WrittenFile | null | undefined, packet: string): Promise<void> {
  if (!file?.filepath) return;
  const bytes = await withXmp(await readFile(file.filepath), packet);
  await writeFile(file.filepath, bytes);
  // Strapi records sizes in kB with two decimals.
  file.sizeInBytes = bytes.length;
  file.size = Math.round((bytes.length / 1024) * 100) / 100;
}

const WRAPPED = Symbol.for('auto-illustration.upload-xmp');
type Service = Record<string, unknown> & { [WRAPPED]?: true };

export function keepXmpThroughUploads(strapi: Core.Strapi): void {
  const service = strapi.plugin('upload')?.service('image-manipulation') as Service | undefined;
  if (!service || service[WRAPPED]) return;
  const wrap = (name: string, after: (result: unknown, packet: string) => Promise<void>) => {
    const original = service[name];
    if (typeof original !== 'function') return;
    service[name] = async (file: WrittenFile, ...rest: unknown[]) => {
      const result = await original.call(service, file, ...rest);
      const packet = file?.name === undefined ? undefined : pending.get(file.name);
      // Strapi returns the file it was given when optimizing would not pay: ours already carries the packet.
      if (packet && result && result !== file) await after(result, packet);
      return result;
    };
  };
  wrap('optimize', (result, packet) => rewrite(result as WrittenFile, packet));
  wrap('generateThumbnail', (result, packet) => rewrite(result as WrittenFile, packet));
  wrap('generateResponsiveFormats', async (result, packet) => {
    for (const format of (result as Array<{ file?: WrittenFile } | null>) ?? []) await rewrite(format?.file, packet);
  });
  service[WRAPPED] = true;
}
