import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { LostLeaseError, type IllustrationTarget, type JobRow, type JobTrigger } from './jobs';

/**
 * The background worker of one Strapi instance: started in bootstrap, stopped in destroy. It claims due jobs
 * (atomically, so several instances can share one database), runs at most `concurrency` at once, and is woken
 * right away when this instance enqueues work; otherwise it looks for due jobs every `pollIntervalMs`.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const running = new Map<number, { controller: AbortController; done: Promise<void> }>();
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let ticking: Promise<void> | undefined;
  let tickAgain = false;
  const pendingEnqueues = new Set<Promise<unknown>>();

  const settings = () => getService(strapi, 'settings');
  const log = (level: 'info' | 'warn' | 'error', message: string) => strapi.log[level](`[auto-illustration] ${message}`);

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
          const free = config.concurrency - running.size;
          const claimed = await getService(strapi, 'jobs').claim(workerId, free, config.worker.leaseSeconds);
          claimed.forEach(run);
        } catch (error) {
          log('error', `could not look for jobs: ${(error as Error).message}`);
        }
      } while (tickAgain && started);
    })();
    try {
      await ticking;
    } finally {
      ticking = undefined;
    }
  }

  function run(job: JobRow) {
    const controller = new AbortController();
    const done = (async () => {
      try {
        const finished = await getService(strapi, 'pipeline').process(job, { workerId, signal: controller.signal });
        if (finished.state === 'fallback' || finished.state === 'failed') {
          log('warn', `job ${job.id} (${job.targetUid} ${job.targetDocumentId}) ended in ${finished.state}: ${finished.reason ?? finished.lastError ?? ''}`);
        }
      } catch (error) {
        if (!(error instanceof LostLeaseError) && !controller.signal.aborted) {
          log('error', `job ${job.id} stopped unexpectedly: ${(error as Error).message}`);
        }
      } finally {
        await getService(strapi, 'jobs')
          .release(job.id, workerId)
          .catch(() => undefined);
        running.delete(job.id);
        if (started) void tick();
      }
    })();
    running.set(job.id, { controller, done });
  }

  return {
    id: workerId,

    start() {
      const config = settings().current();
      if (started || !config.worker.enabled) return;
      started = true;
      timer = setInterval(() => void tick(), config.worker.pollIntervalMs);
      timer.unref();
      void tick();
    },

    /**
     * Records jobs for these targets without making the caller wait (the publish request must not), then starts
     * on them at once. stop() waits for records still being written, so none is lost on shutdown.
     */
    enqueue(targets: IllustrationTarget[], options: { trigger?: JobTrigger; requestedPrompt?: string } = {}): Promise<JobRow[]> {
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
      if (!started) return;
      started = false;
      if (timer) clearInterval(timer);
      await ticking;
      for (const { controller } of running.values()) controller.abort();
      await Promise.all([...running.values()].map(({ done }) => done));
    },

    inFlight: () => running.size,
  };
};
