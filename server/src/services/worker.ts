import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Core } from '@strapi/strapi';
import { failureLog } from '../utils/failure-log';
import { getService } from '../utils/get-service';
import { LostLeaseError, type IllustrationTarget, type JobRow, type JobTrigger } from './jobs';
import { describe, endOfWait } from './pipeline/shared';

/** Jobs at once that only put a placeholder up (past their deadline while waiting their turn, or in an outage). */
const PLACEHOLDER_CONCURRENCY = 2;

/** How often the worker looks for candidates and descriptions that arrived after their job ended. */
const LATE_SWEEP_EVERY_MS = 30_000;

/**
 * A run that broke on something unexpected (a bug, not Scenario, whose failures the pipeline handles) is looked at
 * again after this long: released as due at once, it would be claimed again and break again in a loop. After the
 * worker's maxAttempts such runs the job is given up (failed, with the reason).
 */
const CRASH_RETRY_MS = 30_000;

/**
 * The background worker of one Strapi instance: started in bootstrap, stopped in destroy. It claims due jobs
 * (atomically, so several instances can share one database), runs at most `concurrency` at once, and is woken
 * right away when this instance enqueues work; otherwise it looks for due jobs every `pollIntervalMs`.
 * While it runs a job, a heartbeat renews the job's lease, whatever the job is waiting on; a job whose lease was
 * lost is aborted before its next side effect. Besides, jobs that wait past their deadline (a backlog, Scenario
 * down) get their placeholder from a small separate lane, so no article waits for a free slot to show one.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const running = new Map<number, { controller: AbortController; done: Promise<void> }>();
  const placeholderRuns = new Map<number, { controller: AbortController; done: Promise<void> }>();
  const held = () => [...running.keys(), ...placeholderRuns.keys()];
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let ticking: Promise<void> | undefined;
  let lastLateSweep = 0;
  let tickAgain = false;
  const pendingEnqueues = new Set<Promise<unknown>>();

  const settings = () => getService(strapi, 'settings');
  const log = (level: 'info' | 'warn' | 'error', message: string) => strapi.log[level](`[auto-illustration] ${message}`);
  const failures = failureLog(strapi);

  async function tick(): Promise<void> {
    if (!started) return;
    if (ticking) {
      tickAgain = true;
      return ticking;
    }
    ticking = (async () => {
      do {
        tickAgain = false;
        try {
          const config = await settings().reload();
          const jobs = getService(strapi, 'jobs');
          const claimed = await jobs.claim(workerId, config.concurrency - running.size, config.worker.leaseSeconds, held());
          claimed.forEach((job) => run(job, running, 'process'));
          // Scenario unreachable: every waiting job shows its placeholder now, not at its deadline.
          const late = await jobs.claimPlaceholderDue(workerId, PLACEHOLDER_CONCURRENCY - placeholderRuns.size, config.worker.leaseSeconds, held(), {
            beforeDeadline: getService(strapi, 'scenario').outage() !== null,
          });
          late.forEach((job) => run(job, placeholderRuns, 'placeholder'));
          failures.worked('look for jobs');
          // Now and then: what Scenario delivered (and billed) after its job ended: candidates of a job that ended with
          // the placeholder, descriptions that outlived their call.
          if (Date.now() - lastLateSweep > LATE_SWEEP_EVERY_MS) {
            lastLateSweep = Date.now();
            void Promise.resolve()
              .then(() => getService(strapi, 'late-candidates').sweep())
              .catch((error: Error) => log('warn', `could not look for late candidates: ${error.message}`))
              .then(() => getService(strapi, 'late-descriptions').sweep())
              .catch((error: Error) => log('warn', `could not look for late descriptions: ${error.message}`));
          }
        } catch (error) {
          failures.failed('look for jobs', error);
        }
      } while (tickAgain && started);
    })();
    try {
      await ticking;
    } finally {
      ticking = undefined;
    }
  }

  /**
   * A publish that came while a run held the job: once the job has ended, that publish is looked at; a backfill's job
   * the run left waiting (paused, a retry) is taken over by it now. (After every run: one that broke after the job's
   * last save has ended it too.)
   */
  async function followUpRepublish(jobId: number): Promise<void> {
    try {
      const jobs = getService(strapi, 'jobs');
      const target = await jobs.takeRepublish(jobId);
      if (target) await getService(strapi, 'worker').enqueue([target]);
      else if (await jobs.promoteRepublished(jobId, settings().current().deadlineSeconds)) void tick();
    } catch (error) {
      log('warn', `a publish made while job ${jobId} ran could not be looked at: ${(error as Error).message}`);
    }
  }

  function run(job: JobRow, lane: typeof running, mode: 'process' | 'placeholder') {
    const controller = new AbortController();
    const { leaseSeconds } = settings().current().worker;
    // The lease is renewed on a clock of its own, so a long call, a back-off or a slow poll never outlives it.
    const heartbeat = setInterval(() => {
      void getService(strapi, 'jobs')
        .renew(job.id, workerId, leaseSeconds)
        .then((stillHeld) => {
          if (!stillHeld) controller.abort();
        })
        .catch(() => undefined);
    }, (leaseSeconds * 1000) / 3);
    heartbeat.unref();
    let crash: string | undefined;
    const done = (async () => {
      try {
        const pipeline = getService(strapi, 'pipeline');
        const context = { workerId, signal: controller.signal };
        const finished = mode === 'process' ? await pipeline.process(job, context) : await pipeline.showPlaceholderNow(job, context);
        if (finished.state === 'fallback' || finished.state === 'failed') {
          log('warn', `job ${job.id} (${job.targetUid} ${job.targetDocumentId}) ended in ${finished.state}: ${finished.reason ?? finished.lastError ?? ''}`);
        }
      } catch (error) {
        // (In plain words, as every job reason: editors read it, with no server paths.)
        if (!(error instanceof LostLeaseError) && !controller.signal.aborted) crash = describe(error);
      } finally {
        clearInterval(heartbeat);
        const jobs = getService(strapi, 'jobs');
        if (crash === undefined) await jobs.release(job.id, workerId).catch(() => undefined);
        else {
          const { maxAttempts } = settings().current().worker;
          const gaveUp = await jobs.crashed(job.id, workerId, crash, new Date(Date.now() + CRASH_RETRY_MS), maxAttempts, endOfWait).catch(() => false);
          log('error', `job ${job.id} stopped unexpectedly: ${crash}; ${gaveUp ? `given up after ${maxAttempts} times` : `tried again in ${CRASH_RETRY_MS / 1000} s`}`);
        }
        lane.delete(job.id);
        await followUpRepublish(job.id);
        if (started) void tick();
      }
    })();
    lane.set(job.id, { controller, done });
  }

  return {
    id: workerId,

    start() {
      const config = settings().current();
      if (started || timer) return;
      if (!config.worker.enabled) {
        // A web-only instance runs no jobs, but its publishes and settings page read settings saved on another one.
        const reload = () => settings().reload().then(() => failures.worked('read the saved settings'), (error: unknown) => failures.failed('read the saved settings', error, 'warn'));
        timer = setInterval(() => void reload(), config.worker.pollIntervalMs);
        timer.unref();
        return;
      }
      started = true;
      timer = setInterval(() => void tick(), config.worker.pollIntervalMs);
      timer.unref();
      void tick();
    },

    /**
     * Records jobs for these targets without making the caller wait (the publish request must not), then starts
     * on them at once. stop() waits for records still being written, so none is lost on shutdown.
     */
    enqueue(targets: IllustrationTarget[], options: { trigger?: JobTrigger; requestedPrompt?: string; requestedBy?: string } = {}): Promise<JobRow[]> {
      const pending = (async () => {
        try {
          const { deadlineSeconds } = settings().current();
          const created = await getService(strapi, 'jobs').enqueue(targets, { deadlineSeconds, ...options });
          if (created.length && started) void tick();
          return created;
        } catch (error) {
          log('error', `could not record illustration work for ${targets.map((t) => t.documentId).join(', ')}: ${(error as Error).message}`);
          if (options.trigger && options.trigger !== 'publish') throw error;
          return [];
        }
      })();
      pendingEnqueues.add(pending);
      void pending.catch(() => undefined).finally(() => pendingEnqueues.delete(pending));
      return pending;
    },

    /** Starts on due jobs now rather than at the next poll (after this instance recorded work). */
    wake() {
      if (started) void tick();
    },

    /** Stops claiming, interrupts running jobs where they wait, and releases them for the next start. */
    async stop() {
      await Promise.all([...pendingEnqueues]);
      if (timer) clearInterval(timer);
      timer = undefined;
      if (!started) return;
      started = false;
      await ticking;
      const all = [...running.values(), ...placeholderRuns.values()];
      for (const { controller } of all) controller.abort();
      await Promise.all(all.map(({ done }) => done));
    },

    inFlight: () => running.size,
  };
};
