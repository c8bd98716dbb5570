import type { Core } from '@strapi/strapi';

/** A failure that lasts is said again this often, so that a log read later still shows it. */
const REPEAT_MS = 10 * 60_000;

/**
 * A log for work repeated every poll (looking for jobs, reading settings, queueing a backfill): a failure is logged
 * once while it lasts (again when its message changes, and every ten minutes), and its end once. A database outage
 * would otherwise log the same line every two seconds on every instance.
 */
export function failureLog(strapi: Core.Strapi) {
  const failing = new Map<string, { message: string; loggedAt: number }>();
  return {
    failed(what: string, error: unknown, level: 'warn' | 'error' = 'error'): void {
      const message = error instanceof Error ? error.message : String(error);
      const last = failing.get(what);
      if (last && last.message === message && Date.now() - last.loggedAt < REPEAT_MS) return;
      failing.set(what, { message, loggedAt: Date.now() });
      strapi.log[level](`[auto-illustration] could not ${what}${last?.message === message ? ' (still)' : ''}: ${message} (logged once until it works again)`);
    },
    worked(what: string): void {
      if (failing.delete(what)) strapi.log.info(`[auto-illustration] could ${what} again`);
    },
  };
}
