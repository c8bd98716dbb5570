import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import sharp from 'sharp';
import { getService } from '../utils/get-service';
import { NOT_CONFIGURED } from './scenario';

/** Thumbnails kept in memory (about 20 kB each), so the side panel's refreshes do not download them again. */
const CACHE_SIZE = 64;
const WIDTH = 480;

/**
 * Small WebP previews of candidate images. Candidates are proxied, never linked: the server asks Scenario for a fresh
 * signed URL, downloads from the allowed CDN host (size cap, magic bytes checked) and sends a small WebP. The browser
 * never sees a credential or a signed URL, the admin's content security policy needs no CDN host, and the route
 * stays behind admin auth.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Least recently used first (a Map keeps insertion order; a hit moves the entry to the end). */
  const cache = new Map<string, Promise<Buffer>>();

  return {
    candidate(assetId: string): Promise<Buffer> {
      const cached = cache.get(assetId);
      if (cached) {
        cache.delete(assetId);
        cache.set(assetId, cached);
        return cached;
      }
      const client = getService(strapi, 'scenario').client();
      if (!client) throw new errors.ApplicationError(`${NOT_CONFIGURED}: candidate images cannot be shown.`);
      const pending = client
        .downloadAsset(assetId)
        .then((image) => sharp(image.bytes).resize({ width: WIDTH, withoutEnlargement: true }).webp({ quality: 78 }).toBuffer());
      cache.set(assetId, pending);
      pending.catch(() => cache.delete(assetId));
      while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      return pending;
    },
  };
};
