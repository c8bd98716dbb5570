import { Agent, type Dispatcher } from 'undici';
import { ScenarioDeadlineError, ScenarioError } from './errors';
import { checkDownloadUrl, fetchImage } from './download';
import { abortedError, backoff, createApi, defaultSleep, type ScenarioLogger, type Sleep } from './http';
import { DEFAULT_POLL_SETTINGS, jobStartedAt, nextPollDelay, type PollSettings } from './poll';
import {
  assetResponseSchema,
  captionResponseSchema,
  dryRunResponseSchema,
  generateResponseSchema,
  jobResponseSchema,
  modelListResponseSchema,
  parseBody,
  type JobBody,
} from './schemas';
import {
  TERMINAL_JOB_STATUSES,
  type CostEstimate,
  type DownloadedImage,
  type GenerateInput,
  type GenerateResult,
  type ModelPage,
  type ScenarioAsset,
  type ScenarioClient,
  type ScenarioJob,
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

export interface ScenarioClientOptions {
  /** Default https://api.cloud.scenario.com/v1 (proxies, tests and the local emulator set their own). */
  baseUrl?: string;
  apiKey: string;
  apiSecret: string;
  /** Sent as `?projectId=` on every API call when set. */
  projectId?: string;
  /** Hosts images may be downloaded from: `host` (default port) or `host:port`. Default ['cdn.cloud.scenario.com']. */
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
  };
}

/** The flat body of a generate call: only the model inputs that are set. */
export function generateBody(input: GenerateInput): Record<string, unknown> {
  const body: Record<string, unknown> = { prompt: input.prompt, numOutputs: input.numOutputs };
  if (input.negativePrompt) body.negativePrompt = input.negativePrompt;
  if (input.seed !== undefined) body.seed = input.seed;
  if (input.aspectRatio) {
    body.aspectRatio = input.aspectRatio;
  } else {
    if (input.width !== undefined) body.width = input.width;
    if (input.height !== undefined) body.height = input.height;
  }
  if (input.loraIds?.length) {
    body.loras = [...input.loraIds];
    if (input.loraScales?.length) body.lorasScale = [...input.loraScales];
  }
  return body;
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
    };
  }

  const client: ScenarioClient = {
    async generate(modelId: string, input: GenerateInput): Promise<GenerateResult> {
      const response = await api.call({ method: 'POST', path: `/generate/custom/${enc(modelId)}`, body: generateBody(input), paid: true });
      const body = parseBody(generateResponseSchema, response.body, 'generate');
      const jobId = (body.job.jobId ?? body.job.id) as string;
      options.logger?.debug(`Scenario job ${jobId} submitted on ${modelId}`);
      return { jobId, ...(typeof body.creativeUnitsCost === 'number' ? { creditsCost: body.creativeUnitsCost } : {}) };
    },

    async estimateGenerate(modelId: string, input: GenerateInput): Promise<CostEstimate> {
      const response = await api.call({
        method: 'POST',
        path: `/generate/custom/${enc(modelId)}`,
        query: { dryRun: 'true' },
        body: generateBody(input),
      });
      const body = parseBody(dryRunResponseSchema, response.body, 'dry run');
      if (body.job !== undefined) {
        throw new ScenarioError('Scenario ran the dry run as a real job', { kind: 'invalid-response', status: response.status, retryable: false });
      }
      return {
        creditsCost: body.creativeUnitsCost,
        ...(typeof body.creativeUnitsDiscount === 'number' ? { creditsDiscount: body.creativeUnitsDiscount } : {}),
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
        const job = await getJob(jobId, signal);
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

    async downloadAsset(assetId: string): Promise<DownloadedImage> {
      for (let attempt = 0; ; attempt++) {
        // A fresh signed URL every attempt: they expire, and one that failed may be the cause.
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
          return await fetchImage(asset.url, { maxBytes: maxDownloadBytes, timeoutMs: requestTimeoutMs, dispatcher });
        } catch (error) {
          if (!(error instanceof ScenarioError) || !error.retryable || attempt + 1 >= downloadAttempts) throw error;
          const wait = backoff(retry.baseDelayMs, attempt);
          options.logger?.warn(`${error.message}; trying again with a fresh URL in ${wait} ms (${attempt + 2}/${downloadAttempts})`);
          await sleep(wait);
        }
      }
    },

    async caption(assetIds: string[]): Promise<string[]> {
      if (assetIds.length === 0) return [];
      const response = await api.call({ method: 'POST', path: '/generate/caption', body: { images: assetIds, detailsLevel: 'action' } });
      const { captions } = parseBody(captionResponseSchema, response.body, 'caption');
      if (captions.length !== assetIds.length) {
        throw new ScenarioError(`Scenario returned ${captions.length} caption(s) for ${assetIds.length} image(s)`, {
          kind: 'invalid-response',
          retryable: false,
        });
      }
      return captions.map((caption) => caption.trim());
    },

    async listModels(listOptions: { privacy?: 'public' | 'private'; pageSize?: number; paginationToken?: string }): Promise<ModelPage> {
      const response = await api.call({
        method: 'GET',
        path: '/models',
        query: { privacy: listOptions.privacy, pageSize: listOptions.pageSize, paginationToken: listOptions.paginationToken },
      });
      const body = parseBody(modelListResponseSchema, response.body, 'model list');
      return {
        models: body.models.map((model) => ({
          id: model.id,
          name: model.name || model.id,
          ...(model.type ? { type: model.type } : {}),
          ...(model.privacy ? { privacy: model.privacy } : {}),
          ...(model.status ? { status: model.status } : {}),
          capabilities: model.capabilities ?? [],
        })),
        ...(body.nextPaginationToken ? { nextPaginationToken: body.nextPaginationToken } : {}),
      };
    },
  };
  return client;
}
