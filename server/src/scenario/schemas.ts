import { z } from 'zod';
import { ScenarioError } from './errors';

/**
 * The shapes of Scenario's responses, as far as the plugin reads them. Objects are not strict: extra fields are
 * ignored, but every field the plugin relies on is checked, so a surprising body becomes an 'invalid-response'
 * error instead of an undefined somewhere later.
 */

export const JOB_STATUSES = ['pending', 'queued', 'warming-up', 'in-progress', 'finalizing', 'success', 'failure', 'canceled'] as const;

const optionalNumber = z.number().nullish();
const optionalString = z.string().nullish();

const jobMetadataSchema = z
  .object({
    assetIds: z.array(z.string()).nullish(),
    /** The inputs the job ran with. */
    input: z.record(z.string(), z.unknown()).nullish(),
    /** Usually a string; anything else is turned into text. */
    error: z.unknown().optional(),
  })
  .nullish();

/** `GET /jobs/{id}` → `{ job }`. Accepts `job.jobId` or `job.id`. */
export const jobSchema = z
  .object({
    jobId: z.string().min(1).optional(),
    id: z.string().min(1).optional(),
    jobType: optionalString,
    status: z.enum(JOB_STATUSES),
    progress: optionalNumber,
    createdAt: optionalString,
    metadata: jobMetadataSchema,
    billing: z.object({ cuCost: optionalNumber }).nullish(),
  })
  .refine((job) => Boolean(job.jobId ?? job.id), { message: 'job.jobId or job.id is required' });

export const jobResponseSchema = z.object({ job: jobSchema });

/** `GET /jobs` → `{ jobs, nextPaginationToken? }`, newest first. */
export const jobListResponseSchema = z.object({
  jobs: z.array(jobSchema),
  nextPaginationToken: optionalString,
});

/** `POST /generate/custom/{modelId}` → `{ job, creativeUnitsCost?, creativeUnitsDiscount? }`. */
export const generateResponseSchema = z.object({
  job: z
    .object({ jobId: z.string().min(1).optional(), id: z.string().min(1).optional(), status: optionalString })
    .refine((job) => Boolean(job.jobId ?? job.id), { message: 'job.jobId or job.id is required' }),
  creativeUnitsCost: optionalNumber,
  creativeUnitsDiscount: optionalNumber,
});

/** `?dryRun=true` → HTTP 269 `{ creativeUnitsCost, creativeUnitsDiscount, costDetails }`. */
export const dryRunResponseSchema = z.object({
  creativeUnitsCost: z.number(),
  creativeUnitsDiscount: optionalNumber,
  costDetails: z.unknown().optional(),
  /** Present only if the call was (wrongly) run for real. */
  job: z.unknown().optional(),
});

/** `GET /assets/{id}` → `{ asset }`. Accepts `asset.id` or `asset.assetId`. */
export const assetResponseSchema = z.object({
  asset: z
    .object({
      id: z.string().min(1).optional(),
      assetId: z.string().min(1).optional(),
      status: z.enum(['pending', 'success', 'error']),
      url: optionalString,
      mimeType: optionalString,
      properties: z.object({ size: optionalNumber, width: optionalNumber, height: optionalNumber }).nullish(),
      /** Text assets carry their text (cut near 1,024 characters when hasFullPreview is false). */
      metadata: z.object({ preview: optionalString, hasFullPreview: z.boolean().nullish() }).nullish(),
    })
    .refine((asset) => Boolean(asset.id ?? asset.assetId), { message: 'asset.id or asset.assetId is required' }),
});

/** `POST /generate/caption` → `{ captions: [...], detailsLevel, job }`. */
export const captionResponseSchema = z.object({
  captions: z.array(z.string()),
  detailsLevel: optionalString,
  job: z.unknown().optional(),
});

/** `POST /generate/translate` → `{ translation, detectedLanguage, job }`. */
export const translateResponseSchema = z.object({
  translation: z.string(),
  detectedLanguage: optionalString,
  job: z.unknown().optional(),
});

/** `POST /generate/prompt` → `{ prompts: [string], mode, job }`. */
export const promptResponseSchema = z.object({
  prompts: z.array(z.string()).min(1),
  mode: optionalString,
  job: z.unknown().optional(),
});

const modelSchema = z.object({
  id: z.string().min(1),
  name: optionalString,
  type: optionalString,
  privacy: optionalString,
  status: optionalString,
  capabilities: z.array(z.string()).nullish(),
  parentModelId: optionalString,
});

/** One of `model.inputs[]`; fields the plugin does not read are ignored. */
const modelInputSchema = z.object({
  name: z.string().min(1),
  type: z.string().min(1),
  required: z.boolean().nullish(),
  default: z.unknown().optional(),
  min: optionalNumber,
  max: optionalNumber,
  step: optionalNumber,
  maxLength: optionalNumber,
  allowedValues: z.array(z.union([z.string(), z.number()])).nullish(),
});

/** `GET /models/{id}` → `{ model }` with its declared inputs (list rows carry none). */
export const modelResponseSchema = z.object({
  model: modelSchema.extend({ inputs: z.array(modelInputSchema).nullish() }),
});

/** `GET /models` → `{ models, nextPaginationToken? }`. */
export const modelListResponseSchema = z.object({
  models: z.array(modelSchema),
  nextPaginationToken: optionalString,
});

/** A concurrency-ceiling 429: `{ reason, details: { actionName, actionLimit } }` (a cooldown 429 has none). */
export const concurrencyCeilingSchema = z.object({
  details: z.object({ actionName: optionalString, actionLimit: z.number().int().positive() }),
});

/** `POST /collections` → `{ collection: { id, name, … } }`. */
export const collectionResponseSchema = z.object({
  collection: z.object({ id: z.string().min(1), name: optionalString }),
});

export type JobBody = z.infer<typeof jobSchema>;

/** Parses a body with a schema; a mismatch becomes a ScenarioError of kind 'invalid-response' (no values quoted). */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ');
  throw new ScenarioError(`Scenario returned an unexpected ${what} response (${issues})`, {
    kind: 'invalid-response',
    retryable: false,
    reason: issues,
  });
}
