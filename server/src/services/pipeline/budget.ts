/**
 * The credit budget in the pipeline. Every paid call (generation, caption, translation, prompt writer, description)
 * reserves its quoted cost before it is sent, settles the real cost from the answer (the quote when the answer does
 * not say), and releases the reservation when the call certainly was not billed (Scenario answered with an error, or
 * the request never left). A call whose fate is unknown (a timeout, a crash between reservation and answer) keeps its
 * quote counted: the budget errs on the side of spending less, never more.
 */

import { CIRCUIT_OPEN_CODE, ScenarioError, neverSent } from '../../scenario/errors';
import type { GenerateInput, ScenarioClient } from '../../scenario/types';
import type { Reservation } from '../budget';
import type { JobRow } from '../jobs';
import { generationInput, type Save, type Shared } from './shared';

/** Quotes (dry runs, nothing billed) are asked again after this long, and whenever the client changes (settings). */
const QUOTE_TTL_MS = 10 * 60_000;

export type PaidCall = 'translate' | 'promptAssistant' | 'describe';
/** Told the credits a paid call cost (or, its answer lost, may have cost). */
type Charged = (credits: number) => Promise<unknown>;

/**
 * A failed paid call that certainly was not billed: Scenario answered with an error, or the request never left (the
 * client never sends a paid call again after an attempt that may have reached Scenario, so a connection refused at
 * its end proves that none did).
 */
export function notBilled(error: unknown): boolean {
  // (A job Scenario made, whose answer could not be read, is billed whatever the error: madeJobError.)
  return error instanceof ScenarioError && error.kind !== 'unknown-outcome' && error.jobId === undefined &&
    (error.status !== undefined || error.code === CIRCUIT_OPEN_CODE || neverSent(error));
}

/** The reservation a job's generation holds (kept on the job: the generation's answer comes steps later). */
export function generationReservation(job: Pick<JobRow, 'budgetCredits' | 'submittedAt'>): Reservation | null {
  const amount = Number(job.budgetCredits ?? 0);
  return amount > 0 && job.submittedAt ? { amount, at: job.submittedAt } : null;
}

export function createBudgetSteps(shared: Shared) {
  const { settings, budget } = shared;
  /** Per client, so new settings (another key, base URL) are quoted afresh. */
  const quotes = new WeakMap<ScenarioClient, Map<string, { expires: number; credits: Promise<number> }>>();

  function cachedQuote(client: ScenarioClient, key: string, ask: () => Promise<number>): Promise<number> {
    let byKey = quotes.get(client);
    if (!byKey) quotes.set(client, (byKey = new Map()));
    const hit = byKey.get(key);
    if (hit && hit.expires > Date.now()) return hit.credits;
    const credits = ask();
    byKey.set(key, { expires: Date.now() + QUOTE_TTL_MS, credits });
    // A failed dry run is not kept.
    credits.catch(() => byKey.delete(key));
    return credits;
  }

  /** A generation's price: the dry run the settings page's estimate makes, for the same model, size and count. */
  function quoteGeneration(client: ScenarioClient, input: GenerateInput): Promise<number> {
    const modelId = settings().current().model.id;
    const { prompt, seed, ...priced } = input;
    void prompt;
    void seed;
    return cachedQuote(client, JSON.stringify(['generation', modelId, priced]), () => client.estimateGenerate(modelId, input).then((quote) => quote.creditsCost));
  }

  /** One caption call for `images` candidates, priced per image. */
  async function quoteCaption(client: ScenarioClient, images: number): Promise<number> {
    return (await cachedQuote(client, 'caption', () => client.estimateTextHelper('caption'))) * images;
  }

  function quoteHelper(client: ScenarioClient, call: PaidCall): Promise<number> {
    if (call === 'promptAssistant') {
      const modelId = settings().current().model.id;
      return cachedQuote(client, `prompt:${modelId}`, () => client.estimateTextHelper('prompt', { mode: 'contextual', modelId }));
    }
    return cachedQuote(client, call, () => client.estimateTextHelper(call));
  }

  /**
   * A paid call under the budget: reserves `quote` (BudgetReached when a cap refuses it, and nothing is sent), sends,
   * then settles the real cost or releases what was not billed. The job counts the quote before the call goes, as the
   * budget does: a crash or a lost lease during the call leaves both counting it (the call perhaps billed).
   */
  async function paid<T>(quote: Promise<number>, send: () => Promise<T>, charged: Charged, realCost: (result: T) => number | undefined = () => undefined, headroom?: Promise<number>): Promise<T> {
    const room = (await headroom) ?? 0;
    const reservation = await budget().reserve(await quote, undefined, undefined, room);
    // The room for what follows is held while the call is out (two jobs racing for the last credits cannot both buy
    // a translation for one image): given back once it is answered, the generation holding its own.
    try {
      return await paidCall(reservation, send, charged, realCost);
    } finally {
      // (A release that fails leaves the room counted, on the safe side, and never fails the call it was held for.)
      if (room > 0) await budget().release({ amount: room, at: reservation.at }).catch(() => undefined);
    }
  }

  async function paidCall<T>(reservation: Reservation, send: () => Promise<T>, charged: Charged, realCost: (result: T) => number | undefined): Promise<T> {
    try {
      await charged(reservation.amount);
    } catch (error) {
      await budget().release(reservation);
      throw error;
    }
    let result: T;
    try {
      result = await send();
    } catch (error) {
      if (notBilled(error)) {
        await budget().release(reservation);
        await charged(-reservation.amount);
      }
      throw error;
    }
    const cost = realCost(result) ?? reservation.amount;
    await budget().settle(reservation, cost);
    if (cost !== reservation.amount) await charged(cost - reservation.amount);
    return result;
  }

  return {
    quoteGeneration,
    /** Holds a generation's quote at the instant of its submission (BudgetReached when a cap refuses it). */
    reserveGeneration: (amount: number, at: Date) => budget().reserve(amount, undefined, at),
    /** The generation's real cost, once known (its submission's or its job's answer). */
    settleGeneration: (job: Pick<JobRow, 'budgetCredits' | 'submittedAt'>, actual: number) => {
      const held = generationReservation(job);
      return held ? budget().settle(held, actual) : Promise.resolve();
    },
    caption: (client: ScenarioClient, assetIds: string[], charged: Charged, signal?: AbortSignal) =>
      paid(quoteCaption(client, assetIds.length), () => client.caption(assetIds, { signal }), charged),
    helper: <T>(client: ScenarioClient, call: PaidCall, send: () => Promise<T>, charged: Charged, realCost?: (result: T) => number | undefined) =>
      paid(quoteHelper(client, call), send, charged, realCost),
    /**
     * A helper that prepares the job's generation (translation, prompt writer): refused unless the budget leaves room
     * for that generation after it too. Bought when the image cannot be, it would be paid for nothing (and after a cap
     * is reached in placeholder mode, every article published would buy one). A dry run that fails does not hold it up.
     */
    helperBeforeGeneration: <T>(client: ScenarioClient, call: PaidCall, job: JobRow, send: () => Promise<T>, charged: Charged) =>
      // Its prompt is not written yet, and any words do: a prompt is not priced (a dry run refuses an empty one).
      paid(quoteHelper(client, call), send, charged, undefined, quoteGeneration(client, { ...generationInput(job, settings().current()), prompt: 'An editorial illustration' }).catch(() => 0)),
    /** Adds a call's credits to the job's own count (shown with its generation's as what the job cost). */
    chargeTo: (save: Save): Charged => (credits) => save((job) => ({ helperCredits: Number(job.helperCredits ?? 0) + credits })),
  };
}

export type BudgetSteps = ReturnType<typeof createBudgetSteps>;
