import type { Core } from '@strapi/strapi';
import type { IllustrationTarget } from '../services/jobs';
import { languageOf } from '../domain/language/locale';
import { getService } from '../utils/get-service';
import { INTERNAL_CALL_FLAG } from '../utils/plugin-id';

interface DocumentContext {
  uid: string;
  action: string;
  params?: Record<string, unknown>;
}

type Entry = { documentId?: string; locale?: string | null } | null | undefined;

/**
 * Which documents a document-service call has just published. Covers every way of publishing: publish()
 * (the admin's Publish button, releases, `locale: '*'`), and create/update with `status: 'published'` (REST and
 * code). For a type without draft & publish, every create/update is what goes live. Several locales at once (`locale:
 * '*'`, a bulk publish) are given English first.
 */
export function publishedTargets(ctx: DocumentContext, result: unknown, hasDraftAndPublish: boolean): IllustrationTarget[] {
  let entries: Entry[] = [];
  if (ctx.action === 'publish') {
    entries = (result as { entries?: Entry[] } | null)?.entries ?? [];
  } else if (ctx.action === 'create' || ctx.action === 'update') {
    if (hasDraftAndPublish && ctx.params?.status !== 'published') return [];
    entries = [result as Entry];
  }
  const seen = new Set<string>();
  const targets: IllustrationTarget[] = [];
  // An English locale first: translations published together share the first one's image, and English needs no
  // translation for its prompt (nor its alt text one from a prompt translated from German).
  entries = [...entries].sort((a, b) => Number(languageOf(b?.locale) === 'en') - Number(languageOf(a?.locale) === 'en'));
  for (const entry of entries) {
    if (!entry?.documentId) continue;
    const target = { uid: ctx.uid, documentId: entry.documentId, locale: entry.locale ?? null };
    const key = `${target.documentId}:${target.locale}`;
    if (!seen.has(key)) {
      seen.add(key);
      targets.push(target);
    }
  }
  return targets;
}

/**
 * Document-service middleware: lets the publish happen untouched, then records illustration work once the
 * publish's transaction has committed (so a rolled-back publish leaves no job). It never awaits that work.
 */
export function createPublishTrigger(strapi: Core.Strapi) {
  return async (ctx: DocumentContext, next: () => Promise<unknown>) => {
    const internal = Boolean(ctx.params?.[INTERNAL_CALL_FLAG]);
    const result = await next();
    if (internal || !['publish', 'create', 'update'].includes(ctx.action)) return result;
    if (!getService(strapi, 'settings').contentType(ctx.uid)) return result;

    const targets = publishedTargets(ctx, result, getService(strapi, 'articles').hasDraftAndPublish(ctx.uid));
    if (targets.length) {
      void strapi.db.transaction(({ onCommit }) => {
        onCommit(() => {
          void getService(strapi, 'illustrations').settlePublishedReviews(targets).catch((error: Error) =>
            strapi.log.warn(`[auto-illustration] could not end the review of a published image: ${error.message}`),
          );
          void getService(strapi, 'worker').enqueue(targets);
        });
      });
    }
    return result;
  };
}
