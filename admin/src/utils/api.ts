import type { FieldIssue, GenerateSize, HelperEstimate, JobState, JobView } from '../../../server/src/shared/contracts';
import { ACTIVE_STATES } from '../../../server/src/domain/job-states';
import { PLUGIN_ID } from '../pluginId';

/** Admin routes of the plugin live under /auto-illustration (see server/src/routes/admin.ts). */
export const apiPath = (path: string) => `/${PLUGIN_ID}${path}`;

/** The answers of the plugin's routes: one declaration, shared with the server (types only, no server code). */
export type {
  AttachedImage,
  BackfillDetail,
  BackfillList,
  BackfillQuote,
  BackfillRequestBody,
  BackfillSelection,
  BackfillState,
  BackfillView,
  BudgetPeriodStatus,
  BudgetStatus,
  ConnectionTest,
  ContentTypeOption,
  ContentTypeSettings,
  DocumentStatus,
  EditableSettings,
  Estimate,
  FieldIssue,
  GenerateSize,
  HelperEstimate,
  IllustrationTarget,
  JobList,
  JobState,
  JobView,
  ModelPage,
  ModelSummary,
  ModelSupportAnswer,
  PromptPreview,
  SettingSource,
  SettingsView,
  StylePreset,
  TextHelperSettings,
} from '../../../server/src/shared/contracts';

export const isActive = (state: JobState | undefined | null) => Boolean(state && ACTIVE_STATES.includes(state));

export type TextHelperKey = keyof HelperEstimate['perCall'];

/** "1344×768" or "16:9 (1K)". */
export const describeSize = (size: GenerateSize) =>
  'width' in size ? `${size.width}×${size.height}` : `${size.aspectRatio}${size.resolution ? ` (${size.resolution})` : ''}`;

/**
 * The size the cost card says it priced: the one sent, else, unpriced (the model unread: a wrong key), the ratio asked
 * (a trial saw "it takes no size input" beside "What this model takes could not be read"), else the model's own.
 */
export const pricedSize = (estimate: { size: GenerateSize | null; reason: string | null; basis: { aspectRatio: string } }) =>
  estimate.size ? { text: describeSize(estimate.size) } : estimate.reason ? { key: 'settings.cost.askedRatio' as const, ratio: estimate.basis.aspectRatio } : { key: 'settings.cost.modelSize' as const };

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

/** The content manager's edit view of a job's article (in the job's locale). */
export function editViewPath(job: JobView): string {
  const kind = job.contentType.kind === 'singleType' ? 'single-types' : 'collection-types';
  const base = `/content-manager/${kind}/${job.targetUid}${kind === 'collection-types' ? `/${job.targetDocumentId}` : ''}`;
  return job.targetLocale ? `${base}?plugins[i18n][locale]=${encodeURIComponent(job.targetLocale)}` : base;
}
