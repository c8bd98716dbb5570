import type { Core } from '@strapi/strapi';
import type { BudgetSettings } from '../config/schema';
import { budgetReachedReason, nextPeriodStart, periodKey, type PeriodKind } from '../domain/budget';
import type { BudgetPeriodStatus as PeriodStatus, BudgetStatus } from '../shared/contracts';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';

const PERIOD_UID = `plugin::${PLUGIN_ID}.budget-period` as const;

export type { BudgetStatus, PeriodKind, PeriodStatus };

/** Caps in credits per UTC period; null or absent: no cap (the spending is still counted). */
export type BudgetCaps = Partial<Record<PeriodKind, number | null>>;

/**
 * Credits held for one paid call: settled with its real cost, or released when it was not billed. Plain data (the
 * amount and the instant it was held, which names its month and day), so a job can keep it across steps.
 */
export interface Reservation {
  amount: number;
  /** ISO instant of the reservation: its UTC month and day are the periods the amount was added to. */
  at: string;
}

export const capsOf = (settings: Pick<BudgetSettings, 'monthlyCap' | 'dailyCap'>): BudgetCaps => ({ month: settings.monthlyCap, day: settings.dailyCap });

/** A reservation refused: holding the amount would pass the cap of `kind`, until `resumesAt`. */
export class BudgetReached extends Error {
  constructor(
    readonly kind: PeriodKind,
    readonly cap: number,
    readonly resumesAt: Date,
    readonly left?: number,
    readonly needed?: number,
    /** Refused for what would be left for the step after it (the image after a translation): the job's budget is short. */
    readonly forNextStep = false,
  ) {
    super(budgetReachedReason(kind, cap, resumesAt, left, needed, forNextStep ? 'this step and the image after it cost' : undefined));
    this.name = 'BudgetReached';
  }
}

const KINDS: PeriodKind[] = ['month', 'day'];

/**
 * The credit budget: every paid call reserves its quoted cost before it is sent, against the monthly and daily caps,
 * atomically across instances (one conditional UPDATE per period: the database refuses the increment that would pass
 * the cap, like job claims), and settles its real cost afterwards.
 *
 * Period rows are created on first use. Two instances may create the same period at once; every instance then uses
 * the row with the lowest id, so the duplicate stays unused and nothing is counted twice.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const table = () => strapi.db.metadata.get(PERIOD_UID).tableName;
  const knex = () => strapi.db.connection;
  const settings = () => getService(strapi, 'settings').current().budget;
  const configuredCaps = (): BudgetCaps => capsOf(settings());

  async function findRow(key: string): Promise<{ id: number; committed: number } | undefined> {
    const row = (await knex()(table()).where({ period: key }).orderBy('id', 'asc').first('id', 'committed')) as { id: number; committed: unknown } | undefined;
    return row && { id: row.id, committed: Number(row.committed ?? 0) };
  }

  async function periodRow(key: string): Promise<{ id: number; committed: number }> {
    const found = await findRow(key);
    if (found) return found;
    await strapi.db.query(PERIOD_UID).create({ data: { period: key, committed: 0 } });
    return (await findRow(key))!;
  }

  /** Adds `amount` (negative: takes it off) to the reservation's month and day. */
  async function adjust(reservation: Reservation, amount: number): Promise<void> {
    if (!amount || !Number.isFinite(amount)) return;
    const at = new Date(reservation.at);
    const rows = await Promise.all(KINDS.map((kind) => periodRow(periodKey(kind, at))));
    await knex()(table()).whereIn('id', rows.map((row) => row.id)).increment('committed', amount);
  }

  return {
    periodKey,

    /** The caps the settings give. */
    caps: configuredCaps,

    /**
     * Holds `amount` credits in this month and day (both or neither: one transaction), unless that would pass a cap:
     * then nothing is held and BudgetReached says which cap and when the next period starts. With `headroom`, that
     * much more is held too (what follows the call, which it is only worth making for), and its caller releases it.
     */
    async reserve(amount: number, caps: BudgetCaps = configuredCaps(), at = new Date(), headroom = 0): Promise<Reservation> {
      if (!(amount >= 0) || !(headroom >= 0)) throw new Error('a reservation needs a cost of zero or more');
      const rows = await Promise.all(KINDS.map((kind) => periodRow(periodKey(kind, at))));
      await knex().transaction(async (trx) => {
        for (const [index, kind] of KINDS.entries()) {
          const cap = caps[kind];
          let update = trx(table()).where({ id: rows[index].id });
          // Compared in the database at the moment of the update: a racing instance's increment is seen.
          if (typeof cap === 'number') update = update.andWhereRaw('?? + ? <= ?', ['committed', amount + headroom, cap]);
          const changed = await update.increment('committed', amount + headroom);
          if (changed !== 1) {
            const row = (await trx(table()).where({ id: rows[index].id }).first('committed')) as { committed: unknown } | undefined;
            const left = Math.max(0, (cap as number) - Number(row?.committed ?? 0));
            throw new BudgetReached(kind, cap as number, nextPeriodStart(kind, at), left, amount + headroom, headroom > 0);
          }
        }
      });
      return { amount, at: at.toISOString() };
    },

    /** The call was billed `actual` credits (the quote was `reservation.amount`): the difference is counted too. */
    async settle(reservation: Reservation, actual: number): Promise<void> {
      await adjust(reservation, actual - reservation.amount);
    },

    /** The call was not billed (refused with an answer, or failed and refunded): its credits are free again. */
    async release(reservation: Reservation): Promise<void> {
      await adjust(reservation, -reservation.amount);
    },

    /**
     * The caps changed: jobs waiting for the next period try again now (those of paused backfills stay held); a
     * job the budget still cannot cover goes back to waiting with its reason.
     */
    async capsChanged(): Promise<number> {
      const backfillIds = await getService(strapi, 'backfill').runningIds();
      const released = await getService(strapi, 'jobs').releaseBudgetWaits({ editor: true, backfillIds });
      if (released) getService(strapi, 'worker').wake();
      return released;
    },

    /** Credits committed this month and day, what is left under each cap, and what happens at a cap. */
    async status(caps: BudgetCaps = configuredCaps(), at = new Date()): Promise<BudgetStatus> {
      const periods = await Promise.all(
        KINDS.map(async (kind): Promise<PeriodStatus> => {
          const key = periodKey(kind, at);
          const committed = (await findRow(key))?.committed ?? 0;
          const cap = typeof caps[kind] === 'number' ? (caps[kind] as number) : null;
          const left = cap === null ? null : Math.max(0, Math.round((cap - committed) * 100) / 100);
          return { period: key, committed: Math.round(committed * 100) / 100, cap, left, resetsAt: nextPeriodStart(kind, at).toISOString() };
        }),
      );
      return { month: periods[0], day: periods[1], whenReached: settings().whenReached };
    },
  };
};
