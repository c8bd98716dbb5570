/**
 * LOCAL SCENARIO EMULATOR: a TEST FIXTURE and DEMO AID. It is never the plugin's default endpoint and spends no
 * credits; it only exists so the client, the pipeline, the benchmark and the demo can run without Scenario. It is not
 * part of the npm package.
 *
 * It behaves as Scenario's API does (its published description and answers seen in live calls), as closely as a
 * local server can, and never more leniently:
 * - two origins on 127.0.0.1: the API (`apiUrl`, ending in /v1) and the CDN (`cdnUrl`) serving signed URLs;
 * - Basic auth on the API (401 `{reason}` otherwise), optional `?projectId=` (403 for a foreign project);
 * - `POST /generate/custom/{modelId}` checked against the model's declared inputs (catalog.ts): an
 *   undeclared or wrongly typed key is dropped silently, a declared input left out takes its default (FLUX.1 dev
 *   without width/height renders 1104×832), an out-of-range, off-step or not-allowed value is a 400 naming the input;
 *   404 unknown model, 400 for a trained style called directly; `?dryRun=true` → 269;
 * - `GET /jobs/{id}` walking pending → queued → warming-up → in-progress → finalizing → success over `jobSeconds`,
 *   its `metadata.input` the inputs the job ran with; `GET /jobs` lists jobs (captions too), newest first, paginated;
 * - `GET /assets/{id}` with a signed, expiring CDN URL (Policy / Signature / Key-Pair-Id) that the CDN verifies;
 * - `POST /assets { image, name }`: a JSON data URL (or bare base64) of a PNG, JPEG or WebP, the body at most
 *   MAX_UPLOAD_BODY_BYTES (413 above), 400 for anything that is not such an image; a generation's `referenceImages`
 *   must name existing, ready assets (404 / 400);
 * - `POST /generate/caption` (synchronous captions), `GET /models` (rows without inputs), `GET /models/{id}`;
 * - collections: `POST /collections { name }`, `PUT /collections/{id}/assets { assetIds }` (at most 49 ids, each an
 *   existing asset; 404 for an unknown collection);
 * - a ceiling of jobs in flight (`maxConcurrentJobs`): one more submission answers 429
 *   `{ reason, details: { actionName, actionLimit } }` and is not created;
 * - the text helpers (text-helpers.ts): `POST /generate/translate` and `POST /generate/prompt` (synchronous), and
 *   `model_scenario-llm` as an async custom model whose outputs are text assets (`metadata.preview` cut near 1,024
 *   characters with `hasFullPreview: false`, the whole text at the signed URL as `text/plain`);
 * - injected faults (ScenarioEmulatorOptions): 429s of both kinds, 5xx (HTML for 502/504) and connection resets before
 *   or after the request is carried out, hanging and slow answers, malformed JSON, failed and canceled jobs, pending
 *   and failed assets, dropped, corrupted, mislabelled, oversized and expired downloads, and a service that is down.
 * Images are real PNGs (see png.ts), different for every asset.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { captionFor } from './captions';
import { MAX_SEED, MODELS, SCENARIO_LLM, findModel, geminiPixels, modelJson, type EmulatorModel, type EmulatorModelInput } from './catalog';
import { renderPng } from './png';
import { PROMPT_MODES, PROMPT_MODE_COST, TRANSLATE_COST, describeForInstruction, translateToEnglish, writePrompts, type PromptMode } from './text-helpers';

export { EMULATOR_LORA_ID, FLUX_1_DEV, FLUX_2_DEV, GEMINI_FLASH, MODELS, SCENARIO_LLM } from './catalog';

/**
 * The API routes, as named by the `route` filter of injected faults. `llm` is a paid submission to
 * model_scenario-llm (its dry run is `dry-run`, its polls `jobs`); `generate` is any other paid generation.
 */
export type EmulatorRoute = 'generate' | 'dry-run' | 'caption' | 'translate' | 'prompt' | 'llm' | 'jobs' | 'assets' | 'models' | 'collections' | 'other';

/** Scenario takes at most this many asset ids per `PUT /collections/{id}/assets`. */
export const MAX_COLLECTION_ASSETS_PER_CALL = 49;

/** Where a text asset's preview is cut (the whole text is at its signed URL). */
export const TEXT_PREVIEW_LENGTH = 1024;

export interface ScenarioEmulatorOptions {
  /** How long a generation job takes (seconds, fractional allowed). Default 2. */
  jobSeconds?: number;
  /** How long a model_scenario-llm job takes (seconds). Default: half of jobSeconds. */
  textJobSeconds?: number;
  /** The text model answers this instead of its own description (long answers, "Image of…" answers, …). */
  llmAnswer?: string;
  /** The translator runs the lines it is sent together into one (the contract does not promise to keep them). */
  translationJoinsLines?: boolean;
  apiKey?: string;
  apiSecret?: string;
  projectId?: string;
  /** 0 (default) picks free ports. */
  apiPort?: number;
  cdnPort?: number;
  /** Jobs in flight at once; one more answers 429 `{reason, details: {actionName, actionLimit}}`. */
  maxConcurrentJobs?: number;
  /** The next N API requests answer 429 `{reason, remainingSeconds}`. */
  cooldownNext?: number;
  /** remainingSeconds of those cooldown 429s (default 1; fractions allowed for fast tests). */
  cooldownSeconds?: number;
  /** When set, every 429 also carries `Retry-After: <this many seconds>`. */
  retryAfterSeconds?: number;
  /**
   * The next `times` (default 1) requests to `route` (default any) answer `status`; 502/504 with an HTML page.
   * `afterAccepting`: the request is carried out first (a paid generate creates its billed job), then the error is
   * returned.
   */
  failNext?: { status: number; times?: number; route?: EmulatorRoute; afterAccepting?: boolean; body?: unknown };
  /**
   * The next `times` (default 1) requests to `route` (default any) get no answer: the connection is destroyed.
   * `afterAccepting`: the request is carried out first (a paid generate creates its billed job), then the socket is
   * destroyed; without it nothing is done.
   */
  resetNext?: { times?: number; route?: EmulatorRoute; afterAccepting?: boolean };
  /**
   * The next `times` (default 1) requests to `route` (default any) hang: nothing is done and nothing is answered for
   * `ms`, then the request is carried out, and answered if the client is still waiting: as at Scenario, a client that
   * gave up meanwhile does not stop it (a paid call is then made and billed, its answer lost). Without `ms` they hang
   * until the client gives up (its own request timeout), `reset()` or `close()`; such a request is never carried out.
   */
  hangNext?: { ms?: number; times?: number; route?: EmulatorRoute };
  /** The next `times` (default 1) requests to `route` (default any) are carried out, then answered after `ms`. */
  slowNext?: { ms: number; times?: number; route?: EmulatorRoute };
  /**
   * The next `times` (default 1) successful answers of `route` (default any) are a 200 whose body is cut in half (not
   * JSON). The request is carried out: a paid generate creates its billed job.
   */
  malformedJsonNext?: { times?: number; route?: EmulatorRoute };
  /**
   * Jobs whose prompt (a text model job: its instruction) matches end in 'failure' with `metadata.error` (e.g. content
   * moderation); refunded.
   */
  failJobsMatching?: RegExp;
  /** Jobs whose prompt matches end in 'canceled' halfway (no assets, refunded). */
  cancelJobsMatching?: RegExp;
  /** The next N `GET /assets/{id}` of an existing asset answer `status: 'pending'` without a URL. */
  pendingAssetsNext?: number;
  /** The next N `GET /assets/{id}` of an existing asset answer `status: 'error'` without a URL. */
  errorAssetsNext?: number;
  /** Prompts that match (and texts sent to translate or the prompt writer, and text model instructions) are refused at submission with 400. */
  rejectPromptsMatching?: RegExp;
  /** The CDN sends half of the next N images, then destroys the socket. */
  dropDownloadsNext?: number;
  /** The CDN answers the next N downloads with 200 and bytes that are not an image (for a text asset, a web page). */
  corruptDownloadsNext?: number;
  /** The CDN answers the next `times` downloads with `status`. */
  failDownloadsNext?: { status: number; times?: number };
  /** The CDN sends the next N images whole and real, but labelled `Content-Type: text/html`. */
  wrongContentTypeDownloadsNext?: number;
  /**
   * The CDN answers the next `times` (default 1) downloads with the real image padded to more than `bytes` bytes, with
   * a true Content-Length, or none when `chunked`.
   */
  oversizeDownloadsNext?: { bytes: number; chunked?: boolean; times?: number };
  /** The CDN sends images without Content-Length (chunked). */
  chunkedDownloads?: boolean;
  /** Lifetime of signed URLs (default 24 h; negative issues already-expired URLs). */
  signedUrlTtlSeconds?: number;
  /** Origin written into signed URLs instead of cdnUrl (to test download host allow-lists). */
  cdnPublicOrigin?: string;
  /**
   * The API is down: `true` stops listening (connections refused) until set back to false; 'reset' accepts
   * connections and destroys them at once.
   */
  down?: boolean | 'reset';
}

export interface EmulatorRequestRecord {
  origin: 'api' | 'cdn';
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Top-level keys of a JSON body. */
  bodyKeys?: string[];
  status?: number;
  hadAuthorization: boolean;
}

export interface ScenarioEmulatorStats {
  apiRequests: number;
  /** Paid generate submissions received (POST /generate/custom/{id} without ?dryRun=true), whatever the answer. */
  generateCalls: number;
  /** Generation jobs actually created (billed). */
  jobsCreated: number;
  dryRunCalls: number;
  /** Paid caption calls received. */
  captionCalls: number;
  /** Paid translate calls received; their `prompt`s in order. */
  translateCalls: number;
  translateInputs: string[];
  /** Paid prompt-writer calls received; their `prompt`s in order. */
  promptCalls: number;
  promptInputs: string[];
  /** Paid model_scenario-llm submissions received; their instructions in order. */
  llmCalls: number;
  llmInstructions: string[];
  jobPolls: number;
  assetGets: number;
  /** Submissions refused with the concurrency-ceiling 429 (maxConcurrentJobs). */
  concurrencyRejections: number;
  /** The most jobs (generations and text model jobs) ever in flight at once. */
  maxJobsInFlight: number;
  /** `POST /assets` uploads accepted: asset id, name, and the SHA-256 of the bytes received, in order. */
  uploads: Array<{ assetId: string; name: string; sha256: string; bytes: number }>;
  /** `POST /collections` and `PUT /collections/{id}/assets` calls received. */
  collectionCreates: number;
  collectionAdds: number;
  /** Every asset id the accepted `PUT /collections/{id}/assets` calls named, as sent (a repeat shows here twice). */
  collectionAddedIds: string[];
  modelCalls: number;
  /** Requests the CDN received. */
  downloads: number;
  /** Images the CDN sent in full. */
  downloadsServed: number;
  cdnRequestsWithAuthorization: number;
  /** CDN requests refused for a bad or expired signature. */
  cdnSignatureRejections: number;
  unauthorized: number;
  /** Prompts of the paid submissions, in order. */
  prompts: string[];
  /** The last 2000 requests. */
  requests: EmulatorRequestRecord[];
}

export interface ScenarioEmulator {
  /** The API base URL, e.g. http://127.0.0.1:PORT/v1 */
  apiUrl: string;
  /** The CDN origin, e.g. http://127.0.0.1:PORT */
  cdnUrl: string;
  /** host:port of the CDN, for the plugin's allowed download hosts. */
  cdnHost: string;
  apiKey: string;
  apiSecret: string;
  projectId: string;
  stats: ScenarioEmulatorStats;
  /** The collections made through the API, by id: their name and asset ids in the order they were added. */
  collections: ReadonlyMap<string, { name: string; assetIds: string[] }>;
  /** Deletes a collection, as a user would in Scenario's web app (later calls naming it answer 404). */
  deleteCollection(id: string): void;
  /** Merges options (an explicit undefined clears one); resolves once a change of `down` has taken effect. */
  configure(options: Partial<ScenarioEmulatorOptions>): Promise<void>;
  /** Zeroes the stats, restores the starting options and forgets all jobs and assets. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

interface Job {
  jobId: string;
  /** Creation order, for `GET /jobs` (newest first) and its pagination tokens. */
  seq: number;
  modelId: string;
  input: Record<string, unknown>;
  prompt: string;
  numOutputs: number;
  createdAtMs: number;
  durationMs: number;
  /** A doomed job: the fraction of its duration at which it ends, how, and (for a failure) why. */
  endsEarly?: { at: number; status: 'failure' | 'canceled'; reason?: string };
  assetIds: string[];
  cost: number;
}

interface Asset {
  id: string;
  jobId: string;
  outputIndex: number;
  prompt: string;
  seed: number;
  modelId: string;
  width: number;
  height: number;
  medium?: string;
  image?: Promise<Buffer>;
  /** A text model's output: a text asset (served as text/plain), not an image. */
  text?: string;
  /** An image uploaded with `POST /assets` (no job): ready at once. */
  uploaded?: { bytes: Buffer; mimeType: string; createdAt: string };
}

type JobStatus = 'pending' | 'queued' | 'warming-up' | 'in-progress' | 'finalizing' | 'success' | 'failure' | 'canceled';

/** When each running status begins, as a fraction of the job's duration. */
const PHASES: ReadonlyArray<[JobStatus, number]> = [
  ['queued', 0],
  ['warming-up', 0.1],
  ['in-progress', 0.25],
  ['finalizing', 0.85],
];

const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** `POST /assets` bodies past this are refused (the notes: keep them under ~6 MB). */
export const MAX_UPLOAD_BODY_BYTES = 6 * 1024 * 1024;
const KEY_PAIR_ID = 'KEMULATOR00000001';

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const iso = (ms: number) => new Date(ms).toISOString();
const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

const reason = (status: number, text: string) => new HttpError(status, { reason: text });

function emptyStats(): ScenarioEmulatorStats {
  return {
    apiRequests: 0,
    generateCalls: 0,
    jobsCreated: 0,
    dryRunCalls: 0,
    captionCalls: 0,
    translateCalls: 0,
    translateInputs: [],
    promptCalls: 0,
    promptInputs: [],
    llmCalls: 0,
    llmInstructions: [],
    jobPolls: 0,
    assetGets: 0,
    concurrencyRejections: 0,
    maxJobsInFlight: 0,
    uploads: [],
    collectionCreates: 0,
    collectionAdds: 0,
    collectionAddedIds: [],
    modelCalls: 0,
    downloads: 0,
    downloadsServed: 0,
    cdnRequestsWithAuthorization: 0,
    cdnSignatureRejections: 0,
    unauthorized: 0,
    prompts: [],
    requests: [],
  };
}

function gatewayPage(status: number): string {
  const title = status === 502 ? '502 Bad Gateway' : status === 504 ? '504 Gateway Time-out' : `${status} Error`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

function injectedBody(status: number): { contentType: string; body: string } {
  if (status === 502 || status === 504) return { contentType: 'text/html', body: gatewayPage(status) };
  if (status === 503) return { contentType: 'application/json', body: JSON.stringify({ message: 'Service Unavailable' }) };
  if (status >= 500) return { contentType: 'application/json', body: JSON.stringify({ reason: 'Internal server error' }) };
  return { contentType: 'application/json', body: JSON.stringify({ reason: `Request failed with status ${status}` }) };
}

/** The image type of some bytes, by their magic numbers. */
function sniffImage(bytes: Buffer): 'image/png' | 'image/jpeg' | 'image/webp' | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

async function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, { message: 'Request Entity Too Large' });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const TERMINAL: readonly JobStatus[] = ['success', 'failure', 'canceled'];

const ITEM_TYPE: Partial<Record<EmulatorModelInput['type'], 'string' | 'number'>> = {
  file_array: 'string',
  model_array: 'string',
  string_array: 'string',
  number_array: 'number',
};

/** Whether a value has the declared type (a value that does not is dropped without an error, like Scenario). */
function hasShape(spec: EmulatorModelInput, value: unknown): boolean {
  const isNumber = (item: unknown) => typeof item === 'number' && Number.isFinite(item);
  switch (spec.type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return isNumber(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'file':
    case 'model':
      return typeof value === 'string' && value.length > 0;
    default: {
      const item = ITEM_TYPE[spec.type];
      if (!item || !Array.isArray(value)) return false;
      return value.every((entry) => (item === 'number' ? isNumber(entry) : typeof entry === 'string' && entry.length > 0));
    }
  }
}

const isMultiple = (value: number, step: number) => Math.abs(value / step - Math.round(value / step)) < 1e-9;

/** A well-shaped value outside the declared range, step, length or allowed values is refused, naming the input. */
function checkRange(spec: EmulatorModelInput, value: unknown): void {
  const name = `"${spec.name}"`;
  if (spec.allowedValues && !spec.allowedValues.includes(value as string | number)) {
    throw reason(400, `${name} must be one of ${spec.allowedValues.join(', ')}`);
  }
  if (typeof value === 'string' && spec.maxLength !== undefined && value.length > spec.maxLength) {
    throw reason(400, `${name} must be at most ${spec.maxLength} characters`);
  }
  if (Array.isArray(value) && spec.maxLength !== undefined && value.length > spec.maxLength) {
    throw reason(400, `${name} accepts at most ${spec.maxLength} items`);
  }
  const numbers = typeof value === 'number' ? [value] : Array.isArray(value) && ITEM_TYPE[spec.type] === 'number' ? (value as number[]) : [];
  for (const number of numbers) {
    const low = spec.min ?? -Infinity;
    const high = spec.max ?? Infinity;
    if (number < low || number > high || (spec.step !== undefined && !isMultiple(number, spec.step))) {
      const what = spec.step === 1 ? 'an integer' : spec.step ? `a multiple of ${spec.step}` : 'a number';
      throw reason(400, `${name} must be ${what} between ${low} and ${high}`);
    }
  }
}

export async function startScenarioEmulator(initial: ScenarioEmulatorOptions = {}): Promise<ScenarioEmulator> {
  const apiKey = initial.apiKey ?? `emu_key_${randomBytes(6).toString('hex')}`;
  const apiSecret = initial.apiSecret ?? `emu_secret_${randomBytes(18).toString('hex')}`;
  const projectId = initial.projectId ?? 'proj_emulator';
  const startingOptions: ScenarioEmulatorOptions = { ...initial, down: false };
  let options: ScenarioEmulatorOptions = { ...startingOptions };
  const stats = emptyStats();
  const jobs = new Map<string, Job>();
  /** Caption jobs, finished at once; listed by `GET /jobs` with the generations. */
  const captionJobs = new Map<string, { seq: number; json: Record<string, unknown> }>();
  let jobSeq = 0;
  const assets = new Map<string, Asset>();
  const collections = new Map<string, { name: string; assetIds: string[]; createdAt: string }>();
  const signingKey = randomBytes(32);
  const startedAt = iso(Date.now());
  const expectedAuthorization = `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`;

  const record = (entry: EmulatorRequestRecord) => {
    stats.requests.push(entry);
    if (stats.requests.length > 2000) stats.requests.splice(0, stats.requests.length - 2000);
  };

  // ----- jobs -------------------------------------------------------------------------------------------------

  function jobState(job: Job, now = Date.now()) {
    const fraction = job.durationMs <= 0 ? Infinity : (now - job.createdAtMs) / job.durationMs;
    const history: Array<{ status: JobStatus; date: string }> = [{ status: 'pending', date: iso(job.createdAtMs) }];
    const at = (f: number) => iso(job.createdAtMs + Math.min(f, 1) * job.durationMs);
    const early = job.endsEarly;
    if (early && fraction >= early.at) {
      for (const [status, start] of PHASES) if (start <= early.at) history.push({ status, date: at(start) });
      history.push({ status: early.status, date: at(early.at) });
      return { status: early.status as JobStatus, progress: early.at, history };
    }
    for (const [status, start] of PHASES) if (start <= fraction) history.push({ status, date: at(start) });
    if (fraction >= 1) {
      history.push({ status: 'success', date: at(1) });
      return { status: 'success' as JobStatus, progress: 1, history };
    }
    const status = history[history.length - 1].status;
    return { status, progress: Math.floor(Math.max(0, fraction) * 10000) / 10000, history };
  }

  function jobJson(job: Job, now = Date.now()) {
    const state = jobState(job, now);
    const terminal = TERMINAL.includes(state.status);
    return {
      jobId: job.jobId,
      jobType: 'custom',
      status: state.status,
      progress: state.progress,
      authorId: 'user_emulator',
      ownerId: projectId,
      createdAt: iso(job.createdAtMs),
      updatedAt: state.history[state.history.length - 1].date,
      statusHistory: state.history,
      metadata: {
        input: job.input,
        assetIds: state.status === 'success' ? [...job.assetIds] : [],
        ...(state.status === 'failure' ? { error: job.endsEarly?.reason } : {}),
      },
      ...(terminal ? { billing: { cuCost: state.status === 'success' ? job.cost : 0, cuDiscount: 0 } } : {}),
    };
  }

  const inFlight = () => [...jobs.values()].filter((job) => !TERMINAL.includes(jobState(job).status)).length;

  // ----- generate ---------------------------------------------------------------------------------------------

  /** Body → the inputs a job runs with: kept declared keys plus the defaults of those left out; required ones checked. */
  function declaredInputs(model: EmulatorModel, body: Record<string, unknown>): Record<string, unknown> {
    const input: Record<string, unknown> = {};
    for (const spec of model.inputs) {
      const value = body[spec.name];
      // Undeclared keys are never looked at; declared ones of the wrong shape are dropped just as silently.
      if (value !== undefined && hasShape(spec, value)) {
        checkRange(spec, value);
        input[spec.name] = value;
      } else if (spec.default !== undefined) {
        input[spec.name] = spec.default;
      }
    }
    for (const spec of model.inputs) {
      const value = input[spec.name];
      if (spec.required && (value === undefined || (typeof value === 'string' && !value.trim()))) {
        throw reason(400, `"${spec.name}" is required`);
      }
    }
    return input;
  }

  /**
   * Validates a generate body like the real API, against the model's declared inputs: returns the inputs the job runs
   * with (kept keys plus the defaults of those left out). Throws HttpError on a refusal.
   */
  function validateGenerate(model: EmulatorModel, body: Record<string, unknown>) {
    if (model.privacy === 'private' && model.parentModelId) throw reason(400, 'Custom models only are supported for this endpoint');
    const input = declaredInputs(model, body);
    if (!model.capabilities.includes('txt2img')) throw reason(400, `The emulator does not run ${model.capabilities.join('/')} models`);
    const prompt = input.prompt as string;
    const numOutputs = (input.numOutputs as number | undefined) ?? 1;
    const size =
      typeof input.width === 'number' && typeof input.height === 'number'
        ? { width: input.width, height: input.height }
        : typeof input.aspectRatio === 'string'
          ? geminiPixels(input.aspectRatio, String(input.resolution ?? '1K'))
          : { width: 1024, height: 1024 };
    const loraIds = [...((input.loras as string[] | undefined) ?? []), ...(typeof input.modelId === 'string' ? [input.modelId] : [])];
    let medium: string | undefined;
    for (const loraId of loraIds) {
      if (loraId === model.id) continue;
      const lora = findModel(loraId);
      if (!lora || !lora.parentModelId) throw reason(400, `Trained style ${loraId} not found`);
      if (lora.parentModelId !== model.id) throw reason(400, `Trained style ${loraId} is not compatible with ${model.id}`);
      medium = medium ?? lora.medium;
    }
    const scales = input.lorasScale as number[] | undefined;
    if (scales && scales.length !== ((input.loras as string[] | undefined)?.length ?? 0)) {
      throw reason(400, '"lorasScale" must give one number per entry of "loras"');
    }
    for (const assetId of (input.referenceImages as string[] | undefined) ?? []) readyAsset(assetId);
    if (options.rejectPromptsMatching?.test(prompt)) throw reason(400, 'The prompt was rejected by content moderation');
    return { input, prompt, numOutputs, size, medium };
  }

  function costOf(model: EmulatorModel, numOutputs: number) {
    const cost = Math.round(model.costPerOutput * numOutputs * 100) / 100;
    return {
      creativeUnitsCost: cost,
      creativeUnitsDiscount: 0,
      costDetails: { modelId: model.id, numOutputs, unitCostPerOutput: model.costPerOutput, subtotal: cost, discount: 0 },
    };
  }

  function generate(modelId: string, body: Record<string, unknown>, dryRun: boolean): { status: number; body: unknown } {
    const model = findModel(modelId);
    if (!model) throw reason(404, `Model ${modelId} not found`);
    if (model.id === SCENARIO_LLM) return generateText(model, body, dryRun);
    const checked = validateGenerate(model, body);
    const cost = costOf(model, checked.numOutputs);
    if (dryRun) return { status: 269, body: cost };
    checkConcurrency();
    const now = Date.now();
    const seed = (checked.input.seed as number | undefined) ?? Math.floor(Math.random() * MAX_SEED);
    const declaresSeed = model.inputs.some((input) => input.name === 'seed');
    const job: Job = {
      jobId: newId('job'),
      seq: ++jobSeq,
      modelId,
      // What the job ran with: the kept inputs, the defaults of the others, and the seed it drew when none was given.
      input: { ...checked.input, ...(declaresSeed ? { seed } : {}) },
      prompt: checked.prompt,
      numOutputs: checked.numOutputs,
      createdAtMs: now,
      durationMs: Math.max(0, (options.jobSeconds ?? 2) * 1000),
      assetIds: [],
      cost: cost.creativeUnitsCost,
    };
    if (options.failJobsMatching?.test(checked.prompt)) {
      job.endsEarly = { at: 0.5, status: 'failure', reason: 'The generated images were blocked by content moderation' };
    } else if (options.cancelJobsMatching?.test(checked.prompt)) {
      job.endsEarly = { at: 0.5, status: 'canceled' };
    }
    for (let index = 0; index < checked.numOutputs; index++) {
      const asset: Asset = {
        id: newId('asset'),
        jobId: job.jobId,
        outputIndex: index,
        prompt: checked.prompt,
        seed,
        modelId,
        ...checked.size,
        medium: checked.medium,
      };
      assets.set(asset.id, asset);
      job.assetIds.push(asset.id);
    }
    return accepted(job, cost.creativeUnitsCost, now);
  }

  /** Records an accepted job and answers as Scenario does: queued, no outputs yet, with its cost. */
  function accepted(job: Job, creativeUnitsCost: number, now: number) {
    jobs.set(job.jobId, job);
    stats.jobsCreated++;
    stats.maxJobsInFlight = Math.max(stats.maxJobsInFlight, inFlight());
    const view = jobJson(job, now);
    return {
      status: 200,
      body: {
        job: { ...view, status: 'queued', progress: 0, statusHistory: view.statusHistory.slice(0, 2), metadata: { input: job.input, assetIds: [] } },
        creativeUnitsCost,
        creativeUnitsDiscount: 0,
      },
    };
  }

  function checkConcurrency() {
    if (options.maxConcurrentJobs !== undefined && inFlight() >= options.maxConcurrentJobs) {
      stats.concurrencyRejections++;
      throw new HttpError(429, {
        reason: 'You have reached the maximum number of concurrent jobs for your plan',
        details: { actionName: 'generate', actionLimit: options.maxConcurrentJobs },
      });
    }
  }

  /** An asset id given as an input: it must exist and be ready (404 / 400 otherwise), like the caption endpoint. */
  function readyAsset(id: string): Asset {
    const asset = assets.get(id);
    if (!asset || assetReady(asset) === 'gone') throw reason(404, `Asset ${id} not found`);
    if (assetReady(asset) !== 'success') throw reason(400, `Asset ${id} is not ready`);
    return asset;
  }

  /**
   * model_scenario-llm: an ordinary async job (undeclared or wrongly shaped keys dropped, as for any custom model)
   * whose outputs are text assets. With images it describes the first one in the language the instruction names.
   */
  function generateText(model: EmulatorModel, body: Record<string, unknown>, dryRun: boolean): { status: number; body: unknown } {
    const input = declaredInputs(model, body);
    const instruction = input.instruction as string;
    const images = ((input.images as string[] | undefined) ?? []).map(readyAsset);
    const numOutputs = (input.numOutputs as number | undefined) ?? 1;
    if (options.rejectPromptsMatching?.test(instruction)) throw reason(400, 'The instruction was rejected by content moderation');
    const cost = costOf(model, numOutputs);
    if (dryRun) return { status: 269, body: cost };
    checkConcurrency();
    const about = images[0]?.prompt ?? ((input.textInputs as string[] | undefined) ?? []).join(' ');
    const text = options.llmAnswer ?? describeForInstruction(instruction, about);
    const now = Date.now();
    const job: Job = {
      jobId: newId('job'),
      seq: ++jobSeq,
      modelId: model.id,
      input,
      prompt: instruction,
      numOutputs,
      createdAtMs: now,
      durationMs: Math.max(0, (options.textJobSeconds ?? (options.jobSeconds ?? 2) / 2) * 1000),
      assetIds: [],
      cost: cost.creativeUnitsCost,
    };
    if (options.failJobsMatching?.test(instruction)) {
      job.endsEarly = { at: 0.5, status: 'failure', reason: 'The request was blocked by content moderation' };
    } else if (options.cancelJobsMatching?.test(instruction)) {
      job.endsEarly = { at: 0.5, status: 'canceled' };
    }
    for (let index = 0; index < numOutputs; index++) {
      const asset: Asset = { id: newId('asset'), jobId: job.jobId, outputIndex: index, prompt: instruction, seed: 0, modelId: model.id, width: 0, height: 0, text };
      assets.set(asset.id, asset);
      job.assetIds.push(asset.id);
    }
    return accepted(job, cost.creativeUnitsCost, now);
  }

  // ----- assets and the CDN ------------------------------------------------------------------------------------

  const imageOf = (asset: Asset) =>
    (asset.image ??= asset.uploaded ? Promise.resolve(asset.uploaded.bytes) : renderPng({ width: asset.width, height: asset.height, seed: asset.seed, outputIndex: asset.outputIndex, prompt: asset.prompt }));

  /** 'success' once its job succeeded; 'gone' when the job failed or was canceled (no outputs); else the job's status. */
  const assetReady = (asset: Asset): JobStatus | 'gone' => {
    if (asset.uploaded) return 'success';
    const job = jobs.get(asset.jobId);
    const status = job ? jobState(job).status : 'failure';
    return status === 'failure' || status === 'canceled' ? 'gone' : status;
  };

  function signedUrl(asset: Asset): string {
    const path = `/assets/${projectId}/${asset.id}.${asset.text !== undefined ? 'txt' : 'png'}`;
    const expires = Math.floor(Date.now() / 1000) + (options.signedUrlTtlSeconds ?? 24 * 3600);
    const policy = base64url(JSON.stringify({ resource: path, expires, nonce: randomBytes(6).toString('hex') }));
    const signature = base64url(createHmac('sha256', signingKey).update(policy).digest());
    const origin = options.cdnPublicOrigin ?? cdnUrl;
    return `${origin}${path}?Policy=${policy}&Signature=${signature}&Key-Pair-Id=${KEY_PAIR_ID}`;
  }

  async function assetJson(asset: Asset) {
    const status = assetReady(asset);
    if (status === 'gone') throw reason(404, `Asset ${asset.id} not found`);
    let shown: 'success' | 'pending' | 'error' = status === 'success' ? 'success' : 'pending';
    if ((options.errorAssetsNext ?? 0) > 0) {
      options = { ...options, errorAssetsNext: (options.errorAssetsNext ?? 1) - 1 };
      shown = 'error';
    } else if ((options.pendingAssetsNext ?? 0) > 0) {
      options = { ...options, pendingAssetsNext: (options.pendingAssetsNext ?? 1) - 1 };
      shown = 'pending';
    }
    const ready = shown === 'success';
    const job = jobs.get(asset.jobId);
    const date = asset.uploaded?.createdAt ?? iso(job!.createdAtMs + job!.durationMs);
    if (asset.text !== undefined) {
      // A text asset: its text in the metadata, cut near 1,024 characters; the whole of it at the signed URL.
      const complete = asset.text.length <= TEXT_PREVIEW_LENGTH;
      return {
        asset: {
          id: asset.id,
          kind: 'text',
          source: 'inference-txt2txt',
          status: shown,
          ...(ready ? { url: signedUrl(asset) } : {}),
          mimeType: 'text/plain',
          properties: { size: Buffer.byteLength(asset.text) },
          metadata: {
            // (Only as shown ready: a pending or failed asset has no text to read.)
            ...(ready ? { preview: complete ? asset.text : asset.text.slice(0, TEXT_PREVIEW_LENGTH), hasFullPreview: complete } : {}),
            modelId: asset.modelId,
            outputIndex: asset.outputIndex,
            jobId: asset.jobId,
          },
          ownerId: projectId,
          privacy: 'private',
          collectionIds: collectionsOf(asset.id),
          createdAt: date,
          updatedAt: date,
        },
      };
    }
    const bytes = status === 'success' ? await imageOf(asset) : undefined;
    return {
      asset: {
        id: asset.id,
        kind: 'image',
        source: asset.uploaded ? 'uploaded' : 'inference-txt2img',
        status: shown,
        ...(ready ? { url: signedUrl(asset) } : {}),
        mimeType: asset.uploaded?.mimeType ?? 'image/png',
        properties: { size: bytes?.length ?? 0, width: asset.width, height: asset.height },
        metadata: { prompt: asset.prompt, seed: asset.seed, modelId: asset.modelId, outputIndex: asset.outputIndex, jobId: asset.jobId },
        ownerId: projectId,
        privacy: 'private',
        collectionIds: collectionsOf(asset.id),
        createdAt: date,
        updatedAt: date,
      },
    };
  }

  /**
   * `POST /assets { image, name }`: JSON only, the image a data URL (`data:image/png;base64,…`) or bare base64 of a
   * PNG, JPEG or WebP (checked by its bytes, and against the data URL's type). Anything else is a 400.
   */
  async function uploadAsset(body: Record<string, unknown>) {
    const { image, name } = body;
    if (typeof image !== 'string' || !image) throw reason(400, '"image" must be a data URL or base64 string');
    if (name !== undefined && typeof name !== 'string') throw reason(400, '"name" must be a string');
    const match = /^data:([\w.+-]+\/[\w.+-]+);base64,(.*)$/s.exec(image);
    if (image.startsWith('data:') && !match) throw reason(400, '"image" is not a valid base64 data URL');
    const base64 = match ? match[2] : image;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) throw reason(400, '"image" is not valid base64');
    const bytes = Buffer.from(base64, 'base64');
    const mimeType = sniffImage(bytes);
    if (!mimeType) throw reason(400, '"image" is not a PNG, JPEG or WebP image');
    if (match && match[1] !== mimeType) throw reason(400, `"image" says ${match[1]} but holds ${mimeType}`);
    const asset: Asset = {
      id: newId('asset'),
      jobId: '',
      outputIndex: 0,
      prompt: '',
      seed: 0,
      modelId: '',
      width: 0,
      height: 0,
      uploaded: { bytes, mimeType, createdAt: iso(Date.now()) },
    };
    assets.set(asset.id, asset);
    stats.uploads.push({ assetId: asset.id, name: (name as string | undefined) ?? '', sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
    return { status: 200, body: await assetJson(asset) };
  }

  /** Checks a signed URL: the signature over the policy, the path it was issued for, and its expiry. */
  function verifySignature(path: string, query: URLSearchParams): boolean {
    const policy = query.get('Policy');
    const signature = query.get('Signature');
    if (!policy || !signature || query.get('Key-Pair-Id') !== KEY_PAIR_ID) return false;
    const expected = createHmac('sha256', signingKey).update(policy).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    try {
      const decoded = JSON.parse(Buffer.from(policy, 'base64url').toString('utf8')) as { resource?: string; expires?: number };
      return decoded.resource === path && typeof decoded.expires === 'number' && decoded.expires * 1000 > Date.now();
    } catch {
      return false;
    }
  }

  // ----- collections --------------------------------------------------------------------------------------------

  const collectionsOf = (assetId: string) => [...collections.entries()].filter(([, collection]) => collection.assetIds.includes(assetId)).map(([id]) => id);

  function collectionJson(id: string) {
    const collection = collections.get(id)!;
    return { id, name: collection.name, assetCount: collection.assetIds.length, ownerId: projectId, createdAt: collection.createdAt, updatedAt: iso(Date.now()) };
  }

  /** `POST /collections { name }` → `{ collection }`. */
  function createCollection(body: Record<string, unknown>): { status: number; body: unknown } {
    const name = body.name;
    if (typeof name !== 'string' || !name.trim()) throw reason(400, '"name" is required and must be a non-empty string');
    if (name.length > 256) throw reason(400, '"name" must be at most 256 characters');
    const id = newId('collection');
    collections.set(id, { name, assetIds: [], createdAt: iso(Date.now()) });
    return { status: 200, body: { collection: collectionJson(id) } };
  }

  /** `PUT /collections/{id}/assets { assetIds }`: at most 49 existing assets per call; adding one twice keeps one. */
  function addToCollection(id: string, body: Record<string, unknown>): { status: number; body: unknown } {
    const collection = collections.get(id);
    if (!collection) throw reason(404, `Collection ${id} not found`);
    const ids = body.assetIds;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((assetId) => typeof assetId === 'string')) {
      throw reason(400, '"assetIds" must be a non-empty array of asset ids');
    }
    if (ids.length > MAX_COLLECTION_ASSETS_PER_CALL) throw reason(400, `"assetIds" accepts at most ${MAX_COLLECTION_ASSETS_PER_CALL} ids`);
    for (const assetId of ids as string[]) if (!assets.has(assetId)) throw reason(404, `Asset ${assetId} not found`);
    stats.collectionAddedIds.push(...(ids as string[]));
    for (const assetId of ids as string[]) if (!collection.assetIds.includes(assetId)) collection.assetIds.push(assetId);
    return { status: 200, body: { collection: collectionJson(id) } };
  }

  // ----- caption ------------------------------------------------------------------------------------------------

  function caption(body: Record<string, unknown>, dryRun: boolean): { status: number; body: unknown } {
    const images = body.images;
    if (!Array.isArray(images) || images.length === 0 || !images.every((image) => typeof image === 'string')) {
      throw reason(400, '"images" must be a non-empty array of asset ids or data URLs');
    }
    if (images.length > 10) throw reason(400, '"images" accepts at most 10 images');
    const detailsLevel = body.detailsLevel ?? 'action';
    if (detailsLevel !== 'action' && detailsLevel !== 'action+style') throw reason(400, '"detailsLevel" must be "action" or "action+style"');
    const sources = (images as string[]).map((image) => {
      if (image.startsWith('data:image/')) return null;
      return readyAsset(image);
    });
    const cost = { creativeUnitsCost: images.length, creativeUnitsDiscount: 0, costDetails: { perImage: 1, images: images.length } };
    if (dryRun) return { status: 269, body: cost };
    const captions = sources.map((asset, index) =>
      asset
        ? captionFor({ prompt: asset.prompt, outputIndex: asset.outputIndex, medium: asset.medium, detailsLevel })
        : captionFor({ prompt: 'an uploaded image', outputIndex: index, detailsLevel }),
    );
    const job = syncJob('caption', { images, detailsLevel }, cost.creativeUnitsCost);
    return { status: 200, body: { captions, detailsLevel, job, creativeUnitsCost: cost.creativeUnitsCost } };
  }

  // ----- text helpers (synchronous) ----------------------------------------------------------------------------

  /** A finished synchronous job (caption, text helpers), listed by `GET /jobs`. */
  function syncJob(jobType: string, input: Record<string, unknown>, cost: number) {
    const now = iso(Date.now());
    const job = {
      jobId: newId('job'),
      jobType,
      status: 'success',
      progress: 1,
      authorId: 'user_emulator',
      ownerId: projectId,
      createdAt: now,
      updatedAt: now,
      statusHistory: [{ status: 'success', date: now }],
      metadata: { input, assetIds: [] },
      billing: { cuCost: cost, cuDiscount: 0 },
    };
    captionJobs.set(job.jobId, { seq: ++jobSeq, json: job });
    return job;
  }

  /** `POST /generate/translate { prompt }` → `{ translation, detectedLanguage, job }`; other keys are ignored. */
  function translate(body: Record<string, unknown>, dryRun: boolean): { status: number; body: unknown } {
    const prompt = body.prompt;
    if (typeof prompt !== 'string' || !prompt.trim()) throw reason(400, '"prompt" is required and must be a non-empty string');
    if (prompt.length > 10_000) throw reason(400, '"prompt" must be at most 10000 characters');
    if (options.rejectPromptsMatching?.test(prompt)) throw reason(400, 'The prompt was rejected by content moderation');
    const cost = { creativeUnitsCost: TRANSLATE_COST, creativeUnitsDiscount: 0, costDetails: { translate: TRANSLATE_COST } };
    if (dryRun) return { status: 269, body: cost };
    const { translation: lines, detectedLanguage } = translateToEnglish(prompt);
    const translation = options.translationJoinsLines ? lines.split('\n').join(', ') : lines;
    const job = syncJob('translate', { prompt }, TRANSLATE_COST);
    return { status: 200, body: { translation, detectedLanguage, job, creativeUnitsCost: TRANSLATE_COST } };
  }

  /** `POST /generate/prompt { mode, prompt?, modelId?, images?, numResults }` → `{ prompts, mode, job }`. */
  function writePrompt(body: Record<string, unknown>, dryRun: boolean): { status: number; body: unknown } {
    const mode = (body.mode ?? 'structured') as PromptMode;
    if (!PROMPT_MODES.includes(mode)) throw reason(400, `"mode" must be one of ${PROMPT_MODES.join(', ')}`);
    const numResults = body.numResults ?? 1;
    if (typeof numResults !== 'number' || !Number.isInteger(numResults) || numResults < 1 || numResults > 5) {
      throw reason(400, '"numResults" must be an integer between 1 and 5');
    }
    const prompt = body.prompt;
    if (prompt !== undefined && typeof prompt !== 'string') throw reason(400, '"prompt" must be a string');
    if (typeof prompt === 'string' && prompt.length > 10_000) throw reason(400, '"prompt" must be at most 10000 characters');
    const images = body.images;
    if (images !== undefined && (!Array.isArray(images) || !images.every((image) => typeof image === 'string'))) {
      throw reason(400, '"images" must be an array of asset ids');
    }
    ((images as string[] | undefined) ?? []).forEach(readyAsset);
    if (!(typeof prompt === 'string' && prompt.trim()) && !(images as string[] | undefined)?.length) {
      throw reason(400, 'A "prompt" or "images" is required');
    }
    if (body.modelId !== undefined) {
      const model = typeof body.modelId === 'string' ? findModel(body.modelId) : undefined;
      if (!model || !model.capabilities.includes('txt2img')) throw reason(400, `"modelId": no text-to-image model ${String(body.modelId)}`);
    }
    if (typeof prompt === 'string' && options.rejectPromptsMatching?.test(prompt)) throw reason(400, 'The prompt was rejected by content moderation');
    const price = PROMPT_MODE_COST[mode];
    const cost = { creativeUnitsCost: price, creativeUnitsDiscount: 0, costDetails: { mode, price } };
    if (dryRun) return { status: 269, body: cost };
    const prompts = writePrompts(mode, typeof prompt === 'string' ? prompt : 'the given image', numResults);
    const job = syncJob('prompt', { mode, prompt, modelId: body.modelId, numResults }, price);
    return { status: 200, body: { prompts, mode, job, creativeUnitsCost: price } };
  }

  // ----- models -------------------------------------------------------------------------------------------------

  function listModels(query: URLSearchParams) {
    const privacy = query.get('privacy') ?? 'private';
    if (privacy !== 'public' && privacy !== 'private') throw reason(400, '"privacy" must be "public" or "private"');
    const pageSize = query.has('pageSize') ? Number(query.get('pageSize')) : 50;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw reason(400, '"pageSize" must be an integer between 1 and 100');
    let offset = 0;
    const token = query.get('paginationToken');
    if (token !== null) {
      const decoded = /^offset:(\d{1,6})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
      if (!decoded) throw reason(400, 'Invalid paginationToken');
      offset = Number(decoded[1]);
    }
    const all = MODELS.filter((model) => model.privacy === privacy);
    const page = all.slice(offset, offset + pageSize);
    const next = offset + pageSize < all.length ? base64url(`offset:${offset + pageSize}`) : undefined;
    return { models: page.map((model) => modelJson(model, startedAt, false)), ...(next ? { nextPaginationToken: next } : {}) };
  }

  // ----- job list -----------------------------------------------------------------------------------------------

  /** `GET /jobs`: generations and captions, newest first; the token names the last job seen (opaque to clients). */
  function listJobs(query: URLSearchParams) {
    const pageSize = query.has('pageSize') ? Number(query.get('pageSize')) : 20;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw reason(400, '"pageSize" must be an integer between 1 and 100');
    let before = Infinity;
    const token = query.get('paginationToken');
    if (token !== null) {
      const decoded = /^jobs-before:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
      if (!decoded) throw reason(400, 'Invalid paginationToken');
      before = Number(decoded[1]);
    }
    const all = [
      ...[...jobs.values()].map((job) => ({ seq: job.seq, json: () => jobJson(job) as unknown })),
      ...[...captionJobs.values()].map((job) => ({ seq: job.seq, json: () => job.json as unknown })),
    ]
      .filter((entry) => entry.seq < before)
      .sort((a, b) => b.seq - a.seq);
    const page = all.slice(0, pageSize);
    const next = all.length > pageSize ? base64url(`jobs-before:${page[page.length - 1].seq}`) : undefined;
    return { jobs: page.map((entry) => entry.json()), ...(next ? { nextPaginationToken: next } : {}) };
  }

  // ----- the API server -----------------------------------------------------------------------------------------

  function routeOf(method: string, parts: string[], dryRun: boolean): EmulatorRoute {
    if (method === 'POST' && parts[0] === 'generate') {
      if (dryRun) return 'dry-run';
      if (parts[1] === 'caption' || parts[1] === 'translate' || parts[1] === 'prompt') return parts[1];
      return parts[1] === 'custom' && parts[2] === SCENARIO_LLM ? 'llm' : 'generate';
    }
    if (parts[0] === 'jobs') return 'jobs';
    if (parts[0] === 'assets') return 'assets';
    if (parts[0] === 'models') return 'models';
    if (parts[0] === 'collections') return 'collections';
    return 'other';
  }

  const matches = (fault: { route?: EmulatorRoute } | undefined, route: EmulatorRoute) => fault && (!fault.route || fault.route === route);

  type RouteFault = 'failNext' | 'slowNext' | 'resetNext' | 'hangNext' | 'malformedJsonNext';

  /** The fault of this kind that applies to the route (counting it as used), if any. */
  function takeFault<K extends RouteFault>(key: K, route: EmulatorRoute): ScenarioEmulatorOptions[K] | undefined {
    const fault = options[key];
    if (!fault || !matches(fault, route)) return undefined;
    const times = (fault.times ?? 1) - 1;
    options = { ...options, [key]: times > 0 ? { ...fault, times } : undefined };
    return fault;
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    if (res.destroyed || res.headersSent) return;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/html' : 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  }

  /** Logs one request (for the tests' assertions) and returns its parsed URL and log entry. */
  function recordRequest(origin: 'api' | 'cdn', req: IncomingMessage) {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const entry: EmulatorRequestRecord = {
      origin,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      hadAuthorization: Boolean(req.headers.authorization),
    };
    record(entry);
    return { url, entry };
  }

  /** Requests held by hangNext, released early (as given up) by reset() and close(). */
  const held = new Set<() => void>();

  /**
   * Holds a request: true after `ms` (whether or not the client is still there: the request is carried out); without
   * `ms`, false when the client leaves. False too if the emulator lets go first (reset, close).
   */
  function hold(res: ServerResponse, ms: number | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (released: boolean) => {
        if (timer) clearTimeout(timer);
        res.off('close', onClose);
        held.delete(giveUp);
        resolve(released);
      };
      const onClose = () => {
        if (ms === undefined) finish(false);
      };
      const giveUp = () => finish(false);
      res.on('close', onClose);
      held.add(giveUp);
      if (ms !== undefined) timer = setTimeout(() => finish(true), ms);
    });
  }
  const releaseHeld = () => {
    for (const giveUp of [...held]) giveUp();
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse) {
    const { url, entry } = recordRequest('api', req);
    stats.apiRequests++;
    const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
      entry.status = status;
      send(res, status, body, headers);
    };
    const rateLimitHeaders = (): Record<string, string> =>
      options.retryAfterSeconds !== undefined ? { 'retry-after': String(options.retryAfterSeconds) } : {};
    try {
      const uploading = req.method === 'POST' && /^\/v1\/assets\/?$/.test(url.pathname);
      const raw = req.method === 'POST' || req.method === 'PUT' ? await readBody(req, uploading ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES) : Buffer.alloc(0);
      if (!url.pathname.startsWith('/v1/')) throw new HttpError(404, { message: 'Not Found' });
      if (req.headers.authorization !== expectedAuthorization) {
        stats.unauthorized++;
        throw reason(401, 'Unauthorized: invalid API key or secret');
      }
      const asked = url.searchParams.get('projectId');
      if (asked !== null && asked !== projectId) throw reason(403, `This API key has no access to project ${asked}`);
      let body: Record<string, unknown> = {};
      if (raw.length) {
        try {
          body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        } catch {
          throw reason(400, 'The request body is not valid JSON');
        }
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw reason(400, 'The request body must be a JSON object');
        entry.bodyKeys = Object.keys(body);
      }
      const parts = url.pathname.slice('/v1/'.length).split('/').filter(Boolean).map(decodeURIComponent);
      const dryRun = url.searchParams.get('dryRun') === 'true';
      const route = routeOf(req.method ?? 'GET', parts, dryRun);
      if (route === 'generate' && parts[1] === 'custom') {
        stats.generateCalls++;
        if (typeof body.prompt === 'string') stats.prompts.push(body.prompt);
      }
      if (route === 'dry-run') stats.dryRunCalls++;
      if (route === 'caption') stats.captionCalls++;
      if (route === 'translate') {
        stats.translateCalls++;
        if (typeof body.prompt === 'string') stats.translateInputs.push(body.prompt);
      }
      if (route === 'prompt') {
        stats.promptCalls++;
        if (typeof body.prompt === 'string') stats.promptInputs.push(body.prompt);
      }
      if (route === 'llm') {
        stats.llmCalls++;
        if (typeof body.instruction === 'string') stats.llmInstructions.push(body.instruction);
      }
      if (route === 'jobs' && req.method === 'GET') stats.jobPolls++;
      if (route === 'assets' && req.method === 'GET') stats.assetGets++;
      if (route === 'models') stats.modelCalls++;
      if (route === 'collections' && req.method === 'POST') stats.collectionCreates++;
      if (route === 'collections' && req.method === 'PUT') stats.collectionAdds++;

      if ((options.cooldownNext ?? 0) > 0) {
        options = { ...options, cooldownNext: (options.cooldownNext ?? 1) - 1 };
        const remainingSeconds = options.cooldownSeconds ?? 1;
        return reply(429, { reason: `Too many requests: please wait ${remainingSeconds} seconds`, remainingSeconds }, rateLimitHeaders());
      }
      const hang = takeFault('hangNext', route);
      if (hang && !(await hold(res, hang.ms))) {
        // The client gave up on a request held without end, or the emulator was reset or closed: nothing was done.
        res.destroy();
        return;
      }
      const failure = takeFault('failNext', route);
      const sendFailure = (fault: NonNullable<typeof failure>) => {
        const injected =
          fault.body !== undefined ? { contentType: 'application/json', body: JSON.stringify(fault.body) } : injectedBody(fault.status);
        entry.status = fault.status;
        res.writeHead(fault.status, { 'content-type': injected.contentType, 'content-length': String(Buffer.byteLength(injected.body)) });
        res.end(injected.body);
      };
      if (failure && !failure.afterAccepting) return sendFailure(failure);
      const reset = takeFault('resetNext', route);
      if (reset && !reset.afterAccepting) return void req.socket.destroy();
      const slow = takeFault('slowNext', route);

      const result = await dispatch(req.method ?? 'GET', parts, url.searchParams, body, dryRun);
      if (slow) await sleep(slow.ms);
      if (failure) return sendFailure(failure);
      if (reset) return void req.socket.destroy();
      if (result.status >= 200 && result.status < 300 && takeFault('malformedJsonNext', route)) {
        const text = JSON.stringify(result.body);
        const cut = text.slice(0, Math.floor(text.length / 2));
        entry.status = result.status;
        res.writeHead(result.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(cut)) });
        return res.end(cut);
      }
      reply(result.status, result.body);
    } catch (error) {
      if (error instanceof HttpError) return reply(error.status, error.body, error.status === 429 ? rateLimitHeaders() : undefined);
      reply(500, { reason: 'Internal server error' });
    }
  }

  async function dispatch(method: string, parts: string[], query: URLSearchParams, body: Record<string, unknown>, dryRun: boolean) {
    const [resource, id, sub] = parts;
    if (method === 'POST' && resource === 'generate' && id === 'custom' && sub && parts.length === 3) return generate(sub, body, dryRun);
    if (method === 'POST' && resource === 'generate' && id === 'caption' && parts.length === 2) return caption(body, dryRun);
    if (method === 'POST' && resource === 'generate' && id === 'translate' && parts.length === 2) return translate(body, dryRun);
    if (method === 'POST' && resource === 'generate' && id === 'prompt' && parts.length === 2) return writePrompt(body, dryRun);
    if (method === 'GET' && resource === 'jobs' && parts.length === 1) return { status: 200, body: listJobs(query) };
    if (method === 'GET' && resource === 'jobs' && id && parts.length === 2) {
      const job = jobs.get(id);
      if (job) return { status: 200, body: { job: jobJson(job) } };
      const captionJob = captionJobs.get(id);
      if (!captionJob) throw reason(404, `Job ${id} not found`);
      return { status: 200, body: { job: captionJob.json } };
    }
    if (method === 'POST' && resource === 'jobs' && id && sub === 'action' && parts.length === 3) {
      if (!jobs.has(id)) throw reason(404, `Job ${id} not found`);
      throw reason(400, 'This job cannot be canceled');
    }
    if (method === 'GET' && resource === 'assets' && id && parts.length === 2) {
      const asset = assets.get(id);
      if (!asset) throw reason(404, `Asset ${id} not found`);
      return { status: 200, body: await assetJson(asset) };
    }
    if (method === 'POST' && resource === 'assets' && parts.length === 1) return uploadAsset(body);
    if (method === 'POST' && resource === 'collections' && parts.length === 1) return createCollection(body);
    if (method === 'PUT' && resource === 'collections' && id && sub === 'assets' && parts.length === 3) return addToCollection(id, body);
    if (method === 'GET' && resource === 'models' && parts.length === 1) return { status: 200, body: listModels(query) };
    if (method === 'GET' && resource === 'models' && id && parts.length === 2) {
      const model = findModel(id);
      if (!model) throw reason(404, `Model ${id} not found`);
      return { status: 200, body: { model: modelJson(model, startedAt, true) } };
    }
    throw new HttpError(404, { message: 'Not Found' });
  }

  async function handleCdn(req: IncomingMessage, res: ServerResponse) {
    const { url, entry } = recordRequest('cdn', req);
    stats.downloads++;
    const reply = (status: number, body: string, contentType = 'text/plain') => {
      entry.status = status;
      if (res.headersSent) return;
      res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    };
    const denied = (code: string, message: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
    if (req.headers.authorization) {
      stats.cdnRequestsWithAuthorization++;
      return reply(400, denied('InvalidArgument', 'Only one auth mechanism allowed'), 'text/xml');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'Method Not Allowed');
    if (!verifySignature(url.pathname, url.searchParams)) {
      stats.cdnSignatureRejections++;
      return reply(403, denied('AccessDenied', 'Access denied'), 'text/xml');
    }
    const [, assetId, extension] = /^\/assets\/[^/]+\/([^/]+)\.(png|txt)$/.exec(url.pathname) ?? [];
    const asset = assetId ? assets.get(assetId) : undefined;
    if (!asset || assetReady(asset) !== 'success' || (extension === 'txt') !== (asset.text !== undefined)) {
      return reply(404, denied('NoSuchKey', 'The specified key does not exist.'), 'text/xml');
    }
    const failure = options.failDownloadsNext;
    if (failure) {
      const times = (failure.times ?? 1) - 1;
      options = { ...options, failDownloadsNext: times > 0 ? { ...failure, times } : undefined };
      return reply(failure.status, failure.status >= 500 ? gatewayPage(failure.status) : denied('Error', `Status ${failure.status}`), 'text/html');
    }
    if (asset.text !== undefined) {
      // Text assets: a dropped download, and a corrupt one (a web page served in its place); not the image faults
      // (mislabelled, oversized).
      const bytes = Buffer.from(asset.text, 'utf8');
      entry.status = 200;
      if ((options.corruptDownloadsNext ?? 0) > 0) {
        options = { ...options, corruptDownloadsNext: (options.corruptDownloadsNext ?? 1) - 1 };
        const page = Buffer.from('<!doctype html><html><body><h1>Service temporarily unavailable</h1></body></html>');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(page.length) });
        return res.end(page);
      }
      if ((options.dropDownloadsNext ?? 0) > 0) {
        options = { ...options, dropDownloadsNext: (options.dropDownloadsNext ?? 1) - 1 };
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(bytes.length) });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(bytes.length) });
      res.end(req.method === 'HEAD' ? undefined : bytes);
      stats.downloadsServed++;
      return;
    }
    if ((options.corruptDownloadsNext ?? 0) > 0) {
      options = { ...options, corruptDownloadsNext: (options.corruptDownloadsNext ?? 1) - 1 };
      const fake = Buffer.from('<!doctype html><html><body>Not an image, although the header says so.</body></html>');
      entry.status = 200;
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(fake.length) });
      return res.end(fake);
    }
    const bytes = await imageOf(asset);
    entry.status = 200;
    const oversize = options.oversizeDownloadsNext;
    if (oversize) {
      const times = (oversize.times ?? 1) - 1;
      options = { ...options, oversizeDownloadsNext: times > 0 ? { ...oversize, times } : undefined };
      return sendOversize(res, bytes, oversize);
    }
    const headers: Record<string, string> = { 'content-type': 'image/png', 'cache-control': 'private, max-age=86400' };
    if ((options.wrongContentTypeDownloadsNext ?? 0) > 0) {
      options = { ...options, wrongContentTypeDownloadsNext: (options.wrongContentTypeDownloadsNext ?? 1) - 1 };
      headers['content-type'] = 'text/html; charset=utf-8';
    }
    if (!options.chunkedDownloads) headers['content-length'] = String(bytes.length);
    if ((options.dropDownloadsNext ?? 0) > 0) {
      options = { ...options, dropDownloadsNext: (options.dropDownloadsNext ?? 1) - 1 };
      headers['content-length'] = String(bytes.length);
      res.writeHead(200, headers);
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    if (options.chunkedDownloads) {
      for (let offset = 0; offset < bytes.length; offset += 4096) res.write(bytes.subarray(offset, offset + 4096));
      res.end();
    } else {
      res.end(bytes);
    }
    stats.downloadsServed++;
  }

  /** The real image followed by zero bytes, more than `bytes` in all, streamed with backpressure until the client stops. */
  async function sendOversize(res: ServerResponse, image: Buffer, fault: { bytes: number; chunked?: boolean }) {
    const total = Math.max(image.length, fault.bytes + 1);
    res.writeHead(200, { 'content-type': 'image/png', ...(fault.chunked ? {} : { 'content-length': String(total) }) });
    const padding = Buffer.alloc(64 * 1024);
    let sent = 0;
    const write = (chunk: Buffer) =>
      new Promise<void>((resolve) => {
        if (res.write(chunk)) resolve();
        else {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.once('drain', done);
          res.once('close', done);
        }
      });
    await write(image);
    sent += image.length;
    while (sent < total && !res.destroyed) {
      const chunk = padding.subarray(0, Math.min(padding.length, total - sent));
      await write(chunk);
      sent += chunk.length;
    }
    if (!res.destroyed) res.end();
  }

  // ----- servers, down/up ---------------------------------------------------------------------------------------

  const apiSockets = new Set<Socket>();
  const trackApiSocket = (socket: Socket) => {
    if (options.down === 'reset') return socket.destroy();
    apiSockets.add(socket);
    socket.on('close', () => apiSockets.delete(socket));
  };
  const makeApiServer = () => {
    const server = createServer((req, res) => void handleApi(req, res));
    server.on('connection', trackApiSocket);
    return server;
  };
  let apiServer = makeApiServer();
  const cdnServer = createServer((req, res) => void handleCdn(req, res).catch(() => res.destroy()));
  const apiPort = await listen(apiServer, initial.apiPort ?? 0);
  const cdnPort = await listen(cdnServer, initial.cdnPort ?? 0);
  const apiUrl = `http://127.0.0.1:${apiPort}/v1`;
  const cdnUrl = `http://127.0.0.1:${cdnPort}`;
  let listening = true;
  let transition: Promise<void> = Promise.resolve();

  async function applyDown(): Promise<void> {
    const wantDown = options.down === true;
    if (wantDown && listening) {
      listening = false;
      const closed = new Promise<void>((resolve) => apiServer.close(() => resolve()));
      for (const socket of apiSockets) socket.destroy();
      await closed;
      // Give clients in this process a moment to see their kept-alive connections close.
      await sleep(20);
    } else if (!wantDown && !listening) {
      apiServer = makeApiServer();
      for (let attempt = 0; ; attempt++) {
        try {
          await listen(apiServer, apiPort);
          break;
        } catch (error) {
          if (attempt >= 20) throw error;
          await sleep(50);
        }
      }
      listening = true;
    }
    if (options.down === 'reset' && apiSockets.size) {
      for (const socket of apiSockets) socket.destroy();
      await sleep(20);
    }
  }

  const emulator: ScenarioEmulator = {
    apiUrl,
    cdnUrl,
    cdnHost: `127.0.0.1:${cdnPort}`,
    apiKey,
    apiSecret,
    projectId,
    stats,
    collections,
    deleteCollection(id: string) {
      collections.delete(id);
    },
    configure(changes) {
      options = { ...options, ...changes };
      transition = transition.then(applyDown);
      return transition;
    },
    reset() {
      releaseHeld();
      Object.assign(stats, emptyStats());
      jobs.clear();
      captionJobs.clear();
      assets.clear();
      collections.clear();
      options = { ...startingOptions };
      transition = transition.then(applyDown);
      return transition;
    },
    async close() {
      releaseHeld();
      await transition.catch(() => undefined);
      const closing = [cdnServer, ...(listening ? [apiServer] : [])].map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      );
      for (const socket of apiSockets) socket.destroy();
      await Promise.all(closing);
    },
  };
  if (initial.down) await emulator.configure({ down: initial.down });
  return emulator;
}

/** The environment that points the plugin (its config defaults read these) at this emulator. */
export function pluginEnv(emulator: Pick<ScenarioEmulator, 'apiUrl' | 'apiKey' | 'apiSecret' | 'cdnHost'>): Record<string, string> {
  return {
    SCENARIO_BASE_URL: emulator.apiUrl,
    SCENARIO_API_KEY: emulator.apiKey,
    SCENARIO_API_SECRET: emulator.apiSecret,
    SCENARIO_DOWNLOAD_HOSTS: emulator.cdnHost,
  };
}
