import { errors } from '@strapi/utils';
import { z } from 'zod';
import { ASPECT_RATIOS, contentTypeUid, describeIssues, editableSettingsSchema, issueList, localeCode, type EditableSettings } from '../config/schema';
import { LOCALE_CODE } from '../domain/language/locale';
import { JOB_STATES } from '../domain/job-states';

/**
 * Zod schemas for what the admin routes accept (query strings, route params and bodies). A request that does not
 * fit is a 400 whose message names the field ("limit: Too big: expected number to be <=100"), which the admin UI
 * shows next to that field.
 */

/** A required text value, said so in words when missing or not text (not zod's "expected string, received undefined"). */
const text = (what: string) => z.string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) });
const documentId = text('a document id').trim().min(1).max(64).regex(/^[\w-]+$/, 'must be a document id');
/** Empty, absent or "null" means "no locale" (content types without i18n). */
const locale = z
  .union([z.string().trim().max(32), z.null()])
  .optional()
  .transform((value) => (value && value !== 'null' ? value : null))
  .refine((value) => value === null || LOCALE_CODE.test(value), 'must be a locale code such as "en" or "pt-BR"');
const assetId = text('a Scenario asset id').trim().min(1).max(200).regex(/^[\w.-]+$/, 'must be a Scenario asset id');
/**
 * A whole number from a route or a query (they arrive as strings), said so in words ("abc", "1.5"), not zod's
 * "received NaN".
 */
function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  const words = max === Number.MAX_SAFE_INTEGER ? `must be a whole number from ${min}` : `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: words }).int(words).min(min, words).max(max, words);
}
const positiveInt = wholeNumber(1);

export const jobIdParams = z.object({ id: positiveInt }).strip();

/** A Media Library file's id. */
export const fileIdParams = jobIdParams;

export const thumbnailParams = z.object({ id: positiveInt, assetId }).strip();

export const jobListQuery = z
  .object({
    /** One state or several, comma separated: "failed,fallback". */
    state: z
      .string()
      .optional()
      .transform((value) => (value ? value.split(',').map((state) => state.trim()).filter(Boolean) : []))
      .pipe(z.array(z.enum(JOB_STATES)).max(JOB_STATES.length)),
    /** "true": only jobs whose image waits for an editor's review. */
    review: z.enum(['true', 'false']).optional().transform((value) => (value === undefined ? undefined : value === 'true')),
    limit: wholeNumber(1, 100).default(20),
    offset: wholeNumber(0, 100000).default(0),
  })
  // (A parameter it does not know, "pageSize" say, is a 400 naming it: ignored, it would page silently otherwise.)
  .strict();

// (Queries and bodies are strict: a parameter they do not know is a 400 naming it, never silently ignored.)
export const documentQuery = z.object({ uid: contentTypeUid, documentId, locale }).strict();

export const generateBody = z
  .object({
    uid: contentTypeUid,
    documentId,
    locale,
    /** The editor's own prompt (regenerate); empty means "build it from the article again". */
    prompt: z
      .string()
      .trim()
      .max(4000)
      .optional()
      .transform((value) => value || undefined),
  })
  .strict();

export const chooseBody = z.object({ assetId }).strict();

export const modelListQuery = z
  .object({
    privacy: z.enum(['public', 'private']).default('public'),
    pageSize: wholeNumber(1, 100).default(50),
    paginationToken: z.string().trim().min(1).max(1000).optional(),
  })
  .strict();

export const modelSupportQuery = z
  .object({
    id: z.string().trim().min(1).max(200).regex(/^[\w.-]+$/, 'must be a Scenario model id'),
    aspectRatio: z.enum(ASPECT_RATIOS).optional(),
  })
  .strict();

export const promptPreviewBody = z
  .object({
    template: z.string().trim().min(1).max(1000),
    negativePrompt: z.string().trim().max(1000).optional(),
    /** A sample article of the admin's own; the built-in one otherwise. */
    title: z.string().trim().min(1).max(300).optional(),
    text: z.string().trim().max(20000).optional(),
  })
  .strict()
  .refine((body) => !body.text || body.title, { path: ['title'], message: 'is required with text (the sample article is a title and its text)' });

/** The body of PUT /settings must at least be an object; the settings service validates every value in it. */
export const settingsBody = z.record(z.string(), z.unknown());

/** POST /settings/reset: the settings whose saved value is dropped (all when absent). */
export const settingsResetBody = z
  .object({ keys: z.array(z.enum(Object.keys(editableSettingsSchema.shape) as [keyof EditableSettings, ...Array<keyof EditableSettings>])).min(1).max(20).optional() })
  .strict();

export const BACKFILL_SELECTIONS = ['missing', 'placeholder', 'all'] as const;

/** "2024-01-31" (a whole UTC day: from its start, or to its end) or a full ISO date-time with its offset. */
const isoDay = (edge: 'start' | 'end') =>
  z
    .string()
    .trim()
    .refine((value) => z.iso.date().safeParse(value).success || z.iso.datetime({ offset: true }).safeParse(value).success, {
      message: 'must be an ISO date such as "2024-01-31" or "2024-01-31T12:00:00Z"',
    })
    .transform((value) => new Date(value.length === 10 ? `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z` : value));

/** POST /backfills and /backfills/quote: which articles of which content type to illustrate. */
export const backfillBody = z
  .object({
    contentType: contentTypeUid,
    locales: z
      .array(z.string().trim().pipe(localeCode))
      .min(1)
      .max(50)
      .optional(),
    select: z.enum(BACKFILL_SELECTIONS, { error: (issue) => (issue.input === undefined ? `is required: ${BACKFILL_SELECTIONS.join(', ')}` : undefined) }),
    publishedFrom: isoDay('start').optional(),
    publishedTo: isoDay('end').optional(),
  })
  .strict()
  .refine((body) => !body.publishedFrom || !body.publishedTo || body.publishedFrom <= body.publishedTo, {
    path: ['publishedTo'],
    message: 'must not be before publishedFrom',
  });

export type BackfillRequest = z.output<typeof backfillBody>;
/** What the backfill form sends (the quote's body and the start's). */
export type BackfillRequestBody = z.input<typeof backfillBody>;

export const backfillIdParams = jobIdParams;

/** Parses `input` or throws a 400 ValidationError naming the bad field(s). */
export function parse<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new errors.ValidationError(describeIssues(result.error), { errors: issueList(result.error) });
  return result.data;
}
