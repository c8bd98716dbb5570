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
}

/** The model inputs the plugin sends; unknown keys are dropped by Scenario, so only send what the model takes. */
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
}

export interface GenerateResult {
  jobId: string;
  /** creativeUnitsCost from the submission response, when present. */
  creditsCost?: number;
}

export interface CostEstimate {
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
}

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
  /** Submits a paid generation. Never retried once the request may have reached Scenario (see notes). */
  generate(modelId: string, input: GenerateInput): Promise<GenerateResult>;
  /** Dry run (?dryRun=true): the cost of the same call, nothing billed. */
  estimateGenerate(modelId: string, input: GenerateInput): Promise<CostEstimate>;
  getJob(jobId: string): Promise<ScenarioJob>;
  /** Polls getJob with an interval that adapts to progress until a terminal status or the deadline. */
  waitForJob(jobId: string, options: WaitOptions): Promise<ScenarioJob>;
  getAsset(assetId: string): Promise<ScenarioAsset>;
  /** Fetches a fresh signed URL, then downloads from an allowed CDN host with a size cap and magic-byte check. */
  downloadAsset(assetId: string): Promise<DownloadedImage>;
  /** One synchronous caption call for several images; captions come back in the same order. */
  caption(assetIds: string[]): Promise<string[]>;
  listModels(options: { privacy?: 'public' | 'private'; pageSize?: number; paginationToken?: string }): Promise<ModelPage>;
}
