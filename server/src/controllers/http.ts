import { errors } from '@strapi/utils';
import { scenarioFailure } from '../services/scenario';

export { scenarioFailure };

/** The part of Koa's context the controllers use. */
export interface Ctx {
  query: Record<string, unknown>;
  params: Record<string, string>;
  request: { body?: unknown };
  body: unknown;
  status: number;
  type: string;
  set(field: string, value: string): void;
}

/** An error answer in Strapi's own shape, for statuses its error classes do not cover (502, 503). */
export function sendError(ctx: Ctx, status: number, name: string, message: string, details: Record<string, unknown> = {}): void {
  ctx.status = status;
  ctx.body = { data: null, error: { status, name, message, details } };
}

/**
 * Runs work that calls Scenario: Strapi's own errors (bad input, not found) go to its error middleware as usual;
 * anything else is Scenario's failure, answered 502 with its plain-words message and kind.
 */
export async function answerScenarioFailure(ctx: Ctx, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof errors.ApplicationError) throw error;
    const failure = scenarioFailure(error);
    sendError(ctx, 502, 'ScenarioError', failure.message, { kind: failure.kind });
  }
}
