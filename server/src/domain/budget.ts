/**
 * The credit budget's calendar and words, free of Strapi: UTC months and days, when the next one starts, and the
 * reason a job carries when the budget stopped it.
 */

export type PeriodKind = 'month' | 'day';

/** "month:2026-12" and "day:2026-12-03", in UTC. */
export function periodKey(kind: PeriodKind, at: Date): string {
  const iso = at.toISOString();
  return `${kind}:${kind === 'month' ? iso.slice(0, 7) : iso.slice(0, 10)}`;
}

/** The first instant of the UTC month or day after the one `at` is in. */
export function nextPeriodStart(kind: PeriodKind, at: Date): Date {
  return kind === 'month'
    ? new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1))
    : new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

/** Every reason the budget gives starts with this, so the admin can tell (and filter) such jobs. */
export const BUDGET_REACHED = 'Budget reached';

export function isBudgetReason(reason: string | null | undefined): boolean {
  return Boolean(reason?.startsWith(BUDGET_REACHED));
}

/**
 * "Budget reached: the monthly cap of 100 credits is used up until 2027-01-01 00:00 UTC.", or, when some is left but
 * less than the call costs, "… has 10 credits left, less than the 21.5 this step costs, until …".
 */
export function budgetReachedReason(kind: PeriodKind, cap: number, resumesAt: Date, left?: number, needed?: number, neededFor = 'this step costs'): string {
  const until = `${resumesAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const which = `the ${kind === 'month' ? 'monthly' : 'daily'} cap of ${cap} credits`;
  const round = (x: number) => Math.round(x * 100) / 100;
  if (left !== undefined && needed !== undefined && left > 0) {
    return `${BUDGET_REACHED}: ${which} has ${round(left)} credits left, less than the ${round(needed)} ${neededFor}, until ${until}.`;
  }
  return `${BUDGET_REACHED}: ${which} is used up until ${until}.`;
}
