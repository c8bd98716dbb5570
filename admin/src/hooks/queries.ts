import { useDebounce, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from 'react-query';
import { PLUGIN_ID } from '../pluginId';
import {
  apiPath,
  errorMessage,
  type BudgetStatus,
  type BackfillDetail,
  type BackfillList,
  type BackfillQuote,
  type BackfillRequestBody,
  type BackfillView,
  isActive,
  type ConnectionTest,
  type DocumentStatus,
  type EditableSettings,
  type IllustrationTarget,
  type Estimate,
  type JobList,
  type JobState,
  type JobView,
  type ModelPage,
  type ModelSupportAnswer,
  type PromptPreview,
  type SettingsView,
} from '../utils/api';
import { useT } from '../utils/useT';

/**
 * The plugin's server data, through the react-query client Strapi's admin provides at its root (the plugin depends on
 * the same react-query as a peer, so one copy and one cache are shared). Queries are cancelled through their signal
 * when nothing shows them any more; polling runs only while a job is at work, and stops when the page is left.
 */

/** Every key starts with the plugin's id; a prefix invalidates a family ("all jobs lists", "this article"). */
export const queryKeys = {
  settings: [PLUGIN_ID, 'settings'] as const,
  estimate: [PLUGIN_ID, 'estimate'] as const,
  budget: [PLUGIN_ID, 'budget'] as const,
  models: (privacy: Privacy) => [PLUGIN_ID, 'models', privacy] as const,
  modelSupport: (id: string, aspectRatio: string) => [PLUGIN_ID, 'model-support', id, aspectRatio] as const,
  promptPreview: (template: string, negativePrompt: string) => [PLUGIN_ID, 'prompt-preview', template, negativePrompt] as const,
  jobs: [PLUGIN_ID, 'jobs'] as const,
  jobList: (states: readonly JobState[], offset: number, review?: boolean) => [PLUGIN_ID, 'jobs', { states, offset, review: review ?? null }] as const,
  documents: [PLUGIN_ID, 'document'] as const,
  document: (target: IllustrationTarget) => [PLUGIN_ID, 'document', target.uid, target.documentId, target.locale ?? ''] as const,
  thumbnail: (jobId: number, assetId: string) => [PLUGIN_ID, 'thumbnail', jobId, assetId] as const,
  backfills: [PLUGIN_ID, 'backfills'] as const,
  backfill: (id: number) => [PLUGIN_ID, 'backfills', id] as const,
  siteLocales: [PLUGIN_ID, 'site-locales'] as const,
};

/** A failed request shows its error at once (as the pages always did); a poll tries again anyway. */
const ONCE = { retry: false } as const;

// ---------------------------------------------------------------------------------------------------------------
// Settings page

export function useSettings() {
  const { get } = useFetchClient();
  return useQuery(queryKeys.settings, async ({ signal }) => (await get<SettingsView>(apiPath('/settings'), { signal })).data, ONCE);
}

/** After a save or a reset the server's answer is the new settings view, and the estimate is for what is saved. */
function useSettingsWrite<TInput>(send: (input: TInput) => Promise<{ data: SettingsView }>) {
  const queryClient = useQueryClient();
  return useMutation(async (input: TInput) => (await send(input)).data, {
    onSuccess: (view) => {
      queryClient.setQueryData(queryKeys.settings, view);
      // The caps changed what is left.
      void queryClient.invalidateQueries(queryKeys.budget);
      return queryClient.invalidateQueries(queryKeys.estimate);
    },
  });
}

/** Saves the changed settings (only those: a setting never touched here keeps following the file config). */
export function useSaveSettings() {
  const { put } = useFetchClient();
  return useSettingsWrite((patch: Partial<EditableSettings>) => put<SettingsView>(apiPath('/settings'), patch));
}

/** "Use the file's value": drops saved values (the given keys, or all) on the server. */
export function useResetSettings() {
  const { post } = useFetchClient();
  return useSettingsWrite((keys: string[] | undefined) => post<SettingsView>(apiPath('/settings/reset'), keys ? { keys } : {}));
}

export function useEstimate() {
  const { get } = useFetchClient();
  return useQuery(queryKeys.estimate, async ({ signal }) => (await get<Estimate>(apiPath('/settings/estimate'), { signal })).data, ONCE);
}

/** The site's locales (Strapi's i18n plugin); English alone when the app has no i18n. */
export function useSiteLocales() {
  const { get } = useFetchClient();
  return useQuery(
    queryKeys.siteLocales,
    async ({ signal }) => {
      try {
        return (await get<Array<{ code: string; name: string }>>('/i18n/locales', { signal })).data.map(({ code, name }) => ({ code, name }));
      } catch {
        return [{ code: 'en', name: 'English' }];
      }
    },
    { ...ONCE, staleTime: 5 * 60_000 },
  );
}

/** Credits spent this UTC month and day, and what is left under the caps. */
export function useBudget() {
  const { get } = useFetchClient();
  return useQuery(queryKeys.budget, async ({ signal }) => (await get<BudgetStatus>(apiPath('/budget'), { signal })).data, ONCE);
}

export function useTestConnection() {
  const { post } = useFetchClient();
  return useMutation(async () => (await post<ConnectionTest>(apiPath('/settings/test-connection'))).data);
}

type Privacy = 'public' | 'private';
const MODEL_PAGE_SIZE = 25;

/** One listing of Scenario models (the public catalog, or the account's own), a page at a time. */
function useModelPages(privacy: Privacy) {
  const { get } = useFetchClient();
  const query = useInfiniteQuery(
    queryKeys.models(privacy),
    async ({ pageParam, signal }) =>
      (
        await get<ModelPage>(apiPath('/models'), {
          params: { privacy, pageSize: MODEL_PAGE_SIZE, ...(pageParam ? { paginationToken: pageParam } : {}) },
          signal,
        })
      ).data,
    { ...ONCE, getNextPageParam: (last: ModelPage) => last.nextPaginationToken ?? undefined },
  );
  return {
    models: query.data?.pages.flatMap((page) => page.models) ?? [],
    /** No page to ask for any more (a failed listing counts as done: its error is shown instead). */
    done: query.isError || (query.isSuccess && !query.hasNextPage),
    loading: query.isFetching,
    error: query.error ? errorMessage(query.error) : null,
    fetchNextPage: query.fetchNextPage,
  };
}

/** The Scenario catalog (public models) and the account's own (private) models: the public pages first. */
export function useModelCatalog() {
  const listings = [useModelPages('public'), useModelPages('private')];
  const loading = listings.some((listing) => listing.loading);
  return {
    models: listings.flatMap((listing) => listing.models),
    hasMore: listings.some((listing) => !listing.done),
    /** Both first pages are in (or failed): the boxes can show the saved models' names. */
    ready: listings.every((listing) => listing.done || listing.models.length > 0),
    loading,
    error: listings.find((listing) => listing.error)?.error ?? null,
    loadMore: () => {
      if (!loading) void listings.find((listing) => !listing.done)?.fetchNextPage();
    },
  };
}

export function useModelSupport(modelId: string, aspectRatio: string) {
  const { get } = useFetchClient();
  return useQuery(
    queryKeys.modelSupport(modelId, aspectRatio),
    async ({ signal }) => (await get<ModelSupportAnswer>(apiPath('/models/support'), { params: { id: modelId, aspectRatio }, signal })).data,
    { ...ONCE, enabled: Boolean(modelId) },
  );
}

const PREVIEW_DEBOUNCE_MS = 350;

/** The prompt a template makes for the server's sample article, asked for once typing pauses. */
export function usePromptPreview(template: string, negativePrompt = '') {
  const { post } = useFetchClient();
  // Two plain values: the debounce restarts whenever its value is a new object, i.e. on every render.
  const asked = {
    template: useDebounce(template, PREVIEW_DEBOUNCE_MS),
    negativePrompt: useDebounce(negativePrompt.trim() ? negativePrompt : '', PREVIEW_DEBOUNCE_MS),
  };
  const query = useQuery(
    queryKeys.promptPreview(asked.template, asked.negativePrompt),
    async ({ signal }) =>
      (
        await post<PromptPreview>(
          apiPath('/settings/preview-prompt'),
          { template: asked.template, ...(asked.negativePrompt ? { negativePrompt: asked.negativePrompt } : {}) },
          { signal },
        )
      ).data,
    { ...ONCE, enabled: Boolean(asked.template.trim()), keepPreviousData: true },
  );
  const empty = !template.trim();
  const typing = template !== asked.template || (negativePrompt.trim() ? negativePrompt : '') !== asked.negativePrompt;
  return {
    preview: empty ? null : (query.data ?? null),
    error: empty || !query.isError ? null : errorMessage(query.error),
    loading: !empty && (typing || query.isFetching),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Jobs list

const JOBS_POLL_MS = 3000;

/** A page of jobs in some states (all when none), refreshed while any job on it is at work. */
export function useJobList(states: readonly JobState[], offset: number, limit: number, review?: boolean) {
  const { get } = useFetchClient();
  return useQuery(
    queryKeys.jobList(states, offset, review),
    async ({ signal }) =>
      (await get<JobList>(apiPath('/jobs'), {
        params: { limit, offset, ...(states.length ? { state: states.join(',') } : {}), ...(review !== undefined ? { review: String(review) } : {}) },
        signal,
      })).data,
    {
      ...ONCE,
      keepPreviousData: true,
      refetchInterval: (list) => (list?.results.some((job) => isActive(job.state)) ? JOBS_POLL_MS : false),
    },
  );
}

/** Every view of jobs: the lists and the articles' side panels. */
const invalidateJobs = (queryClient: ReturnType<typeof useQueryClient>) =>
  Promise.all([queryClient.invalidateQueries(queryKeys.jobs), queryClient.invalidateQueries(queryKeys.documents)]);

export function useRetryJob() {
  const { post } = useFetchClient();
  const queryClient = useQueryClient();
  const { toggleNotification } = useNotification();
  const t = useT();
  return useMutation((job: JobView) => post(apiPath(`/jobs/${job.id}/retry`)), {
    onSuccess: (_answer, job) => toggleNotification({ type: 'success', message: t('jobs.retried', { title: job.title ?? job.targetDocumentId }) }),
    onError: (error) => toggleNotification({ type: 'danger', message: errorMessage(error) }),
    onSettled: () => invalidateJobs(queryClient),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The edit view: an article's side panel and the "Generate illustration" action

export type { IllustrationTarget };

const DOCUMENT_POLL_MS = 1500;
/**
 * After the article changed (published, saved) the job starts after the commit: the status is watched this many
 * polls (15 s) even while no job is at work yet.
 */
const DOCUMENT_WATCH_POLLS = 10;
/**
 * While the image is about to be written into the article (captioning, attaching), the status is asked for more
 * often: an editor's Save in between, from a form that does not hold the image yet, would remove it.
 */
const ARRIVING_POLL_MS = 400;

/**
 * The illustration status of the article open in the edit view, shared by the side panel and the action (one
 * cache entry per article). `version` changes when the article does (its status or update time): the status is
 * fetched and watched again. Only the observer with `poll` (the panel's content) polls, so the article is asked
 * for once per interval however many parts of the page show it.
 */
export function useDocumentStatus(
  target: IllustrationTarget | null,
  version: string,
  watch?: { onStatus: (status: DocumentStatus) => void },
) {
  const { get } = useFetchClient();
  return useQuery(
    [...(target ? queryKeys.document(target) : queryKeys.documents), version],
    async ({ signal }) =>
      (
        await get<DocumentStatus>(apiPath('/documents/status'), {
          params: { uid: target!.uid, documentId: target!.documentId, locale: target!.locale ?? '' },
          signal,
        })
      ).data,
    {
      ...ONCE,
      enabled: Boolean(target),
      // The previous version's status stays on screen while the new one loads (the panel never blinks out).
      keepPreviousData: true,
      staleTime: DOCUMENT_POLL_MS,
      refetchInterval: watch
        ? (status, query) => {
            const state = status?.latest?.state;
            if (state === 'captioning' || state === 'attaching') return ARRIVING_POLL_MS;
            return isActive(state) || query.state.dataUpdateCount < DOCUMENT_WATCH_POLLS ? DOCUMENT_POLL_MS : false;
          }
        : false,
      onSuccess: watch?.onStatus,
    },
  );
}

/**
 * The article's actions: generate (with the editor's own prompt, optionally) and choose another candidate. Each
 * notifies, then refreshes the article's status (the new job is at work, so it is polled until it ends). The returned
 * functions never reject: a failure is shown in the notification. `target` is null where no action is offered (hooks
 * run all the same).
 */
export function useIllustrationActions(target: IllustrationTarget | null) {
  const { post } = useFetchClient();
  const queryClient = useQueryClient();
  const { toggleNotification } = useNotification();
  const t = useT();
  const callbacks = (success: 'panel.notify.generating' | 'panel.notify.choosing' | 'panel.notify.used') => ({
    onSuccess: () => toggleNotification({ type: 'success', message: t(success) }),
    onError: (error: unknown) => toggleNotification({ type: 'danger', message: errorMessage(error) }),
    onSettled: () => invalidateJobs(queryClient),
  });
  const generate = useMutation(
    (prompt: string | undefined) => post(apiPath('/documents/generate'), { ...target, ...(prompt ? { prompt } : {}) }),
    callbacks('panel.notify.generating'),
  );
  const choose = useMutation(
    ({ jobId, assetId }: { jobId: number; assetId: string }) => post(apiPath(`/jobs/${jobId}/choose`), { assetId }),
    callbacks('panel.notify.choosing'),
  );
  const use = useMutation((jobId: number) => post(apiPath(`/jobs/${jobId}/use`)), callbacks('panel.notify.used'));
  const settle = () => undefined;
  return {
    busy: generate.isLoading ? 'generate' : choose.isLoading ? `choose:${choose.variables?.assetId}` : use.isLoading ? 'use' : null,
    use: (jobId: number) => use.mutateAsync(jobId).then(settle, settle),
    generate: (prompt?: string) => generate.mutateAsync(prompt).then(settle, settle),
    choose: (jobId: number, assetId: string) => choose.mutateAsync({ jobId, assetId }).then(settle, settle),
  };
}

/**
 * A candidate's thumbnail, through the plugin's admin route (behind the admin session; the server fetches a fresh
 * signed URL from Scenario, so the browser never sees a Scenario credential). Kept as a data URL: nothing to revoke.
 */
export function useCandidateThumbnail(jobId: number, assetId: string) {
  const { get } = useFetchClient();
  return useQuery(
    queryKeys.thumbnail(jobId, assetId),
    async ({ signal }) => {
      const { data } = await get(apiPath(`/jobs/${jobId}/candidates/${encodeURIComponent(assetId)}/thumbnail`), { responseType: 'blob', signal });
      return readAsDataUrl(data);
    },
    // A candidate's image never changes.
    { ...ONCE, staleTime: Infinity },
  );
}

function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('The thumbnail could not be read.'));
    reader.readAsDataURL(blob);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Illustrate existing articles (backfill)

/** What the backfill form sends: the same body for the quote and the start. */
export type BackfillRequest = BackfillRequestBody;

const BACKFILL_POLL_MS = 2000;

/** At work: running, or paused with jobs that were sent before the pause and still finish. */
const atWork = (backfill: Pick<BackfillView, 'state' | 'inFlight'>) => backfill.state === 'running' || (backfill.state === 'paused' && backfill.inFlight > 0);

/** The backfills (newest first) and what the form offers; polled while one is at work. */
export function useBackfills() {
  const { get } = useFetchClient();
  return useQuery(queryKeys.backfills, async ({ signal }) => (await get<BackfillList>(apiPath('/backfills'), { signal })).data, {
    ...ONCE,
    refetchInterval: (list) => (list?.results.some(atWork) ? BACKFILL_POLL_MS : false),
  });
}

/** One backfill with its latest jobs, polled while it is at work. */
export function useBackfill(id: number | null) {
  const { get } = useFetchClient();
  return useQuery(
    queryKeys.backfill(id ?? 0),
    async ({ signal }) => (await get<BackfillDetail>(apiPath(`/backfills/${id}`), { signal })).data,
    { ...ONCE, enabled: id !== null, refetchInterval: (detail) => (detail && atWork(detail) ? BACKFILL_POLL_MS : false) },
  );
}

/** How many articles a selection takes and what it would cost, before anything is spent. */
export function useBackfillQuote() {
  const { post } = useFetchClient();
  return useMutation(async (request: BackfillRequest) => (await post<BackfillQuote>(apiPath('/backfills/quote'), request)).data);
}

/** Start, pause, resume, cancel: each answers the backfill as it is now, and the lists follow. */
export function useBackfillActions() {
  const { post } = useFetchClient();
  const queryClient = useQueryClient();
  const { toggleNotification } = useNotification();
  const refresh = () => Promise.all([queryClient.invalidateQueries(queryKeys.backfills), invalidateJobs(queryClient)]);
  const options = { onError: (error: unknown) => toggleNotification({ type: 'danger', message: errorMessage(error) }), onSettled: refresh };
  const start = useMutation(async (request: BackfillRequest) => (await post<BackfillView>(apiPath('/backfills'), request)).data, options);
  const change = useMutation(
    async ({ id, action }: { id: number; action: 'pause' | 'resume' | 'cancel' }) => (await post<BackfillView>(apiPath(`/backfills/${id}/${action}`))).data,
    options,
  );
  return {
    start,
    change,
    busy: change.isLoading ? `${change.variables?.action}:${change.variables?.id}` : null,
  };
}
