/**
 * An in-memory world for the pipeline's unit tests: the job repository (the interface of services/jobs.ts), the
 * Scenario client (scenario/types.ts ScenarioClient) and the other services the pipeline reaches through
 * `strapi.plugin('auto-illustration').service(name)`. The pipeline runs unchanged against a fake `strapi` whose
 * plugin hands out these fakes, so a rule is checked in milliseconds, without booting Strapi.
 *
 * Each fake keeps what it was asked (calls), so a test can say "not sent again", not only "ended well".
 */
import type { Core } from '@strapi/strapi';
import sharp from 'sharp';
import { pluginConfigSchema, type PluginConfig } from '../../../server/src/config/schema';
import { appendHistory, isActive } from '../../../server/src/domain/job-states';
import { englishNounPhrases } from '../../../server/src/domain/keyphrases';
import { answeredInEnglish, loadLanguageDetector } from '../../../server/src/domain/language';
import { BUILT_IN_STYLE_PRESETS } from '../../../server/src/domain/prompt';
import { ScenarioError } from '../../../server/src/scenario/errors';
import type { CostEstimate, DownloadedImage, GenerateInput, TextHelper, GenerateResult, JobPage, ScenarioClient, ScenarioJob, WaitOptions } from '../../../server/src/scenario/types';
import type { PublishedArticle } from '../../../server/src/services/articles';
import { BudgetReached, capsOf, type Reservation } from '../../../server/src/services/budget';
import { nextPeriodStart, periodKey, type PeriodKind } from '../../../server/src/domain/budget';
import { LostLeaseError, type EndOfWait, type IllustrationTarget, type JobPatch, type JobRow, type JobTrigger } from '../../../server/src/services/jobs';
import type { FileProvenance, ImageToUpload, UploadedFile } from '../../../server/src/services/media';
import createPipeline, { type RunContext } from '../../../server/src/services/pipeline';
import type { ServiceOf } from '../../../server/src/utils/get-service';
import { PLUGIN_ID } from '../../../server/src/utils/plugin-id';

export const ARTICLE_UID = 'api::article.article';
export const WORKER_ID = 'test-worker';

/** A job row as the repository would create it, locked by the test worker (it was claimed). */
export function jobRow(fields: Partial<JobRow> & { id: number }): JobRow {
  const at = new Date().toISOString();
  return {
    documentId: `job-${fields.id}`,
    targetUid: ARTICLE_UID,
    targetDocumentId: 'article-1',
    targetLocale: null,
    trigger: 'publish',
    priority: 10,
    backfillId: null,
    state: 'queued',
    attempts: 0,
    nextRunAt: at,
    deadlineAt: new Date(Date.now() + 180_000).toISOString(),
    lockedBy: WORKER_ID,
    lockedUntil: new Date(Date.now() + 60_000).toISOString(),
    lockVersion: 1,
    progress: 0,
    title: null,
    requestedPrompt: null,
    textHash: null,
    keyphrases: null,
    prompt: null,
    negativePrompt: null,
    style: null,
    model: null,
    seed: null,
    submittedAt: null,
    answerLostAt: null,
    scenarioJobId: null,
    candidateAssetIds: null,
    candidateCaptions: null,
    chosenAssetId: null,
    creditsSpent: null,
    budgetCredits: null,
    helperCredits: null,
    usePlaceholder: false,
    reason: null,
    lastError: null,
    alternativeText: null,
    caption: null,
    fileId: null,
    placeholderFileId: null,
    placeholderCheckedAt: null,
    submissions: 0,
    crashes: 0,
    captionRequestedAt: null,
    language: null,
    translatedTitle: null,
    translatedKeyphrases: null,
    translationRequestedAt: null,
    translationUnchanged: false,
    localPrompt: null,
    promptAssistRequestedAt: null,
    describeRequestedAt: null,
    describeJobId: null,
    republishedAt: null,
    altTextSource: null,
    referenceAssetIds: null,
    helperNotes: null,
    history: [],
    finishedAt: null,
    awaitingReview: false,
    lateCheckedAt: null,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}

const sameTarget = (job: JobRow, target: IllustrationTarget) =>
  job.targetUid === target.uid && job.targetDocumentId === target.documentId && job.targetLocale === target.locale;

/** The job repository in memory, with the real one's lease rule: a save by a worker that does not hold the job fails. */
/** The repository methods the pipeline and worker use: the fake must keep their signatures (checked by tsc). */
type RepositoryMethod = 'save' | 'findOne' | 'takenScenarioJobs' | 'forTarget' | 'otherLocales' | 'claim' | 'claimPlaceholderDue' | 'renew' | 'release' | 'crashed' | 'enqueue' | 'takeRepublish' | 'promoteRepublished';

export function fakeJobs() {
  const rows = new Map<number, JobRow>();
  function take(workerId: string, limit: number, leaseSeconds: number, running: number[], due: (job: JobRow) => boolean): JobRow[] {
    const free = [...rows.values()].filter(
      (job) => isActive(job.state) && !running.includes(job.id) && (!job.lockedUntil || new Date(job.lockedUntil).getTime() < Date.now()) && due(job),
    );
    return free.slice(0, Math.max(0, limit)).map((job) => {
      const won = { ...job, lockedBy: workerId, lockedUntil: new Date(Date.now() + leaseSeconds * 1000).toISOString(), lockVersion: job.lockVersion + 1 };
      rows.set(job.id, won);
      return won;
    });
  }
  const repository = {
    rows,
    add(job: JobRow): JobRow {
      rows.set(job.id, job);
      return job;
    },
    get(id: number): JobRow {
      const job = rows.get(id);
      if (!job) throw new Error(`no job ${id}`);
      return job;
    },
    async save(job: JobRow, workerId: string, patch: JobPatch, leaseSeconds: number, note?: string): Promise<JobRow> {
      const stored = rows.get(job.id);
      if (!stored || stored.lockedBy !== workerId) throw new LostLeaseError(job.id);
      const data: JobPatch = { ...patch, lockedUntil: new Date(Date.now() + leaseSeconds * 1000).toISOString() };
      if (patch.state && (patch.state !== job.state || note)) {
        data.history = appendHistory(job.history, { at: new Date().toISOString(), state: patch.state, note, by: workerId });
      }
      rows.set(job.id, { ...stored, ...data } as JobRow);
      return { ...job, ...data } as JobRow;
    },
    /** Due, active, unlocked (or lease run out) jobs not in `running`, taken by this worker. */
    async claim(workerId: string, limit: number, leaseSeconds: number, running: number[] = []): Promise<JobRow[]> {
      return take(workerId, limit, leaseSeconds, running, (job) => new Date(job.nextRunAt ?? 0).getTime() <= Date.now());
    },
    async claimPlaceholderDue(workerId: string, limit: number, leaseSeconds: number, running: number[], { beforeDeadline = false } = {}): Promise<JobRow[]> {
      return take(workerId, limit, leaseSeconds, running, (job) =>
        ['queued', 'generating', 'captioning'].includes(job.state) && !job.placeholderCheckedAt && !job.usePlaceholder && job.trigger !== 'choose' &&
        (beforeDeadline || new Date(job.deadlineAt ?? 0).getTime() <= Date.now()),
      );
    },
    async renew(jobId: number, workerId: string, leaseSeconds: number): Promise<boolean> {
      const job = rows.get(jobId);
      if (!job || job.lockedBy !== workerId) return false;
      rows.set(jobId, { ...job, lockedUntil: new Date(Date.now() + leaseSeconds * 1000).toISOString() });
      return true;
    },
    async release(jobId: number, workerId: string, retryAt?: Date): Promise<void> {
      const job = rows.get(jobId);
      if (job?.lockedBy === workerId) rows.set(jobId, { ...job, lockedBy: null, lockedUntil: null, ...(retryAt ? { nextRunAt: retryAt.toISOString() } : {}) });
    },
    /** The real one's rule (tests/integration/restart.test.ts): released for `retryAt`, ended as `end` says at `maxCrashes`. */
    async crashed(jobId: number, workerId: string, why: string, retryAt: Date, maxCrashes: number, end: EndOfWait): Promise<boolean> {
      const job = rows.get(jobId);
      if (job?.lockedBy !== workerId) return false;
      const crashes = job.crashes + 1;
      const release = { lockedBy: null, lockedUntil: null, crashes, lastError: `stopped unexpectedly: ${why}` };
      if (crashes < maxCrashes || !isActive(job.state)) {
        rows.set(jobId, { ...job, ...release, nextRunAt: retryAt.toISOString() });
        return false;
      }
      const harmful = (job.state === 'attaching' && !job.usePlaceholder) || job.title === null;
      const { patch } = harmful ? { patch: { state: 'failed' as const } } : end(job, why);
      const ended = patch.state === 'failed';
      rows.set(jobId, { ...job, ...patch, ...release, reason: why, crashes: ended ? crashes : 0, nextRunAt: ended ? null : (patch.nextRunAt ?? null) } as JobRow);
      return true;
    },
    async enqueue(targets: IllustrationTarget[], options: { deadlineSeconds: number; trigger?: JobTrigger }): Promise<JobRow[]> {
      const created: JobRow[] = [];
      for (const target of targets) {
        if ([...rows.values()].some((job) => sameTarget(job, target) && isActive(job.state))) continue;
        const id = Math.max(0, ...rows.keys()) + 1;
        const job = jobRow({
          id, targetUid: target.uid, targetDocumentId: target.documentId, targetLocale: target.locale, trigger: options.trigger ?? 'publish',
          lockedBy: null, lockedUntil: null, lockVersion: 0, deadlineAt: new Date(Date.now() + options.deadlineSeconds * 1000).toISOString(),
        });
        rows.set(id, job);
        created.push(job);
      }
      return created;
    },
    async findOne(id: number): Promise<JobRow | null> {
      return rows.get(id) ?? null;
    },
    async takenScenarioJobs(scenarioJobIds: string[], except: number): Promise<Set<string>> {
      return new Set([...rows.values()].filter((job) => job.id !== except && job.scenarioJobId !== null && scenarioJobIds.includes(job.scenarioJobId)).map((job) => job.scenarioJobId!));
    },
    async takeRepublish(jobId: number): Promise<IllustrationTarget | null> {
      const job = rows.get(jobId);
      if (!job?.republishedAt || isActive(job.state)) return null;
      rows.set(jobId, { ...job, republishedAt: null });
      return { uid: job.targetUid, documentId: job.targetDocumentId, locale: job.targetLocale };
    },
    async promoteRepublished(): Promise<JobRow | null> {
      return null;
    },
    async forTarget(target: IllustrationTarget, limit = 20): Promise<JobRow[]> {
      return [...rows.values()].filter((job) => sameTarget(job, target)).sort((a, b) => b.id - a.id).slice(0, limit);
    },
    async otherLocales(target: IllustrationTarget, limit = 20): Promise<JobRow[]> {
      return [...rows.values()]
        .filter((job) => job.targetUid === target.uid && job.targetDocumentId === target.documentId && job.targetLocale !== target.locale)
        .filter((job) => (target.locale ? true : job.targetLocale !== null))
        .sort((a, b) => b.id - a.id)
        .slice(0, limit);
    },
  };
  return repository satisfies Pick<ServiceOf<'jobs'>, RepositoryMethod>;
}

/**
 * The credit budget in memory, with the real one's rules: a reservation that would pass a cap (read from the
 * settings), its headroom included, is refused whole; settle adds the difference, release takes the amount off. `log`
 * lists every change.
 */
export function fakeBudget(config: () => PluginConfig) {
  const committed = new Map<string, number>();
  const log: Array<{ op: 'reserve' | 'settle' | 'release'; amount: number }> = [];
  const kinds: PeriodKind[] = ['month', 'day'];
  const add = (at: string, amount: number) => {
    for (const kind of kinds) committed.set(periodKey(kind, new Date(at)), (committed.get(periodKey(kind, new Date(at))) ?? 0) + amount);
  };
  const budget = {
    committed,
    log,
    /** Credits committed in the month of `at`. */
    spent: (at = new Date()) => committed.get(periodKey('month', at)) ?? 0,
    async reserve(amount: number, caps = capsOf(config().budget), at = new Date(), headroom = 0): Promise<Reservation> {
      for (const kind of kinds) {
        const cap = caps[kind];
        const used = committed.get(periodKey(kind, at)) ?? 0;
        if (typeof cap === 'number' && used + amount + headroom > cap) {
          throw new BudgetReached(kind, cap, nextPeriodStart(kind, at), Math.max(0, cap - used), amount + headroom, headroom > 0);
        }
      }
      add(at.toISOString(), amount + headroom);
      log.push({ op: 'reserve', amount: amount + headroom });
      return { amount, at: at.toISOString() };
    },
    async settle(reservation: Reservation, actual: number): Promise<void> {
      add(reservation.at, actual - reservation.amount);
      log.push({ op: 'settle', amount: actual });
    },
    async release(reservation: Reservation): Promise<void> {
      add(reservation.at, -reservation.amount);
      log.push({ op: 'release', amount: reservation.amount });
    },
  };
  return budget satisfies Pick<ServiceOf<'budget'>, 'reserve' | 'settle' | 'release'>;
}

/** A small real PNG, so the pipeline's JPEG conversion has something to convert. */
export async function pngBytes(): Promise<DownloadedImage> {
  const bytes = await sharp({ create: { width: 8, height: 6, channels: 3, background: { r: 30, g: 90, b: 160 } } }).png().toBuffer();
  return { bytes, mimeType: 'image/png', extension: 'png' };
}

const notUsed = (name: string) => () => {
  throw new Error(`the pipeline is not expected to call ${name} here`);
};

/**
 * The Scenario client: each paid call is recorded; what it answers is set per test. A generation finishes at once
 * with `assetIds` unless `waitForJob` is replaced.
 */
export function fakeScenarioClient() {
  const calls = { estimates: [] as string[], generate: [] as GenerateInput[], listJobs: 0, waitForJob: [] as string[], downloadAsset: [] as string[], caption: [] as string[][], captionSignals: [] as Array<AbortSignal | undefined>, translate: [] as string[], writePrompt: [] as string[], describeImage: [] as string[], describeResult: [] as string[] };
  const state = {
    /** Jobs Scenario's `GET /jobs` lists, newest first. */
    listed: [] as ScenarioJob[],
    assetIds: ['asset-a', 'asset-b'],
    captions: (ids: string[]) => ids.map((id) => `A photo for ${id}`),
    /** Per asset id: an error to throw instead of the image. */
    downloadErrors: new Map<string, Error>(),
    generateError: undefined as Error | undefined,
    waitForJob: undefined as ((jobId: string, options: WaitOptions) => Promise<ScenarioJob>) | undefined,
    captionError: undefined as Error | undefined,
    /** Scenario cannot be reached (the circuit breaker is open): the scenario service says so of every error. */
    unreachable: false,
    /** What the dry runs quote (caption: per image); a generation is billed `generationCost`. */
    quotes: { generation: 4, caption: 1, translate: 0.5, prompt: 1, describe: 2 } as Record<'generation' | TextHelper, number>,
    generationCost: 4 as number | undefined,
    /** What the text model describes an image as (default: French). */
    description: (assetId: string) => `Une photo de ${assetId}.`,
    /** An error the text model's description fails with, the next `describeErrorTimes` times (default: every time). */
    describeError: undefined as Error | undefined,
    describeErrorTimes: Infinity,
    /** An error reading a listed description fails with (Scenario out of reach meanwhile). */
    describeResultError: undefined as Error | undefined,
    /** What translate answers (default: each line marked as translated, "en: phare"; the text as sent would be no translation). */
    translation: (text: string) => text.split('\n').map((line) => `en: ${line}`).join('\n'),
  };
  let submitted = 0;
  const client: ScenarioClient = {
    async generate(_modelId: string, input: GenerateInput): Promise<GenerateResult> {
      calls.generate.push(input);
      if (state.generateError) throw state.generateError;
      submitted += 1;
      return { jobId: `scenario-job-${submitted}`, unsupported: [], ...(state.generationCost === undefined ? {} : { creditsCost: state.generationCost }) };
    },
    async listJobs(): Promise<JobPage> {
      calls.listJobs += 1;
      return { jobs: state.listed };
    },
    async waitForJob(jobId: string, options: WaitOptions): Promise<ScenarioJob> {
      calls.waitForJob.push(jobId);
      if (state.waitForJob) return state.waitForJob(jobId, options);
      return { jobId, status: 'success', progress: 1, assetIds: state.assetIds };
    },
    async downloadAsset(assetId: string): Promise<DownloadedImage> {
      calls.downloadAsset.push(assetId);
      const error = state.downloadErrors.get(assetId);
      if (error) throw error;
      return pngBytes();
    },
    async caption(assetIds: string[], options?: { signal?: AbortSignal }): Promise<string[]> {
      calls.caption.push(assetIds);
      calls.captionSignals.push(options?.signal);
      if (state.captionError) throw state.captionError;
      return state.captions(assetIds);
    },
    async translate(text: string) {
      calls.translate.push(text);
      return { translation: state.translation(text) };
    },
    async writePrompt(prompt: string) {
      calls.writePrompt.push(prompt);
      return prompt;
    },
    async describeImage(assetId: string) {
      calls.describeImage.push(assetId);
      if (state.describeError && state.describeErrorTimes-- > 0) throw state.describeError;
      return { text: state.description(assetId), jobId: 'text-job' };
    },
    /** A description job in `state.listed`: the description of its image. */
    async describeResult(jobId: string) {
      calls.describeResult.push(jobId);
      if (state.describeResultError) throw state.describeResultError;
      const listed = state.listed.find((job) => job.jobId === jobId);
      if (!listed) throw new ScenarioError(`Scenario refused GET /jobs/${jobId} with 404`, { kind: 'not-found', status: 404 });
      return { text: state.description((listed.input?.images as string[])[0]), jobId };
    },
    async estimateGenerate(): Promise<CostEstimate> {
      calls.estimates.push('generation');
      return { creditsCost: state.quotes.generation, unsupported: [] };
    },
    getModel: notUsed('getModel'),
    forgetModels: () => undefined,
    getJob: notUsed('getJob'),
    getAsset: notUsed('getAsset'),
    uploadAsset: notUsed('uploadAsset'),
    async estimateTextHelper(helper: TextHelper): Promise<number> {
      calls.estimates.push(helper);
      return state.quotes[helper];
    },
    listModels: notUsed('listModels'),
    createCollection: async (name: string) => `collection-${name}`,
    addToCollection: async () => undefined,
  };
  return { client, calls, state };
}

/** A refusal the client reports when a request's fate is unknown, or an asset cannot be had. */
export const scenarioError = (kind: ScenarioError['kind'], retryable = false) => new ScenarioError(`Scenario: ${kind}`, { kind, retryable });

type StoredFile = ImageToUpload & { provenance: FileProvenance; unmarked?: boolean; replaced?: boolean };

export interface World {
  pipeline: ReturnType<typeof createPipeline>;
  jobs: ReturnType<typeof fakeJobs>;
  scenario: ReturnType<typeof fakeScenarioClient>;
  budget: ReturnType<typeof fakeBudget>;
  /** Published articles by document id (absent: not published). */
  articles: Map<string, PublishedArticle>;
  /** Content types without draft & publish (an article gone from `articles` was deleted). */
  withoutDrafts: Set<string>;
  /** Deleted documents, draft and all (an article gone from `articles` otherwise has its draft: it was unpublished). */
  deleted: Set<string>;
  /** "uid field" of media fields every locale shares (not localized). */
  sharedFields: Set<string>;
  /**
   * Media Library files by id. `unmarked`: ours, but the mark was never written (the process died between upload and
   * mark); `replaced`: an editor put their own picture into it (Replace media).
   */
  files: Map<number, StoredFile>;
  config: PluginConfig;
  /** The concurrency limits Scenario's 429s named, as handed to the generation slots. */
  learnedLimits: number[];
  context: () => RunContext;
  run: (job: JobRow) => Promise<JobRow>;
  /** The next upload is stored but breaks before its mark is written (a crash at that instant). */
  uploadDiesBeforeMark?: boolean;
}

/** A `strapi` whose plugin hands out the given services by name, and whose log is kept for the test to read. */
export function fakeStrapi(services: Record<string, unknown>, logged: Array<{ level: string; message: string }> = []): Core.Strapi {
  const log = (level: string) => (message: string) => void logged.push({ level, message });
  return {
    log: { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
    plugin: (id: string) => {
      if (id !== PLUGIN_ID) throw new Error(`unexpected plugin ${id}`);
      return {
        service: (name: string) => {
          if (!(name in services)) throw new Error(`the code under test reached for a service the fake lacks: ${name}`);
          return services[name];
        },
      };
    },
  } as unknown as Core.Strapi;
}

/** A Strapi-less world with one content type (`cover` image field) and Scenario configured. */
export function createWorld(settings: Record<string, unknown> = {}): World {
  const config = pluginConfigSchema.parse({
    contentTypes: { [ARTICLE_UID]: { imageField: 'cover', textFields: ['body'] } },
    scenario: { apiKey: 'key', apiSecret: 'secret' },
    imageFormat: 'jpeg',
    ...settings,
  });
  const jobs = fakeJobs();
  const scenario = fakeScenarioClient();
  const budget = fakeBudget(() => config);
  const articles = new Map<string, PublishedArticle>();
  const withoutDrafts = new Set<string>();
  const deleted = new Set<string>();
  const sharedFields = new Set<string>();
  const files = new Map<number, StoredFile>();
  const crash = { beforeMark: false };
  let nextFileId = 100;

  // No concurrency ceiling known: a submission is sent at once, as with a fresh install. The limits 429s named.
  const learnedLimits: number[] = [];
  const slots = {
    take: async (job: JobRow) => job,
    freed: () => undefined,
    rateLimited: async (limit: number) => void learnedLimits.push(limit),
  } satisfies Pick<ServiceOf<'generation-slots'>, 'take' | 'freed' | 'rateLimited'>;

  const services: Record<string, unknown> = {
    settings: {
      current: () => config,
      contentType: (uid: string) => (config.contentTypes[uid]?.enabled ? config.contentTypes[uid] : undefined),
      stylePreset: () => BUILT_IN_STYLE_PRESETS[0],
    } satisfies Pick<ServiceOf<'settings'>, 'current' | 'contentType' | 'stylePreset'>,
    jobs,
    budget,
    articles: {
      hasDraftAndPublish: (uid: string) => !withoutDrafts.has(uid),
      isSharedField: (uid: string, field: string) => sharedFields.has(`${uid} ${field}`),
      readPublished: async (target: IllustrationTarget) => articles.get(target.documentId) ?? null,
      hasDraft: async (target: IllustrationTarget) => articles.has(target.documentId) || !deleted.has(target.documentId),
      currentImage: async (target: IllustrationTarget) => {
        const article = articles.get(target.documentId);
        return article ? article.imageFileId : undefined;
      },
      // (Review mode without draft & publish reads the field like this; with drafts it is not faked.)
      draftImage: async (target: IllustrationTarget) => articles.get(target.documentId)?.imageFileId,
      attachImage: async (target: IllustrationTarget, _field: string, fileId: number) => {
        const article = articles.get(target.documentId);
        if (!article) return false;
        article.imageFileId = fileId;
        return true;
      },
    } satisfies Pick<ServiceOf<'articles'>, 'hasDraftAndPublish' | 'isSharedField' | 'readPublished' | 'hasDraft' | 'currentImage' | 'draftImage' | 'attachImage'>,
    media: {
      upload: async (image: ImageToUpload, _folder: string, provenance: FileProvenance): Promise<UploadedFile> => {
        const id = nextFileId++;
        files.set(id, { ...image, provenance, ...(crash.beforeMark ? { unmarked: true } : {}) });
        if (crash.beforeMark) {
          crash.beforeMark = false;
          throw new Error('the process died between the upload and its mark');
        }
        return { id, name: image.baseName, url: `/uploads/${image.baseName}`, alternativeText: image.alternativeText };
      },
      markOf: async (id: number) => {
        const file = files.get(id);
        return { mark: file && !file.unmarked && !file.replaced ? file.provenance : null, replaced: Boolean(file?.replaced) };
      },
      findByBaseName: async (baseName: string): Promise<UploadedFile | null> => {
        const found = [...files.entries()].find(([, file]) => file.baseName === baseName);
        return found ? { id: found[0], name: baseName, url: `/uploads/${baseName}`, alternativeText: found[1].alternativeText } : null;
      },
      adopt: async (id: number) => {
        const file = files.get(id);
        if (file) file.unmarked = false;
      },
      // Like the real one: only a file of ours, marked and as uploaded, that no article uses.
      removeIfUnused: async (id: number) => {
        const file = files.get(id);
        if (file && !file.replaced && !file.unmarked && ![...articles.values()].some((article) => article.imageFileId === id)) files.delete(id);
      },
    } satisfies Pick<ServiceOf<'media'>, 'upload' | 'markOf' | 'findByBaseName' | 'adopt' | 'removeIfUnused'>,
    scenario: {
      client: () => scenario.client,
      isUnreachable: () => scenario.state.unreachable,
      nextProbeAt: () => Date.now(),
      outage: () => null,
    } satisfies Pick<ServiceOf<'scenario'>, 'client' | 'isUnreachable' | 'nextProbeAt' | 'outage'>,
    'generation-slots': slots,
    collections: {
      add: async () => null,
    } satisfies Pick<ServiceOf<'collections'>, 'add'>,
    'text-analysis': {
      language: async (input: { lang?: string }) => input.lang ?? 'en',
      keyphrases: async (input: { text: string }) =>
        [...new Set(input.text.toLowerCase().match(/[a-z]{5,}/g) ?? [])].slice(0, 5).map((phrase, index) => ({ phrase, score: 1 - index / 10, key: phrase })),
      nounPhrases: async (phrases: string[]) => englishNounPhrases(phrases),
      // The real test, as the text-analysis thread answers it (franc loaded on first use).
      answeredInEnglish: async (text: string, language: string) => {
        await loadLanguageDetector();
        return answeredInEnglish(text, language);
      },
      otherLanguage: async () => null,
    } satisfies Pick<ServiceOf<'text-analysis'>, 'language' | 'keyphrases' | 'nounPhrases' | 'answeredInEnglish' | 'otherLanguage'>,
    'term-stats': {
      forDocument: async () => ({ documentCount: 0, documentFrequencies: new Map() }),
      addDocument: async () => undefined,
    } satisfies Pick<ServiceOf<'term-stats'>, 'forDocument' | 'addDocument'>,
  };
  const strapi = fakeStrapi(services);

  const pipeline = createPipeline({ strapi });
  const context = (): RunContext => ({ workerId: WORKER_ID, signal: new AbortController().signal });
  return {
    pipeline, jobs, scenario, budget, articles, withoutDrafts, deleted, sharedFields, files, config, learnedLimits, context,
    run: (job) => pipeline.process(jobs.add(job), context()),
    get uploadDiesBeforeMark() {
      return crash.beforeMark;
    },
    set uploadDiesBeforeMark(dies: boolean | undefined) {
      crash.beforeMark = Boolean(dies);
    },
  };
}
