import type { Core } from '@strapi/strapi';
import { captionAltTextSource } from '../domain/alt-text';
import { ACTIVE_STATES, appendHistory, type JobHistoryEntry, type JobState } from '../domain/job-states';
import { JOB_UID } from '../utils/plugin-id';

export interface IllustrationTarget {
  uid: string;
  documentId: string;
  /** null for content types without i18n. */
  locale: string | null;
}

export interface JobRow {
  id: number;
  documentId: string;
  targetUid: string;
  targetDocumentId: string;
  targetLocale: string | null;
  trigger: string;
  state: JobState;
  attempts: number;
  nextRunAt: string | null;
  deadlineAt: string | null;
  lockedBy: string | null;
  lockedUntil: string | null;
  lockVersion: number;
  progress: number;
  title: string | null;
  /** An editor's own prompt (regenerate from the side panel): used instead of the built one. */
  requestedPrompt: string | null;
  textHash: string | null;
  keyphrases: string[] | null;
  prompt: string | null;
  negativePrompt: string | null;
  style: string | null;
  model: string | null;
  seed: number | null;
  submittedAt: string | null;
  scenarioJobId: string | null;
  candidateAssetIds: string[] | null;
  candidateCaptions: string[] | null;
  chosenAssetId: string | null;
  creditsSpent: number | string | null;
  /** Credits this job's generation counts against the budget (reserved before it was sent, then settled); null: none. */
  budgetCredits: number | string | null;
  usePlaceholder: boolean;
  reason: string | null;
  lastError: string | null;
  alternativeText: string | null;
  caption: string | null;
  fileId: number | null;
  /** A placeholder put up while the job goes on (deadline passed, Scenario unreachable); the image replaces it. */
  placeholderFileId: number | null;
  /** When the job decided about that interim placeholder (set once: shown, or not needed). */
  placeholderCheckedAt: string | null;
  /** Paid submissions sent for this job: a second one only after Scenario's own list showed the first never arrived. */
  submissions: number;
  /** Set just before the (paid) caption call: a job resumed after a crash does not send it again. */
  captionRequestedAt: string | null;
  /** The article's language as the job used it ('fr'); English needs no text helper. */
  language: string | null;
  /** The English translation of `title` and `keyphrases` the prompt was built from (non-English articles). */
  translatedTitle: string | null;
  translatedKeyphrases: string[] | null;
  /** Like captionRequestedAt, for the translate call. */
  translationRequestedAt: string | null;
  /** The locally built prompt when Scenario's prompt writer replaced it (`prompt` is what was sent). */
  localPrompt: string | null;
  /** Like captionRequestedAt, for the prompt writer's call. */
  promptAssistRequestedAt: string | null;
  /** Like captionRequestedAt, for the text model's description of the chosen image. */
  describeRequestedAt: string | null;
  /** Where the alt text came from: 'caption' (Scenario's English caption), 'text-model' (described in the article's language), 'title'. */
  altTextSource: 'caption' | 'text-model' | 'title' | null;
  /** Why a text helper was not used (plain words), in the order it happened. */
  helperNotes: string[] | null;
  history: JobHistoryEntry[] | null;
  finishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * publish: an editor published; generate: the "Generate illustration" action or a regenerate; choose: a candidate
 * swap; retry: an editor's Retry that reuses what the earlier job paid for.
 */
export type JobTrigger = 'publish' | 'generate' | 'choose' | 'retry';

export type JobPatch = Partial<Omit<JobRow, 'id' | 'documentId' | 'createdAt' | 'updatedAt'>>;

/** Thrown when a worker writes to a job whose lease it no longer holds: it must stop working on it. */
export class LostLeaseError extends Error {
  constructor(jobId: number) {
    super(`job ${jobId} is no longer held by this worker`);
  }
}

/**
 * The job table, and the only code that touches it. Claims are optimistic: a worker reads due jobs, then takes each
 * with an update conditioned on the version it read, which exactly one worker (on any instance) can win.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(JOB_UID);
  const keyWhere = (target: IllustrationTarget) => ({
    targetUid: target.uid,
    targetDocumentId: target.documentId,
    targetLocale: target.locale ?? { $null: true },
  });

  async function claimWhere(workerId: string, limit: number, leaseSeconds: number, running: number[], where: object): Promise<JobRow[]> {
    if (limit <= 0) return [];
    const now = new Date();
    const due = (await query().findMany({
      where: {
        state: { $in: ACTIVE_STATES },
        ...where,
        ...(running.length ? { id: { $notIn: running } } : {}),
        $or: [{ lockedUntil: { $null: true } }, { lockedUntil: { $lt: now } }],
      },
      orderBy: { nextRunAt: 'asc' },
      limit: limit * 2,
    })) as JobRow[];
    const won: JobRow[] = [];
    for (const job of due) {
      if (won.length >= limit) break;
      const lockedUntil = new Date(now.getTime() + leaseSeconds * 1000);
      const { count } = await query().updateMany({
        where: { id: job.id, lockVersion: job.lockVersion },
        data: { lockedBy: workerId, lockedUntil, lockVersion: job.lockVersion + 1 },
      });
      if (count === 1) won.push({ ...job, lockedBy: workerId, lockedUntil: lockedUntil.toISOString(), lockVersion: job.lockVersion + 1 });
    }
    return won;
  }

  return {
    /**
     * Records work for each target unless a job for it is already under way (several quick publishes of one
     * article make one job, which reads the latest text when it starts).
     */
    async enqueue(
      targets: IllustrationTarget[],
      options: { deadlineSeconds: number; trigger?: JobTrigger; requestedPrompt?: string },
    ): Promise<JobRow[]> {
      const created: JobRow[] = [];
      for (const target of targets) {
        const active = await query().findOne({ where: { ...keyWhere(target), state: { $in: ACTIVE_STATES } }, select: ['id'] });
        if (active) continue;
        const now = new Date();
        created.push(
          (await query().create({
            data: {
              targetUid: target.uid,
              targetDocumentId: target.documentId,
              targetLocale: target.locale,
              trigger: options.trigger ?? 'publish',
              requestedPrompt: options.requestedPrompt ?? null,
              state: 'queued',
              attempts: 0,
              lockVersion: 0,
              progress: 0,
              nextRunAt: now,
              deadlineAt: new Date(now.getTime() + options.deadlineSeconds * 1000),
              history: appendHistory([], { at: now.toISOString(), state: 'queued', note: options.trigger ?? 'publish' }),
            },
          })) as JobRow,
        );
      }
      return created;
    },

    /**
     * A new job that carries on from what an earlier one already paid for, so nothing is bought again:
     * - a candidate swap (`choose`) starts at `attaching` with the chosen candidate and its alt text;
     * - a retry starts at `attaching` when candidates (and captions) are there, at `captioning` when only the
     *   candidates are, or at `generating` to look at a Scenario job whose images never arrived.
     */
    async enqueueFrom(
      from: JobRow,
      start: { trigger: JobTrigger; state: 'generating' | 'captioning' | 'attaching'; deadlineSeconds: number; chosenAssetId?: string; text?: { alternativeText: string; caption: string } },
    ): Promise<JobRow> {
      const now = new Date();
      return (await query().create({
        data: {
          targetUid: from.targetUid,
          targetDocumentId: from.targetDocumentId,
          targetLocale: from.targetLocale,
          trigger: start.trigger,
          state: start.state,
          attempts: 0,
          lockVersion: 0,
          progress: start.state === 'generating' ? 0 : 1,
          nextRunAt: now,
          deadlineAt: new Date(now.getTime() + start.deadlineSeconds * 1000),
          // A swap or a retry never puts a placeholder up: the article shows what it has until the image comes.
          placeholderCheckedAt: now,
          title: from.title,
          textHash: from.textHash,
          keyphrases: from.keyphrases,
          language: from.language,
          translatedTitle: from.translatedTitle,
          translatedKeyphrases: from.translatedKeyphrases,
          localPrompt: from.localPrompt,
          prompt: from.prompt,
          negativePrompt: from.negativePrompt,
          style: from.style,
          model: from.model,
          seed: from.seed,
          submittedAt: from.submittedAt,
          submissions: from.submissions ?? 1,
          scenarioJobId: from.scenarioJobId,
          candidateAssetIds: from.candidateAssetIds,
          // Kept when the next step attaches, or describes a chosen candidate; a retry that captions asks again.
          candidateCaptions: start.state === 'attaching' || start.chosenAssetId ? from.candidateCaptions : null,
          chosenAssetId: start.chosenAssetId ?? null,
          creditsSpent: 0,
          usePlaceholder: false,
          ...(start.text ?? {}),
          // Alt text given here comes from the chosen candidate's caption (English articles) or the title (others).
          ...(start.text && start.chosenAssetId
            ? { altTextSource: captionAltTextSource({ caption: from.candidateCaptions?.[from.candidateAssetIds?.indexOf(start.chosenAssetId) ?? -1] ?? '', locale: from.targetLocale }) }
            : {}),
          history: appendHistory([], {
            at: now.toISOString(),
            state: start.state,
            note: start.chosenAssetId ? `${start.trigger}: ${start.chosenAssetId} from job ${from.id}` : `${start.trigger}: continues job ${from.id}`,
          }),
        },
      })) as JobRow;
    },

    /**
     * Takes up to `limit` due jobs for this worker; returns only the ones it won. `running` are the jobs this
     * worker is carrying out now: never claimed again, even if their lease ran out (two runs of one job would
     * pay twice).
     */
    async claim(workerId: string, limit: number, leaseSeconds: number, running: number[] = []): Promise<JobRow[]> {
      return claimWhere(workerId, limit, leaseSeconds, running, { nextRunAt: { $lte: new Date() } });
    },

    /**
     * Takes jobs past their deadline that have not shown a placeholder yet, whatever their next run: a job
     * waiting in the backlog or for Scenario to come back gets its placeholder now, not when its turn comes.
     * `beforeDeadline` takes them whatever their deadline (Scenario is unreachable: no point waiting for it).
     */
    async claimPlaceholderDue(
      workerId: string,
      limit: number,
      leaseSeconds: number,
      running: number[],
      { beforeDeadline = false }: { beforeDeadline?: boolean } = {},
    ): Promise<JobRow[]> {
      return claimWhere(workerId, limit, leaseSeconds, running, {
        state: { $in: ['queued', 'generating', 'captioning'] },
        placeholderCheckedAt: { $null: true },
        usePlaceholder: false,
        trigger: { $ne: 'choose' },
        ...(beforeDeadline ? {} : { deadlineAt: { $lte: new Date() } }),
      });
    },

    /** Renews the lease of a job this worker holds; false when it is no longer held (the worker must stop). */
    async renew(jobId: number, workerId: string, leaseSeconds: number): Promise<boolean> {
      const { count } = await query().updateMany({
        where: { id: jobId, lockedBy: workerId },
        data: { lockedUntil: new Date(Date.now() + leaseSeconds * 1000) },
      });
      return count === 1;
    },

    /**
     * Writes a change to a job this worker holds, renewing its lease. A state change is added to the history.
     * Throws LostLeaseError if another worker took the job over.
     */
    async save(job: JobRow, workerId: string, patch: JobPatch, leaseSeconds: number, note?: string): Promise<JobRow> {
      const data: JobPatch = { ...patch, lockedUntil: new Date(Date.now() + leaseSeconds * 1000).toISOString() };
      if (patch.state && (patch.state !== job.state || note)) {
        data.history = appendHistory(job.history, { at: new Date().toISOString(), state: patch.state, note, by: workerId });
      }
      const { count } = await query().updateMany({ where: { id: job.id, lockedBy: workerId }, data });
      if (count !== 1) throw new LostLeaseError(job.id);
      return { ...job, ...data } as JobRow;
    },

    /** Lets other workers (or this one after a restart) pick the job up at once. */
    async release(jobId: number, workerId: string): Promise<void> {
      await query().updateMany({ where: { id: jobId, lockedBy: workerId }, data: { lockedBy: null, lockedUntil: null } });
    },

    async findOne(id: number): Promise<JobRow | null> {
      return (await query().findOne({ where: { id } })) as JobRow | null;
    },

    /** The jobs of one article, newest first. */
    async forTarget(target: IllustrationTarget, limit = 20): Promise<JobRow[]> {
      return (await query().findMany({ where: keyWhere(target), orderBy: { id: 'desc' }, limit })) as JobRow[];
    },

    /** The other locales' jobs of the same document, newest first (translations can share one generation). */
    async otherLocales(target: IllustrationTarget, limit = 20): Promise<JobRow[]> {
      return (await query().findMany({
        where: {
          targetUid: target.uid,
          targetDocumentId: target.documentId,
          ...(target.locale ? { $or: [{ targetLocale: { $ne: target.locale } }, { targetLocale: { $null: true } }] } : { targetLocale: { $notNull: true } }),
        },
        orderBy: { id: 'desc' },
        limit,
      })) as JobRow[];
    },

    async list(options: { limit?: number; offset?: number; states?: JobState[] } = {}): Promise<JobRow[]> {
      return (await query().findMany({
        where: options.states?.length ? { state: { $in: options.states } } : {},
        orderBy: { id: 'desc' },
        limit: options.limit ?? 50,
        offset: options.offset ?? 0,
      })) as JobRow[];
    },
  };
};
