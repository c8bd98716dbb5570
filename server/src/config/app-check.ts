import { PROMPT_PLACEHOLDERS } from '../domain/prompt';
import type { ContentTypeOption, FieldIssue } from '../shared/contracts';

/**
 * What zod cannot know about the settings: whether they fit the app they run in. Each content type must exist, the
 * image must go into a single media field that takes images, the title and text fields must exist and be readable,
 * and the style must be a preset that exists. Pure (a map of schemas in, issues out) so startup, the settings page
 * and saved values all use the same rules.
 */

export interface AttributeLike {
  type: string;
  pluginOptions?: { i18n?: { localized?: boolean } };
  multiple?: boolean;
  required?: boolean;
  allowedTypes?: string[] | null;
  visible?: boolean;
  configurable?: boolean;
  private?: boolean;
}

export interface ContentTypeLike {
  info?: { displayName?: string };
  kind?: string;
  options?: { draftAndPublish?: boolean };
  pluginOptions?: { i18n?: { localized?: boolean } };
  attributes?: Record<string, AttributeLike>;
}

/** Content type uid → schema, as `strapi.contentTypes` holds them. */
export type SchemaMap = Record<string, ContentTypeLike | undefined>;

export type { FieldIssue };

/** The settings this check looks at (file config, a saved value or a patch: absent keys are not checked). */
export interface AppBoundSettings {
  contentTypes?: Record<string, { imageField?: unknown; titleField?: unknown; textFields?: unknown; replaceExisting?: unknown; enabled?: unknown } | undefined>;
  style?: string;
  stylePresets?: ReadonlyArray<{ id: string; template: string }>;
}

/** Field types the text extraction reads (see domain/text.ts). */
export const TEXT_ATTRIBUTE_TYPES = ['string', 'text', 'richtext', 'blocks', 'component', 'dynamiczone'] as const;
export const TITLE_ATTRIBUTE_TYPES = ['string', 'text'] as const;

/** A media field the image can go into: a single file that may be an image. */
export const isImageField = (attribute: AttributeLike | undefined): boolean =>
  attribute?.type === 'media' && !attribute.multiple && (!attribute.allowedTypes || attribute.allowedTypes.includes('images'));

const isTitleField = (attribute: AttributeLike | undefined) => TITLE_ATTRIBUTE_TYPES.includes(attribute?.type as never);
const isTextField = (attribute: AttributeLike | undefined) => TEXT_ATTRIBUTE_TYPES.includes(attribute?.type as never);

/** Fields an editor works with: not the ones Strapi and its plugins add (i18n's "locale", timestamps...). */
function editorFields(schema: ContentTypeLike): Array<[string, AttributeLike]> {
  return Object.entries(schema.attributes ?? {}).filter(
    ([, attribute]) => attribute.visible !== false && attribute.configurable !== false && attribute.private !== true,
  );
}

const namesOf = (fields: Array<[string, AttributeLike]>, keep: (attribute: AttributeLike) => boolean) =>
  fields.filter(([, attribute]) => keep(attribute)).map(([name]) => name);

const list = (names: string[]) => (names.length ? names.join(', ') : 'none');

/** A field every locale of an entry shares: i18n localizes a field only when its schema says so. */
export function isSharedField(schema: ContentTypeLike | undefined, field: string): boolean {
  return Boolean(schema?.pluginOptions?.i18n?.localized) && schema?.attributes?.[field]?.pluginOptions?.i18n?.localized !== true;
}

/** The app's own content types that can take part: those with a single media field for images. */
export function contentTypeOptions(schemas: SchemaMap): ContentTypeOption[] {
  return Object.entries(schemas)
    .filter((entry): entry is [string, ContentTypeLike] => entry[0].startsWith('api::') && Boolean(entry[1]))
    .map(([uid, schema]) => {
      const fields = editorFields(schema);
      const localized = Boolean(schema.pluginOptions?.i18n?.localized);
      return {
        uid,
        displayName: schema.info?.displayName ?? uid,
        kind: schema.kind ?? 'collectionType',
        localized,
        draftAndPublish: Boolean(schema.options?.draftAndPublish),
        imageFields: namesOf(fields, isImageField),
        sharedImageFields: namesOf(fields, isImageField).filter((name) => isSharedField(schema, name)),
        requiredImageFields: namesOf(fields, (attribute) => isImageField(attribute) && attribute.required === true),
        titleFields: namesOf(fields, isTitleField),
        textFields: fields.filter(([, attribute]) => isTextField(attribute)).map(([name, attribute]) => ({ name, type: attribute.type })),
      };
    })
    .filter((option) => option.imageFields.length > 0)
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/**
 * The app's own content types that cannot take part (not among `options`, contentTypeOptions' answer), for the
 * settings page to say why they are not offered: no single media field for images at their top level (an image field
 * inside a component, or one taking several files).
 */
export function contentTypesWithoutImageField(schemas: SchemaMap, options: ContentTypeOption[]): Array<{ uid: string; displayName: string }> {
  const offered = new Set(options.map((option) => option.uid));
  return Object.entries(schemas)
    .filter((entry): entry is [string, ContentTypeLike] => entry[0].startsWith('api::') && Boolean(entry[1]) && !offered.has(entry[0]))
    .map(([uid, schema]) => ({ uid, displayName: schema.info?.displayName ?? uid }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

const PLACEHOLDER_PATTERN = /\{([a-zA-Z_][\w-]*)\}/g;
const KNOWN_PLACEHOLDERS = new Set(PROMPT_PLACEHOLDERS.map((placeholder) => placeholder.slice(1, -1)));

/**
 * Every way the settings do not fit the app, each naming its key. `builtInStyleIds` are the presets that always
 * exist; `stylePresets` (the settings' own, or the ones in effect) add to them.
 */
export function checkSettingsAgainstApp(
  settings: AppBoundSettings,
  schemas: SchemaMap,
  builtInStyleIds: readonly string[],
  presetsInEffect: ReadonlyArray<{ id: string }> = settings.stylePresets ?? [],
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [uid, value] of Object.entries(settings.contentTypes ?? {})) {
    if (value) issues.push(...checkContentType(uid, value, schemas));
  }

  const seen = new Set<string>();
  (settings.stylePresets ?? []).forEach((preset, index) => {
    if (seen.has(preset.id)) issues.push({ path: `stylePresets.${index}.id`, message: `"${preset.id}" is used by another preset` });
    seen.add(preset.id);
    const unknown = [...preset.template.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1]).filter((name) => !KNOWN_PLACEHOLDERS.has(name));
    if (unknown.length) {
      issues.push({
        path: `stylePresets.${index}.template`,
        message: `unknown placeholder ${unknown.map((name) => `{${name}}`).join(', ')}; use ${PROMPT_PLACEHOLDERS.join(', ')}`,
      });
    }
  });

  if (settings.style !== undefined) {
    const known = [...new Set([...builtInStyleIds, ...presetsInEffect.map((preset) => preset.id)])];
    if (!known.includes(settings.style)) {
      issues.push({ path: 'style', message: `there is no style preset "${settings.style}" (presets: ${list(known)})` });
    }
  }
  return issues;
}

function checkContentType(uid: string, settings: { imageField?: unknown; titleField?: unknown; textFields?: unknown }, schemas: SchemaMap): FieldIssue[] {
  const path = `contentTypes.${uid}`;
  const schema = schemas[uid];
  if (!schema) {
    const usable = contentTypeOptions(schemas).map((option) => option.uid);
    return [{ path, message: `there is no content type ${uid} (content types with a media field: ${list(usable)})` }];
  }
  const issues: FieldIssue[] = [];
  const fields = editorFields(schema);
  const attributes = schema.attributes ?? {};

  if (typeof settings.imageField === 'string') {
    const name = settings.imageField;
    const attribute = attributes[name];
    if (!isImageField(attribute)) {
      const mediaFields = namesOf(fields, isImageField);
      const why =
        attribute === undefined
          ? 'is no field'
          : attribute.type !== 'media'
          ? 'is not a media field'
          : attribute.multiple
            ? 'is a multiple media field (a single one is needed)'
            : 'is a media field that does not accept images';
      // (A field inside a component cannot take the image: only the type's own fields are listed, and said so.)
      issues.push({
        path: `${path}.imageField`,
        message: `"${name}" ${why} of ${uid} (single media fields of the type itself: ${list(mediaFields)}; a field inside a component or dynamic zone cannot take the image)`,
      });
    }
  }

  if (typeof settings.titleField === 'string' && !isTitleField(attributes[settings.titleField])) {
    issues.push({
      path: `${path}.titleField`,
      message: `"${settings.titleField}" is not a string or text field of ${uid} (text fields: ${list(namesOf(fields, isTitleField))})`,
    });
  }

  if (Array.isArray(settings.textFields)) {
    settings.textFields.forEach((name, index) => {
      if (typeof name === 'string' && !isTextField(attributes[name])) {
        const what = attributes[name] ? `is a ${attributes[name].type} field, which has no text to read,` : 'is not a field';
        issues.push({
          path: `${path}.textFields.${index}`,
          message: `"${name}" ${what} of ${uid} (fields with text: ${list(namesOf(fields, isTextField))})`,
        });
      }
    });
  }
  return issues;
}

/** Notices about the image field of each type taking part, from its option (see the two below). */
function imageFieldNotices(
  settings: AppBoundSettings,
  schemas: SchemaMap,
  notice: (option: ContentTypeOption, field: string, value: NonNullable<AppBoundSettings['contentTypes']>[string] & object) => string | null,
): FieldIssue[] {
  const options = new Map(contentTypeOptions(schemas).map((option) => [option.uid, option]));
  return Object.entries(settings.contentTypes ?? {}).flatMap(([uid, value]) => {
    const option = options.get(uid);
    const message = value && typeof value.imageField === 'string' && option ? notice(option, value.imageField, value) : null;
    return message ? [{ path: `contentTypes.${uid}.imageField`, message }] : [];
  });
}

/**
 * Image fields taking part that are required, where an editor's image is kept: the admin publishes no entry without
 * one (the document service does not check it: an API or import may), so those are never illustrated. Allowed, but said.
 */
export function requiredImageFieldIssues(settings: AppBoundSettings, schemas: SchemaMap): FieldIssue[] {
  return imageFieldNotices(settings, schemas, (option, field, value) =>
    value.replaceExisting !== true && value.enabled !== false && option.requiredImageFields.includes(field)
      ? `"${field}" is required: an entry published from the admin always has an image, which is kept, so such entries are not illustrated (set replaceExisting to replace it, or make the field optional)`
      : null,
  );
}

/**
 * Image fields taking part that every locale of a localized type shares (not localized): each locale illustrated
 * replaces the file, with alt text in its language, for the others. Allowed, but said at startup and on the settings page.
 */
export function sharedImageFieldIssues(settings: AppBoundSettings, schemas: SchemaMap): FieldIssue[] {
  return imageFieldNotices(settings, schemas, (option, field) =>
    option.sharedImageFields.includes(field)
      ? `"${field}" is not localized: all locales of an entry share one image, so each locale illustrated replaces it, with alt text in its own language, for the others (make the field localized to give each locale its own)`
      : null,
  );
}

/** "a.b: message; c: message": how an Error or a 400 names every bad key. */
export const describeFieldIssues = (issues: FieldIssue[]) => issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
