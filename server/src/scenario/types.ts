/**
 * The one small interface the rest of the plugin uses to talk to Scenario.
 * Everything Scenario-specific (auth, retries, polling, response shapes, CDN downloads) lives behind it,
 * so the pipeline can be tested against the local emulator and a future provider could slot in.
 */

export type ScenarioJobStatus =
  | 'pending'
  | 'queued'
  | 'warming-up'
  | 'in-progress'
  | 'finalizing'
  | 'success'
  | 'failure'
  | 'canceled';

export const TERMINAL_JOB_STATUSES: readonly ScenarioJobStatus[] = ['success', 'failure', 'canceled'];

export interface ScenarioJob {
  jobId: string;
  status: ScenarioJobStatus;
  /** 0..1 */
  progress: number;
  /** Output asset ids, in output order (job.metadata.assetIds). */
  assetIds: string[];
  /** job.metadata.error when the job failed. */
  error?: string;
  /** job.billing.cuCost when the API reports it. */
  creditsCost?: number;
  /** job.createdAt (ISO date) when the API reports it; the poller estimates the remaining time from it. */
  createdAt?: string;
  /** job.jobType ('custom' for generations, 'caption', ...) when the API reports it. */
  jobType?: string;
  /** job.metadata.input: the inputs the model actually ran with (to recognise a submission, e.g. by seed + prompt). */
  input?: Record<string, unknown>;
}

export interface JobPage {
  /** Newest first. */
  jobs: ScenarioJob[];
  nextPaginationToken?: string;
}

/**
 * One input a model declares (`GET /models/{id}` → `model.inputs[]`). Scenario drops any key a model does not declare,
 * silently, so the client sends only these. For `*_array` inputs `maxLength` (or `max`) is the number of items.
 */
export interface ModelInput {
  name: string;
  /** `string`, `number`, `boolean`, `file`, `file_array`, `model`, `model_array`, `*_array`; others are kept as given. */
  type: string;
  required?: boolean;
  default?: unknown;
  min?: number;
  max?: number;
  step?: number;
  maxLength?: number;
  allowedValues?: Array<string | number>;
}

/** A model as `GET /models/{id}` describes it: the catalog's summary plus its declared inputs. */
export interface ScenarioModel extends ScenarioModelSummary {
  /** For a trained style (LoRA): the base model it runs on. */
  parentModelId?: string;
  inputs: ModelInput[];
}

/** The size actually sent for a generation: pixels, or an aspect ratio (with a resolution tier when the model has them). */
export type GenerateSize = { width: number; height: number } | { aspectRatio: string; resolution?: string };

/**
 * The plugin's wishes for a generation. The client turns them into the model's own inputs (see model-inputs.ts):
 * `aspectRatio` becomes `width`/`height` or the model's nearest `aspectRatio`; a wish the model has no input for is
 * not sent and is reported back in `unsupported`.
 */
export interface GenerateInput {
  prompt: string;
  negativePrompt?: string;
  numOutputs: number;
  seed?: number;
  aspectRatio?: string;
  width?: number;
  height?: number;
  /** A trained style (LoRA) applied on top of the base model. */
  loraIds?: string[];
  loraScales?: number[];
  /** Style references: Scenario asset ids (uploaded with uploadAsset), sent to models that declare `referenceImages`. */
  referenceImages?: string[];
}

/** What the model was actually asked for, compared with the wishes. */
export interface GenerateBodyReport {
  /** The size sent; absent when the model takes no size input (it then uses its own default size). */
  size?: GenerateSize;
  /** Wishes (GenerateInput keys) the model has no input for, so they were not sent, e.g. ['negativePrompt']. */
  unsupported: Array<keyof GenerateInput>;
}

export interface GenerateResult extends GenerateBodyReport {
  jobId: string;
  /** creativeUnitsCost from the submission response, when present. */
  creditsCost?: number;
}

export interface CostEstimate extends GenerateBodyReport {
  creditsCost: number;
  creditsDiscount?: number;
}

export interface ScenarioAsset {
  assetId: string;
  status: 'pending' | 'success' | 'error';
  /** Signed, expiring CDN URL: never store it. */
  url?: string;
  mimeType?: string;
  width?: number;
  height?: number;
  /** A text asset's text as `metadata.preview` carries it; `complete` false when it was cut (hasFullPreview: false). */
  preview?: { text: string; complete: boolean };
}

/** An image to upload as a Scenario asset (`POST /assets`, JSON data URL). */
export interface AssetUpload {
  bytes: Buffer;
  mimeType: 'image/png' | 'image/jpeg' | 'image/webp';
  name: string;
}

/** Largest image sent to `POST /assets`: its base64 data URL stays under the ~6 MB body Scenario takes. */
export const MAX_ASSET_UPLOAD_BYTES = 4 * 1024 * 1024;

/** Scenario's general text model: async custom-model jobs whose outputs are text assets. */
export const TEXT_MODEL_ID = 'model_scenario-llm';

/** Modes of Scenario's prompt writer (`POST /generate/prompt`). */
export type PromptMode = 'structured' | 'completion' | 'contextual' | 'image-editing' | 'inventive';

export interface TranslateResult {
  translation: string;
  /** The language Scenario detected (e.g. 'fr'), when it said. */
  detectedLanguage?: string;
}

export interface DescribeResult {
  text: string;
  /** The text model's job id. */
  jobId: string;
  creditsCost?: number;
}

/** The paid text calls, for cost previews ('caption': the price of one image's caption). */
export type TextHelper = 'translate' | 'prompt' | 'describe' | 'caption';

export interface DownloadedImage {
  bytes: Buffer;
  /** Detected from the bytes, not from headers: image/png | image/jpeg | image/webp */
  mimeType: 'image/png' | 'image/jpeg' | 'image/webp';
  extension: 'png' | 'jpg' | 'webp';
}

export interface ScenarioModelSummary {
  id: string;
  name: string;
  type?: string;
  privacy?: string;
  status?: string;
  capabilities: string[];
}

export interface ModelPage {
  models: ScenarioModelSummary[];
  nextPaginationToken?: string;
}

export interface WaitOptions {
  /** Epoch ms after which waiting stops with a ScenarioDeadlineError (the remote job keeps its id). */
  deadline: number;
  signal?: AbortSignal;
  onProgress?: (job: ScenarioJob) => void | Promise<void>;
}

export interface ScenarioClient {
  /**
   * Submits a paid generation, its body built from the model's declared inputs (read with getModel). Never retried
   * once the request may have reached Scenario: a second submission would be billed again.
   */
  generate(modelId: string, input: GenerateInput): Promise<GenerateResult>;
  /** Dry run (?dryRun=true): the cost of the same call, nothing billed. */
  estimateGenerate(modelId: string, input: GenerateInput): Promise<CostEstimate>;
  /** `GET /models/{id}` with its declared inputs; cached per model id for a few minutes. */
  getModel(modelId: string): Promise<ScenarioModel>;
  /** Drops the cached models (call it when the settings change). */
  forgetModels(): void;
  getJob(jobId: string): Promise<ScenarioJob>;
  /** `GET /jobs`: recent jobs, newest first, with their `metadata.input`. */
  listJobs(options?: { pageSize?: number; paginationToken?: string }): Promise<JobPage>;
  /** Polls getJob with an interval that adapts to progress until a terminal status or the deadline. */
  waitForJob(jobId: string, options: WaitOptions): Promise<ScenarioJob>;
  getAsset(assetId: string): Promise<ScenarioAsset>;
  /**
   * `POST /assets { image: data URL, name }`: uploads a small image (at most MAX_ASSET_UPLOAD_BYTES, else refused
   * before sending) and returns its asset id.
   */
  uploadAsset(image: AssetUpload): Promise<string>;
  /** Fetches a fresh signed URL, then downloads from an allowed CDN host with a size cap and magic-byte check. */
  downloadAsset(assetId: string): Promise<DownloadedImage>;
  /** One synchronous caption call for several images (paid: never re-sent blindly); captions in the same order. */
  caption(assetIds: string[], options?: { signal?: AbortSignal }): Promise<string[]>;
  /** `POST /generate/translate`: the text in English (one synchronous call, paid like a caption). */
  translate(text: string, options?: { signal?: AbortSignal }): Promise<TranslateResult>;
  /** `POST /generate/prompt`: Scenario's prompt writer rewrites a prompt for the given model; its first result. */
  writePrompt(prompt: string, options: { mode: PromptMode; modelId?: string; signal?: AbortSignal }): Promise<string>;
  /**
   * Asks the text model (model_scenario-llm) about one image: a paid async job (never re-sent blindly), polled until
   * the deadline; the text comes from the asset's preview, or from its signed URL when the preview was cut.
   */
  describeImage(assetId: string, instruction: string, options: { deadline: number; signal?: AbortSignal }): Promise<DescribeResult>;
  /** The text of a description job already submitted (one whose answer was lost, found in the job list), polled as above. */
  describeResult(jobId: string, options: { deadline: number; signal?: AbortSignal }): Promise<DescribeResult>;
  /** Dry run (?dryRun=true) of one text helper call: its cost in credits, nothing billed. */
  estimateTextHelper(helper: TextHelper, options?: { mode?: PromptMode; modelId?: string }): Promise<number>;
  listModels(options: { privacy?: 'public' | 'private'; pageSize?: number; paginationToken?: string }): Promise<ModelPage>;
  /** `POST /collections { name }`: a new collection; its id. */
  createCollection(name: string): Promise<string>;
  /** `PUT /collections/{id}/assets { assetIds }`, in calls of at most MAX_ASSETS_PER_COLLECTION_CALL ids. */
  addToCollection(collectionId: string, assetIds: string[]): Promise<void>;
}

/** Scenario takes at most this many asset ids per `PUT /collections/{id}/assets`. */
export const MAX_ASSETS_PER_COLLECTION_CALL = 49;
