/**
 * The life of an illustration job:
 *
 *   queued → generating → captioning → attaching → done
 *      └──────────┴────────────┴───────────┴──→ (placeholder) attaching → fallback
 *   queued, attaching → skipped (nothing to do: image already set, article unchanged, no longer published)
 *   any    → failed  (even the placeholder could not be attached; the reason is on the job)
 *
 * It moves back only from generating to queued, and only for a generation Scenario never took or that failed
 * unbilled (the budget, Scenario's ceiling, a submission never received, a failure before sending, its backfill
 * paused, a retry's refunded failure): it is submitted again; nothing paid is dropped. A cancelled backfill's job in
 * generating that sent nothing is skipped.
 *
 * Each step is persisted before the next one starts, so a worker that stops mid-job resumes where it was:
 * a job in `generating` with a Scenario job id is polled again, never submitted again.
 */
export const JOB_STATES = ['queued', 'generating', 'captioning', 'attaching', 'done', 'fallback', 'skipped', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const ACTIVE_STATES: readonly JobState[] = ['queued', 'generating', 'captioning', 'attaching'];

export const isActive = (state: JobState): boolean => ACTIVE_STATES.includes(state);

/**
 * States whose jobs count against Scenario's ceiling of jobs in flight: a paid generation about to go or out, and
 * its description asked right after (jobs.scenarioJobsInFlight).
 */
export const SLOT_STATES: readonly JobState[] = ['generating', 'captioning'];

export const holdsSlot = (state: JobState): boolean => SLOT_STATES.includes(state);

export interface JobHistoryEntry {
  at: string;
  state: JobState;
  note?: string;
  /** The worker (host:pid:id) that made the change, or the admin user who asked for it: shows who did what. */
  by?: string;
}

/** Keeps the history readable on the job row: the latest entries matter, old ones are dropped. */
export const MAX_HISTORY_ENTRIES = 40;

export function appendHistory(history: JobHistoryEntry[] | null | undefined, entry: JobHistoryEntry): JobHistoryEntry[] {
  const next = [...(history ?? []), entry];
  return next.length > MAX_HISTORY_ENTRIES ? next.slice(next.length - MAX_HISTORY_ENTRIES) : next;
}

/** Exponential backoff for a step that failed for a passing reason: 5 s, 10 s, 20 s … capped at 5 minutes. */
export function retryDelayMs(attempt: number): number {
  return Math.min(5000 * 2 ** Math.max(0, attempt - 1), 5 * 60 * 1000);
}
