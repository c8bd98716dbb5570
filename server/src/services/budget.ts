import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../utils/plugin-id';

const PERIOD_UID = `plugin::${PLUGIN_ID}.budget-period` as const;

export type PeriodKind = 'month' | 'day';

/** Caps in credits per UTC period; null or absent: no cap (the spending is still counted). */
export type BudgetCaps = Partial<Record<PeriodKind, number | null>>;

/** Credits held for one paid call: settled with its real cost, or released when it was not billed. */
export interface Reservation {
  amount: number;
  /** The period rows the amount was added to. */
  periodIds: number[];
}

export interface PeriodStatus {
  period: string;
  committed: number;
  cap: number | null;
  left: number | null;
}

/** "month:2026-12" and "day:2026-12-03", in UTC. */
export function periodKey(kind: PeriodKind, at: Date): string {
  const iso = at.toISOString();
  return `${kind}:${kind === 'month' ? iso.slice(0, 7) : iso.slice(0, 10)}`;
}

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

  async function periodRow(key: string): Promise<{ id: number; committed: number }> {
    const find = async () =>
      (await knex()(table()).where({ period: key }).orderBy('id', 'asc').first('id', 'committed')) as { id: number; committed: unknown } | undefined;
    let row = await find();
    if (!row) {
      await strapi.db.query(PERIOD_UID).create({ data: { period: key, committed: 0 } });
      row = await find();
    }
    return { id: row!.id, committed: Number(row!.committed ?? 0) };
  }

  const kinds: PeriodKind[] = ['month', 'day'];

  return {
    periodKey,

    /**
     * Holds `amount` credits in this month and day, unless that would pass a cap: then nothing is held and null is
     * returned (the budget is reached). Both periods or neither: one transaction.
     */
    async reserve(amount: number, caps: BudgetCaps, at = new Date()): Promise<Reservation | null> {
      if (!(amount >= 0)) throw new Error('a reservation needs a cost of zero or more');
      const rows = await Promise.all(kinds.map((kind) => periodRow(periodKey(kind, at))));
      try {
        await knex().transaction(async (trx) => {
          for (const [index, kind] of kinds.entries()) {
            const cap = caps[kind];
            let update = trx(table()).where({ id: rows[index].id });
            // Compared in the database at the moment of the update: a racing instance's increment is seen.
            if (typeof cap === 'number') update = update.andWhereRaw('?? + ? <= ?', ['committed', amount, cap]);
            const changed = await update.increment('committed', amount);
            if (changed !== 1) throw new BudgetReached(kind);
          }
        });
      } catch (error) {
        if (error instanceof BudgetReached) return null;
        throw error;
      }
      return { amount, periodIds: rows.map((row) => row.id) };
    },

    /** The call was billed `actual` credits (the quote was `reservation.amount`): the difference is counted too. */
    async settle(reservation: Reservation, actual: number): Promise<void> {
      const difference = actual - reservation.amount;
      if (!difference || !Number.isFinite(difference)) return;
      await knex()(table()).whereIn('id', reservation.periodIds).increment('committed', difference);
    },

    /** The call was not billed (refused, failed and reimbursed): its credits are free again. */
    async release(reservation: Reservation): Promise<void> {
      if (!reservation.amount) return;
      await knex()(table()).whereIn('id', reservation.periodIds).decrement('committed', reservation.amount);
    },

    /** Credits committed this month and day, and what is left under each cap. */
    async status(caps: BudgetCaps, at = new Date()): Promise<Record<PeriodKind, PeriodStatus>> {
      const entries = await Promise.all(
        kinds.map(async (kind) => {
          const key = periodKey(kind, at);
          const row = (await knex()(table()).where({ period: key }).orderBy('id', 'asc').first('committed')) as { committed: unknown } | undefined;
          const committed = Number(row?.committed ?? 0);
          const cap = typeof caps[kind] === 'number' ? (caps[kind] as number) : null;
          return [kind, { period: key, committed, cap, left: cap === null ? null : Math.max(0, cap - committed) }] as const;
        }),
      );
      return Object.fromEntries(entries) as Record<PeriodKind, PeriodStatus>;
    },
  };
};

class BudgetReached extends Error {
  constructor(readonly kind: PeriodKind) {
    super(`the ${kind === 'month' ? 'monthly' : 'daily'} credit cap is reached`);
  }
}
