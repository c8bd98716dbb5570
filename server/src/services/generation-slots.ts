import { setTimeout as sleep } from 'node:timers/promises';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';
import { LostLeaseError, type JobRow } from './jobs';

/** How often a waiting submission looks again for a slot another instance freed (its own instance wakes it at once). */
export const SLOT_POLL_MS = 200;
/** Without a 429 for this long, with every slot taken, one more is tried: the account's limit may have grown. */
export const PROBE_UP_AFTER_MS = 10 * 60_000;
/** How long the learned limit is read from the store before it is read again (other instances may have learned). */
const LIMIT_CACHE_MS = 2000;
const STORE_KEY = 'generation-slots';

/** What every instance reads: the account's ceiling of generations in flight, and when it was last confirmed. */
export interface LearnedLimit {
  limit: number;
  /** ISO date of the last 429 that named it (or of the last step up); for a configured limit, now. */
  seenAt: string;
}

/** The store's value, read with zod: anything else (none yet, a hand edit) is no limit learned. */
const learnedLimit = z.object({ limit: z.number().int().positive(), seenAt: z.string() });

/** Whether to try one more slot: the limit is reached and no 429 has come for PROBE_UP_AFTER_MS (the plan may have grown). */
export function probeDue(learned: LearnedLimit, now: number): boolean {
  return now - new Date(learned.seenAt).getTime() >= PROBE_UP_AFTER_MS;
}

interface Waiter {
  /** Publishes and editors' requests go before a backfill's work. */
  urgent: boolean;
  /** Set by a wake that came while the waiter was not waiting (it then looks again at once). */
  woken: boolean;
  resolve?: () => void;
}

function wake(waiter: Waiter | undefined) {
  if (!waiter) return;
  waiter.woken = true;
  waiter.resolve?.();
}

/**
 * Keeps the generations in flight across the cluster under Scenario's concurrency ceiling instead of bouncing off it.
 * The ceiling is learned from the 429 that names it (`details.actionLimit`) and kept in the plugin store, where every
 * instance reads it (or given up front: `scenario.maxParallelGenerations`); generations in flight are counted from the
 * job rows. A submission takes a slot by saving its job as `generating` under the lock the count is made with
 * (jobs.saveWithGenerationSlot), before its budget is reserved and its request sent; without a free slot it waits
 * here, in its worker, holding its lease: woken when a generation of this instance ends, and every SLOT_POLL_MS for
 * those of other instances. Publishes go before a backfill's work. With no limit known, nothing waits.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });
  let cached: { value: LearnedLimit | null; readAt: number } | undefined;
  const waiters: Waiter[] = [];

  async function learned(): Promise<LearnedLimit | null> {
    if (cached && Date.now() - cached.readAt < LIMIT_CACHE_MS) return cached.value;
    const parsed = learnedLimit.safeParse(await store().get({}));
    cached = { value: parsed.success ? parsed.data : null, readAt: Date.now() };
    return cached.value;
  }

  async function remember(value: LearnedLimit): Promise<void> {
    await store().set({ value });
    cached = { value, readAt: Date.now() };
  }

  /** The limit to keep under: the learned one, else the configured one (null: none known, nothing to keep under). */
  async function currentLimit(): Promise<LearnedLimit | null> {
    const known = await learned();
    if (known) return known;
    const configured = getService(strapi, 'settings').current().scenario.maxParallelGenerations;
    return configured ? { limit: configured, seenAt: new Date().toISOString() } : null;
  }

  /** The waiter whose turn it is: the oldest urgent one, else the oldest. */
  const first = () => waiters.find((waiter) => waiter.urgent) ?? waiters[0];

  const wakeFirst = () => wake(first());

  return {
    /**
     * Takes a generation slot for the job (saved as `generating`, under the lock the slots are counted with) and
     * returns the saved job; waits for one first, holding the job's lease (the worker's heartbeat renews it), until
     * the signal aborts. With no limit known the job is returned as it is: nothing to keep under.
     */
    async take(job: JobRow, workerId: string, signal: AbortSignal): Promise<JobRow> {
      const jobs = getService(strapi, 'jobs');
      const { leaseSeconds } = getService(strapi, 'settings').current().worker;
      const waiter: Waiter = { urgent: job.trigger !== 'backfill', woken: false };
      waiters.push(waiter);
      try {
        for (;;) {
          if (signal.aborted) throw new LostLeaseError(job.id);
          waiter.woken = false;
          if (first() === waiter) {
            const current = await currentLimit();
            if (!current) return job;
            const { limit } = current;
            const taken = await jobs.saveWithGenerationSlot(job, workerId, { state: 'generating', progress: 0 }, leaseSeconds, `generation slot taken (at most ${limit} in flight)`, limit);
            if (taken) return taken;
            if (probeDue(current, Date.now())) {
              // All slots taken and no 429 for a while: one more is tried (a 429 sets the limit again).
              await remember({ limit: limit + 1, seenAt: new Date().toISOString() });
              strapi.log.info(`[auto-illustration] no 429 from Scenario for a while: trying ${limit + 1} generations in flight`);
              continue;
            }
          }
          if (waiter.woken) continue;
          const woken = new Promise<void>((resolve) => (waiter.resolve = resolve));
          await Promise.race([woken, sleep(SLOT_POLL_MS, undefined, { signal }).catch(() => undefined)]);
          waiter.resolve = undefined;
        }
      } finally {
        waiters.splice(waiters.indexOf(waiter), 1);
        // The next one may take the following slot (or see there is none) at once.
        wakeFirst();
      }
    },

    /** A generation of this instance ended (its job left `generating`): the next waiting submission may go. */
    freed() {
      wakeFirst();
    },

    /** Scenario answered 429 with its ceiling: every instance keeps under it from now on. */
    async rateLimited(actionLimit: number): Promise<void> {
      const known = await learned();
      if (known?.limit !== actionLimit) {
        strapi.log.info(`[auto-illustration] Scenario allows ${actionLimit} generation(s) in flight: keeping under it`);
      }
      await remember({ limit: actionLimit, seenAt: new Date().toISOString() });
    },

    /** For the settings page and the benches: the limit in force (null: none known yet) and what is in flight. */
    async status(): Promise<{ limit: number | null; inFlight: number; waiting: number }> {
      return { limit: (await currentLimit())?.limit ?? null, inFlight: await getService(strapi, 'jobs').scenarioJobsInFlight(), waiting: waiters.length };
    },
  };
};
