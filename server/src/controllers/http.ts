import { ScenarioError } from '../scenario/errors';

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

/** What the admin may be told about a failed call to Scenario: the client's message never carries a secret. */
export function scenarioFailure(error: unknown): { message: string; kind: string; status?: number } {
  if (error instanceof ScenarioError) return { message: error.message, kind: error.kind, status: error.status };
  return { message: error instanceof Error ? error.message : String(error), kind: 'unknown' };
}
