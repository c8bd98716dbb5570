/**
 * The answers of the plugin's admin routes, as the server sends them and the admin reads them. Types only: the admin
 * imports this module with `import type`, so its bundle gains no server code. The shapes come from the server's own
 * declarations where one exists (the settings schema, the job row, Scenario's model inputs), never from a copy; it
 * imports only modules whose types stand alone, so the admin's type check does not pull in the server's text code.
 */
import type { AspectRatio, EditableSettings } from '../config/schema';
import type { JobState } from '../domain/job-states';
import type { ModelSupport } from '../scenario/model-inputs';
import type { GenerateSize } from '../scenario/types';
import type { JobRow } from '../services/jobs';

export type { ContentTypeSettings, EditableSettings, TextHelperSettings } from '../config/schema';
export type { IllustrationTarget } from '../services/jobs';
export type { BackfillRequestBody } from '../validation';
export type { GenerateSize, JobState, ModelSupport };

/** A style preset as settings hold it (the schema's shape). */
export type StylePreset = EditableSettings['stylePresets'][number];

/** A complaint about one setting. */
export interface FieldIssue {
  /** Dotted path of the setting: "contentTypes.api::article.article.imageField". */
  path: string;
  message: string;
}

/** One of the app's content types that can take part (it has a single media field for images). */
export interface ContentTypeOption {
  uid: string;
  displayName: string;
  kind: string;
  localized: boolean;
  draftAndPublish: boolean;
  imageFields: string[];
  /** Image fields all locales of a localized type share: one file, alt text in one language. */
  sharedImageFields: string[];
  /** Required image fields: an entry is published with an editor's image, which "keep" leaves alone. */
  requiredImageFields: string[];
  titleFields: string[];
  textFields: Array<{ name: string; type: string }>;
}

/** The estimate's row for articles whose language is read from their text, not their locale. */
export const DETECTED_LANGUAGES = 'detected';

/** What one article costs per locale with the text helpers that are on, from dry runs (nothing billed). */
export interface HelperEstimate {
  /** Credits per call of each helper that is switched on (and needed by some locale); absent when off or not needed. */
  perCall: { translate?: number; promptAssistant?: number; describe?: number };
  /**
   * Per locale (a row 'en' when no content type has i18n), and a row DETECTED_LANGUAGES for articles whose language is
   * read from their text (content types without i18n, a text clearly not in its locale's language): the helpers that
   * depend on the language it calls, and their credits (the prompt assistant, called for every article, is in the
   * price per article).
   */
  locales: Array<{ locale: string; name: string; helpers: Array<'translate' | 'describe'>; credits: number }>;
}

/** A job as the admin sees it: the row without the worker's lease, credits as a number, and its content type's name. */
export type JobView = Omit<JobRow, 'lockedBy' | 'lockedUntil' | 'lockVersion' | 'creditsSpent' | 'helperCredits'> & {
  /** What the job cost: its generation and its other paid calls (captions, text helpers) together. */
  creditsSpent: number | null;
  /** Stopped by the credit budget: waiting for the next period, or given the placeholder. */
  budgetReached: boolean;
  /** Held by its paused backfill: not due until the backfill resumes. */
  held: boolean;
  contentType: { uid: string; displayName: string; kind: string };
};

export interface JobList {
  /** `canChange`: the asking user may retry it or change its entry's image (the content manager's permissions). */
  results: Array<JobView & { canChange?: boolean }>;
  pagination: { limit: number; offset: number; hasMore: boolean };
}

export type BackfillSelection = 'missing' | 'placeholder' | 'all';
export type BackfillState = 'running' | 'paused' | 'done' | 'cancelled';

/** POST /backfills/quote: what a backfill would take on, before anything is spent. */
export interface BackfillQuote {
  /** Entries matched: an article's locales are entries of their own. */
  matched: number;
  /** The documents those entries are (where locales share an image, one generation each). */
  documents: number;
  /** A dry run's cost of one article (null when Scenario cannot price it: see `reason`). */
  creditsPerArticle: number | null;
  quotedCredits: number | null;
  /** This month's and day's spending and what is left (null when the budget could not be read). */
  budget: BudgetStatus | null;
  /** The least left under the month's and the day's caps (null: no cap). */
  budgetLeft: number | null;
  reason?: string;
}

/** A backfill and its progress, counted from its jobs. */
export interface BackfillView {
  id: number;
  contentType: string;
  locales: string[] | null;
  select: BackfillSelection;
  publishedFrom: string | null;
  publishedTo: string | null;
  state: BackfillState;
  /** Why it paused itself (the budget), null when an editor paused it. */
  pausedReason: string | null;
  matched: number;
  /** Jobs queued so far (whatever became of them). */
  queued: number;
  /** Of those, waiting or at work. */
  waiting: number;
  /** Of those, sent to Scenario and still finishing (they finish while the backfill is paused). */
  inFlight: number;
  done: number;
  placeholder: number;
  failed: number;
  skipped: number;
  creditsSpent: number;
  creditsPerArticle: number | null;
  /** Articles finished per minute lately; ETA from it (null when not running or nothing finished yet). */
  ratePerMinute: number;
  etaSeconds: number | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface BackfillDetail extends BackfillView {
  /** Its latest jobs, newest first. */
  jobs: JobView[];
}

export interface BackfillList {
  results: BackfillView[];
  /** What the form offers: the content types taking part (with replaceExisting, which "all" respects) and the site's locales. */
  contentTypes: Array<{ uid: string; displayName: string; localized: boolean; replaceExisting: boolean }>;
  locales: Array<{ code: string; name: string }>;
}

/** The image in an article's image field, and which job (if any) put it there. */
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

/** Everything the edit view's side panel shows about one article. */
export interface DocumentStatus {
  participating: boolean;
  imageField: string | null;
  /** The type's images wait for an editor's review (publishMode 'review'). */
  reviewMode: boolean;
  published: boolean;
  image: AttachedImage | null;
  /** The last real result (done, placeholder, failed) or the job at work: never a skip. */
  latest: JobView | null;
  /** Republishes with nothing to do since `latest`, shown as one quiet line. */
  /** `textChanged`: the last of them came with a text other than the one the last result was made for. */
  /** `rejected`: the last publish ended a review, the image waiting for it taken out of the draft. */
  skipped: { count: number; lastAt: string; reason: string | null; textChanged: boolean; rejected: boolean } | null;
  /** The last job with candidates (a swap carries its generation's candidates along). */
  generation: JobView | null;
  /**
   * What the newest illustration the article generated cost, in credits, as the jobs page counts it: its images and its
   * captions and text helpers (not a swap's caption alone). Regenerate buys as much, less a translation it reuses.
   */
  lastIllustrationCost: number | null;
  recent: JobView[];
  /**
   * Review mode: the image a job made that is not live yet (in the draft, or with no draft & publish in the Media
   * Library only), and whether "Use this image" applies (types without draft & publish).
   */
  review: { jobId: number; image: AttachedImage; inDraft: boolean } | null;
  /** The house-style reference images the shown generation was sent (its job's referenceAssetIds). */
  references: ReferenceImageView[];
  /** The asking user may change this entry's image (the content manager's update, and publish where it goes live). */
  canChange: boolean;
  /** Why not, in words (what they lack, or that the entry is not one of theirs). */
  whyNotChange: string | null;
}

/** Where a setting's value comes from: saved on the settings page, config/plugins, or the default. */
export type SettingSource = 'saved' | 'file' | 'default';

/** A number setting's bounds, read from its schema (null: unbounded). */
export interface Range {
  min: number | null;
  max: number | null;
}

/** What the admin may see about the Scenario connection: never the key or the secret themselves. */
export interface ConnectionStatus {
  hasApiKey: boolean;
  hasApiSecret: boolean;
  baseUrl: string;
  projectId: string | null;
}

/** Everything the settings page shows: values, where each comes from, the file's values, and the choices. */
export interface SettingsView {
  settings: EditableSettings;
  sources: Record<string, SettingSource>;
  /** Each setting's value without what was saved on the page (config/plugins or the default). */
  fileSettings: EditableSettings;
  /** Saved values left out because they no longer fit the app. */
  ignoredSaved: FieldIssue[];
  connection: ConnectionStatus;
  options: {
    aspectRatios: readonly AspectRatio[];
    placeholders: readonly string[];
    builtInStylePresets: readonly StylePreset[];
    contentTypes: ContentTypeOption[];
    /** The app's types not offered: no single media field for images at their top level. */
    withoutImageField: Array<{ uid: string; displayName: string }>;
    /** Bounds of the number settings, and how many house-style reference images may be chosen. */
    limits: { numOutputs: Range; deadlineSeconds: Range; concurrency: Range; loraScale: Range; referenceImages: { min: number; max: number } };
  };
}

/** Whether an image of the account would pass the download allow-list (`refused` names the host:port to allow). */
export interface DownloadCheck {
  state: 'allowed' | 'refused' | 'no-asset' | 'unknown';
  host?: string;
  reason?: string;
}

/** The settings page's "Test connection": success with the download check, or the exact error. */
export type ConnectionTest =
  | { ok: true; elapsedMs: number; baseUrl: string; projectId: string | null; download: DownloadCheck }
  | { ok: false; error: string; kind: string; elapsedMs?: number; status?: number | null };

/** One text-to-image model of the Scenario catalog or of the account. */
export interface ModelSummary {
  id: string;
  name: string;
  type: string | null;
  privacy: string | null;
  capabilities: string[];
  /** A trained style (LoRA) runs on top of a base model and is never called directly. */
  kind: 'base' | 'lora';
}

export interface ModelPage {
  models: ModelSummary[];
  nextPaginationToken: string | null;
}

/** What a model takes, and the size it is sent for the asked aspect ratio (null: it takes no size). */
export interface ModelSupportAnswer {
  id: string;
  name: string;
  support: ModelSupport;
  size: GenerateSize | null;
}

/** "About N credits per article": a dry run of the saved settings (nothing is billed). */
export interface Estimate {
  /**
   * One article: the generation, the caption of each candidate, and the prompt assistant when it is on (every article
   * calls it); null when it cannot be priced. Text helpers that depend on the language are priced per locale (`helpers`).
   */
  credits: number | null;
  /** What `credits` is made of. */
  breakdown: { generation: number; captions: number; promptAssistant?: number } | null;
  reason: string | null;
  basis: { model: string; loraId: string | null; numOutputs: number; aspectRatio: string };
  /** What the model is sent for the aspect ratio; null when it takes no size (its own default size applies). */
  size: GenerateSize | null;
  /** Wishes the model has no input for (not sent), e.g. negativePrompt. */
  unsupported: string[];
  /** The text helpers that are on, per locale; null when they could not be priced. */
  helpers: HelperEstimate | null;
}

/** A house-style reference image: its Media Library file and the Scenario asset it was uploaded as (null: not yet). */
export interface ReferenceImageView {
  fileId: number | null;
  assetId: string | null;
  name: string | null;
  thumbnailUrl: string | null;
}

/** The prompt a template makes for the sample article. */
export interface PromptPreview {
  sample: { title: string };
  keyphrases: string[];
  usedKeyphrases: string[];
  prompt: string;
  negativePrompt: string | null;
  unknownPlaceholders: string[];
  /**
   * The house-style references a generation would send: `sent` false when the chosen model takes none (the setting is
   * ignored), null when Scenario could not be asked.
   */
  references: { images: ReferenceImageView[]; sent: boolean | null; limit: number | null };
}

/** One UTC period of the credit budget. */
export interface BudgetPeriodStatus {
  /** "month:2026-12", "day:2026-12-03" */
  period: string;
  /** Credits reserved and settled in this period. */
  committed: number;
  cap: number | null;
  /** What is left under the cap (never below 0); null without a cap. */
  left: number | null;
  /** When the next period starts (ISO). */
  resetsAt: string;
}

/** GET /budget: this month's and this day's spending, and what happens when a cap is reached. */
export interface BudgetStatus {
  month: BudgetPeriodStatus;
  day: BudgetPeriodStatus;
  whenReached: 'wait' | 'placeholder';
}
