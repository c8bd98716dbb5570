import { errors } from '@strapi/utils';
import { scenarioFailure } from '../services/scenario';

/** The part of Koa's context the controllers use. */
export interface Ctx {
  query: Record<string, unknown>;
  params: Record<string, string>;
  request: { body?: unknown };
  body: unknown;
  status: number;
  type: string;
  set(field: string, value: string): void;
  /** The admin user behind an admin route. */
  state?: { user?: { id?: number; firstname?: string | null; lastname?: string | null; email?: string }; userAbility?: unknown };
}

/** How a job's history names the admin user who acted ("Ada Lovelace", else the e-mail, else the id). */
export function actingUser(ctx: Ctx): string | undefined {
  const user = ctx.state?.user;
  if (!user) return undefined;
  const name = [user.firstname, user.lastname].filter(Boolean).join(' ');
  return name || user.email || (user.id !== undefined ? `user ${user.id}` : undefined);
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
