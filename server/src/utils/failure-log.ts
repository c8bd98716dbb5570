import type { Core } from '@strapi/strapi';

/**
 * A log for work repeated every poll (looking for jobs, reading settings, queueing a backfill): a failure is logged
 * once while it lasts, and its end once. A database outage would otherwise log the same line every two seconds on
 * every instance.
 */
export function failureLog(strapi: Core.Strapi) {
  const failing = new Set<string>();
  return {
    failed(what: string, error: unknown, level: 'warn' | 'error' = 'error'): void {
      if (failing.has(what)) return;
      failing.add(what);
      strapi.log[level](`[auto-illustration] could not ${what}: ${error instanceof Error ? error.message : String(error)} (logged once until it works again)`);
    },
    worked(what: string): void {
      if (failing.delete(what)) strapi.log.info(`[auto-illustration] could ${what} again`);
    },
  };
}
