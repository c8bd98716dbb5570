/** The Scenario client and its error types; the rest of the plugin depends on `ScenarioClient` (types.ts) only. */
export { createScenarioClient, generateBody, type ScenarioClientOptions } from './client';
export { ScenarioDeadlineError, ScenarioError, isRetryableScenarioError, isScenarioError, type ScenarioErrorKind } from './errors';
export * from './types';
