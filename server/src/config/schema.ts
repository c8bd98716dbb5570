import { z } from 'zod';
import { DEFAULT_ALLOWED_DOWNLOAD_HOSTS, DEFAULT_BASE_URL } from '../scenario/client';
import { LOCALE_CODE } from '../domain/language/locale';

/**
 * The plugin's configuration: file config (config/plugins.ts) and admin-edited settings share these schemas,
 * so a value means the same thing wherever it comes from.
 */

export const DEFAULT_SCENARIO_BASE_URL = DEFAULT_BASE_URL;
export const DEFAULT_DOWNLOAD_HOSTS = DEFAULT_ALLOWED_DOWNLOAD_HOSTS;
export const DEFAULT_MODEL_ID = 'model_bfl-flux-1-dev';

export const contentTypeUid = z.string().regex(/^(api|plugin)::[\w-]+\.[\w-]+$/, 'must be a content type uid such as "api::article.article"');
// (A lower-case language, as Strapi's i18n writes it: "EN" would be saved and never match a locale.)
export const localeCode = z.string().regex(LOCALE_CODE, 'must be a locale code such as "en" or "pt-BR"').regex(/^[a-z]/, 'must start with a lower-case language such as "en"');
const fieldName = z.string().regex(/^[A-Za-z_][\w-]*$/, {
  error: (issue) => {
    const input = String(issue.input).slice(0, 60);
    const component = /^([A-Za-z_][\w-]*)\./.exec(input)?.[1];
    return component
      ? `"${input}" is a field inside the component "${component}": name a field of the content type itself (one inside a component cannot be named)`
      : `"${input}" must be the name of a field of the content type itself`;
  },
});

export const contentTypeSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** The single media field that receives the image. */
    imageField: fieldName,
    titleField: fieldName.default('title'),
    /** Fields read for keyphrases, in order: string, text, richtext (Markdown), blocks, components, dynamic zones. */
    textFields: z.array(fieldName).max(30).default([]),
    /** Replace an image an editor already set (otherwise articles that have one are left alone). */
    replaceExisting: z.boolean().default(false),
    /**
     * 'live': the image goes on the published article. 'review': it goes to the draft only (the live article is
     * untouched until an editor publishes); a type without draft & publish gets nothing until "Use this image".
     */
    publishMode: z.enum(['live', 'review']).default('live'),
    /**
     * The locales of an entry are translations of one story: a locale published with or after another uses its image
     * (alt text in its own language) rather than paying for its own. Off where locales tell different stories.
     */
    localesShareImage: z.boolean().default(true),
  })
  .strict();

export const stylePresetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'must be lower-case letters, digits and dashes'),
    name: z.string().trim().min(1).max(80),
    template: z.string().trim().min(1).max(1000),
    negativePrompt: z.string().trim().max(1000).optional(),
  })
  .strict();

export const modelSettingsSchema = z
  .object({
    /** A Scenario model id (model_…): the base model that is called. */
    id: z.string().trim().min(1).max(200).default(DEFAULT_MODEL_ID),
    /** A trained style (LoRA) applied on top of the base model; never called directly. */
    loraId: z.string().trim().min(1).max(200).optional(),
    loraScale: z.number().min(0).max(2).default(1),
    /** The model's prompt limit (FLUX: 2048 characters). */
    maxPromptLength: z.number().int().min(50).max(10000).default(2048),
  })
  .strict();

/**
 * Scenario's text helpers for articles that are not in English (each paid per call; see the README's "Languages").
 * A helper that fails never stops a job: it falls back to what works without it, and the job says why.
 */
export const textHelperSettingsSchema = z
  .object({
    /** Non-English titles and keyphrases are translated to English for the image prompt (image models follow English best). */
    translatePrompts: z.boolean().default(true),
    /** The prompt is rewritten by Scenario's prompt writer (contextual mode) before generating. Off by default: it costs more. */
    promptAssistant: z.boolean().default(false),
    /** Non-English alt text is written by Scenario's text model from the image, in the article's language. */
    describeInLanguage: z.boolean().default(true),
  })
  .strict();

/**
 * The credit budget (UTC periods). A cap of null is no cap; what is spent is counted either way. When a cap is reached,
 * jobs wait for the next period ('wait') or take the placeholder ('placeholder').
 */
export const budgetSettingsSchema = z
  .object({
    monthlyCap: z.number().min(0).nullable().default(null),
    dailyCap: z.number().min(0).nullable().default(null),
    whenReached: z.enum(['wait', 'placeholder']).default('wait'),
  })
  .strict();

/** The AI disclosure line appended to generated images' captions (off by default; alt text never gets it). */
export const disclosureSettingsSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** The site's own line per locale or language ("fr": "Image créée par IA."); others use the built-in lines. */
    lines: z
      .record(localeCode, z.string().trim().min(1).max(200))
      .default({}),
  })
  .strict();

/** Style reference images an admin may choose (FLUX.2 dev takes 5). */
export const MAX_REFERENCE_IMAGES = 5;

export const ASPECT_RATIOS = ['16:9', '3:2', '4:3', '1:1', '3:4', '2:3', '9:16'] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

/** What an admin may change at run time (the settings page); stored values override the file config. */
export const editableSettingsSchema = z
  .object({
    contentTypes: z.record(contentTypeUid, contentTypeSettingsSchema).default({}),
    model: modelSettingsSchema.default(() => modelSettingsSchema.parse({})),
    style: z.string().trim().min(1).max(48).default('editorial-photo'),
    stylePresets: z.array(stylePresetSchema).max(50).default([]),
    numOutputs: z.number().int().min(1).max(4).default(2),
    aspectRatio: z.enum(ASPECT_RATIOS).default('16:9'),
    /** A generation not finished this long after publish gets the placeholder meanwhile; its image follows later. */
    deadlineSeconds: z.number().int().min(10).max(3600).default(180),
    /** A job still without its image this long after publish stops for good (the placeholder stays). */
    giveUpAfterSeconds: z.number().int().min(60).max(7 * 24 * 3600).default(3600),
    /** Jobs in flight at once on one Strapi instance (keep below Scenario's concurrency ceiling). */
    concurrency: z.number().int().min(1).max(10).default(2),
    textHelpers: textHelperSettingsSchema.default(() => textHelperSettingsSchema.parse({})),
    budget: budgetSettingsSchema.default(() => budgetSettingsSchema.parse({})),
    disclosure: disclosureSettingsSchema.default(() => disclosureSettingsSchema.parse({})),
    /** House style: Media Library file ids of up to 5 style reference images, for models that take `referenceImages`. */
    referenceImages: z.array(z.number().int().positive()).max(MAX_REFERENCE_IMAGES).default([]),
  })
  .strict();

export const scenarioConnectionSchema = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/ }).default(DEFAULT_SCENARIO_BASE_URL),
    apiKey: z.string().min(1).optional(),
    apiSecret: z.string().min(1).optional(),
    projectId: z.string().min(1).optional(),
    /** Hosts (host or host:port) images may be downloaded from. */
    allowedDownloadHosts: z.array(z.string().min(1)).min(1).default(DEFAULT_DOWNLOAD_HOSTS),
    maxDownloadBytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(20 * 1024 * 1024),
    requestTimeoutMs: z.number().int().min(1000).max(300000).default(30000),
    /** The account's ceiling of generations in flight, when known up front; otherwise learned from Scenario's 429. */
    maxParallelGenerations: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

export const workerSettingsSchema = z
  .object({
    /** Turn the background worker off on instances that should only serve requests. */
    enabled: z.boolean().default(true),
    /** How often an idle worker looks for due jobs (a publish on the same instance wakes it at once). */
    pollIntervalMs: z.number().int().min(100).max(60000).default(2000),
    /** How long a claimed job stays locked without a heartbeat before another worker may take it over. */
    leaseSeconds: z.number().int().min(5).max(3600).default(60),
    /** Attempts at a step that failed for a passing reason before the job gives up (placeholder or failed). */
    maxAttempts: z.number().int().min(1).max(20).default(5),
  })
  .strict();

export const pluginConfigSchema = editableSettingsSchema
  .extend({
    scenario: scenarioConnectionSchema.default(() => scenarioConnectionSchema.parse({})),
    worker: workerSettingsSchema.default(() => workerSettingsSchema.parse({})),
    /** How generated images are stored: high-quality JPEG (smaller pages) or Scenario's file as it is. */
    imageFormat: z.enum(['jpeg', 'original']).default('jpeg'),
    /** Media Library folder that receives the images. */
    mediaFolder: z.string().trim().min(1).max(100).default('Auto illustrations'),
    /** Each generated image also goes into a Scenario collection per content type, named "<site> · <content type>". */
    collections: z
      .object({ enabled: z.boolean().default(true), site: z.string().trim().min(1).max(100).optional() })
      .strict()
      .default(() => ({ enabled: true })),
  })
  .strict()
  .superRefine((config, context) => {
    // The placeholder goes up at the deadline and the job keeps waiting until it gives up: the other order means nothing.
    if (config.giveUpAfterSeconds < config.deadlineSeconds) {
      context.addIssue({
        code: 'custom',
        path: ['giveUpAfterSeconds'],
        message: `must not be shorter than deadlineSeconds (${config.deadlineSeconds})`,
      });
    }
  });

export type ContentTypeSettings = z.infer<typeof contentTypeSettingsSchema>;
export type EditableSettings = z.infer<typeof editableSettingsSchema>;
export type TextHelperSettings = z.infer<typeof textHelperSettingsSchema>;
export type BudgetSettings = z.infer<typeof budgetSettingsSchema>;
export type PluginConfig = z.infer<typeof pluginConfigSchema>;

/** zod's issues as { path: "a.b", message } pairs; a key that is not one of an object's is named as its own field. */
export function issueList(error: z.ZodError): Array<{ path: string; message: string }> {
  const at = (path: PropertyKey[]) => (path.length ? path.map(String).join('.') : '(root)');
  const issues = error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: at([...issue.path, key]), message: 'is not a known field' }))
      : [{ path: at(issue.path), message: issue.message }],
  );
  // (Two checks may fail with one message: "must be a whole number from 1" for 2^53 + 1.)
  return issues.filter((issue, index) => issues.findIndex((other) => other.path === issue.path && other.message === issue.message) === index);
}

/** "contentTypes.api::article.article.imageField: Invalid input" style messages that name the bad key. */
export function describeIssues(error: z.ZodError): string {
  return issueList(error)
    .map(({ path, message }) => `${path}: ${message}`)
    .join('; ');
}
