import { PLUGIN_ID } from '../pluginId';

/** Admin routes of the plugin live under /auto-illustration (see server/src/routes/admin.ts). */
export const apiPath = (path: string) => `/${PLUGIN_ID}${path}`;

export type JobState = 'queued' | 'generating' | 'captioning' | 'attaching' | 'done' | 'fallback' | 'skipped' | 'failed';
export const ACTIVE_STATES: JobState[] = ['queued', 'generating', 'captioning', 'attaching'];
export const isActive = (state: JobState | undefined | null) => Boolean(state && ACTIVE_STATES.includes(state));

export interface ContentTypeSettings {
  enabled: boolean;
  imageField: string;
  titleField: string;
  textFields: string[];
  replaceExisting: boolean;
}

export interface StylePreset {
  id: string;
  name: string;
  template: string;
  negativePrompt?: string;
}

export interface EditableSettings {
  contentTypes: Record<string, ContentTypeSettings>;
  model: { id: string; loraId?: string; loraScale: number; maxPromptLength: number };
  style: string;
  stylePresets: StylePreset[];
  numOutputs: number;
  aspectRatio: string;
  deadlineSeconds: number;
  concurrency: number;
  textHelpers: TextHelperSettings;
}

/** Scenario's text helpers for articles not in English (server: config/schema.ts textHelperSettingsSchema). */
export interface TextHelperSettings {
  translatePrompts: boolean;
  promptAssistant: boolean;
  describeInLanguage: boolean;
}

export type TextHelperKey = 'translate' | 'promptAssistant' | 'describe';

/** The helpers' dry-run prices, and which ones each locale calls (server: pipeline/text-helpers.ts). */
export interface HelperEstimate {
  perCall: Partial<Record<TextHelperKey, number>>;
  locales: Array<{ locale: string; name: string; helpers: TextHelperKey[]; credits: number }>;
}

export interface ContentTypeOption {
  uid: string;
  displayName: string;
  kind: string;
  localized: boolean;
  draftAndPublish: boolean;
  imageFields: string[];
  titleFields: string[];
  textFields: Array<{ name: string; type: string }>;
}

export interface Range {
  min: number;
  max: number;
}

/** Where a setting's value comes from: saved on the settings page, config/plugins, or the default. */
export type SettingSource = 'saved' | 'file' | 'default';

export interface SettingsResponse {
  settings: EditableSettings;
  sources: Record<string, SettingSource>;
  /** Each setting's value without what was saved here (config/plugins or the default). */
  fileSettings: EditableSettings;
  /** Saved values left out because they no longer fit the app. */
  ignoredSaved: FieldIssue[];
  connection: { hasApiKey: boolean; hasApiSecret: boolean; baseUrl: string; projectId: string | null };
  options: {
    aspectRatios: string[];
    placeholders: string[];
    builtInStylePresets: StylePreset[];
    contentTypes: ContentTypeOption[];
    limits: { numOutputs: Range; deadlineSeconds: Range; concurrency: Range; loraScale: Range };
  };
}

export interface ScenarioModel {
  id: string;
  name: string;
  type: string | null;
  privacy: string | null;
  capabilities: string[];
  kind: 'base' | 'lora';
}

export interface ModelPage {
  models: ScenarioModel[];
  nextPaginationToken: string | null;
}

/** The size a model is really sent: pixels, or one of its aspect ratios. */
export type GenerateSize = { width: number; height: number } | { aspectRatio: string; resolution?: string };

export interface Estimate {
  credits: number | null;
  reason: string | null;
  basis: { model: string; loraId: string | null; numOutputs: number; aspectRatio: string };
  /** What the model is sent for the aspect ratio; null when it takes no size (its own default size applies). */
  size: GenerateSize | null;
  /** Wishes the model has no input for (not sent), e.g. negativePrompt. */
  unsupported: string[];
  /** The text helpers that are on, per locale; null when they could not be priced. */
  helpers: HelperEstimate | null;
}

export interface ModelSupport {
  size: 'width-height' | 'aspect-ratio' | 'none';
  sizeFor16x9: GenerateSize | null;
  negativePrompt: boolean;
  referenceImages: number;
  loras: boolean;
  maxPromptLength?: number;
  aspectRatios?: string[];
}

export interface ModelSupportResponse {
  id: string;
  name: string;
  support: ModelSupport;
  size: GenerateSize | null;
}

/** "1344×768" or "16:9 (1K)". */
export const describeSize = (size: GenerateSize) =>
  'width' in size ? `${size.width}×${size.height}` : `${size.aspectRatio}${size.resolution ? ` (${size.resolution})` : ''}`;

export interface ConnectionTest {
  ok: boolean;
  /** Whether an image of the account would pass the download allow-list. */
  download?: { state: 'allowed' | 'refused' | 'no-asset' | 'unknown'; host?: string; reason?: string };
  elapsedMs?: number;
  error?: string;
  kind?: string;
  status?: number | null;
}

export interface PromptPreview {
  sample: { title: string };
  keyphrases: string[];
  usedKeyphrases: string[];
  prompt: string;
  negativePrompt: string | null;
  unknownPlaceholders: string[];
}

export interface Job {
  id: number;
  targetUid: string;
  targetDocumentId: string;
  targetLocale: string | null;
  trigger: string;
  state: JobState;
  attempts: number;
  progress: number;
  title: string | null;
  requestedPrompt: string | null;
  keyphrases: string[] | null;
  prompt: string | null;
  negativePrompt: string | null;
  style: string | null;
  model: string | null;
  candidateAssetIds: string[] | null;
  candidateCaptions: string[] | null;
  chosenAssetId: string | null;
  creditsSpent: number | null;
  usePlaceholder: boolean;
  reason: string | null;
  lastError: string | null;
  alternativeText: string | null;
  fileId: number | null;
  /** Text helpers (non-English articles): the language used, the English words the prompt was built from, … */
  language: string | null;
  translatedTitle: string | null;
  translatedKeyphrases: string[] | null;
  /** The local prompt when Scenario's prompt assistant wrote `prompt`. */
  localPrompt: string | null;
  altTextSource: 'caption' | 'text-model' | 'title' | null;
  /** Why a helper was not used, in plain words. */
  helperNotes: string[] | null;
  history: Array<{ at: string; state: JobState; note?: string }> | null;
  finishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  contentType: { uid: string; displayName: string; kind: string };
}

export interface JobList {
  results: Job[];
  pagination: { limit: number; offset: number; hasMore: boolean };
}

export interface AttachedImage {
  fileId: number;
  name: string;
  url: string;
  previewUrl: string;
  alternativeText: string | null;
  source: 'generated' | 'placeholder' | 'other';
  jobId: number | null;
  assetId: string | null;
}

export interface DocumentStatus {
  participating: boolean;
  imageField: string | null;
  published: boolean;
  image: AttachedImage | null;
  /** The last real result (done, placeholder, failed) or the job at work: never a skip. */
  latest: Job | null;
  /** Republishes with nothing to do since `latest`. */
  skipped: { count: number; lastAt: string; reason: string | null } | null;
  generation: Job | null;
  recent: Job[];
}

export interface FieldIssue {
  path: string;
  message: string;
}

interface ErrorLike {
  message?: string;
  response?: { data?: { error?: { message?: string; details?: { errors?: FieldIssue[] } } } };
}

/** The server's own words for a failed request (Strapi's error body), or the fetch error's message. */
export function errorMessage(error: unknown): string {
  const value = error as ErrorLike;
  return value?.response?.data?.error?.message ?? value?.message ?? String(error);
}

/** A 400's field issues by dotted path ("model.id", "contentTypes.api::article.article.imageField"). */
export function fieldErrors(error: unknown): Record<string, string> {
  const issues = (error as ErrorLike)?.response?.data?.error?.details?.errors;
  if (!Array.isArray(issues)) return {};
  return Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
}

/** Absolute URL of a file served by Strapi (uploads are served by the backend, which may be on another origin). */
export function backendUrl(path: string): string {
  if (/^https?:\/\//.test(path)) return path;
  const base = (window as unknown as { strapi?: { backendURL?: string } }).strapi?.backendURL ?? '';
  return `${base}${path}`;
}
