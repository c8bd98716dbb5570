import type { Core } from '@strapi/strapi';
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
  usePlaceholder: boolean;
  reason: string | null;
  lastError: string | null;
  alternativeText: string | null;
  caption: string | null;
  fileId: number | null;
  history: JobHistoryEntry[] | null;
  finishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** publish: an editor published; generate: the "Generate illustration" action or a regenerate; choose: a candidate swap. */
export type JobTrigger = 'publish' | 'generate' | 'choose';

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
     * Swaps in another candidate of a finished generation: a new job that starts at `attaching`, with the
     * candidates and captions it already has, so nothing new is generated or paid for.
     */
    async enqueueChoice(from: JobRow, assetId: string, text: { alternativeText: string; caption: string }): Promise<JobRow> {
      const now = new Date();
      return (await query().create({
        data: {
          targetUid: from.targetUid,
          targetDocumentId: from.targetDocumentId,
          targetLocale: from.targetLocale,
          trigger: 'choose',
          state: 'attaching',
          attempts: 0,
          lockVersion: 0,
          progress: 1,
          nextRunAt: now,
          deadlineAt: now,
          title: from.title,
          textHash: from.textHash,
          keyphrases: from.keyphrases,
          prompt: from.prompt,
          negativePrompt: from.negativePrompt,
          style: from.style,
          model: from.model,
          seed: from.seed,
          scenarioJobId: from.scenarioJobId,
          candidateAssetIds: from.candidateAssetIds,
          candidateCaptions: from.candidateCaptions,
          chosenAssetId: assetId,
          creditsSpent: 0,
          usePlaceholder: false,
          ...text,
          history: appendHistory([], { at: now.toISOString(), state: 'attaching', note: `chose ${assetId} from job ${from.id}` }),
        },
      })) as JobRow;
    },

    /** Takes up to `limit` due jobs for this worker; returns only the ones it won. */
    async claim(workerId: string, limit: number, leaseSeconds: number): Promise<JobRow[]> {
      if (limit <= 0) return [];
      const now = new Date();
      const due = (await query().findMany({
        where: {
          state: { $in: ACTIVE_STATES },
          nextRunAt: { $lte: now },
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
