import { Agent, type Dispatcher } from 'undici';
import { ScenarioDeadlineError, ScenarioError, madeJobError } from './errors';
import { checkDownloadUrl, fetchImage, fetchText } from './download';
import { abortedError, backoff, createApi, defaultSleep, type ScenarioLogger, type Sleep } from './http';
import { DEFAULT_POLL_SETTINGS, jobStartedAt, nextPollDelay, type PollSettings } from './poll';
import { planGenerateBody } from './model-inputs';
import {
  assetResponseSchema,
  captionResponseSchema,
  collectionResponseSchema,
  dryRunResponseSchema,
  generateResponseSchema,
  jobListResponseSchema,
  jobResponseSchema,
  modelListResponseSchema,
  modelResponseSchema,
  parseBody,
  promptResponseSchema,
  translateResponseSchema,
  type JobBody,
} from './schemas';
import {
  MAX_ASSET_UPLOAD_BYTES,
  MAX_ASSETS_PER_COLLECTION_CALL,
  TERMINAL_JOB_STATUSES,
  TEXT_MODEL_ID,
  type AssetUpload,
  type CostEstimate,
  type DescribeResult,
  type PromptMode,
  type TextHelper,
  type TranslateResult,
  type DownloadedImage,
  type GenerateInput,
  type GenerateResult,
  type JobPage,
  type ModelPage,
  type ScenarioAsset,
  type ScenarioClient,
  type ScenarioJob,
  type ScenarioModel,
  type ScenarioModelSummary,
  type WaitOptions,
} from './types';

/**
 * The Scenario client: plain Node (undici + zod), no Strapi. Secrets stay in the Authorization header of API calls;
 * they never reach the CDN, a message or a log line.
 */

export const DEFAULT_BASE_URL = 'https://api.cloud.scenario.com/v1';
export const DEFAULT_ALLOWED_DOWNLOAD_HOSTS = ['cdn.cloud.scenario.com'];
export const DEFAULT_MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** How long a model's declared inputs are trusted before `GET /models/{id}` is asked again. */
export const DEFAULT_MODEL_CACHE_MS = 10 * 60_000;
/** How long a status look made at or after the deadline may take before the wait gives up on it. */
const LAST_LOOK_MS = 2_000;

export interface ScenarioClientOptions {
  /** Default https://api.cloud.scenario.com/v1 (proxies, tests and the local emulator set their own). */
  baseUrl?: string;
  apiKey: string;
  apiSecret: string;
  /** Sent as `?projectId=` on every API call when set. */
  projectId?: string;
  /** Hosts images may be downloaded from: `host` (any port) or `host:port` (that port only). Default ['cdn.cloud.scenario.com']. */
  allowedDownloadHosts?: string[];
  /** Default 20 MB. */
  maxDownloadBytes?: number;
  /** Per request; default 30 s. */
  requestTimeoutMs?: number;
  /** Injectable for fast tests. */
  sleep?: Sleep;
  now?: () => number;
  logger?: ScenarioLogger;
  retry?: {
    /** Default 3. */
    maxRetries?: number;
    /** First backoff delay, doubled each retry: default 1000 ms (1 s, 2 s, 4 s). */
    baseDelayMs?: number;
    /** Cap on a 429's requested wait (remainingSeconds / Retry-After): default 30 s. */
    maxDelayMs?: number;
  };
  poll?: Partial<PollSettings>;
  /** Download attempts, each with a fresh signed URL: default 3 (the first and up to 2 more). */
  downloadAttempts?: number;
  /** An undici dispatcher to use instead of the client's own Agent. */
  dispatcher?: Dispatcher;
  /** How long a model read with getModel is cached: default 10 min. */
  modelCacheMs?: number;
}

const enc = encodeURIComponent;

function toJob(body: JobBody): ScenarioJob {
  const error = body.metadata?.error;
  return {
    jobId: (body.jobId ?? body.id) as string,
    status: body.status,
    progress: Math.min(1, Math.max(0, body.progress ?? (body.status === 'success' ? 1 : 0))),
    assetIds: body.metadata?.assetIds ?? [],
    ...(error !== undefined && error !== null && error !== ''
      ? { error: typeof error === 'string' ? error : JSON.stringify(error).slice(0, 500) }
      : {}),
    ...(typeof body.billing?.cuCost === 'number' ? { creditsCost: body.billing.cuCost } : {}),
    ...(body.createdAt ? { createdAt: body.createdAt } : {}),
    ...(body.jobType ? { jobType: body.jobType } : {}),
    ...(body.metadata?.input ? { input: body.metadata.input } : {}),
  };
}

/** The catalog fields of a model, as both the list and the single-model answers carry them. */
function modelSummary(model: { id: string; name?: string | null; type?: string | null; privacy?: string | null; status?: string | null; capabilities?: string[] | null }): ScenarioModelSummary {
  return {
    id: model.id,
    name: model.name || model.id,
    ...(model.type ? { type: model.type } : {}),
    ...(model.privacy ? { privacy: model.privacy } : {}),
    ...(model.status ? { status: model.status } : {}),
    capabilities: model.capabilities ?? [],
  };
}

export function createScenarioClient(options: ScenarioClientOptions): ScenarioClient {
  if (!options.apiKey || !options.apiSecret) {
    throw new ScenarioError('Scenario API key and secret are required', { kind: 'auth', retryable: false });
  }
  const baseUrl = options.baseUrl || DEFAULT_BASE_URL;
  if (!/^https?:\/\//i.test(baseUrl)) {
    throw new ScenarioError('The Scenario base URL must start with http:// or https://', { kind: 'request', retryable: false });
  }
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const allowedDownloadHosts = options.allowedDownloadHosts?.length ? options.allowedDownloadHosts : DEFAULT_ALLOWED_DOWNLOAD_HOSTS;
  const maxDownloadBytes = options.maxDownloadBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const poll: PollSettings = { ...DEFAULT_POLL_SETTINGS, ...options.poll };
  const retry = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000, ...options.retry };
  const downloadAttempts = Math.max(1, options.downloadAttempts ?? 3);
  const dispatcher =
    options.dispatcher ?? new Agent({ connect: { timeout: Math.min(requestTimeoutMs, 10_000) }, keepAliveTimeout: 4000 });

  const api = createApi({
    baseUrl,
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    projectId: options.projectId,
    requestTimeoutMs,
    retry,
    sleep,
    now,
    logger: options.logger,
    dispatcher,
  });

  async function getJob(jobId: string, signal?: AbortSignal): Promise<ScenarioJob> {
    const response = await api.call({ method: 'GET', path: `/jobs/${enc(jobId)}`, signal });
    return toJob(parseBody(jobResponseSchema, response.body, 'job').job);
  }

  /** getJob, given up after `ms` (a deadline error) when that is sooner than the request's own timeout. */
  async function lookWithin(jobId: string, ms: number | undefined, signal: AbortSignal | undefined, last: ScenarioJob | undefined): Promise<ScenarioJob> {
    if (ms === undefined || ms >= requestTimeoutMs) return getJob(jobId, signal);
    const controller = new AbortController();
    const stop = () => controller.abort();
    const timer = setTimeout(stop, ms);
    signal?.addEventListener('abort', stop, { once: true });
    try {
      return await getJob(jobId, controller.signal);
    } catch (error) {
      if (controller.signal.aborted && !signal?.aborted) throw new ScenarioDeadlineError(jobId, last?.status);
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    }
  }

  async function getAsset(assetId: string): Promise<ScenarioAsset> {
    const response = await api.call({ method: 'GET', path: `/assets/${enc(assetId)}` });
    const { asset } = parseBody(assetResponseSchema, response.body, 'asset');
    return {
      assetId: (asset.id ?? asset.assetId) as string,
      status: asset.status,
      ...(asset.url ? { url: asset.url } : {}),
      ...(asset.mimeType ? { mimeType: asset.mimeType } : {}),
      ...(typeof asset.properties?.width === 'number' ? { width: asset.properties.width } : {}),
      ...(typeof asset.properties?.height === 'number' ? { height: asset.properties.height } : {}),
      ...(typeof asset.metadata?.preview === 'string' ? { preview: { text: asset.metadata.preview, complete: asset.metadata.hasFullPreview !== false } } : {}),
    };
  }

  /** The job id of a paid submission's answer; a 2xx without one is an unknown outcome, never a reason to re-send. */
  function submittedJob(response: { status: number; body: unknown }): { jobId: string; creditsCost?: number } {
    try {
      const parsed = parseBody(generateResponseSchema, response.body, 'generate');
      return {
        jobId: (parsed.job.jobId ?? parsed.job.id) as string,
        ...(typeof parsed.creativeUnitsCost === 'number' ? { creditsCost: parsed.creativeUnitsCost } : {}),
      };
    } catch (error) {
      throw new ScenarioError(`${(error as Error).message}; the job was probably created, so it is not sent again`, {
        kind: 'unknown-outcome',
        status: response.status,
        retryable: false,
      });
    }
  }

  /** Downloads an asset with a fresh signed URL each attempt (they expire, and one that failed may be the cause). */
  async function downloadFresh<T>(assetId: string, fetch: (url: string) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const asset = await getAsset(assetId);
      if (asset.status !== 'success') {
        throw new ScenarioError(`Scenario asset ${assetId} is not ready for download (status ${asset.status})`, {
          kind: 'download',
          retryable: asset.status === 'pending',
        });
      }
      if (!asset.url) {
        throw new ScenarioError(`Scenario asset ${assetId} has no URL`, { kind: 'invalid-response', retryable: false });
      }
      checkDownloadUrl(asset.url, allowedDownloadHosts);
      try {
        return await fetch(asset.url);
      } catch (error) {
        if (!(error instanceof ScenarioError) || !error.retryable || attempt + 1 >= downloadAttempts) throw error;
        const wait = backoff(retry.baseDelayMs, attempt);
        options.logger?.debug(`${error.message}; trying again with a fresh URL in ${wait} ms (${attempt + 2}/${downloadAttempts})`);
        await sleep(wait);
      }
    }
  }

  /** The bodies of the text helpers' calls (shared by the real call and its dry run). */
  const TEXT_HELPER_SAMPLE = 'A short sample text to price';
  /** A 1×1 PNG: the caption's dry run needs an image, and is priced per image. */
  const CAPTION_SAMPLE_IMAGE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  function helperCall(helper: TextHelper, sample: { mode?: PromptMode; modelId?: string }) {
    switch (helper) {
      case 'translate':
        return { path: '/generate/translate', body: { prompt: TEXT_HELPER_SAMPLE } };
      case 'caption':
        // Priced per image: one tiny image stands for each candidate.
        return { path: '/generate/caption', body: { images: [CAPTION_SAMPLE_IMAGE], detailsLevel: 'action' } };
      case 'prompt':
        return {
          path: '/generate/prompt',
          body: { mode: sample.mode ?? 'contextual', prompt: TEXT_HELPER_SAMPLE, numResults: 1, ...(sample.modelId ? { modelId: sample.modelId } : {}) },
        };
      default:
        // No image to point at in a preview: the text model is priced per output.
        return { path: `/generate/custom/${TEXT_MODEL_ID}`, body: { instruction: TEXT_HELPER_SAMPLE, textInputs: [TEXT_HELPER_SAMPLE], numOutputs: 1 } };
    }
  }

  const modelCacheMs = options.modelCacheMs ?? DEFAULT_MODEL_CACHE_MS;
  /** Models by id, as promises so that concurrent callers share one request; a failed read is not kept. */
  const models = new Map<string, { readAt: number; model: Promise<ScenarioModel> }>();

  function getModel(modelId: string): Promise<ScenarioModel> {
    const cached = models.get(modelId);
    if (cached && now() - cached.readAt < modelCacheMs) return cached.model;
    const model = readModel(modelId);
    const entry = { readAt: now(), model };
    models.set(modelId, entry);
    model.catch(() => {
      if (models.get(modelId) === entry) models.delete(modelId);
    });
    return model;
  }

  async function readModel(modelId: string): Promise<ScenarioModel> {
    const response = await api.call({ method: 'GET', path: `/models/${enc(modelId)}` });
    const { model } = parseBody(modelResponseSchema, response.body, 'model');
    return {
      ...modelSummary(model),
      ...(model.parentModelId ? { parentModelId: model.parentModelId } : {}),
      inputs: (model.inputs ?? []).map((input) => ({
        name: input.name,
        type: input.type,
        ...(input.required ? { required: true } : {}),
        ...(input.default !== undefined && input.default !== null ? { default: input.default } : {}),
        ...(typeof input.min === 'number' ? { min: input.min } : {}),
        ...(typeof input.max === 'number' ? { max: input.max } : {}),
        ...(typeof input.step === 'number' ? { step: input.step } : {}),
        ...(typeof input.maxLength === 'number' ? { maxLength: input.maxLength } : {}),
        ...(input.allowedValues?.length ? { allowedValues: input.allowedValues } : {}),
      })),
    };
  }

  const client: ScenarioClient = {
    async generate(modelId: string, input: GenerateInput): Promise<GenerateResult> {
      const { body, size, unsupported } = planGenerateBody(await getModel(modelId), input);
      const response = await api.call({ method: 'POST', path: `/generate/custom/${enc(modelId)}`, body, paid: true });
      // A 2xx means Scenario took the job; without its id the outcome is unknown, never a reason to send it again.
      const { jobId, creditsCost } = submittedJob(response);
      options.logger?.debug(`Scenario job ${jobId} submitted on ${modelId}`);
      return {
        jobId,
        ...(typeof creditsCost === 'number' ? { creditsCost } : {}),
        ...(size ? { size } : {}),
        unsupported,
      };
    },

    async estimateGenerate(modelId: string, input: GenerateInput): Promise<CostEstimate> {
      const { body: requestBody, size, unsupported } = planGenerateBody(await getModel(modelId), input);
      const response = await api.call({
        method: 'POST',
        path: `/generate/custom/${enc(modelId)}`,
        query: { dryRun: 'true' },
        body: requestBody,
      });
      const body = parseBody(dryRunResponseSchema, response.body, 'dry run');
      if (body.job !== undefined) {
        throw new ScenarioError('Scenario ran the dry run as a real job', { kind: 'invalid-response', status: response.status, retryable: false });
      }
      return {
        creditsCost: body.creativeUnitsCost,
        ...(typeof body.creativeUnitsDiscount === 'number' ? { creditsDiscount: body.creativeUnitsDiscount } : {}),
        ...(size ? { size } : {}),
        unsupported,
      };
    },

    getModel,

    forgetModels() {
      models.clear();
    },

    async listJobs(listOptions: { pageSize?: number; paginationToken?: string } = {}): Promise<JobPage> {
      const response = await api.call({
        method: 'GET',
        path: '/jobs',
        query: { pageSize: listOptions.pageSize, paginationToken: listOptions.paginationToken },
      });
      const body = parseBody(jobListResponseSchema, response.body, 'job list');
      return {
        jobs: body.jobs.map(toJob),
        ...(body.nextPaginationToken ? { nextPaginationToken: body.nextPaginationToken } : {}),
      };
    },

    getJob: (jobId: string) => getJob(jobId),

    async waitForJob(jobId: string, waitOptions: WaitOptions): Promise<ScenarioJob> {
      const { deadline, signal, onProgress } = waitOptions;
      const waitStartedAt = now();
      let delay = poll.firstPollMs;
      let pollsWithoutProgress = 0;
      let last: ScenarioJob | undefined;
      for (;;) {
        if (signal?.aborted) throw abortedError();
        const untilDeadline = deadline - now();
        // Past the deadline already (e.g. after a restart): one look, then give up.
        if (untilDeadline > 0 || last !== undefined) {
          if (last !== undefined && untilDeadline <= 0) throw new ScenarioDeadlineError(jobId, last.status);
          await sleep(Math.max(0, Math.min(delay, untilDeadline)), signal);
          if (signal?.aborted) throw abortedError();
        }
        // A look still hanging shortly after the deadline is dropped (a read: nothing is lost), so the placeholder
        // does not wait out the request's timeout. The one look of a wait that starts past its deadline (a restart)
        // has the whole timeout: its image may be paid for already.
        const left = deadline - now();
        const job = await lookWithin(jobId, left > 0 || last !== undefined ? Math.max(left, LAST_LOOK_MS) : undefined, signal, last);
        last = job;
        if (onProgress) await onProgress(job);
        if (TERMINAL_JOB_STATUSES.includes(job.status)) return job;
        const at = now();
        if (at >= deadline) throw new ScenarioDeadlineError(jobId, job.status);
        if (job.progress <= 0.001) pollsWithoutProgress++;
        delay = nextPollDelay(
          { progress: job.progress, elapsedMs: at - jobStartedAt(job.createdAt, waitStartedAt, at), pollsWithoutProgress },
          poll,
        );
        options.logger?.debug(`Scenario job ${jobId}: ${job.status} ${Math.round(job.progress * 100)}%, next poll in ${delay} ms`);
      }
    },

    getAsset,

    async uploadAsset(image: AssetUpload): Promise<string> {
      if (image.bytes.length > MAX_ASSET_UPLOAD_BYTES) {
        throw new ScenarioError(`An image of ${image.bytes.length} bytes is too large to upload to Scenario (at most ${MAX_ASSET_UPLOAD_BYTES})`, {
          kind: 'validation',
          retryable: false,
        });
      }
      const response = await api.call({
        method: 'POST',
        path: '/assets',
        body: { image: `data:${image.mimeType};base64,${image.bytes.toString('base64')}`, name: image.name },
      });
      const { asset } = parseBody(assetResponseSchema, response.body, 'asset upload');
      return (asset.id ?? asset.assetId) as string;
    },

    downloadAsset(assetId: string): Promise<DownloadedImage> {
      return downloadFresh(assetId, (url) => fetchImage(url, { maxBytes: maxDownloadBytes, timeoutMs: requestTimeoutMs, dispatcher }));
    },

    async caption(assetIds: string[], callOptions: { signal?: AbortSignal } = {}): Promise<string[]> {
      if (assetIds.length === 0) return [];
      // Paid: not sent again when its outcome is unknown (a 5xx or a timeout after it was sent).
      const response = await api.call({ method: 'POST', path: '/generate/caption', body: { images: assetIds, detailsLevel: 'action' }, paid: true, signal: callOptions.signal });
      const { captions } = parseBody(captionResponseSchema, response.body, 'caption');
      if (captions.length !== assetIds.length) {
        throw new ScenarioError(`Scenario returned ${captions.length} caption(s) for ${assetIds.length} image(s)`, {
          kind: 'invalid-response',
          retryable: false,
        });
      }
      return captions.map((caption) => caption.trim());
    },

    async translate(text: string, callOptions: { signal?: AbortSignal } = {}): Promise<TranslateResult> {
      // Paid: not sent again when its outcome is unknown (a 5xx or a timeout after it was sent).
      const response = await api.call({ method: 'POST', path: '/generate/translate', body: { prompt: text }, paid: true, signal: callOptions.signal });
      const body = parseBody(translateResponseSchema, response.body, 'translate');
      return { translation: body.translation.trim(), ...(body.detectedLanguage ? { detectedLanguage: body.detectedLanguage } : {}) };
    },

    async writePrompt(prompt: string, callOptions: { mode: PromptMode; modelId?: string; signal?: AbortSignal }): Promise<string> {
      const response = await api.call({
        method: 'POST',
        path: '/generate/prompt',
        body: { mode: callOptions.mode, prompt, numResults: 1, ...(callOptions.modelId ? { modelId: callOptions.modelId } : {}) },
        paid: true,
        signal: callOptions.signal,
      });
      const written = parseBody(promptResponseSchema, response.body, 'prompt').prompts[0].trim();
      if (!written) throw new ScenarioError('Scenario returned an empty prompt', { kind: 'invalid-response', retryable: false });
      return written;
    },

    async describeImage(assetId: string, instruction: string, callOptions: { deadline: number; signal?: AbortSignal }): Promise<DescribeResult> {
      const response = await api.call({
        method: 'POST',
        path: `/generate/custom/${TEXT_MODEL_ID}`,
        body: { instruction, images: [assetId], numOutputs: 1 },
        paid: true,
        signal: callOptions.signal,
      });
      const submitted = submittedJob(response);
      return describedBy(submitted.jobId, callOptions, submitted.creditsCost);
    },

    describeResult(jobId: string, callOptions: { deadline: number; signal?: AbortSignal }): Promise<DescribeResult> {
      return describedBy(jobId, callOptions);
    },

    async estimateTextHelper(helper: TextHelper, sample: { mode?: PromptMode; modelId?: string } = {}): Promise<number> {
      const call = helperCall(helper, sample);
      const response = await api.call({ method: 'POST', path: call.path, query: { dryRun: 'true' }, body: call.body });
      const body = parseBody(dryRunResponseSchema, response.body, 'dry run');
      if (body.job !== undefined) {
        throw new ScenarioError('Scenario ran the dry run as a real job', { kind: 'invalid-response', status: response.status, retryable: false });
      }
      return body.creativeUnitsCost;
    },

    async listModels(listOptions: { privacy?: 'public' | 'private'; pageSize?: number; paginationToken?: string }): Promise<ModelPage> {
      const response = await api.call({
        method: 'GET',
        path: '/models',
        query: { privacy: listOptions.privacy, pageSize: listOptions.pageSize, paginationToken: listOptions.paginationToken },
      });
      const body = parseBody(modelListResponseSchema, response.body, 'model list');
      return {
        models: body.models.map(modelSummary),
        ...(body.nextPaginationToken ? { nextPaginationToken: body.nextPaginationToken } : {}),
      };
    },

    async createCollection(name: string): Promise<string> {
      const response = await api.call({ method: 'POST', path: '/collections', body: { name } });
      return parseBody(collectionResponseSchema, response.body, 'collection').collection.id;
    },

    async addToCollection(collectionId: string, assetIds: string[]): Promise<void> {
      for (let start = 0; start < assetIds.length; start += MAX_ASSETS_PER_COLLECTION_CALL) {
        const batch = assetIds.slice(start, start + MAX_ASSETS_PER_COLLECTION_CALL);
        await api.call({ method: 'PUT', path: `/collections/${enc(collectionId)}/assets`, body: { assetIds: batch } });
      }
    },
  };
  /**
   * The text a description job wrote, once it ends (`submittedCost`: the submission's answer, when it gave one). An
   * error on the way names the job (madeJobError): it may still end, and it is billed.
   */
  async function describedBy(jobId: string, callOptions: { deadline: number; signal?: AbortSignal }, submittedCost?: number): Promise<DescribeResult> {
    try {
      return await readDescription(jobId, callOptions, submittedCost);
    } catch (error) {
      throw madeJobError(error, jobId);
    }
  }

  async function readDescription(jobId: string, callOptions: { deadline: number; signal?: AbortSignal }, submittedCost?: number): Promise<DescribeResult> {
    const job = await client.waitForJob(jobId, { deadline: callOptions.deadline, signal: callOptions.signal });
    if (job.status !== 'success' || job.assetIds.length === 0) {
      throw new ScenarioError(`Scenario's text model job ended in ${job.status}${job.error ? `: ${job.error}` : ''}`, {
        kind: 'request',
        retryable: false,
        ...(job.error ? { reason: job.error } : {}),
      });
    }
    const textAssetId = job.assetIds[0];
    const asset = await getAsset(textAssetId);
    // The preview is the whole text unless Scenario says it was cut; then the full text is at the signed URL. An
    // asset not ready (pending, failed) is read only as downloadFresh allows.
    const text =
      asset.status === 'success' && asset.preview?.complete
        ? asset.preview.text
        : await downloadFresh(textAssetId, (url) => fetchText(url, { maxBytes: maxDownloadBytes, timeoutMs: requestTimeoutMs, dispatcher }));
    const creditsCost = job.creditsCost ?? submittedCost;
    return { text: text.trim(), jobId, ...(typeof creditsCost === 'number' ? { creditsCost } : {}) };
  }

  return client;
}
