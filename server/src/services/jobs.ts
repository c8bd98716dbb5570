import type { Core } from '@strapi/strapi';
import { BUDGET_REACHED } from '../domain/budget';
import { ACTIVE_STATES, JOB_STATES, SLOT_STATES, appendHistory, isActive, type JobHistoryEntry, type JobState } from '../domain/job-states';
import { JOB_UID } from '../utils/plugin-id';

export interface IllustrationTarget {
  uid: string;
  documentId: string;
  /** null for content types without i18n. */
  locale: string | null;
}

/** Where a job's alt text came from: the image's caption, the text model, the title, or (no title) the keyphrases. */
export type AltTextSource = 'caption' | 'text-model' | 'title' | 'keyphrases';

export interface JobRow {
  id: number;
  /** The job's own document id (file names use it); the article's is targetDocumentId. */
  documentId: string;
  targetUid: string;
  targetDocumentId: string;
  targetLocale: string | null;
  trigger: JobTrigger;
  /** Higher runs first: publishes and editors' requests before a backfill's work. */
  priority: number;
  /** The backfill that queued this job, if one did. */
  backfillId: number | null;
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
  /** When the submission's answer was lost (or its process found gone): it is looked for in Scenario's job list from then. */
  answerLostAt: string | null;
  scenarioJobId: string | null;
  candidateAssetIds: string[] | null;
  candidateCaptions: string[] | null;
  chosenAssetId: string | null;
  creditsSpent: number | string | null;
  /** Credits this job's generation counts against the budget (reserved before it was sent, then settled); null: none. */
  budgetCredits: number | string | null;
  /** Credits of its other paid calls (captions, translation, prompt assistant, description); null: none. */
  helperCredits: number | string | null;
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
  /** Runs of this job that broke on something unexpected (a bug) since its last step: past the worker's maxAttempts it is given up. */
  crashes: number;
  /** Set just before the (paid) caption call: a job resumed after a crash does not send it again. */
  captionRequestedAt: string | null;
  /** The article's language as the job used it ('fr'); English needs no text helper. */
  language: string | null;
  /** The English translation of `title` and `keyphrases` the prompt was built from (non-English articles). */
  translatedTitle: string | null;
  translatedKeyphrases: string[] | null;
  /** Like captionRequestedAt, for the translate call. */
  translationRequestedAt: string | null;
  /** The translation came back as it was sent (names only): paid, not shown, and not asked again for the same words. */
  translationUnchanged: boolean | null;
  /** The locally built prompt when Scenario's prompt writer replaced it (`prompt` is what was sent). */
  localPrompt: string | null;
  /** Like captionRequestedAt, for the prompt writer's call. */
  promptAssistRequestedAt: string | null;
  /** Like captionRequestedAt, for the text model's description of the chosen image. */
  describeRequestedAt: string | null;
  /**
   * The text model's description job when it outlived its call (alt text from the title meanwhile): Scenario goes on
   * and bills it, so its answer is fetched later and used (services/late-descriptions.ts).
   */
  describeJobId: string | null;
  /**
   * A publish that came after this job had read the article's text (it works from the text before): once the job
   * has ended, a publish job looks at the article as it is then, as that publish would have.
   */
  republishedAt: string | null;
  /** Where the alt text came from: 'caption' (Scenario's English caption), 'text-model' (described in the article's language), 'title'. */
  altTextSource: AltTextSource | null;
  /** Why a text helper was not used (plain words), in the order it happened. */
  helperNotes: string[] | null;
  /** The Scenario asset ids of the house-style reference images sent with the generation (null: none). */
  referenceAssetIds: string[] | null;
  history: JobHistoryEntry[] | null;
  finishedAt: string | null;
  /** Review mode: the image is in the draft (or, without draft & publish, in the Media Library) until an editor publishes or uses it. */
  awaitingReview: boolean;
  /** When Scenario was last asked whether a job that ended with the placeholder got its candidates after all. */
  lateCheckedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Where a job made from another one (a swap, a retry) starts, and what it takes over. */
export interface JobStart {
  trigger: JobTrigger;
  state: 'generating' | 'captioning' | 'attaching';
  deadlineSeconds: number;
  chosenAssetId?: string;
  /** The earlier job's caption call, when its answer was lost: paid, so it is not sent again. */
  captionRequestedAt?: string | null;
  /** The earlier job's description of the same image, when its answer was lost: looked for, not asked again. */
  describeRequestedAt?: string | null;
  /** Alt text already written for the chosen image, and what wrote it. */
  text?: { alternativeText: string; caption: string; altTextSource: AltTextSource };
  /** The admin user who asked (a swap, a retry): the job's provenance says who. */
  requestedBy?: string;
}

/**
 * publish: an editor published; generate: the "Generate illustration" action or a regenerate; choose: a candidate
 * swap; retry: an editor's Retry that reuses what the earlier job paid for; backfill: an archive backfill queued it.
 */
export const JOB_TRIGGERS = ['publish', 'generate', 'choose', 'retry', 'backfill'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

/** Jobs of one article read back for it (skips included): the side panel's, and an earlier job's translation. */
export const RECENT_JOBS_SCANNED = 100;

/** Work nobody asked for by hand (a publish, a backfill): it follows the content type's rules and spends nothing needlessly. */
export const isAutomaticTrigger = (trigger: string): boolean => trigger === 'publish' || trigger === 'backfill';

/**
 * Claim order: every due job of a higher priority before any of a lower one. A fixed set of levels, so each claim is
 * an index range scan on (priority, nextRunAt) that stops at its limit, however many backfill jobs wait.
 */
export const JOB_PRIORITY = { editor: 10, backfill: 0 } as const;
const PRIORITY_LEVELS = [JOB_PRIORITY.editor, JOB_PRIORITY.backfill];

/** The nextRunAt of a paused backfill's jobs: never due until the backfill resumes. */
export const HELD_UNTIL = new Date('9999-01-01T00:00:00.000Z');
/** Held by a paused backfill until it resumes. */
export const heldByBackfill = (job: Pick<JobRow, 'nextRunAt'>): boolean => job.nextRunAt !== null && new Date(job.nextRunAt) >= HELD_UNTIL;
/** The history's note when a worker takes a job over whose lease ran out. */
const TAKEN_OVER = 'taken over: the instance working on it stopped before it finished';
/** A worker's lease on the job is running. */
const leased = (job: Pick<JobRow, 'lockedUntil'>, now: Date): boolean => job.lockedUntil !== null && new Date(job.lockedUntil) > now;

/** The reason of a locale waiting for another locale's image while that one waits for the budget. */
export const SHARED_IMAGE_WAITS = 'Shares the image of another locale, which waits for the budget';

/**
 * A backfill's job with no generation sent (waiting its turn, for the budget, or after a 429), held by no worker and not
 * taken over by a publish: pause holds it, cancel drops it. Whatever it prepared (a paid translation) stays on it.
 */
const unsentBackfillJob = (now: Date) => ({
  state: 'queued',
  priority: JOB_PRIORITY.backfill,
  scenarioJobId: { $null: true },
  $or: [{ lockedUntil: { $null: true } }, { lockedUntil: { $lt: now } }],
});

export type JobPatch = Partial<Omit<JobRow, 'id' | 'documentId' | 'createdAt' | 'updatedAt'>>;

/** How a job's wait for an image ends, with the history's note (the pipeline's endOfWait). */
export type EndOfWait = (job: JobRow, why: string) => { patch: JobPatch; note: string };

/** The advisory lock under which generation slots are counted and taken (any constant unique to the plugin). */
const GENERATION_SLOTS_LOCK = 7_310_422_001;

/** Thrown when a worker writes to a job whose lease it no longer holds: it must stop working on it. */
export class LostLeaseError extends Error {
  constructor(jobId: number) {
    super(`job ${jobId} is no longer held by this worker`);
  }
}

/** How long after a job ended Scenario's late answer (candidates, a description) is still looked for. */
const WINDOW_MS = 24 * 60 * 60 * 1000;
/** A job's Scenario job is asked about at most this often. */
const CHECK_EVERY_MS = 60 * 1000;
/** Jobs asked about per sweep: each is one light GET. */
const PER_SWEEP = 5;

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

  /**
   * A publish (or an editor's request) for an article whose backfill job is still waiting its turn takes that job over
   * at its own priority, at once (held by a pause, waiting out a retry, or not), with the publish's deadline and interim
   * placeholder: it must not wait behind the backlog, and one job per article stays the rule. Not a job a worker holds:
   * the worker goes on with its own copy (a backfill's priority, perhaps the text before), so the publish is noted for
   * when its run ends instead.
   */
  async function promote(
    active: Pick<JobRow, 'id' | 'state' | 'priority' | 'lockVersion' | 'lockedUntil'>,
    options: { deadlineSeconds: number; trigger?: JobTrigger; requestedPrompt?: string },
    now: Date,
  ): Promise<JobRow | null> {
    if (active.priority >= JOB_PRIORITY.editor || active.state !== 'queued' || leased(active, now)) return null;
    const { count } = await query().updateMany({
      // (Its lockVersion: no worker claimed it since it was read.)
      where: { id: active.id, lockVersion: active.lockVersion },
      data: {
        // A publish noted while a worker held it is this one: the job reads the text when it runs.
        republishedAt: null,
        priority: JOB_PRIORITY.editor,
        trigger: options.trigger ?? 'publish',
        requestedPrompt: options.requestedPrompt ?? null,
        nextRunAt: now,
        deadlineAt: new Date(now.getTime() + options.deadlineSeconds * 1000),
        placeholderCheckedAt: null,
        lockVersion: active.lockVersion + 1,
      },
    });
    return count === 1 ? ((await query().findOne({ where: { id: active.id } })) as JobRow) : null;
  }

  async function claimWhere(
    workerId: string,
    limit: number,
    leaseSeconds: number,
    running: number[],
    where: object,
    levels: readonly number[] = PRIORITY_LEVELS,
  ): Promise<JobRow[]> {
    if (limit <= 0) return [];
    const won: JobRow[] = [];
    for (const priority of levels) {
      if (won.length >= limit) break;
      won.push(...(await claimLevel(workerId, limit - won.length, leaseSeconds, running, { ...where, priority })));
    }
    return won;
  }

  async function claimLevel(workerId: string, limit: number, leaseSeconds: number, running: number[], where: object): Promise<JobRow[]> {
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
      // A lease left to run out: the instance that held it stopped mid-run (killed, or its host gone). Its history says
      // the job was taken over (a trial found a minute's silence after a kill -9, then the job going on unexplained).
      const history = job.lockedBy ? appendHistory(job.history, { at: now.toISOString(), state: job.state, note: TAKEN_OVER }) : undefined;
      const { count } = await query().updateMany({
        where: { id: job.id, lockVersion: job.lockVersion },
        data: { lockedBy: workerId, lockedUntil, lockVersion: job.lockVersion + 1, ...(history ? { history } : {}) },
      });
      if (count === 1) won.push({ ...job, lockedBy: workerId, lockedUntil: lockedUntil.toISOString(), lockVersion: job.lockVersion + 1, ...(history ? { history } : {}) });
    }
    return won;
  }

  /** Skips the jobs `where` finds, each only if no worker took it meanwhile (its lockVersion), with the reason. */
  async function skipWaiting(where: Record<string, unknown>, reason: string): Promise<number> {
    const now = new Date();
    const waiting = (await query().findMany({ where })) as JobRow[];
    let skipped = 0;
    for (const job of waiting) {
      const { count } = await query().updateMany({
        where: { id: job.id, lockVersion: job.lockVersion },
        data: {
          state: 'skipped',
          reason,
          nextRunAt: null,
          finishedAt: now,
          // (A worker whose lease ran out while it went on fails its next save instead of undoing this.)
          lockedBy: null,
          lockedUntil: null,
          lockVersion: job.lockVersion + 1,
          history: appendHistory(job.history, { at: now.toISOString(), state: 'skipped', note: reason }),
        },
      });
      skipped += count;
    }
    return skipped;
  }

  return {
    /**
     * Records work for each target unless a job for it is already under way (several quick publishes of one
     * article make one job, which reads the latest text when it starts).
     */
    async enqueue(
      targets: IllustrationTarget[],
      options: { deadlineSeconds: number; trigger?: JobTrigger; requestedPrompt?: string; backfillId?: number; requestedBy?: string },
    ): Promise<JobRow[]> {
      const created: JobRow[] = [];
      for (const target of targets) {
        const active = (await query().findOne({
          where: { ...keyWhere(target), state: { $in: ACTIVE_STATES } },
          select: ['id', 'state', 'priority', 'lockVersion', 'lockedUntil'],
        })) as Pick<JobRow, 'id' | 'state' | 'priority' | 'lockVersion' | 'lockedUntil'> | null;
        const now = new Date();
        if (active) {
          const promoted = options.backfillId ? null : await promote(active, options, now);
          if (promoted) {
            created.push(promoted);
            continue;
          }
          // A publish while the job may have read the text already (past the queue, or held by a worker reading it or
          // waiting for a slot): noted for when it ends. Only this column is written, which the worker holding the
          // job never writes, so its lease is not disturbed; a job that ended meanwhile makes way for a new one. A
          // backfill's job a worker claimed since it was read (its takeover lost the race) is held too.
          const claimedSince = !options.backfillId && active.priority < JOB_PRIORITY.editor && active.state === 'queued';
          const working = active.state !== 'queued' || leased(active, now) || claimedSince;
          if (!working || options.backfillId || (options.trigger ?? 'publish') !== 'publish') continue;
          const { count } = await query().updateMany({ where: { id: active.id, state: { $in: ACTIVE_STATES } }, data: { republishedAt: now } });
          if (count === 1) continue;
        }
        created.push(
          (await query().create({
            data: {
              targetUid: target.uid,
              targetDocumentId: target.documentId,
              targetLocale: target.locale,
              trigger: options.trigger ?? 'publish',
              priority: options.backfillId ? JOB_PRIORITY.backfill : JOB_PRIORITY.editor,
              backfillId: options.backfillId ?? null,
              requestedPrompt: options.requestedPrompt ?? null,
              state: 'queued',
              // A backfill's article had no image (or its placeholder) for long: no interim placeholder, the image or
              // the final fallback goes up when its turn comes.
              ...(options.backfillId ? { placeholderCheckedAt: now } : {}),
              attempts: 0,
              lockVersion: 0,
              progress: 0,
              nextRunAt: now,
              deadlineAt: new Date(now.getTime() + options.deadlineSeconds * 1000),
              history: appendHistory([], { at: now.toISOString(), state: 'queued', note: options.trigger ?? 'publish', by: options.requestedBy }),
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
      start: JobStart,
    ): Promise<JobRow> {
      const now = new Date();
      return (await query().create({
        data: {
          targetUid: from.targetUid,
          targetDocumentId: from.targetDocumentId,
          targetLocale: from.targetLocale,
          trigger: start.trigger,
          priority: JOB_PRIORITY.editor,
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
          translationUnchanged: from.translationUnchanged,
          localPrompt: from.localPrompt,
          prompt: from.prompt,
          negativePrompt: from.negativePrompt,
          style: from.style,
          model: from.model,
          seed: from.seed,
          submittedAt: from.submittedAt,
          answerLostAt: from.answerLostAt,
          submissions: from.submissions ?? 1,
          scenarioJobId: from.scenarioJobId,
          referenceAssetIds: from.referenceAssetIds,
          candidateAssetIds: from.candidateAssetIds,
          // Kept when the next step attaches, or describes a chosen candidate; a retry that captions asks again.
          candidateCaptions: start.state === 'attaching' || start.chosenAssetId ? from.candidateCaptions : null,
          chosenAssetId: start.chosenAssetId ?? null,
          captionRequestedAt: start.captionRequestedAt ?? null,
          describeRequestedAt: start.describeRequestedAt ?? null,
          creditsSpent: 0,
          usePlaceholder: false,
          ...(start.text ?? {}),
          history: appendHistory([], {
            at: now.toISOString(),
            state: start.state,
            note: start.chosenAssetId ? `${start.trigger}: ${start.chosenAssetId} from job ${from.id}` : `${start.trigger}: continues job ${from.id}`,
            by: start.requestedBy,
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
      return claimWhere(
        workerId,
        limit,
        leaseSeconds,
        running,
        {
          state: { $in: ['queued', 'generating', 'captioning'] },
          placeholderCheckedAt: { $null: true },
          usePlaceholder: false,
          trigger: { $ne: 'choose' },
          ...(beforeDeadline ? {} : { deadlineAt: { $lte: new Date() } }),
        },
        // Backfill jobs never show an interim placeholder (enqueue marks them checked): not worth a scan of their level.
        [JOB_PRIORITY.editor],
      );
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
      // A finished job leaves the claim index's due range for good.
      if (patch.state && !isActive(patch.state)) data.nextRunAt = null;
      if (patch.state && (patch.state !== job.state || note)) {
        data.history = appendHistory(job.history, { at: new Date().toISOString(), state: patch.state, note, by: workerId });
      }
      // Moving on to a later step: earlier runs that broke (crashed()) no longer count against it. (Not a step back:
      // a run that breaks before its submission puts the job back in the queue first.)
      if (patch.state && JOB_STATES.indexOf(patch.state) > JOB_STATES.indexOf(job.state) && job.crashes) data.crashes = 0;
      const { count } = await query().updateMany({ where: { id: job.id, lockedBy: workerId }, data });
      if (count !== 1) throw new LostLeaseError(job.id);
      return { ...job, ...data } as JobRow;
    },

    /**
     * A finished job's image left review (published with the draft, or used by an editor). Conditional, like every
     * job write: two instances seeing the same publish record it once.
     */
    async settleReview(job: JobRow, note: string, by?: string): Promise<JobRow> {
      const history = appendHistory(job.history, { at: new Date().toISOString(), state: job.state, note, by });
      const data = { awaitingReview: false, reason: null, history };
      await query().updateMany({ where: { id: job.id, awaitingReview: true }, data });
      return { ...job, ...data } as JobRow;
    },

    /**
     * A run that broke on something unexpected (a bug, not Scenario): tried again at `retryAt`, until it has broken
     * `maxCrashes` times without moving on to another step (save() starts the count again). Then its wait ends as
     * `end` says (the pipeline's rule: the placeholder, a paid image with alt text from the title, or failed when the
     * placeholder itself keeps breaking), or as failed where a placeholder would do harm, rather than breaking every
     * half minute forever. True when it was given up.
     */
    async crashed(jobId: number, workerId: string, why: string, retryAt: Date, maxCrashes: number, end: EndOfWait): Promise<boolean> {
      const job = (await query().findOne({ where: { id: jobId, lockedBy: workerId } })) as JobRow | null;
      if (!job) return false;
      const crashes = (job.crashes ?? 0) + 1;
      const lastError = `stopped unexpectedly: ${why}`;
      const release = { lockedBy: null, lockedUntil: null, crashes, lastError, lockVersion: job.lockVersion + 1 };
      if (crashes < maxCrashes || !isActive(job.state)) {
        await query().updateMany({ where: { id: jobId, lockVersion: job.lockVersion }, data: { ...release, nextRunAt: retryAt } });
        return false;
      }
      const at = new Date().toISOString();
      const reason = `The plugin stopped unexpectedly on this job ${crashes} times (${why}), so it was given up. Retry it once the cause is fixed.`;
      // Ended as failed where a placeholder would do harm: a real image being attached (its file may be up already),
      // or a job that broke before it read its article (no title to write on the placeholder).
      const failed: ReturnType<EndOfWait> = { patch: { state: 'failed', finishedAt: at }, note: 'failed' };
      let ending = failed;
      if (!(job.state === 'attaching' && !job.usePlaceholder) && job.title !== null) {
        try {
          ending = end(job, reason);
        } catch {
          ending = failed;
        }
      }
      const { patch, note } = ending;
      const ended = patch.state === 'failed';
      const { count } = await query().updateMany({
        where: { id: jobId, lockVersion: job.lockVersion },
        data: {
          ...patch,
          ...release,
          reason,
          // A fresh count for the step it ends with (attaching the placeholder or the paid image).
          crashes: ended ? crashes : 0,
          nextRunAt: ended ? null : patch.nextRunAt,
          history: appendHistory(job.history, { at, state: patch.state ?? job.state, note: `given up after ${crashes} runs that stopped unexpectedly: ${note}` }),
        },
      });
      return count > 0;
    },

    /**
     * A publish noted while a worker held a backfill's job that its run left waiting (a paused backfill, a retry): the
     * job is taken over now, as that publish would have done. Null when there is none, or a worker holds it again.
     */
    async promoteRepublished(jobId: number, deadlineSeconds: number): Promise<JobRow | null> {
      const job = (await query().findOne({ where: { id: jobId, republishedAt: { $notNull: true }, state: 'queued' } })) as JobRow | null;
      return job ? promote(job, { deadlineSeconds }, new Date()) : null;
    },

    /** The target of a publish that came while this job worked from the text before, once the job has ended (taken once). */
    async takeRepublish(jobId: number): Promise<IllustrationTarget | null> {
      const { count } = await query().updateMany({
        where: { id: jobId, republishedAt: { $notNull: true }, state: { $notIn: ACTIVE_STATES } },
        data: { republishedAt: null },
      });
      if (count !== 1) return null;
      const job = (await query().findOne({ where: { id: jobId } })) as JobRow;
      return { uid: job.targetUid, documentId: job.targetDocumentId, locale: job.targetLocale };
    },

    /** Gives the job back for other workers (or this one after a restart): at once, or with `retryAt` not before then. */
    async release(jobId: number, workerId: string, retryAt?: Date): Promise<void> {
      await query().updateMany({ where: { id: jobId, lockedBy: workerId }, data: { lockedBy: null, lockedUntil: null, ...(retryAt ? { nextRunAt: retryAt } : {}) } });
    },

    /**
     * Scenario jobs in flight across the cluster, as its concurrency ceiling counts them: jobs in `generating`, whose
     * paid submission is about to go or is out (answered or not) and whose images have not been seen yet, and jobs in
     * `captioning`, whose description in the article's language (the text model's job) is asked right after: a
     * generation's slot is held until the job moves on to attaching, so that its description never finds the slot
     * taken by the next submission (an English job holds it through its caption call too, a second or so). Only jobs a worker holds: one whose instance died is not counted (its work has most
     * likely ended), or its slot would stay taken while every worker waits for a slot and none is free to take it over.
     */
    async scenarioJobsInFlight(except?: number): Promise<number> {
      return query().count({
        where: { state: { $in: [...SLOT_STATES] }, lockedUntil: { $gt: new Date() }, ...(except ? { id: { $ne: except } } : {}) },
      });
    },

    /**
     * save(), only while fewer than `limit` generations are in flight: the count and the write happen under one lock
     * (PostgreSQL: a transaction-scoped advisory lock; SQLite runs one transaction at a time), so instances racing
     * for the last slot cannot both take it. Null when there is none.
     */
    async saveWithGenerationSlot(job: JobRow, workerId: string, patch: JobPatch, leaseSeconds: number, note: string, limit: number): Promise<JobRow | null> {
      return strapi.db.transaction(async ({ trx }) => {
        if (strapi.db.dialect.client === 'postgres') await trx.raw('select pg_advisory_xact_lock(?::bigint)', [GENERATION_SLOTS_LOCK]);
        if ((await this.scenarioJobsInFlight(job.id)) >= limit) return null;
        return this.save(job, workerId, patch, leaseSeconds, note);
      });
    },

    async findOne(id: number): Promise<JobRow | null> {
      return (await query().findOne({ where: { id } })) as JobRow | null;
    },

    /** Which of Scenario's job ids another job than `except` already took as its own generation. */
    async takenScenarioJobs(scenarioJobIds: string[], except: number): Promise<Set<string>> {
      if (!scenarioJobIds.length) return new Set();
      const rows = (await query().findMany({ where: { scenarioJobId: { $in: scenarioJobIds }, id: { $ne: except } }, select: ['scenarioJobId'] })) as Array<{ scenarioJobId: string }>;
      return new Set(rows.map((row) => row.scenarioJobId));
    },

    /**
     * The ended jobs, matching `where`, due to have their Scenario job asked about again (late candidates, late
     * descriptions): ended within WINDOW_MS, not asked within CHECK_EVERY_MS, the longest unasked first.
     */
    async dueForLateCheck(where: Record<string, unknown>): Promise<JobRow[]> {
      const now = Date.now();
      return (await query().findMany({
        where: {
          ...where,
          finishedAt: { $gte: new Date(now - WINDOW_MS) },
          $or: [{ lateCheckedAt: { $null: true } }, { lateCheckedAt: { $lte: new Date(now - CHECK_EVERY_MS) } }],
        },
        orderBy: { lateCheckedAt: 'asc' },
        limit: PER_SWEEP,
      })) as JobRow[];
    },

    /**
     * What a late check found on an ended job, only while it is as the check read it (`job`'s lateCheckedAt, and
     * `where`): two instances sweeping at once record one answer. True when it was recorded.
     */
    async recordLateCheck(job: JobRow, where: Record<string, unknown>, data: Partial<JobRow>): Promise<boolean> {
      const { count } = await query().updateMany({ where: { ...where, id: job.id, lateCheckedAt: job.lateCheckedAt ?? { $null: true } }, data });
      return count === 1;
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

    /**
     * A paused backfill's jobs with nothing sent wait until it resumes (claims skip them: never due). One held by a
     * worker now is held by that worker before it sends anything (pipeline: backfillStopped).
     */
    async holdBackfill(backfillId: number): Promise<number> {
      const now = new Date();
      const waiting = (await query().findMany({
        where: { backfillId, ...unsentBackfillJob(now), nextRunAt: { $lt: HELD_UNTIL } },
        select: ['id', 'lockVersion'],
      })) as Array<Pick<JobRow, 'id' | 'lockVersion'>>;
      let held = 0;
      for (const job of waiting) {
        // Conditioned on the version read, like a claim: a worker that claimed it meanwhile keeps it.
        const { count } = await query().updateMany({
          where: { id: job.id, lockVersion: job.lockVersion },
          data: { nextRunAt: HELD_UNTIL, lockVersion: job.lockVersion + 1 },
        });
        held += count;
      }
      return held;
    },

    /** Jobs the budget sent to wait for the next period (of editors, or of these backfills) go again now. */
    async releaseBudgetWaits(scope: { editor: boolean; backfillIds: number[] }): Promise<number> {
      // An editor's: also a backfill's job a publish took over (its backfill may be paused).
      const editors = [{ backfillId: { $null: true } }, { priority: { $gte: JOB_PRIORITY.editor } }];
      const owners = [...(scope.editor ? editors : []), ...(scope.backfillIds.length ? [{ backfillId: { $in: scope.backfillIds } }] : [])];
      if (!owners.length) return 0;
      const now = new Date();
      const { count } = await query().updateMany({
        where: { state: 'queued', reason: { $startsWith: BUDGET_REACHED }, nextRunAt: { $gt: now }, $or: owners },
        data: { nextRunAt: now },
      });
      return count;
    },

    /**
     * A resumed backfill's held jobs are due again, keeping what they prepared. Resuming is their queuing: the deadline
     * and the give-up limit (counted from the row's creation) start again now, not from before the pause.
     */
    async releaseHeld(backfillId: number, deadlineSeconds: number): Promise<number> {
      const now = new Date();
      const { count } = await query().updateMany({
        where: { backfillId, state: 'queued', priority: JOB_PRIORITY.backfill, nextRunAt: { $gte: HELD_UNTIL } },
        data: { nextRunAt: now, deadlineAt: new Date(now.getTime() + deadlineSeconds * 1000), createdAt: now },
      });
      return count;
    },

    /** A cancelled backfill's jobs that have not started (held or waiting their turn) are skipped; running ones finish. */
    async skipBackfill(backfillId: number, reason: string): Promise<number> {
      return skipWaiting({ backfillId, ...unsentBackfillJob(new Date()) }, reason);
    },

    /**
     * An article's jobs that wait without having sent anything (held for the budget, say): skipped, with the reason. An
     * editor chose an image meanwhile, and a regeneration that would replace it is no longer wanted.
     */
    async skipUnsent(target: IllustrationTarget, reason: string): Promise<number> {
      return skipWaiting({ ...keyWhere(target), state: 'queued', scenarioJobId: { $null: true }, submittedAt: { $null: true }, $or: [{ lockedUntil: { $null: true } }, { lockedUntil: { $lt: new Date() } }] }, reason);
    },

    /** Jobs of a backfill by state, credits they spent, and how many finished since `since` (for its rate). */
    async backfillCounts(backfillId: number, since: Date): Promise<{ byState: Partial<Record<JobState, number>>; creditsSpent: number; finishedSince: number }> {
      const meta = strapi.db.metadata.get(JOB_UID);
      const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
      const rows = (await strapi.db
        .connection(meta.tableName)
        .where(column('backfillId'), backfillId)
        .groupBy(column('state'))
        .select(`${column('state')} as state`)
        .count({ count: '*' })
        .sum({ credits: column('creditsSpent') })
        .sum({ helperCredits: column('helperCredits') })) as Array<{ state: JobState; count: number | string; credits: number | string | null; helperCredits: number | string | null }>;
      const finishedSince = await query().count({ where: { backfillId, finishedAt: { $gte: since } } });
      return {
        byState: Object.fromEntries(rows.map((row) => [row.state, Number(row.count)])),
        creditsSpent: rows.reduce((sum, row) => sum + Number(row.credits ?? 0) + Number(row.helperCredits ?? 0), 0),
        finishedSince: Number(finishedSince),
      };
    },

    /** The article's other locales waiting for this one's image while it waited for the budget: due now, as it goes. */
    async wakeLocalesSharing(target: IllustrationTarget): Promise<number> {
      const { count } = await query().updateMany({
        // (Not one a paused backfill holds.)
        where: { targetUid: target.uid, targetDocumentId: target.documentId, state: 'queued', reason: { $startsWith: SHARED_IMAGE_WAITS }, nextRunAt: { $lt: HELD_UNTIL } },
        data: { nextRunAt: new Date() },
      });
      return count;
    },

    /** How many of a backfill's jobs wait for the credit budget's next period (sent nothing yet). */
    async waitingForBudget(backfillId: number): Promise<number> {
      return Number(await query().count({ where: { backfillId, state: 'queued', reason: { $startsWith: BUDGET_REACHED } } }));
    },

    /** A backfill's jobs, newest first (its page lists them like the jobs page). */
    async forBackfill(backfillId: number, limit = 20): Promise<JobRow[]> {
      return (await query().findMany({ where: { backfillId }, orderBy: { id: 'desc' }, limit })) as JobRow[];
    },

    /** `where`: more conditions on the jobs (whose entries a user may see). */
    async list(options: { limit?: number; offset?: number; states?: JobState[]; awaitingReview?: boolean; where?: object } = {}): Promise<JobRow[]> {
      return (await query().findMany({
        where: {
          ...(options.states?.length ? { state: { $in: options.states } } : {}),
          ...(options.awaitingReview !== undefined ? { awaitingReview: options.awaitingReview } : {}),
          ...(options.where ? { $and: [options.where] } : {}),
        },
        orderBy: { id: 'desc' },
        limit: options.limit ?? 50,
        offset: options.offset ?? 0,
      })) as JobRow[];
    },
  };
};
