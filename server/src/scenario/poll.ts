/**
 * When to poll a job next. Scenario has no webhook for API keys and no long poll, so the client polls; instead of
 * a fixed 2.5–4 s period it predicts the end from the progress so far and polls just after it.
 *
 * With progress p after `elapsed` ms, a job moving at a steady pace needs `elapsed × (1 − p) / p` more; the next poll
 * lands a small margin after that, clamped to [minIntervalMs, maxIntervalMs]. A job that reports no progress yet
 * is polled on a slowly growing interval. A job that rises linearly is therefore seen finished one poll after its
 * first progress report, a few tens of milliseconds after it ends.
 */

export interface PollSettings {
  /** Delay before the first poll. */
  firstPollMs: number;
  minIntervalMs: number;
  maxIntervalMs: number;
  /** How long after the predicted end to poll. */
  endMarginMs: number;
}

export const DEFAULT_POLL_SETTINGS: PollSettings = {
  firstPollMs: 1000,
  minIntervalMs: 250,
  maxIntervalMs: 4000,
  endMarginMs: 30,
};

export interface PollObservation {
  /** 0..1 */
  progress: number;
  /** Milliseconds since the job started (from its createdAt, or since waiting began). */
  elapsedMs: number;
  /** Polls made so far without any progress reported (drives the growing fallback interval). */
  pollsWithoutProgress: number;
}

/** The delay before the next poll, in ms. */
export function nextPollDelay(observation: PollObservation, settings: PollSettings = DEFAULT_POLL_SETTINGS): number {
  const { progress, elapsedMs, pollsWithoutProgress } = observation;
  let delay: number;
  if (progress > 0.001 && progress < 1 && elapsedMs > 0) {
    const remaining = (elapsedMs * (1 - progress)) / progress;
    delay = remaining + settings.endMarginMs;
  } else {
    // Nothing to extrapolate from yet (queued, warming up): 1 s, 1.5 s, 2.25 s, ... up to the maximum.
    delay = settings.firstPollMs * 1.5 ** Math.max(0, pollsWithoutProgress);
  }
  return Math.round(Math.min(settings.maxIntervalMs, Math.max(settings.minIntervalMs, delay)));
}

/**
 * The moment the job started, in the client's clock: the job's createdAt when it is plausible (not in the future,
 * not older than a day: clocks may differ), else the moment waiting began.
 */
export function jobStartedAt(createdAt: string | undefined, waitStartedAt: number, now: number): number {
  if (!createdAt) return waitStartedAt;
  const parsed = Date.parse(createdAt);
  if (Number.isNaN(parsed) || parsed > now + 1000 || parsed < now - 24 * 3600 * 1000) return waitStartedAt;
  return Math.min(parsed, now);
}
