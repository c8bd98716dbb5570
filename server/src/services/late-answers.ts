import type { Core } from '@strapi/strapi';
import { JOB_UID } from '../utils/plugin-id';
import type { JobRow } from './jobs';

/** How long after a job ended Scenario's late answer (candidates, a description) is still looked for. */
const WINDOW_MS = 24 * 60 * 60 * 1000;
/** A job's Scenario job is asked about at most this often. */
const CHECK_EVERY_MS = 60 * 1000;
/** Jobs asked about per sweep: each is one light GET. */
const PER_SWEEP = 5;

/**
 * The ended jobs, matching `where`, due to have their Scenario job asked about again (late-candidates.ts,
 * late-descriptions.ts): ended within WINDOW_MS, not asked within CHECK_EVERY_MS, the longest unasked first.
 */
export async function jobsDueForLateCheck(strapi: Core.Strapi, where: Record<string, unknown>): Promise<JobRow[]> {
  const now = Date.now();
  return (await strapi.db.query(JOB_UID).findMany({
    where: {
      ...where,
      finishedAt: { $gte: new Date(now - WINDOW_MS) },
      $or: [{ lateCheckedAt: { $null: true } }, { lateCheckedAt: { $lte: new Date(now - CHECK_EVERY_MS) } }],
    },
    orderBy: { lateCheckedAt: 'asc' },
    limit: PER_SWEEP,
  })) as JobRow[];
}
