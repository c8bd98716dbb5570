import type { Core } from '@strapi/strapi';
import { sanitize } from '@strapi/utils';
import { isSharedField, type ContentTypeLike } from '../config/app-check';
import type { ContentTypeSettings } from '../config/schema';
import { extractFieldText, lineBreaksAsSpaces, type AttributeSchema } from '../domain/text';
import { INTERNAL_CALL_FLAG } from '../utils/plugin-id';
import type { IllustrationTarget } from './jobs';

export interface PublishedArticle {
  title: string;
  /** Plain text of the configured text fields, in their order. */
  text: string;
  /** The file in the image field now, if any. */
  imageFileId: number | null;
}

type Attributes = Record<string, AttributeSchema & Record<string, unknown>>;

/** The parts of a content type's schema the plugin reads. */
export interface ModelSchema {
  kind?: string;
  info?: { displayName?: string };
  options?: { draftAndPublish?: boolean };
  pluginOptions?: { i18n?: { localized?: boolean } };
}
type Populate = Record<string, unknown>;

const MAX_POPULATE_DEPTH = 5;

/** Reads articles and writes images to them through the document service, the way the admin does. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const modelAttributes = (uid: string): Attributes | undefined =>
    (strapi.getModel(uid as never) as { attributes?: Attributes } | undefined)?.attributes;
  const componentAttributes = (uid: string): Attributes | undefined =>
    (strapi.components as unknown as Record<string, { attributes: Attributes }>)[uid]?.attributes;

  /** Populate only what text extraction needs: components and dynamic zones, nested. */
  function populateFor(attributes: Attributes | undefined, names: string[], depth: number): Populate {
    const populate: Populate = {};
    if (!attributes || depth > MAX_POPULATE_DEPTH) return populate;
    for (const name of names) {
      const attribute = attributes[name];
      if (attribute?.type === 'component' && attribute.component) {
        const nested = componentAttributes(attribute.component);
        populate[name] = { populate: populateFor(nested, Object.keys(nested ?? {}), depth + 1) };
      } else if (attribute?.type === 'dynamiczone') {
        const on: Populate = {};
        for (const component of attribute.components ?? []) {
          const nested = componentAttributes(component);
          on[component] = { populate: populateFor(nested, Object.keys(nested ?? {}), depth + 1) };
        }
        populate[name] = { on };
      }
    }
    return populate;
  }

  const localeParam = (target: IllustrationTarget) => (target.locale ? { locale: target.locale } : {});

  /** The `entry.publish` event Strapi's webhooks listen to: the live entry's ids and its image, sanitized as Strapi does. */
  async function announcePublished(uid: string, id: number, imageField: string): Promise<void> {
    const model = strapi.getModel(uid as never) as Parameters<typeof sanitize.sanitizers.defaultSanitizeOutput>[0]['schema'] & { modelName: string };
    // The keys a webhook consumer needs to know what changed, not the whole (possibly huge) article.
    const entry = await strapi.db
      .query(uid as never)
      .findOne({ where: { id }, select: ['id', 'documentId', 'locale', 'publishedAt', 'updatedAt'], populate: { [imageField]: true } });
    if (!entry) return;
    const sanitized = await sanitize.sanitizers.defaultSanitizeOutput({ schema: model, getModel: (name) => strapi.getModel(name as never) as never }, entry);
    await strapi.eventHub.emit('entry.publish', { model: model.modelName, uid, entry: sanitized });
  }

  /** What the plugin reads of a content type's schema; undefined for a uid the app does not have. */
  const schemaOf = (uid: string) => (strapi.contentTypes as unknown as Record<string, ModelSchema | undefined>)[uid];
  const hasDraftAndPublish = (uid: string): boolean => Boolean(schemaOf(uid)?.options?.draftAndPublish);

  /** Only the image field of one version (the panel polls it): undefined when that version does not exist. */
  async function imageOf(target: IllustrationTarget, imageField: string, status: 'draft' | 'published'): Promise<number | null | undefined> {
    const entry = (await strapi.documents(target.uid as never).findOne({
      documentId: target.documentId,
      ...localeParam(target),
      ...(hasDraftAndPublish(target.uid) ? { status } : {}),
      fields: ['id'],
      populate: { [imageField]: { fields: ['id'] } },
    } as never)) as Record<string, { id?: number } | null> | null;
    if (!entry) return undefined;
    return entry[imageField]?.id ?? null;
  }

  return {
    schemaOf,
    hasDraftAndPublish,
    isLocalized: (uid: string): boolean => Boolean(schemaOf(uid)?.pluginOptions?.i18n?.localized),
    /** A field every locale of an entry shares: one file for all of them. */
    isSharedField: (uid: string, field: string): boolean => isSharedField(strapi.getModel(uid as never) as ContentTypeLike | undefined, field),

    /** The live version of the article (published, or the only one for types without draft & publish). */
    async readPublished(target: IllustrationTarget, settings: ContentTypeSettings): Promise<PublishedArticle | null> {
      const attributes = modelAttributes(target.uid);
      if (!attributes) return null;
      const entry = (await strapi.documents(target.uid as never).findOne({
        documentId: target.documentId,
        ...localeParam(target),
        ...(this.hasDraftAndPublish(target.uid) ? { status: 'published' } : {}),
        populate: { ...populateFor(attributes, settings.textFields, 0), [settings.imageField]: { fields: ['id'] } },
      } as never)) as Record<string, unknown> | null;
      if (!entry) return null;

      // Read like any text field: markup typed into a title never reaches the prompt or the alt text.
      const titleAttribute = attributes[settings.titleField];
      // (One line: a title's line break is the space it always was, in its text hash too.)
      const title = titleAttribute ? lineBreaksAsSpaces(extractFieldText(entry[settings.titleField], titleAttribute, componentAttributes)).trim() : '';
      const text = settings.textFields
        .filter((name) => attributes[name])
        .map((name) => extractFieldText(entry[name], attributes[name], componentAttributes))
        .filter(Boolean)
        .join('\n\n');
      const image = entry[settings.imageField] as { id?: number } | null | undefined;
      return { title, text, imageFileId: image?.id ?? null };
    },

    /** Just the file now in the image field of the live version: undefined when the article is no longer live. */
    currentImage(target: IllustrationTarget, imageField: string): Promise<number | null | undefined> {
      return imageOf(target, imageField, 'published');
    },

    /** The file in the image field of the draft (of the only version, for types without draft & publish). */
    draftImage(target: IllustrationTarget, imageField: string): Promise<number | null | undefined> {
      return imageOf(target, imageField, 'draft');
    },

    /** Whether the document's draft (or only version) is still there: an unpublished article has one, a deleted one not. */
    async hasDraft(target: IllustrationTarget): Promise<boolean> {
      const draft = await strapi.documents(target.uid as never).findOne({ documentId: target.documentId, ...localeParam(target), fields: ['id'] } as never);
      return Boolean(draft);
    },

    /**
     * Puts the file in the draft's image field only (the only version, without draft & publish), through the document
     * service. Alone it is review mode: the live version is untouched and the admin shows the article as "Modified".
     */
    async attachToDraft(target: IllustrationTarget, imageField: string, fileId: number): Promise<boolean> {
      const updated = await strapi.documents(target.uid as never).update({
        documentId: target.documentId,
        ...localeParam(target),
        data: { [imageField]: fileId },
        [INTERNAL_CALL_FLAG]: true,
      } as never);
      return Boolean(updated);
    },

    /**
     * Puts the file in the image field of the live version and of the draft, changing nothing else: the draft through
     * the document service (its events and other plugins' middlewares), the live version's image field on its own.
     * Publishing again would do the same but re-write the whole article, which on SQLite blocks the server for
     * ~200 ms on a megabyte article. Order keeps the admin's status: an article with unpublished draft edits stays
     * "Modified" (live first, draft last), any other stays "Published" (draft first, live last). The live change is
     * announced as `entry.publish`, as a publish would, for webhooks. Returns false when the article is not live.
     */
    async attachImage(target: IllustrationTarget, imageField: string, fileId: number): Promise<boolean> {
      const documents = strapi.documents(target.uid as never);
      const data = { [imageField]: fileId };
      const updateDraft = () => this.attachToDraft(target, imageField, fileId);

      if (!this.hasDraftAndPublish(target.uid)) return updateDraft();

      const versionParams = (status: 'draft' | 'published') =>
        ({ documentId: target.documentId, ...localeParam(target), status, fields: ['updatedAt'] }) as never;
      const [draft, published] = (await Promise.all([
        documents.findOne(versionParams('draft')),
        documents.findOne(versionParams('published')),
      ])) as Array<{ id: number; updatedAt: string } | null>;
      if (!published) return false;

      const updateLive = () => strapi.db.query(target.uid as never).update({ where: { id: published.id }, data });
      const hasPendingEdits = Boolean(draft && new Date(draft.updatedAt).getTime() > new Date(published.updatedAt).getTime());
      if (hasPendingEdits) {
        await updateLive();
        await updateDraft();
      } else {
        await updateDraft();
        await updateLive();
      }
      await announcePublished(target.uid, published.id, imageField);
      return true;
    },
  };
};
